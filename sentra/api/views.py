"""Moved: each app's endpoints are in its own api.py, routed by sentra/api/urls.py."""

from sentra.accounts.api import token_view  # noqa: F401
from sentra.dashboard.api import statistics_view  # noqa: F401
from sentra.registry.api import businesses_view  # noqa: F401
