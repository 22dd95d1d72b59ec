import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from checklists.models import Template
from checklists.transfer import TransferError, export_template, import_template, loads
from tests.factories import UserFactory
from tests.factories.assessments import make_template, template_data

pytestmark = pytest.mark.django_db


def test_export_then_import_is_a_round_trip_without_a_new_version():
    template = make_template()
    data = export_template(template)
    version, created = import_template(data)
    assert not created
    assert template.versions.count() == 1
    assert data["sections"][0]["items"][0]["text"] == "Có điểm rửa tay"


def test_importing_a_changed_file_makes_a_new_published_version():
    template = make_template()
    data = export_template(template)
    data["sections"][0]["items"].append({"code": "1.4", "text": "Thông gió", "weight": 1})
    version, created = import_template(data)
    assert created and version.number == 2 and version.is_published
    assert template.published_version() == version
    assert template.versions.get(number=1).items_in_order().count() == 3


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(format="khac"), "không phải bộ câu hỏi SafeMap"),
        (lambda d: d.update(scoring="diem"), "tick"),
        (lambda d: d["template"].update(facility_types=["nha-may"]), "facility_types"),
        (lambda d: d["sections"][0]["items"][0].update(weight=-1), "trọng số"),
        (lambda d: d.update(sections=[]), "ít nhất một phần"),
    ],
)
def test_bad_file_is_refused_with_a_vietnamese_reason(mutate, message):
    data = template_data()
    mutate(data)
    with pytest.raises(TransferError, match=message):
        import_template(data)
    assert not Template.objects.exists()


def test_not_json_is_refused():
    with pytest.raises(TransferError, match="không phải JSON"):
        loads(b"<html>")


def test_export_and_import_commands(tmp_path, capsys):
    template = make_template()
    path = tmp_path / "thu.json"
    call_command("export_template", template.slug, "-o", str(path))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["template"]["name"] == "Bộ thử thu"
    data["template"]["slug"] = "ban-sao"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    call_command("import_template", str(path))
    assert Template.objects.get(slug="ban-sao").published_version().items_in_order().count() == 3
    with pytest.raises(CommandError, match="Không có bộ câu hỏi"):
        call_command("export_template", "khong-co")


def test_admin_exports_and_imports_a_template(client):
    admin = UserFactory(role="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    template = make_template()
    response = client.post(
        "/quan-tri/checklists/template/", {"action": "export_json", "_selected_action": [template.pk]}
    )
    assert response["Content-Disposition"] == 'attachment; filename="thu.json"'
    data = json.loads(response.content)
    data["template"]["slug"] = "tu-admin"
    upload = SimpleUploadedFile("b.json", json.dumps(data).encode(), content_type="application/json")
    response = client.post("/quan-tri/checklists/template/nhap/", {"file": upload, "publish": "on"})
    assert response.status_code == 302
    assert Template.objects.get(slug="tu-admin").published_version() is not None
    bad = SimpleUploadedFile("c.json", b"{}", content_type="application/json")
    response = client.post("/quan-tri/checklists/template/nhap/", {"file": bad})
    assert "không phải bộ câu hỏi SafeMap" in response.content.decode()


def test_admin_shows_a_published_version_read_only(client):
    admin = UserFactory(role="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    version = make_template().published_version()
    page = client.get(f"/quan-tri/checklists/templateversion/{version.pk}/change/").content.decode()
    assert 'name="rules"' not in page
    assert client.get("/quan-tri/checklists/").status_code == 200
