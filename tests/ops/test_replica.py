"""Map data and exports read on a real PostgreSQL streaming replica (TEST_REPLICA_URL; .ci/run
starts one on 127.0.0.1:5433) and fall back to the primary when it is down or behind. Data is
written on the primary and reaches the replica only by streaming."""

import csv
import io
import os
import socket
import time

import dj_database_url
import psycopg
import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Facility
from reports.models import ExportJob
from safemap import db_router
from tests.factories import FacilityFactory
from tests.factories.reports import officer

pytestmark = [
    pytest.mark.replica,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]


def standby_settings(**changes):
    real = dj_database_url.parse(os.environ["TEST_REPLICA_URL"])
    where = {k: real[k] for k in ("HOST", "PORT", "USER", "PASSWORD")}
    primary = connections["default"].settings_dict
    test = {**primary["TEST"], "MIRROR": "default"}  # never flushed or created: it replays the primary
    return {**primary, **where, "OPTIONS": {"connect_timeout": 2}, "TEST": test, **changes}


@pytest.fixture
def replica():
    """The replica alias (a test mirror of the primary) pointed at the standby's copy of the
    test database, which the standby replays from the primary's WAL."""
    if connections["default"].vendor != "postgresql":
        pytest.skip("a streaming replica needs PostgreSQL (set DATABASE_URL)")
    conn = connections["replica"]
    mirrored = conn.settings_dict
    conn.close()
    conn.settings_dict = standby_settings()
    db_router.replica_forget()
    yield conn
    conn.close()
    conn.settings_dict = mirrored
    db_router.replica_forget()


def streamed(pk, timeout=10.0):
    """Wait until the standby has replayed the commit that wrote facility ``pk``."""
    deadline = time.monotonic() + timeout
    while not Facility.objects.using("replica").filter(pk=pk).exists():
        assert time.monotonic() < deadline, "the standby did not replay the primary's commit"
        time.sleep(0.05)


def facility_queries(captured):
    sqls = [q if isinstance(q, str) else q["sql"] for q in captured]
    return [sql for sql in sqls if '"accounts_facility"' in sql]


def map_ids(client, replica_up=True):
    """The facility ids on the public map, and the facility queries run on replica and primary."""
    with CaptureQueriesContext(connections["default"]) as on_primary:
        if replica_up:
            with CaptureQueriesContext(connections["replica"]) as on_replica:
                response = client.get(reverse("reports:map_data"))
            on_replica = facility_queries(on_replica)
        else:
            response, on_replica = client.get(reverse("reports:map_data")), []
    assert response.status_code == 200
    ids, total = [], 0
    for delta in response.json()["id"]:
        total += delta
        ids.append(total)
    return ids, on_replica, facility_queries(on_primary)


def test_public_map_data_is_read_on_the_streaming_replica(client, commune_a, replica):
    facility = FacilityFactory(unit=commune_a)
    streamed(facility.pk)
    ids, on_replica, on_primary = map_ids(client)
    assert ids == [facility.pk]
    assert on_replica and not on_primary


def test_exports_read_on_the_replica_and_their_jobs_stay_on_the_primary(client, commune_a, replica, settings):
    streamed(FacilityFactory(unit=commune_a, name="Xưởng Mường Thanh").pk)
    client.force_login(officer(commune_a))
    with CaptureQueriesContext(replica) as on_replica:
        response = client.post(reverse("reports:facility_export", args=["csv"]))
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == ["Xưởng Mường Thanh"]
    assert facility_queries(on_replica)

    settings.EXPORT_SYNC_MAX_ROWS = 0  # a background job (Celery runs eagerly in tests)
    with CaptureQueriesContext(replica) as on_replica:
        client.post(reverse("reports:facility_export", args=["csv"]))
    read_there = [q["sql"] for q in on_replica]  # before the next request resets the log
    assert facility_queries(read_there)
    assert not [q for q in read_there if "reports_exportjob" in q]  # the job itself: primary only
    download = client.get(reverse("reports:export_download", args=[ExportJob.objects.get().pk]))
    assert "Xưởng Mường Thanh" in b"".join(download.streaming_content).decode("utf-8-sig")


def test_an_object_read_on_the_replica_is_saved_on_the_primary(commune_a, replica):
    streamed(FacilityFactory(unit=commune_a).pk)
    facility = Facility.objects.using("replica").get()
    facility.name = "Tên mới"
    facility.save(update_fields=["name"])  # the standby would refuse: read-only
    assert Facility.objects.using("default").get().name == "Tên mới"


def test_a_replica_that_is_down_leaves_map_data_on_the_primary(client, commune_a, replica):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    replica.settings_dict = standby_settings(PORT=closed_port)
    facility = FacilityFactory(unit=commune_a)
    ids, _, on_primary = map_ids(client, replica_up=False)
    assert ids == [facility.pk] and on_primary
    assert db_router.replica_alias() == "default"


def test_a_replica_behind_by_more_than_the_allowed_lag_is_not_read(client, commune_a, replica, settings):
    settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 1
    s = standby_settings()
    admin = psycopg.connect(
        host=s["HOST"],
        port=s["PORT"],
        user=s["USER"],
        password=s["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    )
    admin.execute("SELECT pg_wal_replay_pause()")
    try:
        facility = FacilityFactory(unit=commune_a)  # received by the standby, not replayed
        time.sleep(1.5)
        ids, on_replica, on_primary = map_ids(client)
        assert ids == [facility.pk] and on_primary and not on_replica
    finally:
        admin.execute("SELECT pg_wal_replay_resume()")
        admin.close()
    streamed(facility.pk)
    deadline = time.monotonic() + 10
    while (db_router.replica_lag() or 0) > 1:  # replaying what came while paused
        assert time.monotonic() < deadline, "the standby did not catch up"
        time.sleep(0.1)
    db_router.replica_forget()
    ids, on_replica, _ = map_ids(client)
    assert ids == [facility.pk] and on_replica  # caught up: read there again
