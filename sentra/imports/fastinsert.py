"""Moved to sentra.core.fastinsert (the change log's bulk writer uses it too); kept for callers elsewhere."""

from sentra.core.fastinsert import insert_rows, reserve_ids

__all__ = ["insert_rows", "reserve_ids"]
