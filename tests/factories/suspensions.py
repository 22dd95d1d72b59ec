"""Proposals, decisions and suspended facilities, and the files a decision comes with."""

from django.utils import timezone

from accounts.choices import Role
from accounts.suspensions import suspension_decide
from safemap.documents import Document
from tests.factories import UserFactory

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def province_officer(province, **kwargs):
    return UserFactory(role=Role.PROVINCE, unit=province, **kwargs)


def suspend(*facilities, by, number="45/QĐ-UBND", with_file=True):
    """Facilities suspended by a decision recorded as an officer would (the service)."""
    return suspension_decide(
        by=by,
        number=number,
        date=timezone.localdate(),
        signer="Lê Thành Đô",
        facilities=list(facilities),
        document=Document(PDF, "pdf") if with_file else None,
    )
