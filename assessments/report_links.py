"""Each report (a signed self-assessment of a required checklist) remembers when its
facility last reported before it, and last reported on time.

The dashboard counts facilities that reported in each of several periods over a million and
a half reports. Counted as distinct facilities, PostgreSQL sorts every row of them; counted as
reports whose facility had not reported since the period began ("the first in the period"),
it is one pass with plain filtered counts. The links are rebuilt from the reports themselves
for the facilities concerned whenever a report is signed (in the signing transaction, under
the facility's lock), so their order never depends on the order rows were written."""

from django.db import connection

from checklists.models import Template

from .models import Assessment, AssessmentKind, Status


def relink_reports(facility_ids=None) -> None:
    """Set ``previous_report_at`` and ``previous_on_time_report_at`` on the reports of
    ``facility_ids`` (every facility when None) from their reports in signing order."""
    table = connection.ops.quote_name(Assessment._meta.db_table)
    templates = connection.ops.quote_name(Template._meta.db_table)
    scope, params = "", [Status.SIGNED.value, AssessmentKind.SELF.value]
    if facility_ids is not None:
        facility_ids = list(facility_ids)
        if not facility_ids:
            return
        scope = f"AND a.facility_id IN ({', '.join(['%s'] * len(facility_ids))})"
        params += facility_ids
    order = "PARTITION BY a.facility_id ORDER BY a.signed_at, a.id"
    with connection.cursor() as cursor:
        # Only quoted table names and placeholders are put in the text.
        cursor.execute(
            f"""
            UPDATE {table} SET previous_report_at = s.prev, previous_on_time_report_at = s.prev_on_time
            FROM (
                SELECT a.id,
                       LAG(a.signed_at) OVER ({order}) AS prev,
                       MAX(CASE WHEN a.on_time THEN a.signed_at END)
                           OVER ({order} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_on_time
                FROM {table} a JOIN {templates} t ON t.id = a.template_id
                WHERE a.status = %s AND a.kind = %s AND t.required {scope}
            ) s
            WHERE {table}.id = s.id
            """,  # noqa: S608
            params,
        )
