from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.test import override_settings

from accounts.hashers import SingleLaneArgon2PasswordHasher

HASHERS = ["accounts.hashers.SingleLaneArgon2PasswordHasher"]


@override_settings(PASSWORD_HASHERS=HASHERS)
def test_passwords_are_argon2id_with_one_lane():
    encoded = make_password("Cho-Dien-Bien-2021")
    assert encoded.startswith("argon2$argon2id$") and ",p=1$" in encoded
    assert check_password("Cho-Dien-Bien-2021", encoded)


@override_settings(PASSWORD_HASHERS=HASHERS)
def test_hashes_made_with_djangos_eight_lanes_still_verify_and_are_upgraded():
    from django.contrib.auth.hashers import Argon2PasswordHasher

    old = Argon2PasswordHasher().encode("Cho-Dien-Bien-2021", Argon2PasswordHasher().salt())
    assert ",p=8$" in old
    assert check_password("Cho-Dien-Bien-2021", old)
    assert isinstance(identify_hasher(old), SingleLaneArgon2PasswordHasher)
    assert SingleLaneArgon2PasswordHasher().must_update(old)
