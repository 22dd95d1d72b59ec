"""One small country for the security tests: two facilities in one province (A in an industrial
zone, B in another commune), one in another province (C), one of another sector (D), each role
that logs in, and the objects every URL with an id can point at."""

from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from accounts.choices import Role, Sector
from accounts.importing.sealing import Sealer
from accounts.importing.service import import_job_create
from accounts.models import ImportJob, ImportLetterBatch, ImportRow, User
from assessments.models import Assessment, Photo
from assessments.services import answer_save, assessment_complete, photo_add
from reports.models import ExportJob, Flag, FlagKind, Notification
from tests.factories import FacilityFactory, UnitFactory, UserFactory, ZoneFactory, issued_facility
from tests.factories.account_requests import request_for
from tests.factories.assessments import (
    draft,
    inspection,
    jpeg_bytes,
    make_template,
    signed_assessment,
    upload,
)
from tests.factories.imports import xlsx_bytes

ROLES = ("anon", "fac_a", "fac_b", "local", "province", "division", "zone", "ministry", "admin")
MISSING = 987_654_321


@dataclass
class World:
    users: dict[str, User | None]
    obj: dict = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)

    def client(self, role, **kwargs) -> Client:
        """A fresh client logged in as ``role`` (a stored session: cheap, and a logout or
        password change in one request cannot leak into the next)."""
        c = Client(**kwargs)
        if role != "anon":
            if role not in self.sessions:
                login = Client()
                login.force_login(self.users[role])
                self.sessions[role] = login.cookies["sessionid"].value
            c.cookies["sessionid"] = self.sessions[role]
        return c


def _draft_with_photo(facility, template) -> Assessment:
    a = draft(facility, template)
    item = a.version.items_in_order().get(code="1.1")
    answer_save(assessment=a, item_id=item.pk, met=True)
    photo_add(assessment=a, item_id=item.pk, upload=upload("a.jpg", jpeg_bytes((64, 48))), by=facility.user)
    return a


def _completed(facility, template) -> Assessment:
    a = _draft_with_photo(facility, template)
    for item in a.version.items_in_order():
        answer_save(assessment=a, item_id=item.pk, met=True)
    assessment_complete(assessment=a)
    a.refresh_from_db()
    return a


def build_world() -> World:
    province = UnitFactory(code="11", name="Điện Biên", kind="province")
    commune_a = UnitFactory(code="03127", name="Phường Điện Biên Phủ", kind="ward", parent=province)
    commune_b = UnitFactory(code="03151", name="Xã Mường Phăng", kind="commune", parent=province)
    other_province = UnitFactory(code="12", name="Lai Châu", kind="province")
    commune_q = UnitFactory(code="03400", name="Xã Nậm Hàng", kind="commune", parent=other_province)
    zone = ZoneFactory(unit=commune_a, name="KCN Thử")

    fac_a = issued_facility(unit=commune_a, zone=zone, name="Chợ Điện Biên")
    fac_b = issued_facility(unit=commune_b, name="Công ty TNHH Mường Phăng")
    fac_c = issued_facility(unit=commune_q, name="Công ty Lai Châu")
    fac_d = FacilityFactory(unit=commune_b, sector=Sector.TRADE, name="Siêu thị Mường Phăng")
    fac_e = FacilityFactory(unit=commune_b, name="Cơ sở đã ngừng", is_active=False)

    users = {
        "anon": None,
        "fac_a": fac_a.user,
        "fac_b": fac_b.user,
        "local": UserFactory(role=Role.LOCAL_OFFICE, unit=commune_a, username="pkt.a"),
        "province": UserFactory(role=Role.PROVINCE, unit=province, username="so.dienbien"),
        "division": UserFactory(
            role=Role.PROVINCE, unit=province, sectors=[Sector.TRADE], username="so.thuongmai"
        ),
        "zone": UserFactory(role=Role.ZONE_BOARD, zones=[zone], username="bql.kcn"),
        "ministry": UserFactory(role=Role.MINISTRY, username="bo.congthuong"),
        "admin": UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True, username="quantri"),
    }

    template = make_template()
    template2 = make_template("thu-hai")
    market_only = make_template("cho", types=("market",))
    a_signed = signed_assessment(fac_a, template)
    b_signed = signed_assessment(fac_b, template)
    c_signed = signed_assessment(fac_c, template)
    a_draft = _draft_with_photo(fac_a, template)
    b_draft = _draft_with_photo(fac_b, template)
    a_completed = _completed(fac_a, template2)
    # Kiểm tra thực tế of A: one signed by the commune office (1.2 found not met), one under
    # way by the province (with a photo).
    a_inspected = inspection(fac_a, users["local"], found={"1.2": False})
    a_inspection = inspection(fac_a, users["province"], sign=False)

    def photo_of(a):
        return Photo.objects.filter(assessment=a).first()

    job_province = ExportJob.objects.create(
        user=users["province"], fmt="csv", title="Danh sách", status=ExportJob.Status.DONE, total=1, done=1
    )
    job_province.file.save("danh-sach.csv", ContentFile(b"STT,Ten\r\n1,A\r\n"))
    job_ministry = ExportJob.objects.create(
        user=users["ministry"], fmt="csv", title="Danh sách", status=ExportJob.Status.DONE, total=1, done=1
    )
    job_ministry.file.save("danh-sach.csv", ContentFile(b"STT,Ten\r\n1,A\r\n"))

    import_rows = [
        ["STT", "Tên cơ sở", "Mã số thuế", "Xã/phường", "Tỉnh"],
        [1, "Cơ sở Hợp Lệ", "5600100001", "Phường Điện Biên Phủ", "Điện Biên"],
        [2, "Cơ sở Sai", "12", "Xã Không Có", "Điện Biên"],
    ]
    import_job, _preview = import_job_create(
        raw=xlsx_bytes(import_rows), file_name="ds.xlsx", by=users["admin"]
    )

    letters = _letter_batches(
        users["admin"], zone=zone, commune_a=commune_a, commune_q=commune_q, facilities=(fac_a, fac_b, fac_c)
    )

    # A notification of a new flag, in the provincial officer's inbox.
    flag = Flag.objects.create(
        facility=fac_b, kind=FlagKind.OVERDUE, opened_at=timezone.now(), created_at=timezone.now()
    )
    note_province = Notification.objects.create(user=users["province"], flag=flag, created_at=timezone.now())

    obj = {
        "note_province": note_province,
        "province": province,
        "commune_a": commune_a,
        "commune_b": commune_b,
        "commune_q": commune_q,
        "fac_a": fac_a,
        "fac_b": fac_b,
        "fac_c": fac_c,
        "fac_d": fac_d,
        "fac_e": fac_e,
        "template": template,
        "template2": template2,
        "market_only": market_only,
        "a_signed": a_signed,
        "b_signed": b_signed,
        "c_signed": c_signed,
        "a_draft": a_draft,
        "b_draft": b_draft,
        "a_completed": a_completed,
        "a_inspected": a_inspected,
        "a_inspection": a_inspection,
        "a_inspected_photo": photo_of(a_inspected),
        "a_inspection_photo": photo_of(a_inspection),
        "a_signed_photo": photo_of(a_signed),
        "b_signed_photo": photo_of(b_signed),
        "c_signed_photo": photo_of(c_signed),
        "a_draft_photo": photo_of(a_draft),
        "b_draft_photo": photo_of(b_draft),
        "job_province": job_province,
        "job_ministry": job_ministry,
        "import_job": import_job,
        **letters,
        "req_a": request_for(commune_a, users["local"], name="Đề nghị A", tax_code="5600000011"),
        "req_q": request_for(commune_q, users["ministry"], name="Đề nghị Lai Châu", tax_code="5600000012"),
        "req_a_approved": request_for(
            commune_a, users["local"], name="Đề nghị đã duyệt", tax_code="5600000013", status="approved"
        ),
    }
    return World(users=users, obj=obj)


def _letter_batches(admin, *, zone, commune_a, commune_q, facilities) -> dict:
    """A done import whose letters wait in four batches: commune A's office, the zone's board,
    an office of another province and the admins'; each holds one sealed letter."""
    job = ImportJob.objects.create(
        created_by=admin,
        file_name="da-nhap.csv",
        file_sha256="0" * 64,
        status=ImportJob.Status.DONE,
        finished_at=timezone.now(),
        total_rows=4,
        rows_done=4,
        created_count=4,
    )
    sealer = Sealer(job.pk)
    holders = {
        "letters_a": {"unit": commune_a},
        "letters_zone": {"zone": zone},
        "letters_q": {"unit": commune_q},
        "letters_admins": {},
    }
    batches = {}
    for number, ((name, holder), facility) in enumerate(
        zip(holders.items(), (*facilities, facilities[0])), 1
    ):
        batch = ImportLetterBatch.objects.create(job=job, **holder)
        ImportRow.objects.create(
            job=job,
            number=number,
            status=ImportRow.Status.CREATED,
            facility=facility,
            letter_batch=batch,
            sealed_secret=sealer.seal("abcd-efgh-jkmn-pqrs-tvwx-yz23"),
        )
        batches[name] = batch
    return batches


def item_of(assessment, code="1.1"):
    return assessment.version.items_in_order().get(code=code)
