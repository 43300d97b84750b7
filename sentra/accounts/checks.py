"""Start-up checks for personal-data protection settings (ids sentra.E1xx)."""

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security)
def check_personal_data_keys(app_configs, **kwargs):
    problems = []
    for key in settings.SENTRA_NIK_KEYS:
        try:
            Fernet(key.encode())
        except ValueError:
            problems.append(
                Error(
                    "SENTRA_NIK_KEYS holds a value that is not a Fernet key (32 url-safe base64 bytes).",
                    hint='Make one with: python -c "from cryptography.fernet import Fernet; '
                    'print(Fernet.generate_key().decode())"',
                    id="sentra.E101",
                )
            )
    if settings.SENTRA_ENV == "production":
        if len(settings.SENTRA_NIK_HASH_KEY) < 32 or settings.SENTRA_NIK_HASH_KEY.startswith("dev-only"):
            problems.append(
                Error("Production needs SENTRA_NIK_HASH_KEY of at least 32 random characters.", id="sentra.E102")
            )
        if getattr(settings, "_DEV_NIK_KEY", None) in settings.SENTRA_NIK_KEYS:
            problems.append(Error("Production must not use the development NIK key.", id="sentra.E103"))
        if not settings.EMAIL_HOST:
            # without it, password-reset and invitation links would be written to the log (console backend)
            problems.append(
                Error(
                    "Production needs EMAIL_HOST (SMTP): password-reset and invitation links must not go to the log.",
                    id="sentra.E104",
                )
            )
        if settings.SENTRA_PROXY_IP_HEADER and settings.SENTRA_PROXY_COUNT < 1:
            problems.append(Error("SENTRA_PROXY_COUNT must be at least 1.", id="sentra.E105"))
    return problems
