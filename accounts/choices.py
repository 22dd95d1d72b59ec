"""Enumerations shared by every app. Stored values are short English words; labels are what
users read, in Vietnamese (English through i18n)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FACILITY = "facility", _("Cơ sở sản xuất, kinh doanh")
    LOCAL_OFFICE = "local", _("Phòng Kinh tế (huyện / xã)")
    PROVINCE = "province", _("Sở Công Thương")
    ZONE_BOARD = "zone", _("Ban quản lý KKT/KCN/CCN")
    MINISTRY = "ministry", _("Bộ Công Thương")
    ADMIN = "admin", _("Quản trị hệ thống")


OFFICER_ROLES = (Role.LOCAL_OFFICE, Role.PROVINCE, Role.ZONE_BOARD, Role.MINISTRY, Role.ADMIN)
NATIONAL_ROLES = (Role.MINISTRY, Role.ADMIN)


class Sector(models.TextChoices):
    """A facility's sector, one per division of the Sở Công Thương."""

    INDUSTRY = "industry", _("Công nghiệp")
    TRADE = "trade", _("Thương mại")
    ENERGY = "energy", _("Điện năng")
    SAFETY = "safety", _("Kỹ thuật an toàn, môi trường")


class FacilityType(models.TextChoices):
    FACTORY = "factory", _("Nhà máy, cơ sở sản xuất")
    MARKET = "market", _("Chợ")
    SUPERMARKET = "supermarket", _("Siêu thị")
    MALL = "mall", _("Trung tâm thương mại")
    RESTAURANT = "restaurant", _("Nhà hàng")
    OTHER = "other", _("Khác")


class Level(models.TextChoices):
    """Result of a signed assessment. ``NONE`` means never assessed."""

    NONE = "", _("Chưa đánh giá")
    GREEN = "green", _("An toàn")
    YELLOW = "yellow", _("Có rủi ro")
    RED = "red", _("Không an toàn")


class MapColour(models.TextChoices):
    """What the map shows: the level, or grey when never assessed or overdue; purple while a
    Quyết định tạm dừng is in force, whatever the level."""

    GREEN = "green", _("Xanh — An toàn")
    YELLOW = "yellow", _("Vàng — Có rủi ro")
    RED = "red", _("Đỏ — Không an toàn")
    GREY = "grey", _("Xám — Chưa đánh giá / Quá hạn")
    SUSPENDED = "suspended", _("Tím — Tạm dừng hoạt động")


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh")
    CITY = "city", _("Thành phố trực thuộc trung ương")
    DISTRICT = "district", _("Huyện")
    URBAN_DISTRICT = "urban_district", _("Quận")
    TOWN = "town", _("Thị xã")
    PROVINCIAL_CITY = "provincial_city", _("Thành phố thuộc tỉnh")
    COMMUNE = "commune", _("Xã")
    WARD = "ward", _("Phường")
    TOWNSHIP = "township", _("Thị trấn")
    SPECIAL_ZONE = "special_zone", _("Đặc khu")


class ZoneKind(models.TextChoices):
    ECONOMIC_ZONE = "kkt", _("Khu kinh tế")
    INDUSTRIAL_ZONE = "kcn", _("Khu công nghiệp")
    INDUSTRIAL_CLUSTER = "ccn", _("Cụm công nghiệp")


class OfficeKind(models.TextChoices):
    MINISTRY = "ministry", _("Bộ Công Thương")
    DEPARTMENT = "department", _("Sở Công Thương")
    DIVISION = "division", _("Phòng chuyên môn thuộc Sở")
    LOCAL = "local", _("Phòng Kinh tế / Kinh tế và Hạ tầng")
    ZONE_BOARD = "zone_board", _("Ban quản lý KKT/KCN/CCN")


class FunnelStage(models.TextChoices):
    """How far a facility has come from its issued account to its first signed assessment (the
    start-up funnel), in order; accounts/models/facilities.py states each as a rule."""

    NOT_ISSUED = "not_issued", _("Chưa cấp tài khoản")
    NOT_RECEIVED = "no_letter", _("Chưa nhận thư")
    NOT_LOGGED_IN = "no_login", _("Chưa đăng nhập")
    NO_OWN_PASSWORD = "no_password", _("Đã đăng nhập, chưa đổi mật khẩu")
    NOT_STARTED = "not_started", _("Đã đăng nhập, chưa đánh giá")
    NOT_SIGNED = "not_signed", _("Đang đánh giá, chưa ký")
    SIGNED = "signed", _("Đã ký")
