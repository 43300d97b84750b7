"""Moved to sentra.dashboard.api (every app's endpoints are in its api.py)."""

from sentra.dashboard.api import open_data_view, statistics_view  # noqa: F401
