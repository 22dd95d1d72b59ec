"""SafeMap's accounts: administrative units and zones, offices, users and facilities (with the
business rules about a facility's state), account requests and bulk-import jobs. One module a
concept; everything is importable from ``accounts.models``."""

from .account_requests import AccountRequest, tax_code_validator
from .activity import Action, Activity, ActivityLogIsAppendOnly
from .facilities import (
    FUNNEL_FIELDS,
    FUNNEL_SINCE,
    Facility,
    FacilityQuerySet,
    colour_case,
    days_overdue_expression,
    funnel_reached_q,
    funnel_since_case,
    funnel_stage_case,
    funnel_stage_q,
    never_assessed_q,
    not_suspended_q,
    overdue_cutoff,
    overdue_from,
    overdue_from_due,
    overdue_q,
    unsafe_q,
)
from .imports import ImportJob, ImportRow
from .letters import ImportLetterBatch
from .offices import Office
from .suspensions import Decision, DecisionKind
from .units import LAT_RANGE, LNG_RANGE, AdminUnit, Zone, grace, period
from .users import IS_OFFICER, User

__all__ = [
    "FUNNEL_FIELDS",
    "FUNNEL_SINCE",
    "IS_OFFICER",
    "LAT_RANGE",
    "LNG_RANGE",
    "AccountRequest",
    "Action",
    "Activity",
    "ActivityLogIsAppendOnly",
    "AdminUnit",
    "Decision",
    "DecisionKind",
    "Facility",
    "FacilityQuerySet",
    "ImportJob",
    "ImportLetterBatch",
    "ImportRow",
    "Office",
    "User",
    "Zone",
    "colour_case",
    "not_suspended_q",
    "days_overdue_expression",
    "funnel_reached_q",
    "funnel_since_case",
    "funnel_stage_case",
    "funnel_stage_q",
    "grace",
    "never_assessed_q",
    "overdue_cutoff",
    "overdue_from",
    "overdue_from_due",
    "overdue_q",
    "period",
    "tax_code_validator",
    "unsafe_q",
]
