"""Demo province: Điện Biên with its real (2025) units, fictional offices, people, phone
numbers and facilities. Deterministic, so running it twice changes nothing."""

import random
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from .choices import FacilityType, Level, OfficeKind, Role, Sector, ZoneKind
from .models import AdminUnit, Facility, Office, User, Zone

PROVINCE_CODE = "11"  # Điện Biên
DEMO_PASSWORD = "safemap-demo"
FACILITY_COUNT = 300

# Real town centres of Điện Biên; facilities are scattered around them.
HUBS = [
    (21.386, 103.017),
    (21.355, 103.005),
    (22.040, 103.155),
    (21.590, 103.415),
    (21.880, 103.345),
    (21.250, 103.250),
    (21.780, 103.050),
    (21.930, 102.780),
    (21.520, 103.225),
    (22.180, 102.450),
]
COMPANY_WORDS = [
    "Hoàng Long",
    "Tây Bắc",
    "Mường Thanh",
    "Him Lam",
    "Pá Khoang",
    "Nậm Rốm",
    "Sơn Hà",
    "Thành Công",
    "Phú Lộc",
    "Bình Minh",
    "Hưng Thịnh",
    "An Phát",
    "Việt Tiến",
    "Đông Dương",
    "Hải Vân",
    "Trường Sơn",
]
PRODUCTS = [
    "chế biến nông sản",
    "gạch không nung",
    "may mặc",
    "chè",
    "gỗ",
    "nước sạch",
    "thức ăn chăn nuôi",
    "xi măng",
]
GIVEN = ["Lò Văn", "Quàng Thị", "Nguyễn Văn", "Trần Thị", "Lường Văn", "Cà Thị", "Phạm Văn", "Vì Thị"]
NAMES = ["An", "Bình", "Chung", "Dung", "Hà", "Hòa", "Khánh", "Lan", "Minh", "Nga", "Phong", "Quân", "Thu"]


def short(name: str) -> str:
    for prefix in ("Xã ", "Phường ", "Đặc khu "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def person(rng: random.Random) -> str:
    return f"{rng.choice(GIVEN)} {rng.choice(NAMES)}"


def phone(rng: random.Random) -> str:
    # 0209 is not a Vietnamese mobile prefix: clearly fictional.
    return f"0209{rng.randint(100000, 999999)}"


def _user(username, *, role, password_hash, **fields) -> User:
    user, created = User.objects.get_or_create(username=username, defaults={"role": role, **fields})
    if created:
        user.password = password_hash
        user.save(update_fields=["password"])
    return user


def _fresh(facility, now):
    """What its note says: an account issued yesterday, nothing assessed, nothing overdue."""
    facility.level, facility.last_signed_at = Level.NONE, None
    facility.save(update_fields=["level", "last_signed_at", "updated_at"])
    facility.issue_account(facility.user, when=now - timedelta(days=1))


@transaction.atomic
def seed(stdout=None) -> list[tuple[str, str, str]]:
    """Create the demo province; returns (username, password, what it shows) for printing."""
    rng = random.Random(2021)
    now = timezone.now()
    province = AdminUnit.objects.get(source=AdminUnit.SOURCE_CURRENT, code=PROVINCE_CODE)
    communes = list(province.children.order_by("code"))
    password_hash = make_password(DEMO_PASSWORD)

    # What its documents print (accounts.paperwork): "UBND TỈNH ĐIỆN BIÊN" over "SỞ CÔNG
    # THƯƠNG", "Số: …/SCT-QLCN", signed "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC". The signer is invented.
    letterhead = {
        "place_name": "Điện Biên Phủ",
        "parent_name": "UBND TỈNH ĐIỆN BIÊN",
        "issuer_name": "SỞ CÔNG THƯƠNG",
        "issuer_code": "SCT",
        "signer_capacity": "KT. GIÁM ĐỐC|PHÓ GIÁM ĐỐC",
        "signer_name": "Lò Văn Minh (minh họa)",
    }
    department, _ = Office.objects.update_or_create(
        name="Sở Công Thương tỉnh Điện Biên",
        defaults=letterhead,
        create_defaults={
            "kind": OfficeKind.DEPARTMENT,
            "unit": province,
            "phone": "0209.3.800.100",
            **letterhead,
        },
    )
    # Name and the code it signs documents with (…/SCT-QLCN).
    divisions = {
        Sector.INDUSTRY: ("Phòng Quản lý công nghiệp", "QLCN"),
        Sector.TRADE: ("Phòng Quản lý thương mại", "QLTM"),
        Sector.ENERGY: ("Phòng Quản lý điện năng", "QLĐN"),
        Sector.SAFETY: ("Phòng Kỹ thuật an toàn môi trường", "KTATMT"),
    }
    offices = {}
    for i, (sector, (name, code)) in enumerate(divisions.items()):
        contact = {"contact_name": person(rng), "contact_mobile": phone(rng)}  # drawn every run
        offices[sector], _ = Office.objects.update_or_create(
            name=name,
            unit=province,
            defaults={"code": code, "place_name": "Điện Biên Phủ"},
            create_defaults={
                "kind": OfficeKind.DIVISION,
                "sectors": [sector],
                "phone": f"0209.3.800.1{i + 1}0",
                "code": code,
                "place_name": "Điện Biên Phủ",
                **contact,
            },
        )
    capital = next(c for c in communes if c.name == "Phường Điện Biên Phủ")
    ward_letterhead = {
        "parent_name": "UBND PHƯỜNG ĐIỆN BIÊN PHỦ",
        "issuer_name": "PHÒNG KINH TẾ",
        "issuer_code": "KT",
        "place_name": "Điện Biên Phủ",
        "signer_capacity": "TRƯỞNG PHÒNG",
        "signer_name": "Quàng Thị Hoa (minh họa)",
    }
    local_office, _ = Office.objects.update_or_create(
        name="Phòng Kinh tế phường Điện Biên Phủ",
        defaults=ward_letterhead,
        create_defaults={
            "kind": OfficeKind.LOCAL,
            "unit": capital,
            "phone": "0209.3.811.200",
            "contact_name": person(rng),
            **ward_letterhead,
        },
    )
    zone, _ = Zone.objects.get_or_create(
        name="Cụm công nghiệp Noong Bua (minh họa)",
        defaults={"kind": ZoneKind.INDUSTRIAL_CLUSTER, "unit": capital},
    )

    logins = []
    admin = _user(
        "admin",
        role=Role.ADMIN,
        password_hash=password_hash,
        is_staff=True,
        is_superuser=True,
        first_name="Quản trị",
        last_name="viên",
    )
    logins.append((admin.username, DEMO_PASSWORD, "Quản trị hệ thống: nhập tài khoản, bộ câu hỏi, đơn vị"))
    _user("bo.congthuong", role=Role.MINISTRY, password_hash=password_hash, first_name="Cục Công nghiệp")
    logins.append(("bo.congthuong", DEMO_PASSWORD, "Bộ Công Thương: toàn quốc"))
    _user(
        "so.dienbien",
        role=Role.PROVINCE,
        unit=province,
        office=department,
        password_hash=password_hash,
        first_name="Sở Công Thương",
        last_name="Điện Biên",
    )
    logins.append(("so.dienbien", DEMO_PASSWORD, "Sở Công Thương Điện Biên: cả tỉnh"))
    _user(
        "so.qlcn",
        role=Role.PROVINCE,
        unit=province,
        sectors=[Sector.INDUSTRY],
        office=offices[Sector.INDUSTRY],
        password_hash=password_hash,
        first_name="Phòng",
        last_name="Quản lý công nghiệp",
    )
    logins.append(("so.qlcn", DEMO_PASSWORD, "Phòng Quản lý công nghiệp: cả tỉnh, chỉ lĩnh vực công nghiệp"))
    _user(
        "pkt.dienbienphu",
        role=Role.LOCAL_OFFICE,
        unit=capital,
        office=local_office,
        password_hash=password_hash,
        first_name="Phòng Kinh tế",
        last_name="phường Điện Biên Phủ",
    )
    logins.append(("pkt.dienbienphu", DEMO_PASSWORD, "Phòng Kinh tế phường Điện Biên Phủ: một phường"))
    board = _user(
        "bql.noongbua", role=Role.ZONE_BOARD, password_hash=password_hash, first_name="Ban quản lý CCN"
    )
    board.zones.add(zone)
    logins.append(("bql.noongbua", DEMO_PASSWORD, "Ban quản lý cụm công nghiệp: các cơ sở trong cụm"))

    for n in range(FACILITY_COUNT):
        tax_code = f"56{n:08d}"
        if Facility.objects.filter(tax_code=tax_code).exists():
            continue
        commune = capital if n < 40 else rng.choice(communes)
        kind = rng.choices(list(FacilityType), weights=[50, 15, 5, 3, 20, 7])[0]
        sector = {FacilityType.FACTORY: Sector.INDUSTRY, FacilityType.OTHER: Sector.ENERGY}.get(
            kind, Sector.TRADE
        )
        word = rng.choice(COMPANY_WORDS)
        name = {
            FacilityType.FACTORY: f"Công ty TNHH {rng.choice(PRODUCTS)} {word}",
            FacilityType.MARKET: f"Chợ {short(commune.name)}",
            FacilityType.SUPERMARKET: f"Siêu thị {word}",
            FacilityType.MALL: f"Trung tâm thương mại {word}",
            FacilityType.RESTAURANT: f"Nhà hàng {word} {short(commune.name)}",
            FacilityType.OTHER: f"Trạm biến áp {short(commune.name)} {n}",
        }[kind]
        hub = HUBS[0] if commune == capital else HUBS[int(commune.code) % len(HUBS)]
        facility = Facility.objects.create(
            name=name[0].upper() + name[1:],
            tax_code=tax_code,
            address=f"Số {rng.randint(1, 300)}, {commune.name}, tỉnh Điện Biên",
            unit=commune,
            sector=sector,
            facility_type=kind,
            zone=zone if commune == capital and kind == FacilityType.FACTORY and n % 2 else None,
            workers=rng.choice([12, 35, 80, 150, 320, 600]),
            has_dormitory=kind == FacilityType.FACTORY and rng.random() < 0.3,
            latitude=round(hub[0] + rng.uniform(-0.06, 0.06), 6),
            longitude=round(hub[1] + rng.uniform(-0.06, 0.06), 6),
            contact_name=person(rng),
            contact_phone=phone(rng),
        )
        if rng.random() < 0.12:
            continue  # no account yet: the local office still has to request one
        user = User.objects.create(username=f"cs{tax_code}", role=Role.FACILITY, password=password_hash)
        issued = now - timedelta(days=rng.randint(20, 120))
        facility.issue_account(user, when=issued)
        if rng.random() < 0.15:
            continue  # issued, never assessed
        signed = now - timedelta(days=rng.uniform(0, 24), hours=rng.randint(0, 23))
        signed = max(signed, issued + timedelta(days=1))  # nobody signs before having an account
        level = rng.choices([Level.GREEN, Level.YELLOW, Level.RED], weights=[70, 20, 10])[0]
        facility.record_signed(level, signed)

    # Two facilities with memorable logins.
    shown = Facility.objects.filter(unit=capital, user__isnull=False).order_by("tax_code")[:2]
    for facility, username, note, must_change in (
        (shown[0], "coso.demo", "Cơ sở: tự đánh giá, ký xác nhận; có yêu cầu khắc phục đang chờ", False),
        (shown[1], "coso.moi", "Cơ sở mới được cấp tài khoản: phải đổi mật khẩu", True),
    ):
        if facility.user.username != username and not User.objects.filter(username=username).exists():
            facility.user.username = username
            facility.user.must_change_password = must_change
            facility.user.save(update_fields=["username", "must_change_password"])
            if must_change:
                _fresh(facility, now)
        logins.append((username, DEMO_PASSWORD, note))
    return logins
