import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # Each test here creates up to eight users; the real hasher makes that the slow part.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
