"""Password hashing with argon2id, and the rules a new password must meet."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from peerapp.words import _l

#: OWASP ASVS 2.1.1 asks for at least 12 characters; 2.1.2 allows at least 64, we allow 256.
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256

#: zxcvbn's warnings for a password that is on, or close to one on, its list of the 30,000
#: passwords most often found in breaches (shipped with the package: nothing goes over the network)
_COMMON_WARNINGS = frozenset(
    {
        "This is a top-10 common password.",
        "This is a top-100 common password.",
        "This is a very common password.",
        "This is similar to a commonly used password.",
    }
)
#: words of this service that make a password easy to guess (ASVS 5.0 6.1.2 and 6.2.11): zxcvbn
#: counts each as a single dictionary word, wherever it stands in the password
CONTEXT_WORDS = (
    "peerapp",
    "peer",
    "likeperson",
    "klient",
    "klinikk",
    "behandler",
    "behandling",
    "rusbehandling",
    "innleggelse",
    "rus",
    "nykter",
    "rusfri",
    "møte",
    "passord",
    "meeting",
    "recovery",
    "sober",
    "clinic",
)

#: zxcvbn's score 2 and up: more than a million guesses, even for someone who knows the lists
_MIN_SCORE = 2
#: what zxcvbn looks at (its own default; longer passwords are not made weaker by their tail)
_CHECKED_LENGTH = 72

_hasher = PasswordHasher()  # argon2id with the library's current RFC 9106 parameters
#: a real hash to verify against when the account does not exist, so timing tells nothing
_DUMMY_HASH = _hasher.hash("not a password of anyone's")


def hash_password(password: str) -> str:
    """The argon2id hash of a password that is within the length limits."""
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValueError("password too long")  # refused before hashing: no CPU for an attacker
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; always spends the same work, even without an account."""
    if len(password) > MAX_PASSWORD_LENGTH:
        return False
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """Whether the hash was made with parameters older than the current ones."""
    try:
        return _hasher.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


def password_problem(password: str, username: str) -> str | None:
    """Why a new password is not acceptable, translated; ``None`` when it is fine."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return str(_l("Use at least %(n)d characters.", n=MIN_PASSWORD_LENGTH))
    if len(password) > MAX_PASSWORD_LENGTH:
        return str(_l("Use at most %(n)d characters.", n=MAX_PASSWORD_LENGTH))
    if password.casefold() == username.casefold():
        return str(_l("The password must not be the same as the username."))
    if len(set(password)) < 4:
        return str(_l("That password is too easy to guess."))
    strength = zxcvbn(password[:_CHECKED_LENGTH], user_inputs=[username, *CONTEXT_WORDS])
    if strength["feedback"]["warning"] in _COMMON_WARNINGS:
        return str(_l("That password is one of the most common or leaked ones. Choose another."))
    if strength["score"] < _MIN_SCORE:
        return str(_l("That password is too easy to guess."))
    return None
