"""A fast hasher for the initial secrets SafeMap generates, and only for those.

NIST SP 800-63B §5.1.2.2: look-up secrets with at least 112 bits of entropy may be stored hashed
with an approved one-way function; only weaker secrets need a slow key-derivation function. Our
generated secrets carry 120 bits (24 random base32 characters), so an offline attacker holding a
hash faces 2^120 guesses whatever the cost of one guess. A user-chosen password has far less
entropy: this hasher refuses anything that is not a generated secret, so it can never store one.

The hash stays until the user chooses a password: Django's usual upgrade at login would re-hash
exactly what was typed with Argon2, and a secret typed without dashes would then refuse the
spelling printed in the letter (see ``User.check_password``). A login still costs one hash of the
preferred hasher, so an anonymous caller cannot tell never-used accounts by the answer time."""

import hashlib
import hmac
import secrets

from django.contrib.auth.hashers import Argon2PasswordHasher, BasePasswordHasher, get_hasher, mask_hash
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_noop as _

# Crockford's base32: no I, L, O, U, so nothing reads as another character; lower case is
# quicker to type on a phone.
ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
GROUPS, GROUP_LEN = 6, 4  # 24 characters × 5 bits = 120 bits
TYPO_FIXES = str.maketrans({"o": "0", "i": "1", "l": "1"})
# Only to spend the time of a real hash; its result is thrown away.
DUMMY_SALT = "safemapdummysalt"


def generate_secret() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LEN))
    return "-".join(chars[i : i + GROUP_LEN] for i in range(0, len(chars), GROUP_LEN))


def canonical_secret(typed: str) -> str | None:
    """The generated secret as typed, forgiving case, spaces, dashes and look-alike letters;
    None when it cannot be one."""
    text = "".join(ch for ch in (typed or "").lower() if ch not in " -_.\t").translate(TYPO_FIXES)
    if len(text) != GROUPS * GROUP_LEN or any(ch not in ALPHABET for ch in text):
        return None
    return text


class LookupSecretHasher(BasePasswordHasher):
    """Salted HMAC-SHA-256 of a generated secret (see the module docstring)."""

    algorithm = "lookup_sha256"

    def encode(self, password, salt):
        self._check_encode_args(password, salt)
        secret = canonical_secret(password)
        if secret is None:
            raise ValueError("LookupSecretHasher only stores secrets made by generate_secret()")
        digest = hmac.new(salt.encode(), secret.encode(), hashlib.sha256).hexdigest()
        return f"{self.algorithm}${salt}${digest}"

    def decode(self, encoded):
        algorithm, salt, digest = encoded.split("$", 2)
        assert algorithm == self.algorithm
        return {"algorithm": algorithm, "hash": digest, "salt": salt}

    def verify(self, password, encoded):
        decoded = self.decode(encoded)
        self.harden_runtime(password, encoded)
        if canonical_secret(password) is None:
            return False
        return constant_time_compare(encoded, self.encode(password, decoded["salt"]))

    def safe_summary(self, encoded):
        decoded = self.decode(encoded)
        return {
            _("algorithm"): decoded["algorithm"],
            _("salt"): mask_hash(decoded["salt"], show=2),
            _("hash"): mask_hash(decoded["hash"]),
        }

    def must_update(self, encoded):
        return False

    def harden_runtime(self, password, encoded):
        """As long as one hash of the preferred hasher, right or wrong. Django calls
        harden_runtime only when the stored hash is of the preferred algorithm, so verify()
        calls it for every check."""
        preferred = get_hasher("default")
        if preferred.algorithm != self.algorithm:
            preferred.encode(password or "", DUMMY_SALT)


def keeps_hash(encoded: str) -> bool:
    """A generated secret's hash is not upgraded at login (see the module docstring)."""
    return (encoded or "").startswith(LookupSecretHasher.algorithm + "$")


class SingleLaneArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with one lane (OWASP's recommended parallelism) and Django's memory and time
    costs. Django's default of 8 lanes lets one hash take every core: on a deadline-day login
    rush, or hashing a file of supplied passwords in worker processes, one lane per hash keeps
    each on one core so the processes share the machine. Same algorithm name, so existing hashes
    still verify and are upgraded at the next login."""

    parallelism = 1
