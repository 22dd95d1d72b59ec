"""Officers' list of corrective requests in their scope, by state."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import UnitFactory, UserFactory, issued_facility
from tests.factories.corrective import answered, corrective_request

pytestmark = pytest.mark.django_db
LIST = reverse("reports:corrective_request_list")


def facilities_on(response):
    return sorted(r.facility.name for r in response.context["page"])


def test_the_list_filters_by_state_and_stays_in_scope(client, province, commune_a, other_province):
    officer = UserFactory(role="province", unit=province)
    elsewhere = UnitFactory(code="03400", name="Xã Nậm Hàng", parent=other_province)
    answered(corrective_request(issued_facility(unit=commune_a, name="Chờ xem xét"), officer))
    late = corrective_request(issued_facility(unit=commune_a, name="Quá hạn"), officer)
    late.deadline = timezone.localdate() - timedelta(days=1)
    late.save()
    far_officer = UserFactory(role="province", unit=other_province)
    corrective_request(issued_facility(unit=elsewhere, name="Ngoài phạm vi"), far_officer)
    client.force_login(officer)
    assert facilities_on(client.get(LIST, {"loc": "cho-xem-xet"})) == ["Chờ xem xét"]
    assert facilities_on(client.get(LIST, {"loc": "qua-han"})) == ["Quá hạn"]
    assert facilities_on(client.get(LIST)) == ["Chờ xem xét", "Quá hạn"]
    assert facilities_on(client.get(LIST, {"loc": "khong-co"})) == ["Chờ xem xét", "Quá hạn"]


def test_the_dashboard_counts_open_overdue_and_to_review(client, province, commune_a):
    officer = UserFactory(role="province", unit=province)
    answered(corrective_request(issued_facility(unit=commune_a), officer))
    late = corrective_request(issued_facility(unit=commune_a), officer)
    late.deadline = timezone.localdate() - timedelta(days=1)
    late.save()
    client.force_login(officer)
    counts = client.get(reverse("reports:dashboard")).context["corrective"]
    assert counts == {"open": 2, "overdue": 1, "to_review": 1}


def test_facilities_cannot_open_the_list(client, commune_a):
    client.force_login(issued_facility(unit=commune_a).user)
    assert client.get(LIST).status_code == 404


def test_every_officer_reaches_the_follow_up_pages_from_the_menu(client, province, commune_a):
    """Yêu cầu khắc phục, the candidates for and the records of Đề xuất tạm dừng, Nhật ký and Thư
    tài khoản each sit in the main menu (not only as a link on the dashboard), for each level of
    office."""
    pages = [
        "reports:corrective_request_list",
        "reports:suspension_report",
        "reports:proposal_list",
        "reports:journal",
        "letter_batch_list",
    ]
    for user in (
        UserFactory(role="local", unit=commune_a),
        UserFactory(role="province", unit=province),
        UserFactory(role="ministry"),
    ):
        client.force_login(user)
        html = client.get(reverse("reports:inbox")).content.decode()
        menu = html[html.index('aria-label="Menu chính"') : html.index("</nav>")]
        assert [p for p in pages if f'href="{reverse(p)}"' not in menu] == [], user.role


def test_on_a_phone_each_request_is_a_card_with_labelled_fields(client, province, commune_a):
    officer = UserFactory(role="province", unit=province)
    corrective_request(issued_facility(unit=commune_a, name="Chợ Thẻ"), officer)
    client.force_login(officer)
    html = client.get(LIST).content.decode()
    assert 'class="table table-sm align-middle sm-cards" id="corrective-list"' in html
    for label in ("Nội dung", "Hạn", "Trạng thái"):
        assert f'data-label="{label}"' in html
    assert '<td class="sm-card-title"><a href=' in html
