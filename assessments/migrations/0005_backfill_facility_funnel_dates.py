"""Backfill the start-up funnel's dates from what was recorded before they existed. Set-based
(one UPDATE per date), and only where the date is still empty, so running after the steps have
started writing them changes nothing they wrote.

- first_started_at, first_signed_at: the facility's first self-assessment begun, and its first
  signed self-assessment of a required checklist (the same rule assessment_sign follows).
- first_login_at: Django keeps only the last login, so the earliest of that and the first
  assessment begun (a facility logs in before it starts one).
- password_changed_at: a facility that logged in and no longer has to change its password has
  chosen one; when is unknown, and the forced change follows the first login, so that date.
- letter_downloaded_at: the import's letters the admin downloaded (by no office).
"""

from django.db import migrations
from django.db.models import F, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce, Least


def backfill(apps, schema_editor):
    Facility = apps.get_model("accounts", "Facility")
    Assessment = apps.get_model("assessments", "Assessment")
    ImportRow = apps.get_model("accounts", "ImportRow")
    User = apps.get_model("accounts", "User")

    def first(queryset, field):
        return Subquery(
            queryset.filter(facility=OuterRef("pk"))
            .order_by()
            .values("facility")
            .annotate(at=Min(field))
            .values("at")[:1]
        )

    # The facility's own assessments: an officer's inspection is not its step.
    own = Assessment.objects.filter(kind="self")
    started = first(own, "created_at")
    signed = first(own.filter(status="signed", template__required=True), "signed_at")
    Facility.objects.filter(first_started_at__isnull=True).update(first_started_at=started)
    Facility.objects.filter(first_signed_at__isnull=True).update(first_signed_at=signed)
    # Django keeps the last login only; a facility that began an assessment had logged in by
    # then. Least is NULL on SQLite when either side is: each side falls back to the other.
    last_login = Subquery(User.objects.filter(pk=OuterRef("user_id")).values("last_login")[:1])
    Facility.objects.filter(first_login_at__isnull=True, user__isnull=False).update(
        first_login_at=Least(
            Coalesce(last_login, F("first_started_at")), Coalesce(F("first_started_at"), last_login)
        )
    )
    Facility.objects.filter(
        password_changed_at__isnull=True, first_login_at__isnull=False, user__must_change_password=False
    ).exclude(user__password__startswith="lookup_sha256$").update(password_changed_at=F("first_login_at"))
    downloaded = (
        ImportRow.objects.filter(
            facility=OuterRef("pk"), status="created", job__letters_downloaded_at__isnull=False
        )
        .order_by("job__letters_downloaded_at")
        .values("job__letters_downloaded_at")[:1]
    )
    Facility.objects.filter(letter_downloaded_at__isnull=True, account_issued_at__isnull=False).update(
        letter_downloaded_at=Subquery(downloaded)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0014_facility_funnel_indexes"),
        ("assessments", "0004_corrective_requests"),
        ("checklists", "0002_template_required"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
