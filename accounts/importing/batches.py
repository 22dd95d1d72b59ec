"""Credential letters by office (accounts.models.ImportLetterBatch): split an import at confirm
time, let each holder download its own batch once, reissue a batch never downloaded. Who may see,
download or reissue a batch is decided here, and only here."""

from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ..activity import activity_record
from ..choices import OfficeKind, Role
from ..models import Action, AdminUnit, Facility, ImportJob, ImportLetterBatch, ImportRow, Office, User
from .letters import build_letters
from .sealing import Sealer, new_secret

CHUNK = 500  # ids per UPDATE … WHERE id IN (…): SQLite caps the parameters of one statement


# Access: one helper per question, each built on the user's role and unit or zones.


def can_manage_all_letters(user) -> bool:
    """The admins who run imports (the import pages' rule)."""
    return user.is_authenticated and user.is_staff and user.has_perm("accounts.add_importjob")


def letter_batches_visible_to(user):
    """Batches whose status the user may see: all for the admins and the ministry; the batches of
    its province for a Sở officer; its own for a local office (its unit) or a zone board (its
    zones); none for anyone else."""
    q = ImportLetterBatch.objects.select_related("job", "unit", "zone", "office", "downloaded_by")
    if not (user.is_authenticated and user.is_active and user.is_officer):
        return q.none()
    if user.is_national or can_manage_all_letters(user):
        return q
    if user.role == Role.PROVINCE and user.unit_id:
        path = user.unit.path
        return q.filter(Q(unit__path__startswith=path) | Q(zone__unit__path__startswith=path))
    return letter_batches_held_by(user)


def letter_batches_held_by(user):
    """Batches the user hands out, so may download: its unit's for a local office, its zones' for
    a zone board, those no office holds for the admins."""
    q = ImportLetterBatch.objects.select_related("job", "unit", "zone", "office")
    if not (user.is_authenticated and user.is_active):
        return q.none()
    if user.role == Role.LOCAL_OFFICE and user.unit_id:
        return q.filter(unit_id=user.unit_id)
    if user.role == Role.ZONE_BOARD:
        return q.filter(zone__in=user.zones.all())
    if can_manage_all_letters(user):
        return q.filter(unit__isnull=True, zone__isnull=True)
    return q.none()


def letter_batches_reissuable_by(user):
    """The admins reissue any batch, a Sở officer those of its province."""
    if can_manage_all_letters(user):
        return letter_batches_visible_to(user)
    if user.is_authenticated and user.role == Role.PROVINCE:
        return letter_batches_visible_to(user)
    return ImportLetterBatch.objects.none()


def get_letter_batch_to_download(user, pk) -> ImportLetterBatch:
    """The batch if the user holds it, else 404 (the same answer as a missing one)."""
    return get_object_or_404(letter_batches_held_by(user), pk=pk)


def get_letter_batch_to_reissue(user, pk) -> ImportLetterBatch:
    """With ``size`` (the letters it holds), for the confirmation page."""
    return get_object_or_404(letter_batches_reissuable_by(user).with_size(), pk=pk)


# The split, at confirm time.


class Holders:
    """Who hands out letters today: the units of the active local offices and the zones of the
    active zone boards, with the Office each stands for (written on the facility at download)."""

    def __init__(self):
        officers = User.objects.filter(is_active=True)
        self.unit_offices: dict[int, int | None] = {}
        for unit_id, office_id in officers.filter(role=Role.LOCAL_OFFICE, unit__isnull=False).values_list(
            "unit_id", "office_id"
        ):
            if self.unit_offices.get(unit_id) is None:
                self.unit_offices[unit_id] = office_id
        self.zone_offices: dict[int, int | None] = {}
        for zone_id, office_id in officers.filter(role=Role.ZONE_BOARD, zones__isnull=False).values_list(
            "zones", "office_id"
        ):
            if self.zone_offices.get(zone_id) is None:
                self.zone_offices[zone_id] = office_id
        self.unit_paths = dict(AdminUnit.objects.filter(pk__in=self.unit_offices).values_list("path", "pk"))

    def of(self, unit_path: str | None, zone_id: int | None) -> tuple[str, int | None]:
        """("zone", id) when a zone board holds the zone; else ("unit", id) for the nearest local
        office at or above the unit (a commune's own office before the district's); else
        ("admin", None)."""
        if zone_id in self.zone_offices:
            return "zone", zone_id
        if unit_path:
            parts = unit_path.strip("/").split("/")
            for i in range(len(parts), 1, -1):
                unit_id = self.unit_paths.get("/" + "/".join(parts[:i]) + "/")
                if unit_id is not None:
                    return "unit", unit_id
        return "admin", None

    def office_for(self, kind: str, holder_id: int | None) -> int | None:
        if kind == "unit":
            office = self.unit_offices.get(holder_id)
            return (
                office
                or Office.objects.filter(kind=OfficeKind.LOCAL, unit_id=holder_id)
                .values_list("pk", flat=True)
                .first()
            )
        if kind == "zone":
            return self.zone_offices.get(holder_id)
        return None


def letter_batches_plan(*, job: ImportJob) -> list[ImportLetterBatch]:
    """Give every valid row of a job being confirmed to the office that will hand out its letter.
    Called in the confirming transaction: the split is what the offices were at that moment."""
    rows = list(ImportRow.objects.filter(job=job, status=ImportRow.Status.VALID).values_list("pk", "data"))
    unit_ids = {data.get("unit_id") for _pk, data in rows if data.get("unit_id")}
    paths = dict(AdminUnit.objects.filter(pk__in=unit_ids).values_list("pk", "path"))
    holders = Holders()
    groups = defaultdict(list)
    for pk, data in rows:
        groups[holders.of(paths.get(data.get("unit_id")), data.get("zone_id"))].append(pk)
    batches = []
    for (kind, holder_id), pks in sorted(groups.items(), key=lambda g: (g[0][0], g[0][1] or 0)):
        batch = ImportLetterBatch.objects.create(
            job=job,
            unit_id=holder_id if kind == "unit" else None,
            zone_id=holder_id if kind == "zone" else None,
            office_id=holders.office_for(kind, holder_id),
        )
        for i in range(0, len(pks), CHUNK):
            ImportRow.objects.filter(pk__in=pks[i : i + CHUNK]).update(letter_batch=batch)
        batches.append(batch)
    return batches


def admins_batch(job: ImportJob) -> ImportLetterBatch | None:
    """The batch the admins download on the import page. A job confirmed before letters went by
    office has none: its rows become one, as the whole import was then."""
    batch = job.letter_batches.current().filter(unit__isnull=True, zone__isnull=True).first()
    if batch is None and not job.letter_batches.exists():
        batch = ImportLetterBatch.objects.create(job=job, created_at=job.confirmed_at or job.created_at)
        ImportRow.objects.filter(job=job).update(letter_batch=batch)
    return batch


# Download and reissue.


def letter_batch_take(*, batch: ImportLetterBatch, by=None, progress=None) -> tuple[bytes, int] | None:
    """The ZIP of one batch's letters, once: its secrets are wiped in the same transaction, so a
    second request (or a second officer of the office) gets None. Each facility records when
    its letter was downloaded and by which office. ``progress(n)``: accounts done so far (the
    background build of a large batch, reports.document_jobs)."""
    with transaction.atomic():
        locked = (
            ImportLetterBatch.objects.select_for_update(of=("self",)).select_related("job").get(pk=batch.pk)
        )
        if not locked.is_available:
            return None
        rows = ImportRow.objects.filter(letter_batch=locked)
        content, count, facility_ids = build_letters(
            locked.job, rows, office=locked.office or getattr(by, "office", None), progress=progress
        )
        if not count:
            return None
        now = timezone.now()
        rows.exclude(sealed_secret="").update(sealed_secret="")
        locked.downloaded_at, locked.downloaded_by = (
            now,
            by if by is not None and by.is_authenticated else None,
        )
        locked.save(update_fields=["downloaded_at", "downloaded_by"])
        office_id = locked.office_id or getattr(by, "office_id", None)
        for i in range(0, len(facility_ids), CHUNK):
            Facility.objects.filter(
                pk__in=facility_ids[i : i + CHUNK], letter_downloaded_at__isnull=True
            ).update(letter_downloaded_at=now, letter_office_id=office_id)
        job = locked.job
        if locked.held_by_admins:
            ImportJob.objects.filter(pk=job.pk).update(
                letters_downloaded_by=locked.downloaded_by, letters_downloaded_at=now
            )
        if not ImportRow.objects.filter(job=job).exclude(sealed_secret="").exists():
            ImportJob.objects.filter(pk=job.pk, secrets_wiped_at__isnull=True).update(secrets_wiped_at=now)
        activity_record(
            actor=by,
            action=Action.LETTERS_DOWNLOADED,
            target=locked,
            at=now,
            summary=f"Tải {count} thư tài khoản của {locked.holder_label()} (lượt nhập #{job.pk}, {job.file_name})",
        )
    return content, count


def letters_take(*, job: ImportJob, by=None) -> tuple[bytes, int] | None:
    """The admins' letters of an import, once: those of the facilities no local office or zone
    board holds, which is the whole import when no office holds any (the offices download
    theirs from their own page)."""
    with transaction.atomic():
        batch = admins_batch(job)
        return None if batch is None else letter_batch_take(batch=batch, by=by)


def letter_batch_reissue(*, batch: ImportLetterBatch, by) -> ImportLetterBatch | None:
    """Replace a batch never downloaded by a new one: every account in it that still has its
    initial secret gets a new one (the old secret stops working at once), sealed for the new
    batch, which expires IMPORT_SECRETS_TTL_HOURS from now. None when the batch was downloaded
    (its letters are out there) or already replaced."""
    with transaction.atomic():
        locked = (
            ImportLetterBatch.objects.select_for_update(of=("self",)).select_related("job").get(pk=batch.pk)
        )
        if not locked.can_reissue:
            return None
        now = timezone.now()
        new = ImportLetterBatch.objects.create(
            job=locked.job,
            unit=locked.unit,
            zone=locked.zone,
            office=locked.office,
            created_at=now,
            expires_at=now + ImportLetterBatch.reissue_ttl(),
            reissued_from=locked,
            reissued_by=by,
        )
        locked.replaced_at = now
        locked.save(update_fields=["replaced_at"])
        sealer = Sealer(locked.job_id)
        rows = list(ImportRow.objects.filter(letter_batch=locked).select_related("facility__user"))
        users = []
        for row in rows:
            row.letter_batch = new
            user = row.facility.user if row.facility_id else None
            if row.status != ImportRow.Status.CREATED or user is None or not user.must_change_password:
                row.sealed_secret = ""
                continue
            user.password, row.sealed_secret = new_secret(sealer)
            users.append(user)
        ImportRow.objects.bulk_update(rows, ["letter_batch", "sealed_secret"], batch_size=CHUNK)
        User.objects.bulk_update(users, ["password"], batch_size=CHUNK)
        activity_record(
            actor=by,
            action=Action.LETTERS_REISSUED,
            target=new,
            at=now,
            summary=(
                f"Cấp lại {len(users)} thư tài khoản của {new.holder_label()} "
                f"(lượt nhập #{locked.job_id}); mật khẩu ban đầu cũ không còn dùng được"
            ),
        )
    return new


def job_letter_batches(job: ImportJob) -> dict:
    """What the import page shows about its letters: the admins' batch (may they download it
    now?) and each office's, current ones only, with their sizes."""
    batches = list(
        job.letter_batches.current()
        .with_size()
        .select_related("job", "unit", "zone", "office", "downloaded_by", "reissued_from")
        .order_by("unit__path", "zone__name", "pk")
    )
    admins = next((b for b in batches if b.held_by_admins), None)
    if not batches:  # confirmed before letters went by office: the whole import is the admins'
        can_download = job.letters_available
    else:
        can_download = admins is not None and admins.size > 0 and admins.is_available
    return {
        "admins_batch": admins,
        "admins_can_download": can_download,
        "admins_in_background": admins is not None and builds_in_background(admins),
        "office_batches": [b for b in batches if not b.held_by_admins and b.size],
    }


def letter_batches_with_actions(batches, user) -> list[ImportLetterBatch]:
    """Each batch with ``may_download`` and ``may_reissue`` for this user, from the helpers above."""
    batches = list(batches)
    ids = [b.pk for b in batches]
    held = set(letter_batches_held_by(user).filter(pk__in=ids).values_list("pk", flat=True))
    reissuable = set(letter_batches_reissuable_by(user).filter(pk__in=ids).values_list("pk", flat=True))
    for b in batches:
        b.may_download = b.pk in held and b.is_available
        b.may_reissue = b.pk in reissuable and b.can_reissue
        b.in_background = builds_in_background(b)
    return batches


def builds_in_background(batch: ImportLetterBatch) -> bool:
    """A batch of more than LETTERS_SYNC_MAX_ACCOUNTS letters is built by the worker, with the
    exports' progress bar (reports.document_jobs): its PDF alone runs to thousands of pages."""
    size = getattr(batch, "size", None)
    if size is None:
        size = batch.rows.filter(status=ImportRow.Status.CREATED, facility__isnull=False).count()
    return size > settings.LETTERS_SYNC_MAX_ACCOUNTS
