"""The facility lists' columns and rows. Writing them (XLSX, CSV, the formula guard) is the
shared spreadsheet writer's job: ``safemap.spreadsheets``."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import FacilityType, FunnelStage, MapColour, Sector
from accounts.models import funnel_stage_case
from safemap.spreadsheets import Column, csv_lines, export_filename, local_date, write_xlsx

__all__ = ["Column", "csv_lines", "export_filename", "local_date", "write_xlsx"]


# The facility lists

FACILITY_COLUMNS = [
    Column(_("STT"), 6, "number"),
    Column(_("Tên cơ sở"), 40),
    Column(_("Mã số thuế"), 14),
    Column(_("Địa chỉ"), 40),
    Column(_("Đơn vị hành chính"), 24),
    Column(_("Lĩnh vực"), 18),
    Column(_("Loại hình"), 20),
    Column(_("Mức độ"), 26),
    Column(_("Ngày đánh giá gần nhất"), 14, "date"),
    Column(_("Hạn đánh giá"), 14, "date"),
    Column(_("Số ngày quá hạn"), 10, "number"),
    Column(_("Tình trạng hoạt động"), 20),
    Column(_("Ngày đăng nhập đầu tiên"), 14, "date"),
    Column(_("Giai đoạn khởi động"), 30),
    Column(_("Người liên hệ"), 22),
    Column(_("Điện thoại"), 16),
    Column(_("Email"), 26),
]
FACILITY_FIELDS = (
    "name",
    "tax_code",
    "address",
    "unit__name",
    "sector",
    "facility_type",
    "map_colour",
    "last_signed_at",
    "due_at",
    "overdue_for",
    "suspended_at",
    "first_login_at",
    "stage",
    "contact_name",
    "contact_phone",
    "email",
)


def facility_rows(facilities, now=None):
    """Plain tuples for FACILITY_COLUMNS, read in chunks so memory stays flat."""
    now = now or timezone.now()
    tz = ZoneInfo(settings.TIME_ZONE)
    sectors = {k: str(v) for k, v in Sector.choices}
    types = {k: str(v) for k, v in FacilityType.choices}
    colours = {k: str(v) for k, v in MapColour.choices}
    operating, suspended_label = str(_("Đang hoạt động")), str(_("Tạm dừng hoạt động"))
    stages = {k: str(v) for k, v in FunnelStage.choices}
    qs = (
        facilities.with_days_overdue(now)
        .annotate(stage=funnel_stage_case())
        .order_by("unit__path", "name", "id")
        .values_list(*FACILITY_FIELDS)
    )
    for n, (
        name,
        tax,
        address,
        unit,
        sector,
        ftype,
        colour,
        signed,
        due,
        late,
        suspended,
        first_login,
        stage,
        contact,
        phone,
        email,
    ) in enumerate(qs.iterator(chunk_size=2000), start=1):
        yield (
            n,
            name,
            tax,
            address,
            unit,
            sectors.get(sector, sector),
            types.get(ftype, ftype),
            colours.get(colour, colour),
            signed.astimezone(tz).date() if signed else None,
            due.astimezone(tz).date() if due else None,
            late.days if late is not None else None,
            operating if suspended is None else suspended_label,
            first_login.astimezone(tz).date() if first_login else None,
            stages.get(stage, stage),
            contact,
            phone,
            email,
        )
