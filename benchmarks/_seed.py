"""Shared set-up for the benchmarks: a PostgreSQL database of its own, migrated, holding
300,000 facilities loaded with COPY.

One province, 4 districts of 25 communes, 3,000 facilities per commune; ids follow communes
(as an import would), and exactly one facility in three is overdue (100,000)."""

import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/safemap_bench4"
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DEBUG", "True")
os.environ.setdefault("MAP_TILE_URL", "")
os.environ.setdefault("DATA_DIR", str(ROOT / "var" / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safemap.settings")

FACILITIES = 300_000
DISTRICTS, COMMUNES, PER_COMMUNE = 4, 25, 3_000
PROVINCE_CODE = "B4"


def ensure_database():
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(os.environ["DATABASE_URL"])
    if cfg["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("The benchmarks need PostgreSQL: set DATABASE_URL=postgres://…")
    admin = psycopg.connect(
        host=cfg["HOST"],
        port=cfg["PORT"] or 5432,
        user=cfg["USER"],
        password=cfg["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    with admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone():
            admin.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


def setup(migrate=True):
    import django

    if migrate:
        ensure_database()
    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def seed(stdout=print):
    """Load the facilities once; later runs reuse them."""
    from django.db import connection
    from django.utils import timezone

    from accounts.models import AdminUnit, Facility, grace, period
    from accounts.text import fold

    province, _ = AdminUnit.objects.get_or_create(
        source="gso", code=PROVINCE_CODE, defaults={"name": "Tỉnh Thử Tải", "kind": "province"}
    )
    have = Facility.objects.filter(unit__path__startswith=province.path).count()
    if have == FACILITIES:
        return province
    started = time.perf_counter()
    Facility.objects.filter(unit__path__startswith=province.path).delete()
    rng = random.Random(4)
    communes = []
    for d in range(DISTRICTS):
        district, _ = AdminUnit.objects.get_or_create(
            source="gso",
            code=f"{PROVINCE_CODE}{d}",
            defaults={"name": f"Huyện Thử {d}", "kind": "district", "parent": province},
        )
        for c in range(COMMUNES):
            commune, _ = AdminUnit.objects.get_or_create(
                source="gso",
                code=f"{PROVINCE_CODE}{d}{c:02d}",
                defaults={"name": f"Xã Thử {d}-{c}", "kind": "commune", "parent": district},
            )
            communes.append(commune)
    now = timezone.now()
    late = period() + grace() + timedelta(days=3)
    columns = (
        "name",
        "name_folded",
        "tax_code",
        "address",
        "unit_id",
        "sector",
        "facility_type",
        "workers",
        "has_dormitory",
        "latitude",
        "longitude",
        "contact_name",
        "contact_phone",
        "email",
        "is_active",
        "level",
        "last_signed_at",
        "due_at",
        "created_at",
        "updated_at",
    )
    n = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor, for COPY
        with raw.copy(f"COPY accounts_facility ({', '.join(columns)}) FROM STDIN") as copy:
            for commune in communes:
                # Communes spread over northern Vietnam; facilities within ~10 km of the centre.
                hub_lat, hub_lng = rng.uniform(20.5, 22.8), rng.uniform(102.8, 106.5)
                for _ in range(PER_COMMUNE):
                    n += 1
                    name = f"Công ty TNHH Thử Tải số {n}"
                    if n % 3 == 0:
                        signed = now - late - timedelta(days=rng.uniform(0, 30))
                    else:
                        signed = now - timedelta(days=rng.uniform(0, 13))
                    level = rng.choices(["green", "yellow", "red"], weights=[70, 20, 10])[0]
                    copy.write_row(
                        (
                            name,
                            fold(name),
                            f"{n:010d}",
                            f"Số {n % 500}, {commune.name}",
                            commune.pk,
                            "industry",
                            "factory",
                            rng.choice([12, 35, 80, 150]),
                            False,
                            round(hub_lat + rng.uniform(-0.09, 0.09), 6),
                            round(hub_lng + rng.uniform(-0.09, 0.09), 6),
                            "Nguyễn Văn A",
                            f"0209{n % 1000000:06d}",
                            "",
                            True,
                            level,
                            signed,
                            signed + period(),
                            now,
                            now,
                        )
                    )
        cursor.execute("ANALYZE accounts_facility")
    stdout(f"seeded {n:,} facilities with COPY in {time.perf_counter() - started:.1f} s")
    return province


def seed_assessments(periods=6):
    """Six periods of signatures: in each, 85 % of the facilities sign, 80 % of those on time."""
    from django.db import connection
    from django.utils import timezone

    from accounts.models import period
    from checklists.demo import load_seed_templates
    from checklists.models import Template

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM assessments_assessment WHERE status = 'signed'")
        if cursor.fetchone()[0]:
            return
    load_seed_templates()
    template = Template.objects.get(slug="noi-lam-viec")
    version = template.published_version()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO assessments_assessment (facility_id, template_id, version_id, status, created_at,
                updated_at, completed_at, score, level, band, signed_at, on_time, signer_name, signer_position,
                signature, signature_sha256, digest, kind)
            SELECT f.id, %(template)s, %(version)s, 'signed', t.at, t.at, t.at, 100, 'green', '', t.at,
                   random() < 0.8, 'Người ký', 'Giám đốc', '', '', '', 'self'
            FROM accounts_facility f
            CROSS JOIN generate_series(0, %(periods)s - 1) k
            CROSS JOIN LATERAL (SELECT %(now)s - (k * %(period)s) - random() * %(period)s AS at) t
            WHERE random() < 0.85
            """,
            {
                "template": template.pk,
                "version": version.pk,
                "periods": periods,
                "now": timezone.now(),
                "period": period(),
            },
        )
        cursor.execute("UPDATE accounts_facility SET account_issued_at = now() - interval '120 days'")
        cursor.execute("VACUUM ANALYZE")
    print(f"seeded signed assessments in {time.perf_counter() - started:.1f} s")


def seed_funnel():
    """The start-up funnel's dates, in one UPDATE: 3 % never issued an account, then 5 % waiting
    for their letter, 6 % not logged in, 4 % without their own password, 7 % not started, 8 %
    started and not signed, and the rest signed; each step some days after the one before."""
    from django.db import connection
    from django.utils import timezone

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM accounts_facility WHERE first_login_at IS NOT NULL LIMIT 1")
        if cursor.fetchone():
            return
        started = time.perf_counter()
        cursor.execute(
            """
            UPDATE accounts_facility f SET
                account_issued_at = CASE WHEN s.r >= 0.03 THEN s.issued END,
                letter_downloaded_at = CASE WHEN s.r >= 0.08 THEN s.letter END,
                first_login_at = CASE WHEN s.r >= 0.14 THEN s.login END,
                password_changed_at = CASE WHEN s.r >= 0.18 THEN s.login + interval '3 minutes' END,
                first_started_at = CASE WHEN s.r >= 0.25 THEN s.start END,
                first_signed_at = CASE WHEN s.r >= 0.33 THEN s.start + s.d4 * interval '10 days' END
            FROM (
                SELECT id, r, issued, letter, login, login + d3 * interval '20 days' AS start, d4
                FROM (
                    SELECT id, r, issued, letter, letter + d2 * interval '15 days' AS login, d3, d4
                    FROM (
                        SELECT id, r, issued, issued + d1 * interval '20 days' AS letter, d2, d3, d4
                        FROM (
                            SELECT id, random() AS r, %(now)s - interval '120 days'
                                       - random() * interval '60 days' AS issued,
                                   random() AS d1, random() AS d2, random() AS d3, random() AS d4
                            FROM accounts_facility
                        ) a
                    ) b
                ) c
            ) s
            WHERE f.id = s.id
            """,
            {"now": timezone.now()},
        )
        cursor.execute("VACUUM ANALYZE accounts_facility")
    print(f"seeded the funnel's dates in {time.perf_counter() - started:.1f} s")
