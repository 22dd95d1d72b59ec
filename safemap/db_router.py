"""Reads that may be a few seconds old (map data, exports) go to a PostgreSQL streaming replica
when DATABASE_REPLICA_URL names one; everything else, and every write, uses the primary.

A read path opts in with ``queryset.using(replica_alias())`` (or ``read_on_replica`` to retry
on the primary when the replica fails mid-way). ``replica_alias`` is "default" unless the replica
answers, is in recovery and is at most DATABASE_REPLICA_MAX_LAG_SECONDS behind; that check is
cached for DATABASE_REPLICA_CHECK_SECONDS per process."""

import logging
import time

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
# WAL received but not replayed: behind by the time since the last replayed commit. Nothing
# left to replay: not behind, however long ago the primary last committed.
LAG_SQL = (
    "SELECT pg_is_in_recovery(), CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
    "ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END"
)
_checked = {"at": None, "alias": "default"}


class PrimaryWritesRouter:
    """Every write goes to the primary, also for an object that was read from the replica
    (Django would otherwise save it back where it came from)."""

    def db_for_read(self, model, **hints):
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True if {obj1._state.db, obj2._state.db} <= {"default", REPLICA} else None

    def allow_migrate(self, db, app_label, **hints):
        return db != REPLICA


def replica_lag() -> float | None:
    """Seconds the replica is behind, or None when it is down or is not a standby."""
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(LAG_SQL)
            in_recovery, lag = cursor.fetchone()
    except DatabaseError as e:
        logger.warning("Read replica unavailable, reading from the primary: %s", e)
        connections[REPLICA].close()
        return None
    return float(lag or 0) if in_recovery else None


def replica_alias() -> str:
    """The alias for a read that may be slightly stale: "replica" when it is fresh enough."""
    if REPLICA not in settings.DATABASES:
        return "default"
    now = time.monotonic()
    if _checked["at"] is not None and now - _checked["at"] < settings.DATABASE_REPLICA_CHECK_SECONDS:
        return _checked["alias"]
    lag = replica_lag()
    fresh = lag is not None and lag <= settings.DATABASE_REPLICA_MAX_LAG_SECONDS
    if lag is not None and not fresh:
        logger.warning("Read replica %.1f s behind, reading from the primary", lag)
    _checked.update(at=now, alias=REPLICA if fresh else "default")
    return _checked["alias"]


def replica_forget():
    """Check again on the next read (after a failure, and between tests)."""
    _checked.update(at=None, alias="default")


def read_on_replica(reads):
    """``reads(alias)`` on the replica when it is fresh; again on the primary if the replica
    fails during it (a standby restarting, a query cancelled by recovery)."""
    alias = replica_alias()
    if alias == "default":
        return reads("default")
    try:
        return reads(alias)
    except DatabaseError as e:
        logger.warning("Read replica failed, reading from the primary: %s", e)
        connections[REPLICA].close()
        _checked.update(at=time.monotonic(), alias="default")
        return reads("default")
