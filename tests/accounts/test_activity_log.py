"""The Nhật ký is append-only: the model, its queryset, the admin and PostgreSQL refuse to
change or delete a row; officers read only their scope's rows."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from accounts.activity import activities_visible_to, activity_record
from accounts.models import Action, Activity, ActivityLogIsAppendOnly
from tests.factories import FacilityFactory, UserFactory
from tests.factories.reports import officer


@pytest.fixture
def entry(facility_a):
    actor = officer(facility_a.unit)
    return activity_record(
        actor=actor,
        action=Action.FACILITY_EDITED,
        facility=facility_a,
        target=facility_a,
        summary="Sửa số người lao động",
        changes={"số người lao động": [10, 25]},
    )


def test_recorded_entry_keeps_who_what_and_old_and_new_values(entry, facility_a):
    stored = Activity.objects.get(pk=entry.pk)
    assert stored.actor is not None and stored.facility == facility_a
    assert stored.changes == {"số người lao động": ["10", "25"]}
    assert stored.target == facility_a
    assert stored.get_action_display() == "Sửa thông tin cơ sở"


def test_model_refuses_to_change_or_delete_an_entry(entry):
    entry.summary = "sửa lại"
    with pytest.raises(ActivityLogIsAppendOnly):
        entry.save()
    with pytest.raises(ActivityLogIsAppendOnly):
        entry.delete()
    with pytest.raises(ActivityLogIsAppendOnly):
        Activity.objects.filter(pk=entry.pk).update(summary="x")
    with pytest.raises(ActivityLogIsAppendOnly):
        Activity.objects.all().delete()
    assert Activity.objects.get(pk=entry.pk).summary == "Sửa số người lao động"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_database_refuses_raw_update_and_delete(entry):
    for sql in ("UPDATE accounts_activity SET summary = 'x'", "DELETE FROM accounts_activity"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert Activity.objects.get(pk=entry.pk).summary == "Sửa số người lao động"


def test_admin_shows_the_log_but_refuses_add_change_and_delete(client, entry):
    admin = UserFactory(role="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    listing = client.get(reverse("admin:accounts_activity_changelist"))
    assert listing.status_code == 200
    assert "Sửa số người lao động" in listing.content.decode()
    assert client.get(reverse("admin:accounts_activity_add")).status_code == 403
    change_url = reverse("admin:accounts_activity_change", args=[entry.pk])
    # Readable (view permission), but a POST does not change it.
    assert client.get(change_url).status_code == 200
    client.post(change_url, {"summary": "đã sửa"})
    assert (
        client.post(reverse("admin:accounts_activity_delete", args=[entry.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert Activity.objects.get(pk=entry.pk).summary == "Sửa số người lao động"


def test_officers_read_only_their_scopes_entries(entry, facility_a, commune_b):
    other = FacilityFactory(unit=commune_b)
    activity_record(actor=None, action=Action.FACILITY_EDITED, facility=other, summary="ngoài phạm vi")
    mine = activities_visible_to(officer(facility_a.unit))
    assert list(mine.values_list("summary", flat=True)) == ["Sửa số người lao động"]
    assert not activities_visible_to(facility_a.user or UserFactory()).exists()
