"""Follow-up messages in the inbox reach only users whose scope holds the facility."""

from django.urls import reverse

from reports.models import NotificationKind
from reports.notifications import notify, unread_count
from tests.factories.reports import officer


def test_message_reaches_only_officers_in_scope_and_links_from_the_inbox(client, facility_a, commune_b):
    mine, other = officer(facility_a.unit), officer(commune_b)
    sent = notify(
        [mine, other],
        kind=NotificationKind.NEXT_STEP,
        message="Đến hẹn gọi lại cơ sở",
        url="/quan-ly/co-so/1/",
        facility=facility_a,
    )
    assert sent == 1
    assert unread_count(mine) == 1 and unread_count(other) == 0
    client.force_login(mine)
    page = client.get(reverse("reports:inbox")).content.decode()
    assert "Đến hẹn gọi lại cơ sở" in page and 'href="/quan-ly/co-so/1/"' in page
