"""Secrets held only until the admin has the letters: encrypted with a key derived from
SECRET_KEY (Fernet: AES-128-CBC + HMAC-SHA-256, with a timestamp so that a token older than
IMPORT_SECRETS_TTL_HOURS cannot be opened even if the periodic wipe has not run yet)."""

import base64

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils.crypto import salted_hmac

from ..hashers import generate_secret


def _fernet(job_id: int) -> Fernet:
    key = salted_hmac("safemap.accounts.importing.sealing", f"job:{job_id}", algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(key))


class Sealer:
    def __init__(self, job_id: int):
        self.fernet = _fernet(job_id)

    def seal(self, secret: str) -> str:
        return self.fernet.encrypt(secret.encode()).decode()

    def open(self, token: str) -> str | None:
        """The secret, or None when wiped, expired or sealed under another SECRET_KEY."""
        if not token:
            return None
        try:
            return self.fernet.decrypt(token.encode(), ttl=settings.IMPORT_SECRETS_TTL_HOURS * 3600).decode()
        except InvalidToken:
            return None


def new_secret(sealer: Sealer) -> tuple[str, str]:
    """A generated initial secret: its hash for the account and its sealed copy for the letter.
    The import and the reissue of a batch of letters make them the same way."""
    secret = generate_secret()
    return make_password(secret, hasher="lookup_sha256"), sealer.seal(secret)
