"""A province whose imported accounts go out through two ward offices, an industrial zone's
board and (for a commune with no office) the admins: the offices of the rollout letters."""

from dataclasses import dataclass

from accounts.choices import OfficeKind, Role
from accounts.importing.run import import_job_run
from accounts.importing.service import import_job_confirm, import_job_create
from accounts.models import ImportJob, User
from tests.factories import OfficeFactory, UnitFactory, UserFactory, ZoneFactory
from tests.factories.imports import csv_bytes

HEADER = ["STT", "Tên cơ sở", "Mã số thuế", "Xã/phường", "Tỉnh", "Khu công nghiệp"]


@dataclass
class Rollout:
    province: object
    ward_a: object
    ward_b: object
    commune_c: object
    zone: object
    office_a: object
    office_b: object
    board_office: object
    admin: User
    local_a: User
    local_b: User
    board: User
    so: User


def rollout_country() -> Rollout:
    province = UnitFactory(code="11", name="Điện Biên", kind="province")
    ward_a = UnitFactory(code="03127", name="Phường Điện Biên Phủ", kind="ward", parent=province)
    ward_b = UnitFactory(code="03128", name="Phường Mường Thanh", kind="ward", parent=province)
    commune_c = UnitFactory(code="03151", name="Xã Mường Phăng", kind="commune", parent=province)
    zone = ZoneFactory(unit=ward_a, name="KCN Tây Bắc")
    office_a = OfficeFactory(unit=ward_a, kind=OfficeKind.LOCAL, name="Phòng Kinh tế phường Điện Biên Phủ")
    office_b = OfficeFactory(unit=ward_b, kind=OfficeKind.LOCAL, name="Phòng Kinh tế phường Mường Thanh")
    board_office = OfficeFactory(unit=ward_a, kind=OfficeKind.ZONE_BOARD, name="Ban quản lý KCN Tây Bắc")
    return Rollout(
        province=province,
        ward_a=ward_a,
        ward_b=ward_b,
        commune_c=commune_c,
        zone=zone,
        office_a=office_a,
        office_b=office_b,
        board_office=board_office,
        admin=UserFactory(username="quantri", role=Role.ADMIN, is_staff=True, is_superuser=True),
        local_a=UserFactory(username="pkt.dienbienphu", role=Role.LOCAL_OFFICE, unit=ward_a, office=office_a),
        local_b=UserFactory(username="pkt.muongthanh", role=Role.LOCAL_OFFICE, unit=ward_b),
        board=UserFactory(username="bql.taybac", role=Role.ZONE_BOARD, zones=[zone], office=board_office),
        so=UserFactory(username="so.dienbien", role=Role.PROVINCE, unit=province),
    )


def rollout_rows() -> list[list]:
    """Two facilities in ward A (one of them in the zone), two in ward B, one in commune C."""
    return [
        HEADER,
        [1, "Công ty May Điện Biên Phủ", "5600200001", "Phường Điện Biên Phủ", "Điện Biên", ""],
        [2, "Nhà máy Gạch Tây Bắc", "5600200002", "Phường Điện Biên Phủ", "Điện Biên", "KCN Tây Bắc"],
        [3, "Chợ Mường Thanh", "5600200003", "Phường Mường Thanh", "Điện Biên", ""],
        [4, "Siêu thị Mường Thanh", "5600200004", "Phường Mường Thanh", "Điện Biên", ""],
        [5, "Hợp tác xã Mường Phăng", "5600200005", "Xã Mường Phăng", "Điện Biên", ""],
    ]


def rollout_file() -> bytes:
    return csv_bytes(rollout_rows(), bom=True)


def imported(raw: bytes, by, *, supplementary_province=None, name="ds.csv") -> ImportJob:
    job, _preview = import_job_create(
        raw=raw, file_name=name, by=by, supplementary_province=supplementary_province
    )
    assert import_job_confirm(job=job, by=by, queue=False)
    return import_job_run(job_id=job.pk)
