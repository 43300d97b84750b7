"""System checks that catch bad configuration at start-up (ids sentra.E0xx)."""

import re

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

REGENCY_CODE_RE = re.compile(r"^\d{2}\.\d{2}$")


@register(Tags.compatibility)
def check_settings(app_configs, **kwargs):
    problems = []
    if settings.SENTRA_ENV not in {"development", "production"}:
        problems.append(
            Error(
                f"SENTRA_ENV must be 'development' or 'production', not {settings.SENTRA_ENV!r}.",
                id="sentra.E001",
            )
        )
    if not REGENCY_CODE_RE.match(settings.SENTRA_REGENCY_CODE):
        problems.append(
            Error(
                f"SENTRA_REGENCY_CODE must be a Kemendagri regency code like 35.22, "
                f"not {settings.SENTRA_REGENCY_CODE!r}.",
                id="sentra.E002",
            )
        )
    if settings.SENTRA_ENV == "production":
        if settings.SECRET_KEY.startswith("dev-only") or len(settings.SECRET_KEY) < 40:
            problems.append(Error("Production needs a SECRET_KEY of at least 40 random characters.", id="sentra.E003"))
        if settings.DEBUG:
            problems.append(Error("DEBUG must be off in production.", id="sentra.E004"))
        if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
            problems.append(
                Warning(
                    "Production runs on SQLite; set DATABASE_URL to PostgreSQL for more than one office.",
                    id="sentra.W001",
                )
            )
    return problems
