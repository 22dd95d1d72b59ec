import io
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.account_requests import AccountRequest
from accounts.choices import Role, Sector
from tests.factories import FacilityFactory, UserFactory
from tests.factories.account_requests import request_for, xlsx_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_a(commune_a):
    return UserFactory(role=Role.LOCAL_OFFICE, unit=commune_a, username="pkt.a")


@pytest.fixture
def province_officer(province):
    return UserFactory(role=Role.PROVINCE, unit=province, username="so")


GOOD = [
    "Công ty May Tây Bắc",
    "5600001111",
    "Số 2, Him Lam",
    "03127",
    "Công nghiệp",
    "Nhà máy, cơ sở sản xuất",
    "Lò Văn An",
    "0209123456",
    "",
]


def test_local_office_submits_one_facility_and_sees_it_pending(client, local_a, commune_a):
    client.force_login(local_a)
    response = client.post(
        reverse("account_request_new"),
        {
            "name": "Chợ Him Lam",
            "tax_code": "5600002222",
            "address": "Phường Him Lam",
            "unit": commune_a.pk,
            "sector": Sector.TRADE,
            "facility_type": "market",
            "contact_name": "Quàng Thị Lan",
            "contact_phone": "0209333444",
            "email": "",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("account_request_list")).content.decode()
    assert "Chợ Him Lam" in page and "Chờ Sở xem xét" in page


def test_form_errors_are_in_vietnamese_and_keep_the_input(client, local_a, commune_a):
    client.force_login(local_a)
    response = client.post(
        reverse("account_request_new"),
        {
            "name": "Chợ Him Lam",
            "tax_code": "12ab",
            "address": "",
            "unit": commune_a.pk,
            "sector": Sector.TRADE,
            "facility_type": "market",
            "contact_name": "Lan",
            "contact_phone": "0209",
            "email": "",
        },
    )
    html = response.content.decode()
    assert "Mã số thuế gồm 10 chữ số" in html
    assert "Chưa nhập địa chỉ." in html
    assert 'value="Chợ Him Lam"' in html
    assert not AccountRequest.objects.exists()


def test_a_facility_that_already_has_an_account_cannot_be_requested_again(client, local_a, commune_a):
    FacilityFactory(unit=commune_a, tax_code="5600002222").issue_account(UserFactory())
    client.force_login(local_a)
    response = client.post(
        reverse("account_request_new"),
        {
            "name": "X",
            "tax_code": "5600002222",
            "address": "Y",
            "unit": commune_a.pk,
            "sector": Sector.TRADE,
            "facility_type": "market",
            "contact_name": "Lan",
            "contact_phone": "0209",
            "email": "",
        },
    )
    assert "đã có tài khoản" in response.content.decode()


def test_upload_of_valid_rows_creates_all_requests(client, local_a, commune_a):
    client.force_login(local_a)
    second = [*GOOD]
    second[0], second[1], second[3] = "Siêu thị Mường Thanh", "5600003333", "Phường Điện Biên Phủ"
    response = client.post(reverse("account_request_upload"), {"file": xlsx_upload([GOOD, second])})
    assert response.status_code == 302
    assert set(AccountRequest.objects.values_list("tax_code", "unit_id")) == {
        ("5600001111", commune_a.pk),
        ("5600003333", commune_a.pk),
    }


def test_upload_with_bad_rows_saves_nothing_and_shows_each_row_error_with_its_data(
    client, local_a, commune_a
):
    client.force_login(local_a)
    bad_code = [*GOOD]
    bad_code[0], bad_code[1] = "Nhà hàng Pá Khoang", "123"
    outside = [*GOOD]
    outside[0], outside[1], outside[3] = "Công ty Ngoài", "5600004444", "99999"
    duplicate = [*GOOD]
    duplicate[0] = "Trùng mã"
    response = client.post(
        reverse("account_request_upload"), {"file": xlsx_upload([GOOD, bad_code, outside, duplicate])}
    )
    html = response.content.decode()
    assert not AccountRequest.objects.exists()
    assert 'value="Nhà hàng Pá Khoang"' in html and 'value="123"' in html
    assert "Mã số thuế gồm 10 chữ số" in html
    assert "ngoài địa bàn của bạn" in html
    assert "Mã số thuế trùng với dòng 2." in html


def test_corrected_rows_can_be_sent_from_the_page(client, local_a, commune_a):
    client.force_login(local_a)
    bad = [*GOOD]
    bad[1] = "123"
    client.post(reverse("account_request_upload"), {"file": xlsx_upload([bad])})
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-0-row": "2",
        "form-0-name": GOOD[0],
        "form-0-tax_code": "5600001111",
        "form-0-address": GOOD[2],
        "form-0-unit": commune_a.pk,
        "form-0-sector": "industry",
        "form-0-facility_type": "factory",
        "form-0-contact_name": "Lò Văn An",
        "form-0-contact_phone": "0209123456",
        "form-0-email": "",
    }
    assert client.post(reverse("account_request_upload"), data).status_code == 302
    assert AccountRequest.objects.get().tax_code == "5600001111"


class FormFields(HTMLParser):
    """What a browser would send back: every input's value and every select's chosen option."""

    def __init__(self):
        super().__init__()
        self.data, self.select = {}, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and "name" in a:
            self.data[a["name"]] = a.get("value", "")
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select and "selected" in a:
            self.data[self.select] = a["value"]

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None


def test_rows_already_right_are_carried_hidden_and_sent_with_the_corrected_ones(client, local_a, commune_a):
    client.force_login(local_a)
    bad = [*GOOD]
    bad[0], bad[1] = "Nhà hàng Pá Khoang", "123"
    html = client.post(reverse("account_request_upload"), {"file": xlsx_upload([GOOD, bad])}).content.decode()
    assert "1 dòng đúng được giữ nguyên và gửi cùng." in html
    assert f'type="hidden" name="form-0-name" value="{GOOD[0]}"' in html  # not an editable row
    assert 'name="form-1-tax_code" value="123" class="form-control' in html

    form = FormFields()
    form.feed(html)
    form.data["form-1-tax_code"] = "5600002222"
    assert client.post(reverse("account_request_upload"), form.data).status_code == 302
    assert set(AccountRequest.objects.values_list("name", "tax_code")) == {
        (GOOD[0], GOOD[1]),
        ("Nhà hàng Pá Khoang", "5600002222"),
    }


def test_a_file_that_is_not_excel_gets_a_clear_error(client, local_a):
    client.force_login(local_a)
    fake = io.BytesIO(b"not a spreadsheet")
    fake.name = "danh-sach.xlsx"
    html = client.post(reverse("account_request_upload"), {"file": fake}).content.decode()
    assert "không phải Excel .xlsx hợp lệ" in html


def test_province_compiles_and_returns_requests_and_submitter_sees_the_status(
    client, local_a, province_officer, commune_a
):
    one = request_for(commune_a, local_a, tax_code="5600000001")
    two = request_for(commune_a, local_a, tax_code="5600000002", name="Cơ sở hai")
    client.force_login(province_officer)
    client.post(reverse("account_request_review"), {"ids": [one.pk], "action": "approve"})
    client.post(
        reverse("account_request_review"), {"ids": [two.pk], "action": "reject", "note": "Sai địa chỉ"}
    )
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.status, two.status) == ("approved", "rejected")
    client.force_login(local_a)
    html = client.get(reverse("account_request_list")).content.decode()
    assert "Sở đã tổng hợp, chờ cấp tài khoản" in html and "Bị trả lại" in html and "Sai địa chỉ" in html


def test_an_empty_list_offers_no_buttons_to_compile_or_return(client, local_a, province_officer, commune_a):
    """With nothing to tick, "compile the chosen requests" and a note field only confuse."""
    client.force_login(province_officer)
    empty = client.get(reverse("account_request_list")).content.decode()
    assert "Chưa có đề nghị nào." in empty
    assert "Tổng hợp các đề nghị đã chọn" not in empty and 'name="note"' not in empty
    request_for(commune_a, local_a)
    listed = client.get(reverse("account_request_list")).content.decode()
    assert "Tổng hợp các đề nghị đã chọn" in listed and 'name="note"' in listed


def test_returning_a_request_needs_a_reason(client, local_a, province_officer, commune_a):
    one = request_for(commune_a, local_a)
    client.force_login(province_officer)
    client.post(reverse("account_request_review"), {"ids": [one.pk], "action": "reject"})
    one.refresh_from_db()
    assert one.status == "submitted"


def test_local_office_cannot_review(client, local_a, commune_a):
    one = request_for(commune_a, local_a)
    client.force_login(local_a)
    assert (
        client.post(reverse("account_request_review"), {"ids": [one.pk], "action": "approve"}).status_code
        == 404
    )


def test_officers_see_only_requests_in_their_area(client, local_a, commune_a, commune_b):
    request_for(commune_a, local_a, name="Trong địa bàn")
    request_for(
        commune_b,
        UserFactory(role=Role.LOCAL_OFFICE, unit=commune_b),
        name="Địa bàn khác",
        tax_code="5600009999",
    )
    client.force_login(local_a)
    html = client.get(reverse("account_request_list")).content.decode()
    assert "Trong địa bàn" in html and "Địa bàn khác" not in html


def test_ministry_exports_compiled_requests_and_marks_them_issued(client, local_a, commune_a):
    approved = request_for(
        commune_a, local_a, status="approved", name='=HYPERLINK("x")', tax_code="5600000001"
    )
    request_for(commune_a, local_a, name="Chưa tổng hợp", tax_code="5600000002")
    ministry = UserFactory(role=Role.MINISTRY)
    client.force_login(ministry)
    response = client.post(reverse("account_request_export"))
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("STT", "Tên cơ sở", "Mã số thuế")
    assert [r[1] for r in rows[1:]] == ['=HYPERLINK("x")']  # as typed, and only ever text
    assert ws["B2"].data_type == "s" and ws["B2"].quotePrefix
    assert rows[1][4] == commune_a.code
    client.post(reverse("account_request_issued"), {"ids": [approved.pk]})
    approved.refresh_from_db()
    assert approved.status == "issued" and approved.exported_at is not None


def test_local_office_cannot_export_for_issuing(client, local_a):
    client.force_login(local_a)
    assert client.post(reverse("account_request_export")).status_code == 404
