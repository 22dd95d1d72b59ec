"""Which facilities the Sở proposes to UBND tỉnh for suspension, and why."""

from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.choices import OfficeKind, UnitKind
from accounts.models import Office, unsafe_q
from accounts.text import without_unit_prefix

from .flags import escalated_facility_ids


def suspension_candidates(facilities, now):
    """Facilities (from an already scoped queryset) that are unsafe, or have a flag (overdue,
    never assessed) open for longer than ``settings.ESCALATION_DAYS``, ordered by unit then
    name. The flag scan is the source of truth for how long a facility has been in trouble."""
    return (
        facilities.filter(is_active=True, suspended_at__isnull=True)  # already suspended: done
        .filter(unsafe_q() | Q(pk__in=escalated_facility_ids(facilities, now)))
        .select_related("unit")
        .order_by("unit__path", "name", "id")
    )


def suspension_reason(facility, now) -> str:
    """The "Lý do đề xuất" cell. Days overdue count from the due date, as on every page."""
    days = facility.days_overdue(now) if facility.is_overdue(now) else None
    if days is None:
        if facility.is_unsafe:
            return _("Không an toàn")
        # Neither overdue nor unsafe, yet escalated: its flag is an overdue corrective request.
        return _("Quá hạn khắc phục") if facility.last_signed_at else _("Chưa đánh giá lần nào")
    if facility.is_unsafe:
        return _("Không an toàn; quá hạn đánh giá %(days)s ngày") % {"days": days}
    return _("Quá hạn đánh giá %(days)s ngày") % {"days": days}


def province_of(user):
    """The province whose People's Committee receives the user's list: that of their unit, or
    of their zones for a zone board (which has no unit). None for national users."""
    if user.unit_id:
        return user.unit.province
    zone = user.zones.select_related("unit").order_by("pk").first() if user.pk else None
    return zone.unit.province if zone else None


def province_title(province) -> str:
    """ "tỉnh Điện Biên", "thành phố Hà Nội": the name as the document writes it after
    "Ủy ban nhân dân" (some unit lists carry the prefix in the name, some do not)."""
    city = province.kind == UnitKind.CITY or province.name.lower().startswith("thành phố")
    return f"{'thành phố' if city else 'tỉnh'} {without_unit_prefix(province.name)}"


def document_heading(user, province) -> dict:
    """What the document prints above and below the list when the officer leaves a field
    empty: the issuing division's code in the number, the place of the Sở in the date line."""
    office = user.office
    code = office.code if office and office.kind != OfficeKind.DEPARTMENT else ""
    place = office.place_name if office else ""
    if not place and province is not None:
        department = Office.objects.filter(unit=province, kind=OfficeKind.DEPARTMENT).exclude(place_name="")
        place = department.values_list("place_name", flat=True).order_by("pk").first() or ""
    title = province_title(province) if province else ""
    return {
        "number": f"…/SCT-{code}" if code else "…/SCT",
        "place": place,
        "recipients": "\n".join(
            [
                f"UBND {title} (để b/c);" if title else "UBND tỉnh (để b/c);",
                "Giám đốc Sở (để b/c);",
                f"Lưu: VT, {code}." if code else "Lưu: VT.",
            ]
        ),
        "authority": f"UBND {title}".upper() if title else "",
        "addressee": f"Ủy ban nhân dân {title}" if title else "Ủy ban nhân dân tỉnh",
    }
