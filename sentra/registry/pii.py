"""Encryption at rest for NIK (UU 27/2022 PDP).

- The NIK is stored as a Fernet token. Keys come from ``SENTRA_NIK_KEYS`` (comma-separated Fernet keys,
  newest first); MultiFernet decrypts with any of them and encrypts with the first. Rotation: put a new key
  in front, deploy, run ``manage.py rotate_nik_keys``, then drop the old key.
- Exact matching and duplicate checks use ``nik_hash``: HMAC-SHA256 of the NIK under ``SENTRA_NIK_HASH_KEY``
  (never rotated casually: changing it means ``rotate_nik_keys --rehash``).
- In Python ``owner.nik`` is always the plain NIK; only the database holds ciphertext.
"""

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

TOKEN_PREFIX = "gAAAAA"  # every Fernet token starts with version byte 0x80 → "gAAAAA" in base64


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.SENTRA_NIK_KEYS))


def encrypt(plain: str) -> str:
    return fernet().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    if not token.startswith(TOKEN_PREFIX):
        return token  # a value written before encryption existed; re-saved as a token by the migration
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ValueError("NIK tidak dapat didekripsi: kunci SENTRA_NIK_KEYS tidak cocok.") from None


def nik_hash(nik: str) -> str:
    if not nik:
        return ""
    return hmac.new(settings.SENTRA_NIK_HASH_KEY.encode(), nik.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """Plain text in Python, Fernet token in the database. Not searchable: use a hash field."""

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return decrypt(value)

    def to_python(self, value):
        if isinstance(value, str) and value.startswith(TOKEN_PREFIX):
            return decrypt(value)
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        if value.startswith(TOKEN_PREFIX):
            return value
        return encrypt(value)


class NikHashField(models.CharField):
    """Keyed hash of a sibling NIK field, recomputed on every save (bulk_create too: it calls pre_save)."""

    def __init__(self, *args, source: str = "nik", **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key, default in (("max_length", 64), ("blank", True), ("editable", False), ("db_index", True)):
            if kwargs.get(key) == default:
                kwargs.pop(key)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = nik_hash(getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, value)
        return value
