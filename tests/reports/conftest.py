import pytest
from django.db import connection

from accounts.choices import Role, Sector
from tests.factories.flags import notified_officer


@pytest.fixture
def officers(province, commune_a, commune_b):
    """A cast around facilities in commune A (industry): who should and should not hear."""
    return {
        "province": notified_officer(username="so.dienbien", unit=province),
        "ministry": notified_officer(role=Role.MINISTRY, username="bo.congthuong"),
        "local_a": notified_officer(role=Role.LOCAL_OFFICE, username="pkt.a", unit=commune_a),
        "local_b": notified_officer(role=Role.LOCAL_OFFICE, username="pkt.b", unit=commune_b),
        "trade_only": notified_officer(username="so.qltm", unit=province, sectors=[Sector.TRADE]),
        "retired": notified_officer(username="nghi.huu", unit=province, is_active=False),
    }


IN_SCOPE = {"province", "ministry", "local_a"}

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL=postgres://…)"
)
