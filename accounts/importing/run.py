"""The worker side of the bulk import: run a confirmed job in committed chunks, wipe the initial
secrets. Only the Celery tasks (``accounts.importing.tasks``) and the command call these."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..choices import Role
from ..models import Facility, ImportJob, ImportRow, User
from ..signals import import_done
from ..text import fold
from .hashing import PasswordHasherPool
from .sealing import Sealer, new_secret
from .validation import plan_rows

log = logging.getLogger(__name__)

FACILITY_FIELDS = (
    "name",
    "tax_code",
    "address",
    "unit_id",
    "sector",
    "facility_type",
    "zone_id",
    "latitude",
    "longitude",
    "contact_name",
    "contact_phone",
    "email",
)
NULLABLE = ("latitude", "longitude", "zone_id")
KEEP_WHEN_BLANK = ("address", "zone_id", "latitude", "longitude", "contact_name", "contact_phone", "email")


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Process every pending row in committed chunks. Safe to run again after a crash, or twice at
    once: each chunk locks its rows, and a row that is done is never redone."""
    now = timezone.now()
    claimed = ImportJob.objects.filter(
        pk=job_id, status__in=[ImportJob.Status.QUEUED, ImportJob.Status.RUNNING, ImportJob.Status.FAILED]
    ).update(
        status=ImportJob.Status.RUNNING,
        started_at=Coalesce("started_at", now),
        run_started_at=now,
        run_rows_start=F("rows_done"),
        heartbeat_at=now,
        failure="",
    )
    if not claimed:
        return None
    job = ImportJob.objects.get(pk=job_id)
    try:
        with PasswordHasherPool() as pool:
            while import_job_process_chunk(job=job, pool=pool):
                pass
    except Exception as e:
        ImportJob.objects.filter(pk=job_id).update(status=ImportJob.Status.FAILED, failure=repr(e)[:2000])
        raise
    finished = timezone.now()
    done = (
        ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.RUNNING)
        .exclude(rows__status=ImportRow.Status.VALID)
        .update(status=ImportJob.Status.DONE, finished_at=finished, heartbeat_at=finished)
    )
    if done:  # committed: the run is not in a transaction, each chunk commits its own
        import_done.send(sender=ImportJob, job_id=job_id)
    job.refresh_from_db()
    return job


def import_job_process_chunk(*, job: ImportJob, pool: PasswordHasherPool | None = None) -> bool:
    """Write one chunk of pending rows and mark them done, in one transaction; False when
    nothing is left."""
    pool = pool or PasswordHasherPool(workers=1)
    with transaction.atomic():
        pending = ImportRow.objects.filter(job=job, status=ImportRow.Status.VALID).order_by("number")
        if connection.features.has_select_for_update_skip_locked:
            pending = pending.select_for_update(skip_locked=True, of=("self",))
        rows = list(pending[: settings.IMPORT_CHUNK_SIZE])
        if not rows:
            return False
        counts = _write_rows(job, rows, pool)
        ImportRow.objects.bulk_update(rows, ["status", "errors", "facility", "sealed_secret", "data"])
        ImportJob.objects.filter(pk=job.pk).update(
            rows_done=F("rows_done") + len(rows),
            created_count=F("created_count") + counts["created"],
            updated_count=F("updated_count") + counts["updated"],
            rejected_count=F("rejected_count") + counts["rejected"],
            heartbeat_at=timezone.now(),
        )
    return True


def _reject(row: ImportRow, message: str):
    row.status = ImportRow.Status.REJECTED
    row.errors = [*row.errors, {"column": "", "message": message}]
    row.sealed_secret = ""


def _write_rows(job: ImportJob, rows: list[ImportRow], pool: PasswordHasherPool) -> dict[str, int]:
    # Re-plan against the database as it is now: it may have changed since the preview.
    plan_rows(rows)
    counts = {"created": 0, "updated": 0, "rejected": 0}
    live = [r for r in rows if r.status == ImportRow.Status.VALID]
    for row in rows:
        if row.status != ImportRow.Status.VALID:
            _reject(row, row.errors[-1]["message"] if row.errors else "")
            counts["rejected"] += 1
    users = {
        u.username: u
        for u in User.objects.filter(username__in={r.data["username"] for r in live}).select_related(
            "facility"
        )
    }
    by_tax = {}
    for f in Facility.objects.filter(
        tax_code__in={r.data["tax_code"] for r in live if r.data["tax_code"]}
    ).select_related("user"):
        by_tax.setdefault(f.tax_code, []).append(f)
    sealer = Sealer(job.pk)
    plans, claimed = [], set()  # claimed: facilities already matched by a row of this chunk
    for row in live:
        data = row.data
        user = users.get(data["username"])
        facility = getattr(user, "facility", None) if user else None
        candidates = (
            [f for f in by_tax.get(data["tax_code"], []) if f.pk not in claimed] if data["tax_code"] else []
        )
        if facility is None and data["username_generated"] and candidates:
            facility = candidates[0]
            user = facility.user
        if facility is None and not data["username_generated"]:
            # A named account that is new: take over a facility with this tax code that has no
            # account yet, rather than making a second one.
            facility = next((f for f in candidates if f.user_id is None), None)
        if user is None and data["username_generated"] and data["username"] in users:
            # The generated name is taken by someone else: add a number.
            data["username"] = _free_username(data["username"])
        if facility is not None:
            claimed.add(facility.pk)
        plans.append([row, facility, user])
    # New accounts: their secrets, hashed in bulk (in worker processes for supplied passwords).
    new_accounts = [p for p in plans if p[2] is None]
    supplied = [p for p in new_accounts if p[0].data.get("has_password")]
    opened = [sealer.open(p[0].sealed_secret) for p in supplied]
    for plan, password in zip(supplied, opened, strict=True):
        if password is None:
            plan[0].data["has_password"] = False  # expired: fall back to a generated secret
    hashes = iter(pool.hash_all([p for p in opened if p is not None]))
    new_users = []
    for row, _facility, _user in new_accounts:
        if row.data.get("has_password"):
            password = next(hashes)
        else:
            password, row.sealed_secret = new_secret(sealer)
        new_users.append(
            User(
                username=row.data["username"],
                role=Role.FACILITY,
                password=password,
                must_change_password=True,
            )
        )
    User.objects.bulk_create(new_users, batch_size=500)
    for plan, user in zip(new_accounts, new_users, strict=True):
        plan[2] = user
    # Facilities: update the matched ones, create the rest.
    now = timezone.now()
    new_facilities, changed = [], []
    for plan in plans:
        row, facility, user = plan
        if facility is None:
            facility = Facility()
            new_facilities.append(facility)
        dirty = False
        for name in FACILITY_FIELDS:
            value = row.data.get(name)
            if facility.pk and value in (None, "") and name in KEEP_WHEN_BLANK:
                continue  # a blank cell does not erase what is already known
            value = "" if value is None and name not in NULLABLE else value
            if getattr(facility, name) != value:
                setattr(facility, name, value)
                dirty = True
        facility.name_folded = fold(facility.name)
        facility.updated_at = now
        if facility.pk and dirty:
            changed.append(facility)  # the same file imported again writes nothing here
        plan[1] = facility
    Facility.objects.bulk_create(new_facilities, batch_size=500)
    # bulk_update builds one CASE per field; small batches keep PostgreSQL's planner quick.
    Facility.objects.bulk_update(changed, [*FACILITY_FIELDS, "name_folded", "updated_at"], batch_size=100)
    new_ids = {u.pk for u in new_users}
    for row, facility, user in plans:
        if facility.user_id != user.pk:
            facility.issue_account(user, now)
        created = user.pk in new_ids
        row.status = ImportRow.Status.CREATED if created else ImportRow.Status.UPDATED
        row.facility = facility
        if not created:
            row.sealed_secret = ""
        counts["created" if created else "updated"] += 1
    return counts


def _free_username(base: str) -> str:
    taken = set(User.objects.filter(username__startswith=base).values_list("username", flat=True))
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def import_secrets_wipe(*, job: ImportJob | None = None) -> int:
    """Forget initial secrets: of one job (after its letters are downloaded), or of every job
    past IMPORT_SECRETS_TTL_HOURS, and of previews never confirmed."""
    now = timezone.now()
    if job is not None:
        jobs = ImportJob.objects.filter(pk=job.pk)
    else:
        cutoff = now - timedelta(hours=settings.IMPORT_SECRETS_TTL_HOURS)
        jobs = ImportJob.objects.filter(secrets_wiped_at__isnull=True).filter(
            Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, created_at__lt=cutoff)
        )
    ids = list(jobs.values_list("pk", flat=True))
    if job is None:
        # A batch of letters reissued later keeps its secrets for its own TTL (its expires_at).
        ImportRow.objects.filter(letter_batch__expires_at__lte=now).exclude(sealed_secret="").update(
            sealed_secret=""
        )
    if not ids:
        return 0
    rows = ImportRow.objects.filter(job_id__in=ids).exclude(sealed_secret="")
    if job is None:
        rows = rows.exclude(letter_batch__expires_at__gt=now)
    rows.update(sealed_secret="")
    ImportJob.objects.filter(pk__in=ids, status=ImportJob.Status.PREVIEW).update(
        status=ImportJob.Status.CANCELLED
    )
    return ImportJob.objects.filter(pk__in=ids).update(secrets_wiped_at=now)
