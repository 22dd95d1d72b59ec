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
    from assessments.report_links import relink_reports
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
    relink_reports()
    with connection.cursor() as cursor:
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


def seed_followup(stdout=print):
    """The follow-up loop at scale, set-based (a few INSERT … SELECT): a contact for one flagged
    facility in four, a corrective request for one in ten (a third overdue, a third answered or
    accepted), a signed on-site inspection for one facility in fifty (Facility.inspected_at), a
    Nhật ký row for each of those, and 60 facilities under one Quyết định tạm dừng. Returns the
    facility with a long history (the case file's worst case): the first of the commune the
    benchmarks' commune office covers (its second: its first is the plain facility page), with 300 Nhật ký rows, 60 closed flags and 40 more
    signed assessments."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.utils import timezone

    from accounts.choices import Role
    from accounts.models import Activity, AdminUnit, Decision, Facility, User
    from assessments.corrective import CorrectiveRequest
    from assessments.models import Assessment
    from assessments.report_links import relink_reports
    from reports.models import Contact, Flag

    # The commune office of pages.py: the province's first commune by path.
    commune = (
        AdminUnit.objects.filter(code__startswith=PROVINCE_CODE, kind="commune").order_by("path").first()
    )
    officer, _ = User.objects.get_or_create(
        username="bench.seed", defaults={"role": Role.LOCAL_OFFICE, "unit": commune}
    )
    long = Facility.objects.filter(unit=commune).order_by("pk")[1]
    if Contact.objects.exists():
        return long
    started = time.perf_counter()
    ct = {
        m: ContentType.objects.get_for_model(m).pk for m in (Contact, CorrectiveRequest, Assessment, Decision)
    }
    params = {
        "officer": officer.pk,
        "now": timezone.now(),
        "long": long.pk,
        **{m.__name__: v for m, v in ct.items()},
    }
    with connection.cursor() as cursor:
        sql = [
            # Contacts: one flagged facility in four, within 0–5 days of its flag's opening.
            """INSERT INTO reports_contact (method, person, outcome, next_step_on, created_at, reminded_at,
                   facility_id, officer_id)
               SELECT 'call', 'Giám đốc', 'Hẹn tự đánh giá lại', CASE WHEN f.id %% 3 = 0
                      THEN (%(now)s - interval '2 days')::date END,
                      f.opened_at + random() * interval '5 days', NULL, f.facility_id, %(officer)s
               FROM reports_flag f WHERE f.closed_at IS NULL AND f.facility_id %% 4 = 0""",
            # Corrective requests: one flagged facility in ten; open, overdue, answered, accepted.
            """INSERT INTO assessments_correctiverequest (deadline, due_at, status, created_at, closed_at,
                   assessment_id, created_by_id, facility_id)
               SELECT d::date, d, s, %(now)s - interval '20 days',
                      CASE WHEN s = 'accepted' THEN %(now)s - interval '2 days' END, NULL, %(officer)s, fid
               FROM (SELECT DISTINCT facility_id AS fid FROM reports_flag
                     WHERE closed_at IS NULL AND facility_id %% 10 = 1) x
               CROSS JOIN LATERAL (SELECT CASE fid %% 4 WHEN 0 THEN 'open' WHEN 1 THEN 'open'
                                   WHEN 2 THEN 'answered' ELSE 'accepted' END AS s,
                                   %(now)s + CASE WHEN fid %% 3 = 0 THEN interval '-5 days'
                                   ELSE interval '10 days' END AS d) y""",
            # Inspections: one facility in fifty, signed within the last 120 days, a few discrepancies.
            """INSERT INTO assessments_assessment (facility_id, template_id, version_id, status, created_at,
                   updated_at, completed_at, score, level, band, signed_at, on_time, signer_name,
                   signer_position, signature, signature_sha256, digest, kind, created_by_id,
                   signed_by_id, discrepancy_count)
               SELECT a.facility_id, a.template_id, a.version_id, 'signed', t.at, t.at, t.at, 90, 'green', '',
                      t.at, NULL, 'Cán bộ', 'Chuyên viên', '', '', '', 'inspection', %(officer)s,
                      %(officer)s, CASE WHEN a.facility_id %% 7 = 0 THEN 2 ELSE 0 END
               FROM (SELECT DISTINCT ON (facility_id) facility_id, template_id, version_id
                     FROM assessments_assessment WHERE kind = 'self' AND facility_id %% 50 = 0
                     ORDER BY facility_id, signed_at DESC) a
               CROSS JOIN LATERAL (SELECT %(now)s - random() * interval '120 days' AS at) t""",
            """UPDATE accounts_facility f SET inspected_at = a.at
               FROM (SELECT facility_id, max(signed_at) AS at FROM assessments_assessment
                     WHERE kind = 'inspection' GROUP BY facility_id) a WHERE f.id = a.facility_id""",
            # The Nhật ký rows of all that.
            """INSERT INTO accounts_activity (at, action, summary, changes, object_id, actor_id,
                   content_type_id, facility_id)
               SELECT created_at, 'contact_recorded', 'Gọi điện: Giám đốc', '{}', id, officer_id,
                      %(Contact)s, facility_id FROM reports_contact""",
            """INSERT INTO accounts_activity (at, action, summary, changes, object_id, actor_id,
                   content_type_id, facility_id)
               SELECT created_at, 'request_created', 'Yêu cầu khắc phục', '{}', id, created_by_id,
                      %(CorrectiveRequest)s, facility_id FROM assessments_correctiverequest""",
            """INSERT INTO accounts_activity (at, action, summary, changes, object_id, actor_id,
                   content_type_id, facility_id)
               SELECT signed_at, 'inspection_signed', 'Kiểm tra thực tế', '{}', id, created_by_id,
                      %(Assessment)s, facility_id FROM assessments_assessment WHERE kind = 'inspection'""",
            # One Quyết định tạm dừng for 60 facilities (in every tenth commune's first ones).
            """INSERT INTO accounts_decision (kind, number, date, signer, file, created_at, created_by_id)
               VALUES ('suspend', '12/QĐ-UBND', %(now)s::date, 'Chủ tịch UBND', '', %(now)s, %(officer)s)""",
            """INSERT INTO accounts_decision_facilities (decision_id, facility_id)
               SELECT (SELECT max(id) FROM accounts_decision), id FROM accounts_facility
               WHERE id %% 5000 = 1 LIMIT 60""",
            """UPDATE accounts_facility f SET suspended_at = %(now)s, suspension_id = df.decision_id
               FROM accounts_decision_facilities df WHERE df.facility_id = f.id""",
            """INSERT INTO accounts_activity (at, action, summary, changes, object_id, actor_id,
                   content_type_id, facility_id)
               SELECT %(now)s, 'suspended', 'Quyết định tạm dừng 12/QĐ-UBND', '{}', decision_id,
                      %(officer)s, %(Decision)s, facility_id FROM accounts_decision_facilities""",
            # The long history: 300 contacts (and their Nhật ký rows), 60 closed flags, 40 signatures.
            """INSERT INTO reports_contact (method, person, outcome, next_step_on, created_at, reminded_at,
                   facility_id, officer_id)
               SELECT 'visit', 'Giám đốc', 'Lần ' || k, NULL, %(now)s - k * interval '1 day', NULL,
                      %(long)s, %(officer)s FROM generate_series(1, 300) k""",
            """INSERT INTO accounts_activity (at, action, summary, changes, object_id, actor_id,
                   content_type_id, facility_id)
               SELECT created_at, 'contact_recorded', 'Đến trực tiếp: Giám đốc', '{"Kết quả": ["", "x"]}',
                      id, officer_id, %(Contact)s, facility_id FROM reports_contact
               WHERE facility_id = %(long)s AND method = 'visit'""",
            """INSERT INTO reports_flag (kind, opened_at, closed_at, created_at, facility_id)
               SELECT (ARRAY['overdue','unsafe','request_overdue'])[1 + k %% 3],
                      %(now)s - k * interval '6 days', %(now)s - k * interval '6 days' + interval '2 days',
                      %(now)s - k * interval '6 days', %(long)s FROM generate_series(1, 60) k""",
            """INSERT INTO assessments_assessment (facility_id, template_id, version_id, status, created_at,
                   updated_at, completed_at, score, level, band, signed_at, on_time, signer_name,
                   signer_position, signature, signature_sha256, digest, kind)
               SELECT %(long)s, a.template_id, a.version_id, 'signed', t.at, t.at, t.at, 100, 'green', '',
                      t.at, true, 'Người ký', 'Giám đốc', '', '', '', 'self'
               FROM (SELECT template_id, version_id FROM assessments_assessment WHERE kind = 'self'
                     LIMIT 1) a
               CROSS JOIN LATERAL (SELECT %(now)s - k * interval '20 days' AS at
                                   FROM generate_series(40, 79) k) t""",
        ]
        for statement in sql:
            cursor.execute(statement, params)
    relink_reports([params["long"]])
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    counts = ", ".join(
        f"{m.__name__} {m.objects.count():,}" for m in (Contact, CorrectiveRequest, Activity, Flag)
    )
    stdout(f"seeded the follow-up loop in {time.perf_counter() - started:.1f} s: {counts}")
    return long
