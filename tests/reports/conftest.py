import pytest
from django.db import connection

from accounts.choices import Role, Sector
from tests.factories_flags import officer


@pytest.fixture
def officers(province, commune_a, commune_b):
    """A cast around facilities in commune A (industry): who should and should not hear."""
    return {
        "province": officer(username="so.dienbien", unit=province),
        "ministry": officer(role=Role.MINISTRY, username="bo.congthuong"),
        "local_a": officer(role=Role.LOCAL_OFFICE, username="pkt.a", unit=commune_a),
        "local_b": officer(role=Role.LOCAL_OFFICE, username="pkt.b", unit=commune_b),
        "trade_only": officer(username="so.qltm", unit=province, sectors=[Sector.TRADE]),
        "retired": officer(username="nghi.huu", unit=province, is_active=False),
    }


IN_SCOPE = {"province", "ministry", "local_a"}

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL=postgres://…)"
)
