from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.compatibility)
def check_mode(app_configs, **kwargs):
    if settings.SENTRA_MODE not in {"regency", "hub"}:
        return [Error(f"SENTRA_MODE must be 'regency' or 'hub', not {settings.SENTRA_MODE!r}.", id="sentra.E030")]
    return []
