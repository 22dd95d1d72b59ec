"""Does a login tell never-used accounts from used ones by its time? (issue 16, item 6)

    uv run python benchmarks/login_timing.py [rounds]

Checks passwords the way a login does (``User.check_password``, production hashers: Argon2 first,
the look-up secret hasher for generated secrets) for an account holding its generated secret and
one with a chosen password, right and wrong, and prints the median of each divided by the median
of the chosen-password login. Everything else in a login (the user query, the session) is the
same for both kinds of account. Goal: every ratio between 0.8 and 1.25 (Argon2's time varies
with the machine's load; before the fix a wrong guess at a generated secret took 0.1 ms against
about 250 ms for any other account). No database is used.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "safemap.settings"
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402

from accounts.hashers import generate_secret  # noqa: E402
from accounts.models import User  # noqa: E402

CHOSEN = "Cho-Dien-Bien-2021"


def medians_ms(cases, rounds):
    """Cases take turns, so a change in the machine's load falls on all of them alike."""
    times = {name: [] for name in cases}
    stored = {name: user.password for name, (user, _password) in cases.items()}
    for _ in range(rounds):
        for name, (user, password) in cases.items():
            user.password = stored[name]  # as in the database before each login
            start = time.perf_counter()
            user.check_password(password)
            times[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(t) for name, t in times.items()}


def main(rounds):
    secret = generate_secret()
    unused = User(username="coso.moi", password=make_password(secret, hasher="lookup_sha256"))
    used = User(username="coso.cu", password=make_password(CHOSEN))
    # check_password may upgrade a hash and save it; nothing here is in a database.
    unused.save = used.save = lambda **kwargs: None
    cases = {
        "chosen password, right": (used, CHOSEN),
        "chosen password, wrong": (used, "sai-mat-khau"),
        "generated secret, right": (unused, secret.upper().replace("-", "")),
        "generated secret, wrong": (unused, generate_secret()),
        "generated secret, not a secret": (unused, "sai-mat-khau"),
    }
    results = medians_ms(cases, rounds)
    base = results["chosen password, right"]
    for name, ms in results.items():
        print(f"{name:32} {ms:8.1f} ms   × {ms / base:.2f}")
    return 0 if all(0.8 <= ms / base <= 1.25 for ms in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 15))
