import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[3]


def _production_env(**overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SENTRA_", "DJANGO_", "SECRET_KEY", "DEBUG"))}
    env.update(
        SENTRA_ENV="production",
        SECRET_KEY="p" * 20 + "-production-secret-key-0123456789abcdef",
        SENTRA_NIK_KEYS=Fernet.generate_key().decode(),
        SENTRA_NIK_HASH_KEY="h" * 40,
        ALLOWED_HOSTS="sentra.bojonegorokab.go.id",
        DATABASE_URL="postgres://sentra@127.0.0.1:5432/sentra",
        EMAIL_HOST="smtp.bojonegorokab.go.id",
    )
    env.update(overrides)
    return env


def _manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_check_deploy():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=_production_env())
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_the_development_nik_key():
    from django.conf import settings

    result = _manage("check", "--deploy", env=_production_env(SENTRA_NIK_KEYS=settings._DEV_NIK_KEY))
    assert result.returncode != 0 and "sentra.E103" in result.stderr


def test_production_without_nik_keys_does_not_start():
    env = _production_env()
    env.pop("SENTRA_NIK_KEYS")
    result = _manage("check", env=env)
    assert result.returncode != 0 and "SENTRA_NIK_KEYS is required in production" in result.stderr


@pytest.mark.django_db
def test_demo_users_are_never_created_under_production_settings(settings, reference_data):
    from django.contrib.auth import get_user_model

    from sentra.registry.demo import DemoRefused, demo_users_create

    settings.SENTRA_ENV = "production"
    with pytest.raises(DemoRefused):
        demo_users_create()
    assert not get_user_model().objects.filter(username="operator.dander").exists()


@pytest.mark.django_db
def test_demo_users_exist_after_seed_and_the_operator_is_scoped_to_dander(reference_data):
    from django.contrib.auth import get_user_model

    from sentra.registry.demo import demo_users_create

    demo_users_create()
    users = {u.username: u for u in get_user_model().objects.all()}
    assert {"admin", "staf", "operator.dander", "pemilik", "mitra", "pembeli"} <= set(users)
    assert [d.name for d in users["operator.dander"].districts.all()] == ["Dander"]
    assert users["staf"].check_password("sentra-demo")


def test_production_without_email_host_is_refused():
    """Reset and invitation links would otherwise go to the log (issue 17, point 6)."""
    env = _production_env()
    env.pop("EMAIL_HOST")
    result = _manage("check", "--deploy", env=env)
    assert result.returncode != 0 and "sentra.E104" in result.stderr
