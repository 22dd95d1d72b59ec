"""Every URL of the project × every role, with objects of the requester's own scope and of
another one. Out-of-scope objects answer 404, exactly like missing ones; a POST by a role that
may not make it changes nothing. A URL added without a row here fails
``test_every_url_has_a_row_in_the_matrix``."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.account_requests import AccountRequest
from accounts.models import Action, Activity, Decision, Facility, ImportJob, ImportLetterBatch, User
from assessments.models import Answer, Assessment, CorrectiveRequest, CorrectiveResponse, Photo
from reports.models import Contact, ExportJob, Proposal, ProposalItem
from tests.factories.assessments import jpeg_bytes, upload
from tests.factories.security import MISSING, ROLES, item_of

pytestmark = pytest.mark.django_db

LOGIN = "login"  # a 302 to the login page, for anonymous visitors of pages that need one
NOT_MATRIX = ("admin:", "set_language", "javascript-catalog")  # Django's own admin and i18n helpers

OFFICERS = "local province division zone ministry admin"
A_OFFICERS = "local province zone ministry admin"  # the division watches another sector
B_OFFICERS = "province ministry admin"
C_OFFICERS = "ministry admin"  # another province
D_OFFICERS = "province division ministry admin"  # facility D is in the division's sector
SUBMITTERS = "local province division"
REVIEWERS = "province division ministry admin"


def codes(default=404, *, anon=LOGIN, **by_role) -> dict:
    """Expected status per role: ``default`` for everyone logged in unless named."""
    expected = {role: default for role in ROLES}
    expected["anon"] = anon
    expected.update(by_role)
    return expected


def only(roles: str, code=200, *, default=404, anon=LOGIN) -> dict:
    return codes(default, anon=anon, **dict.fromkeys(roles.split(), code))


def plus(expected: dict, roles: str, code) -> dict:
    return {**expected, **dict.fromkeys(roles.split(), code)}


@dataclass
class Case:
    label: str
    kwargs: Callable = lambda w: {}
    get: dict | None = None
    post: dict | None = None
    data: Callable = lambda w: {}
    effect: str = ""  # roles whose POST here is allowed to change something


def obj(name):
    return lambda w: {"pk": w.obj[name].pk}


def missing(w):
    return {"pk": MISSING}


def document(name, fmt):
    """A document URL (…/van-ban.pdf) of one object."""
    return lambda w: {"pk": w.obj[name].pk if name else MISSING, "fmt": fmt}


def item(assessment):
    return lambda w: {"pk": w.obj[assessment].pk, "item_id": item_of(w.obj[assessment]).pk}


def facility_form(unit):
    def data(w):
        return {
            "name": "Chợ Điện Biên (sửa)",
            "tax_code": "5600000001",
            "address": "Số 2",
            "unit": w.obj[unit].pk,
            "sector": "industry",
            "facility_type": "factory",
            "workers": "10",
            "latitude": "21.38",
            "longitude": "103.02",
            "contact_name": "Lò Văn A",
            "contact_phone": "0209",
            "email": "",
        }

    return data


def request_form(unit):
    def data(w):
        return {
            "name": "Cơ sở mới",
            "tax_code": "5600000099",
            "address": "Số 3",
            "unit": w.obj[unit].pk,
            "sector": "industry",
            "facility_type": "factory",
            "contact_name": "Lò Văn B",
            "contact_phone": "0209",
        }

    return data


def contact_form(w):
    return {"method": "call", "person": "Ông Lò Văn A", "outcome": "Hẹn nộp tự đánh giá", "next_step_on": ""}


def photo_file(w):
    return {"photo": upload("anh.jpg", jpeg_bytes((32, 24)))}


def corrective_answer(w):
    return {"note": "Đã lắp biển chỉ dẫn", "photos": [upload("sau.jpg", jpeg_bytes((32, 24)))]}


def corrective_form(w):
    return {"text": "Sửa cửa thoát hiểm", "deadline": (timezone.localdate() + timedelta(days=7)).isoformat()}


FACILITY_PAGE = only("fac_a fac_b")
OFFICER_PAGE = only(OFFICERS)
PUBLIC = codes(200, anon=200)
POST_ONLY = codes(405, anon=405)  # require_POST checked before login

MATRIX: dict[str, list[Case]] = {
    "home": [Case("", get=codes(302, anon=200))],
    "favicon": [Case("", get=codes(301, anon=301))],  # to the static icon
    "login": [Case("", get=codes(302, anon=200))],
    "logout": [Case("", get=PUBLIC, post=codes(302, anon=302), effect=" ".join(ROLES))],
    "password_change": [
        Case("empty form", get=codes(200), post=codes(200), data=lambda w: {"old_password": "sai"})
    ],
    # Zone boards see no account requests: a request names only a unit, far wider than a zone.
    "account_request_list": [Case("", get=only("local province division ministry admin"))],
    "account_request_new": [
        Case(
            "unit of another province",
            get=only(SUBMITTERS),
            post=only(SUBMITTERS),
            data=request_form("commune_q"),
        ),
        Case(
            "own commune, industry",
            post=plus(only("local province", 302), "division", 200),
            data=request_form("commune_a"),
            effect="local province",
        ),
    ],
    "account_request_upload": [
        Case("no file", get=only(SUBMITTERS), post=only(SUBMITTERS), data=lambda w: {"form-TOTAL_FORMS": "x"})
    ],
    "account_request_template": [Case("", get=only(SUBMITTERS))],
    "account_request_review": [
        Case(
            "request of another province",
            get=only(OFFICERS, 405),
            post=only(REVIEWERS, 302),
            data=lambda w: {"ids": [w.obj["req_q"].pk], "action": "approve"},
            effect="ministry admin",
        ),
        Case(
            "request of commune A (industry)",
            post=only(REVIEWERS, 302),
            data=lambda w: {"ids": [w.obj["req_a"].pk], "action": "approve"},
            effect="province ministry admin",
        ),
    ],
    "account_request_issued": [
        Case(
            "approved request",
            get=only(OFFICERS, 405),
            post=only("ministry admin", 302),
            data=lambda w: {"ids": [w.obj["req_a_approved"].pk]},
            effect="ministry admin",
        )
    ],
    "account_request_export": [
        Case("", get=only(OFFICERS, 405), post=only("ministry admin"), effect="ministry admin")
    ],
    # Bulk import of accounts: admins only, whatever the object
    "import_list": [Case("", get=only("admin"), post=only("admin"))],
    "import_detail": [
        Case("job", obj("import_job"), get=only("admin")),
        Case("missing", missing, get=codes()),
    ],
    "import_progress": [Case("job", obj("import_job"), get=only("admin"))],
    "import_confirm": [
        Case("job", obj("import_job"), get=POST_ONLY, post=only("admin", 302), effect="admin"),
        Case("missing", missing, post=codes()),
    ],
    "import_cancel": [Case("job", obj("import_job"), get=POST_ONLY, post=only("admin", 302), effect="admin")],
    "import_restart": [
        Case("job", obj("import_job"), get=POST_ONLY, post=only("admin", 302), effect="admin")
    ],
    "import_invalid_rows": [Case("job", obj("import_job"), get=only("admin"))],
    "import_letters": [
        Case("job", obj("import_job"), get=POST_ONLY, post=only("admin", 302), effect="admin")
    ],
    # Credential letters: each office downloads its own batch; the Sở and the admins reissue
    "letter_batch_list": [Case("", get=OFFICER_PAGE)],
    "letter_batch_download": [
        Case(
            "commune A's office",
            obj("letters_a"),
            get=only(OFFICERS, 405),
            post=only("local"),
            effect="local",
        ),
        Case("the zone's board", obj("letters_zone"), post=only("zone"), effect="zone"),
        Case("an office of another province", obj("letters_q"), post=codes()),
        Case("the admins'", obj("letters_admins"), post=only("admin"), effect="admin"),
        Case("missing", missing, post=codes()),
    ],
    # A large batch, built by the worker: its holder only, as for the direct download
    "reports:letter_batch_build": [
        Case(
            "commune A's office",
            obj("letters_a"),
            get=only(OFFICERS, 405),
            post=only("local", 302),
            effect="local",
        ),
        Case("the zone's board", obj("letters_zone"), post=only("zone", 302), effect="zone"),
        Case("missing", missing, post=only(OFFICERS, 404)),
    ],
    "letter_batch_reissue": [
        Case(
            "commune A's office",
            obj("letters_a"),
            get=only("province division admin"),
            post=only("province division admin", 302),
            effect="province division admin",
        ),
        Case("an office of another province", obj("letters_q"), post=only("admin", 302), effect="admin"),
        Case("the admins'", obj("letters_admins"), post=only("admin", 302), effect="admin"),
        Case("missing", missing, post=codes()),
    ],
    # The facility's own pages
    "assessments:home": [Case("", get=FACILITY_PAGE)],
    "assessments:inspect": [Case("", get=FACILITY_PAGE)],
    "assessments:templates": [Case("", get=FACILITY_PAGE)],
    "assessments:folder": [
        Case("covid folder", lambda w: {"slug": "chong-dich-covid19"}, get=FACILITY_PAGE),
        Case("missing folder", lambda w: {"slug": "khong-co"}, get=codes()),
    ],
    "assessments:start": [
        Case(
            "template for factories",
            lambda w: {"template_id": w.obj["template"].pk},
            get=POST_ONLY,
            post=only("fac_a fac_b", 302),
            effect="fac_b",  # A already has an open draft; B signed and starts a new one
        ),
        Case("template for markets only", lambda w: {"template_id": w.obj["market_only"].pk}, post=codes()),
        Case("missing template", lambda w: {"template_id": MISSING}, post=codes()),
    ],
    "assessments:detail": [
        Case("A signed", obj("a_signed"), get=only("fac_a " + A_OFFICERS)),
        # A facility never opens an inspection; its home page shows the result.
        Case("A signed inspection", obj("a_inspected"), get=only(A_OFFICERS)),
        Case("A inspection draft", obj("a_inspection"), get=codes()),
        Case("A draft", obj("a_draft"), get=only("fac_a", 302)),
        Case("B signed", obj("b_signed"), get=only("fac_b " + B_OFFICERS)),
        Case("B draft", obj("b_draft"), get=only("fac_b", 302)),
        Case("C signed", obj("c_signed"), get=only(C_OFFICERS)),
        Case("missing", missing, get=codes()),
    ],
    "assessments:fill": [
        Case("A draft", obj("a_draft"), get=only("fac_a")),
        # Only the officer who started an inspection writes it; not the facility.
        Case("A inspection draft", obj("a_inspection"), get=only("province")),
        Case("A signed inspection", obj("a_inspected"), get=only("local", 302)),
        Case("A signed", obj("a_signed"), get=only("fac_a", 302)),
        Case("B draft", obj("b_draft"), get=only("fac_b")),
        Case("C signed", obj("c_signed"), get=codes()),
    ],
    "assessments:autosave": [
        Case(
            "A draft",
            item("a_draft"),
            get=POST_ONLY,
            post=only("fac_a"),
            data=lambda w: {"met": "0"},
            effect="fac_a",
        ),
        Case("A signed", item("a_signed"), post=only("fac_a", 409), data=lambda w: {"met": "0"}),
        Case("B draft", item("b_draft"), post=only("fac_b"), data=lambda w: {"note": "x"}, effect="fac_b"),
        Case(
            "A inspection draft",
            item("a_inspection"),
            post=only("province"),
            data=lambda w: {"met": "0"},
            effect="province",
        ),
        Case(
            "A signed inspection", item("a_inspected"), post=only("local", 409), data=lambda w: {"met": "1"}
        ),
    ],
    "assessments:photo_upload": [
        Case("A draft", item("a_draft"), get=POST_ONLY, post=only("fac_a"), data=photo_file, effect="fac_a"),
        Case("A signed", item("a_signed"), post=only("fac_a", 409), data=photo_file),
        Case("B draft", item("b_draft"), post=only("fac_b"), data=photo_file, effect="fac_b"),
        Case(
            "A inspection draft",
            item("a_inspection"),
            post=only("province"),
            data=photo_file,
            effect="province",
        ),
        Case("A signed inspection", item("a_inspected"), post=only("local", 409), data=photo_file),
    ],
    "assessments:complete": [
        Case("A draft", obj("a_draft"), get=POST_ONLY, post=only("fac_a", 302), effect="fac_a"),
        Case("A signed", obj("a_signed"), post=only("fac_a", 302)),
        Case("B draft", obj("b_draft"), post=only("fac_b", 302), effect="fac_b"),
        Case("A inspection draft", obj("a_inspection"), post=only("province", 302), effect="province"),
    ],
    "assessments:result": [
        Case("A completed", obj("a_completed"), get=only("fac_a")),
        Case("A draft", obj("a_draft"), get=only("fac_a", 302)),
        Case("A signed", obj("a_signed"), get=only("fac_a", 302)),
        Case("B draft", obj("b_draft"), get=only("fac_b", 302)),
        Case("A inspection draft", obj("a_inspection"), get=only("province", 302)),
    ],
    "assessments:sign": [
        Case("A completed", obj("a_completed"), get=only("fac_a"), post=only("fac_a"), data=lambda w: {}),
        Case("A signed", obj("a_signed"), get=only("fac_a", 302), post=only("fac_a", 302)),
        Case("B draft", obj("b_draft"), get=only("fac_b", 302), post=only("fac_b", 302)),
        Case(
            "A inspection draft", obj("a_inspection"), get=only("province", 302), post=only("province", 302)
        ),
        Case("A signed inspection", obj("a_inspected"), get=only("local", 302), post=only("local", 302)),
    ],
    "assessments:print": [
        Case("A signed", obj("a_signed"), get=only("fac_a " + A_OFFICERS)),
        Case("A draft", obj("a_draft"), get=codes()),
        Case("B signed", obj("b_signed"), get=only("fac_b " + B_OFFICERS)),
        Case("C signed", obj("c_signed"), get=only(C_OFFICERS)),
        Case("A signed inspection", obj("a_inspected"), get=only(A_OFFICERS)),
    ],
    # The same records as DOCX and PDF (Phiếu tự đánh giá; Biên bản kiểm tra thực tế)
    "assessments:document": [
        Case("A signed, PDF", document("a_signed", "pdf"), get=only("fac_a " + A_OFFICERS)),
        Case("A signed, another format", document("a_signed", "odt"), get=codes()),
        Case("A draft", document("a_draft", "docx"), get=codes()),
        Case("B signed, DOCX", document("b_signed", "docx"), get=only("fac_b " + B_OFFICERS)),
        Case("C signed", document("c_signed", "pdf"), get=only(C_OFFICERS)),
        Case("A signed inspection", document("a_inspected", "docx"), get=only(A_OFFICERS)),
        Case("missing", document(None, "pdf"), get=codes()),
    ],
    "assessments:abandon": [
        # Not stale yet: the owner is told so and nothing changes.
        Case("A draft", obj("a_draft"), get=POST_ONLY, post=only("fac_a", 302)),
        Case("B draft", obj("b_draft"), post=only("fac_b", 302)),
        Case("C signed", obj("c_signed"), post=codes()),
    ],
    "assessments:signature": [
        Case("A signed", obj("a_signed"), get=only("fac_a " + A_OFFICERS)),
        Case("A draft", obj("a_draft"), get=codes()),
        Case("B signed", obj("b_signed"), get=only("fac_b " + B_OFFICERS)),
        Case("C signed", obj("c_signed"), get=only(C_OFFICERS)),
        Case("A signed inspection", obj("a_inspected"), get=only(A_OFFICERS)),
        Case("A inspection draft", obj("a_inspection"), get=codes()),
    ],
    "assessments:photo": [
        Case("A signed", obj("a_signed_photo"), get=only("fac_a " + A_OFFICERS)),
        Case("A draft", obj("a_draft_photo"), get=only("fac_a")),
        Case("B signed", obj("b_signed_photo"), get=only("fac_b " + B_OFFICERS)),
        Case("B draft", obj("b_draft_photo"), get=only("fac_b")),
        Case("C signed", obj("c_signed_photo"), get=only(C_OFFICERS)),
        Case("missing", missing, get=codes()),
        Case("A signed inspection", obj("a_inspected_photo"), get=only(A_OFFICERS)),
        Case("A inspection draft", obj("a_inspection_photo"), get=only("province")),
    ],
    "assessments:photo_thumb": [
        Case("A signed", obj("a_signed_photo"), get=only("fac_a " + A_OFFICERS)),
        Case("B draft", obj("b_draft_photo"), get=only("fac_b")),
        Case("C signed", obj("c_signed_photo"), get=only(C_OFFICERS)),
    ],
    "assessments:photo_delete": [
        Case("A draft", obj("a_draft_photo"), get=POST_ONLY, post=only("fac_a"), effect="fac_a"),
        Case("A signed", obj("a_signed_photo"), post=only("fac_a", 409)),
        Case("B draft", obj("b_draft_photo"), post=only("fac_b"), effect="fac_b"),
        Case("A inspection draft", obj("a_inspection_photo"), post=only("province"), effect="province"),
        Case("A signed inspection", obj("a_inspected_photo"), post=only("local", 409)),
    ],
    # Kiểm tra thực tế from a facility's page: officers in scope start (or resume) theirs.
    "assessments:inspection_start": [
        Case(
            "A (signed self-assessment)",
            obj("fac_a"),
            get=POST_ONLY,
            post=only(A_OFFICERS, 302),
            effect="local zone ministry admin",  # the province resumes its draft: no change
        ),
        Case("C", obj("fac_c"), post=only(C_OFFICERS, 302), effect=C_OFFICERS),
        # Never signed: the officer is told so on the facility's page, nothing is made.
        Case("D (never assessed)", obj("fac_d"), post=only(D_OFFICERS, 302)),
        Case("missing", missing, post=codes()),
    ],
    "assessments:guide": [Case("", get=PUBLIC)],
    # The installable app: public files; the worker keeps only pages marked as a facility's own.
    "assessments:service_worker": [Case("", get=PUBLIC)],
    "assessments:manifest": [Case("", get=PUBLIC)],
    # A signature queued offline: its owner's draft only; without a drawn signature, refused.
    "assessments:sign_queued": [
        Case("A draft", obj("a_draft"), get=POST_ONLY, post=only("fac_a", 400)),
        Case("B draft", obj("b_draft"), post=only("fac_b", 400)),
        Case("A inspection draft", obj("a_inspection"), post=only("province", 400)),
        Case("C signed", obj("c_signed"), post=codes()),
        Case("missing", missing, post=codes()),
    ],
    # A checklist started offline with no draft: a facility's blank fill page of a checklist it
    # may fill, and the outbox's "start", refused without the device's idempotency key.
    "assessments:fill_blank": [
        Case("template", lambda w: {"template_id": w.obj["template"].pk}, get=only("fac_a fac_b")),
        Case("template for markets only", lambda w: {"template_id": w.obj["market_only"].pk}, get=codes()),
        Case("missing template", lambda w: {"template_id": MISSING}, get=codes()),
    ],
    "assessments:start_queued": [
        Case(
            "template",
            lambda w: {"template_id": w.obj["template"].pk},
            get=POST_ONLY,
            post=only("fac_a fac_b", 400),
        ),
        Case("missing template", lambda w: {"template_id": MISSING}, post=codes()),
    ],
    # Corrective requests: the facility answers its own; photos for it and officers in scope
    "assessments:corrective_request": [
        Case("A answered", obj("corr_a"), get=only("fac_a"), post=only("fac_a", 302), data=corrective_answer),
        Case(
            "B open",
            obj("corr_b"),
            get=only("fac_b"),
            post=only("fac_b", 302),
            data=corrective_answer,
            effect="fac_b",
        ),
        Case("C answered", obj("corr_c"), get=codes(), post=codes(), data=corrective_answer),
        Case("missing", missing, get=codes()),
    ],
    "assessments:corrective_document": [
        Case("A", document("corr_a", "pdf"), get=only("fac_a " + A_OFFICERS)),
        Case("B", document("corr_b", "docx"), get=only("fac_b " + B_OFFICERS)),
        Case("C", document("corr_c", "pdf"), get=only(C_OFFICERS)),
        Case("missing", document(None, "docx"), get=codes()),
    ],
    "assessments:corrective_photo": [
        Case("A", obj("corr_a_photo"), get=only("fac_a " + A_OFFICERS)),
        Case("C", obj("corr_c_photo"), get=only(C_OFFICERS)),
        Case("missing", missing, get=codes()),
    ],
    "assessments:corrective_photo_thumb": [
        Case("A", obj("corr_a_photo"), get=only("fac_a " + A_OFFICERS)),
        Case("C", obj("corr_c_photo"), get=only(C_OFFICERS)),
    ],
    # The public map
    "reports:public_map": [Case("", get=PUBLIC)],
    "reports:embed_map": [Case("", get=PUBLIC)],
    "reports:map_data": [Case("", get=PUBLIC)],
    "reports:public_popup": [
        Case("active facility", obj("fac_a"), get=PUBLIC),
        Case("closed facility", obj("fac_e"), get=codes(anon=404)),
        Case("missing", missing, get=codes(anon=404)),
    ],
    "reports:public_search": [Case("", get=PUBLIC)],
    "reports:public_units": [
        Case("a province", obj("province"), get=PUBLIC),
        Case("a commune", obj("commune_a"), get=codes(anon=404)),
    ],
    # Officers
    "reports:dashboard": [Case("", get=OFFICER_PAGE)],
    # Báo cáo kết quả: every officer's own scope (its figures are tested in test_results_report)
    "reports:results_report": [
        Case("docx", lambda w: {"fmt": "docx"}, get=OFFICER_PAGE, post=only(OFFICERS, 405)),
        Case("pdf", lambda w: {"fmt": "pdf"}, get=OFFICER_PAGE, post=only(OFFICERS, 405)),
    ],
    # The officer's inbox: a notification is its recipient's alone
    "reports:inbox": [Case("", get=OFFICER_PAGE)],
    "reports:notification_read": [
        Case(
            "the province's",
            obj("note_province"),
            get=only(OFFICERS, 405),
            post=only("province", 302, default=404),
            effect="province",
        ),
    ],
    "reports:notifications_read_all": [
        Case("", get=only(OFFICERS, 405), post=only(OFFICERS, 302), effect="province"),
    ],
    "reports:notification_settings": [
        Case("", get=OFFICER_PAGE, post=only(OFFICERS, 302), data=lambda w: {}, effect=OFFICERS),
    ],
    "reports:officer_map": [Case("", get=OFFICER_PAGE)],
    "reports:officer_map_data": [Case("", get=OFFICER_PAGE)],
    "reports:officer_search": [Case("", get=OFFICER_PAGE)],
    "reports:officer_popup": [
        Case("A", obj("fac_a"), get=only(A_OFFICERS)),
        Case("B", obj("fac_b"), get=only(B_OFFICERS)),
        Case("C", obj("fac_c"), get=only(C_OFFICERS)),
        Case("D", obj("fac_d"), get=only(D_OFFICERS)),
    ],
    "reports:facility_list": [Case("", get=OFFICER_PAGE)],
    "reports:facility_export": [
        Case("xlsx", lambda w: {"fmt": "xlsx"}, get=only(OFFICERS, 405), post=OFFICER_PAGE),
        Case("csv", lambda w: {"fmt": "csv"}, post=OFFICER_PAGE),
        Case("unknown format", lambda w: {"fmt": "pdf"}, post=codes()),
    ],
    "reports:facility_detail": [
        Case("A", obj("fac_a"), get=only(A_OFFICERS)),
        Case("B", obj("fac_b"), get=only(B_OFFICERS)),
        Case("C", obj("fac_c"), get=only(C_OFFICERS)),
        Case("D", obj("fac_d"), get=only(D_OFFICERS)),
        Case("missing", missing, get=codes()),
    ],
    # Ghi nhận liên hệ: officers in scope only; facilities never reach officers' contact notes.
    "reports:contact_new": [
        Case(
            "A",
            obj("fac_a"),
            get=only(A_OFFICERS),
            post=only(A_OFFICERS, 302),
            data=contact_form,
            effect=A_OFFICERS,
        ),
        Case("A, no outcome", obj("fac_a"), post=only(A_OFFICERS), data=lambda w: {"method": "call"}),
        Case(
            "C",
            obj("fac_c"),
            get=only(C_OFFICERS),
            post=only(C_OFFICERS, 302),
            data=contact_form,
            effect=C_OFFICERS,
        ),
        Case("D", obj("fac_d"), get=only(D_OFFICERS)),
        Case("missing", missing, get=codes(), post=codes(), data=contact_form),
    ],
    "reports:facility_edit": [
        Case(
            "A, kept in its commune",
            obj("fac_a"),
            get=only(A_OFFICERS),
            post=only(A_OFFICERS, 302),
            data=facility_form("commune_a"),
            effect=A_OFFICERS,
        ),
        Case(
            "A, moved to another province",
            obj("fac_a"),
            post=plus(only(A_OFFICERS), C_OFFICERS, 302),
            data=facility_form("commune_q"),
            effect=C_OFFICERS,
        ),
        Case(
            "C",
            obj("fac_c"),
            get=only(C_OFFICERS),
            post=only(C_OFFICERS, 302),
            data=facility_form("commune_q"),
            effect=C_OFFICERS,
        ),
        Case("D", obj("fac_d"), get=only(D_OFFICERS)),
    ],
    "reports:corrective_request_new": [
        Case(
            "A",
            obj("fac_a"),
            get=only(A_OFFICERS),
            post=only(A_OFFICERS, 302),
            data=corrective_form,
            effect=A_OFFICERS,
        ),
        Case("C", obj("fac_c"), get=only(C_OFFICERS)),
        Case("D", obj("fac_d"), get=only(D_OFFICERS)),
        Case("missing", missing, get=codes()),
    ],
    # The Nhật ký: read-only, each officer their scope's rows
    "reports:journal": [Case("", get=OFFICER_PAGE, post=only(OFFICERS, 405))],
    "reports:journal_xlsx": [Case("", get=OFFICER_PAGE, post=only(OFFICERS, 405))],
    "reports:facility_journal_xlsx": [
        Case("A", obj("fac_a"), get=only(A_OFFICERS), post=only(OFFICERS, 405)),
        Case("B", obj("fac_b"), get=only(B_OFFICERS)),
        Case("C", obj("fac_c"), get=only(C_OFFICERS)),
        Case("D", obj("fac_d"), get=only(D_OFFICERS)),
        Case("missing", missing, get=codes()),
    ],
    "reports:corrective_request_list": [Case("", get=OFFICER_PAGE)],
    "reports:corrective_request": [
        Case("A", obj("corr_a"), get=only(A_OFFICERS)),
        Case("B", obj("corr_b"), get=only(B_OFFICERS)),
        Case("C", obj("corr_c"), get=only(C_OFFICERS)),
        Case("missing", missing, get=codes()),
    ],
    "reports:corrective_request_accept": [
        Case(
            "A answered",
            obj("corr_a"),
            get=only(OFFICERS, 405),
            post=only(A_OFFICERS, 302),
            effect=A_OFFICERS,
        ),
        Case("B open", obj("corr_b"), post=only(B_OFFICERS, 302)),  # nothing to accept yet
        Case("C answered", obj("corr_c"), post=only(C_OFFICERS, 302), effect=C_OFFICERS),
    ],
    "reports:corrective_request_return": [
        Case(
            "A answered",
            obj("corr_a"),
            get=only(OFFICERS, 405),
            post=only(A_OFFICERS, 302),
            data=lambda w: {"reason": "Ảnh chưa rõ"},
            effect=A_OFFICERS,
        ),
        Case("A, no reason", obj("corr_a"), post=only(A_OFFICERS, 200), data=lambda w: {"reason": ""}),
        Case(
            "C answered",
            obj("corr_c"),
            post=only(C_OFFICERS, 302),
            data=lambda w: {"reason": "x"},
            effect=C_OFFICERS,
        ),
    ],
    # Cấp lại mật khẩu: the confirmation page, then the POST that answers with the letter
    "reports:facility_password_reissue": [
        Case("A", obj("fac_a"), get=only(A_OFFICERS), post=only(A_OFFICERS), effect=A_OFFICERS),
        Case("B", obj("fac_b"), get=only(B_OFFICERS), post=only(B_OFFICERS), effect=B_OFFICERS),
        Case("C", obj("fac_c"), get=only(C_OFFICERS), post=only(C_OFFICERS), effect=C_OFFICERS),
        # D has no account: one is issued to it, by the officers of its sector only
        Case("D", obj("fac_d"), get=only(D_OFFICERS), post=only(D_OFFICERS), effect=D_OFFICERS),
        Case("missing", missing, get=codes(), post=codes()),
    ],
    "reports:export_job": [
        Case("the province's job", obj("job_province"), get=only("province")),
        Case("the ministry's job", obj("job_ministry"), get=only("ministry")),
    ],
    "reports:export_download": [
        Case("the province's job", obj("job_province"), get=only("province")),
        Case("the ministry's job", obj("job_ministry"), get=only("ministry")),
    ],
    "reports:suspension_report": [Case("", get=OFFICER_PAGE)],
    "reports:suspension_xlsx": [Case("", get=OFFICER_PAGE)],
    # The suspension loop: the Sở (province role, its divisions too) drafts, sends, records
    # decisions and lifts them; the ministry reads; a decision's file is for the facilities it
    # concerns and the officers whose scope holds one of them.
    "reports:proposal_list": [Case("", get=OFFICER_PAGE)],
    "reports:proposal_new": [
        Case(
            "",
            get=only(OFFICERS, 405),
            post=only("province division", 302),
            data=lambda w: {"number": "1/ĐX-SCT", "date": "01/01/2026"},
            effect="province division",
        )
    ],
    "reports:proposal_detail": [
        Case(
            "draft",
            obj("proposal_draft"),
            get=only(B_OFFICERS + " division"),
            post=only("province division", 302),
            data=lambda w: {"number": "2/ĐX-SCT", "date": "01/01/2026"},
            effect="province division",
        ),
        Case(
            "sent",
            obj("proposal_sent"),
            get=only(B_OFFICERS + " division"),
            post=codes(),
            data=lambda w: {"number": "2/ĐX-SCT", "date": "01/01/2026"},
        ),
        Case("missing", missing, get=codes()),
    ],
    "reports:proposal_send": [
        Case(
            "draft",
            obj("proposal_draft"),
            get=only(OFFICERS, 405),
            post=only("province division", 302),
            data=lambda w: {"confirm": "on"},
            effect="province division",
        ),
        Case(
            "sent",
            obj("proposal_sent"),
            post=only("province division", 302),
            data=lambda w: {"confirm": "on"},
        ),
    ],
    "reports:proposal_xlsx": [
        Case("sent", obj("proposal_sent"), get=only(B_OFFICERS + " division")),
        Case("missing", missing, get=codes()),
    ],
    "reports:proposal_document": [
        Case("sent, DOCX", document("proposal_sent", "docx"), get=only(B_OFFICERS + " division")),
        Case("draft, PDF", document("proposal_draft", "pdf"), get=only(B_OFFICERS + " division")),
        Case("sent, another format", document("proposal_sent", "xls"), get=codes()),
        Case("missing", document(None, "pdf"), get=codes()),
    ],
    "reports:decision_new": [
        Case("empty form", get=only("province division"), post=only("province division", 400)),
    ],
    "reports:decision_detail": [
        Case("A suspended", obj("decision_a"), get=only(A_OFFICERS)),
        Case("missing", missing, get=codes()),
    ],
    "reports:facility_reopen": [
        # A has no passing result since its suspension: refused, nothing changes.
        Case(
            "A",
            obj("fac_a"),
            get=only("province"),
            post=only("province", 400),
            data=lambda w: {"number": "80/QĐ-UBND", "date": "01/01/2026", "signer": "Lê Thành Đô"},
        ),
        Case("B, not suspended", obj("fac_b"), get=codes()),
    ],
    "decision_file": [
        Case("A's decision", obj("decision_a"), get=only("fac_a " + A_OFFICERS)),
        Case("missing", missing, get=codes()),
    ],
}


def url_names(patterns, namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from url_names(p.url_patterns, ns)
        elif isinstance(p, URLPattern):
            yield f"{namespace}:{p.name}" if namespace else p.name


def project_url_names() -> set[str]:
    names = list(url_names(get_resolver().url_patterns))
    assert None not in names, "every URL pattern needs a name to be checked"
    return {n for n in names if not n.startswith(NOT_MATRIX)}


def state():
    """What a request might change: compared before and after each POST that may not change it."""
    return (
        list(Assessment.objects.order_by("pk").values_list("pk", "status", "updated_at", "signed_at")),
        list(Answer.objects.order_by("pk").values_list("pk", "met", "note", "option_id")),
        list(Photo.objects.order_by("pk").values_list("pk", "image")),
        list(Facility.objects.order_by("pk").values()),
        list(AccountRequest.objects.order_by("pk").values_list("pk", "status", "exported_at")),
        list(ImportJob.objects.order_by("pk").values_list("pk", "status", "letters_downloaded_at")),
        list(ImportLetterBatch.objects.order_by("pk").values_list("pk", "downloaded_at", "replaced_at")),
        list(ExportJob.objects.order_by("pk").values_list("pk", "status")),
        list(Contact.objects.order_by("pk").values_list("pk", "facility_id", "outcome")),
        # Reading an export is logged (who took which list), and changes nothing else.
        Activity.objects.exclude(action=Action.EXPORTED).count(),
        list(Proposal.objects.order_by("pk").values_list("pk", "number", "date", "sent_at", "decision_id")),
        list(ProposalItem.objects.order_by("pk").values_list("pk", "proposal_id", "facility_id", "reason")),
        list(Decision.objects.order_by("pk").values_list("pk", "kind", "number")),
        list(User.objects.order_by("pk").values_list("pk", "password", "is_active")),
        list(CorrectiveRequest.objects.order_by("pk").values_list("pk", "status", "deadline", "closed_at")),
        list(CorrectiveResponse.objects.order_by("pk").values_list("pk", "kind", "note")),
    )


def check_cell(world, name, case, method, role, expected) -> str | None:
    """One URL × role × method: None when as expected, else what happened."""
    url = reverse(name, kwargs=case.kwargs(world))
    client = world.client(role, raise_request_exception=False)
    with transaction.atomic():
        before = state() if method == "post" else None
        response = getattr(client, method)(url, case.data(world) if method == "post" else None)
        changed = method == "post" and state() != before
        transaction.set_rollback(True)
    if response.streaming:  # reading it to the end closes it the way the test client expects
        b"".join(response.streaming_content)
    got = response.status_code
    if expected == LOGIN:
        ok = got == 302 and response["Location"].startswith(reverse("login"))
    else:
        ok = got == expected
    if changed and role not in case.effect.split():
        return f"{method.upper()} {url} as {role} [{case.label}]: {got} and it CHANGED data"
    if not ok:
        where = f" → {response['Location']}" if got == 302 else ""
        return f"{method.upper()} {url} as {role} [{case.label}]: expected {expected}, got {got}{where}"
    return None


def test_every_url_has_a_row_in_the_matrix():
    discovered = project_url_names()
    assert discovered - MATRIX.keys() == set(), "new URLs need a row in MATRIX"
    assert MATRIX.keys() - discovered == set(), "MATRIX names URLs that no longer exist"


def test_each_role_gets_exactly_what_its_scope_allows(world, figures):
    failures, cells = [], 0
    for name, cases in MATRIX.items():
        for case in cases:
            for method in ("get", "post"):
                expected = getattr(case, method)
                if expected is None:
                    continue
                for role in ROLES:
                    cells += 1
                    failure = check_cell(world, name, case, method, role, expected[role])
                    if failure:
                        failures.append(failure)
    figures["URL × role cells checked (access matrix)"] = cells
    print(f"access matrix: {cells} URL × role cells checked over {len(MATRIX)} URL names")
    assert not failures, f"{len(failures)} of {cells} cells wrong:\n" + "\n".join(failures)
    assert cells >= len(MATRIX) * len(ROLES)


ADMIN_PAGES = ["/quan-tri/", "/quan-tri/accounts/facility/", "/quan-tri/checklists/template/nhap/"]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_only_staff_reach_the_admin(world, figures, path):
    for role in ROLES:
        response = world.client(role).get(path)
        if role == "admin":
            assert response.status_code == 200, path
        else:
            assert response.status_code == 302, (role, path)
            assert response["Location"].startswith("/quan-tri/login/"), (role, path)
    figures["admin page × role cells checked"] = figures.get("admin page × role cells checked", 0) + len(
        ROLES
    )


def test_staff_without_the_import_permission_cannot_import(world):
    clerk = User.objects.create_user("vanthu", password="x", role="province", is_staff=True)
    clerk.unit = world.obj["province"]
    clerk.save()
    world.users["clerk"] = clerk
    client = world.client("clerk")
    assert client.get("/quan-tri/").status_code == 200
    assert client.get(reverse("import_list")).status_code == 404
    assert client.get(reverse("import_detail", args=[world.obj["import_job"].pk])).status_code == 404
    assert client.post(reverse("import_confirm", args=[world.obj["import_job"].pk])).status_code == 404
    assert ImportJob.objects.get(pk=world.obj["import_job"].pk).status == ImportJob.Status.PREVIEW


def test_a_zone_board_sees_no_account_request_of_the_unit_holding_its_zone(world):
    from accounts.account_requests import account_requests_visible_to

    board = world.users["zone"]
    assert world.obj["req_a"].unit == world.obj["fac_a"].zone.unit  # the zone's own unit
    assert not account_requests_visible_to(board).exists()
    client = world.client("zone")
    assert client.get(reverse("account_request_list")).status_code == 404
    assert reverse("account_request_list") not in client.get(reverse("reports:dashboard")).content.decode()
    assert client.post(reverse("account_request_export")).status_code == 404
    local = world.client("local").get(reverse("account_request_list")).content.decode()
    assert world.obj["req_a"].name in local  # the unit's own office still sees them
