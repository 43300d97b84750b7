import pytest
from django.core.exceptions import ImproperlyConfigured

from sentra.core.checks import check_settings
from sentra.core.env import env_bool, env_int, env_list, env_str


def test_env_bool_refuses_unknown_words(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    assert env_bool("X_FLAG") is True
    monkeypatch.setenv("X_FLAG", "off")
    assert env_bool("X_FLAG", True) is False
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG must be true or false"):
        env_bool("X_FLAG")


def test_env_int_list_and_file(monkeypatch, tmp_path):
    monkeypatch.setenv("X_NUM", "12")
    assert env_int("X_NUM", 1) == 12
    monkeypatch.setenv("X_NUM", "twelve")
    with pytest.raises(ImproperlyConfigured):
        env_int("X_NUM", 1)
    monkeypatch.setenv("X_LIST", "a.example, b.example,")
    assert env_list("X_LIST") == ["a.example", "b.example"]
    secret = tmp_path / "secret"
    secret.write_text("from-file\n")
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert env_str("X_SECRET") == "from-file"


def test_system_checks_catch_bad_configuration(settings):
    assert check_settings(None) == []
    settings.SENTRA_REGENCY_CODE = "3522"
    settings.SENTRA_ENV = "prod"
    ids = {p.id for p in check_settings(None)}
    assert ids == {"sentra.E001", "sentra.E002"}


def test_production_needs_a_real_secret_and_no_debug(settings):
    settings.SENTRA_ENV = "production"
    settings.DEBUG = True
    settings.SECRET_KEY = "dev-only-insecure-key-change-me"
    ids = {p.id for p in check_settings(None)}
    assert {"sentra.E003", "sentra.E004"} <= ids
