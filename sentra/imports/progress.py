"""Progress reporting: a bar on a terminal, plain lines otherwise, and a small JSON file the web page
polls (the import writes inside one long transaction, so progress cannot go through the database)."""

import json
import os
import time
from pathlib import Path

from django.conf import settings


class TerminalProgress:
    def __init__(self, stream, total: int, label: str):
        self.stream, self.total, self.label = stream, max(total, 1), label
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.last = 0.0
        self.started = time.monotonic()

    def update(self, done: int, total: int | None = None):
        now = time.monotonic()
        if now - self.last < 0.2:
            return
        self.last = now
        total = max(total or self.total, done, 1)
        rate = done / max(now - self.started, 1e-6)
        if self.tty:
            width = 30
            filled = int(width * done / total)
            bar = "█" * filled + "·" * (width - filled)
            self.stream.write(f"\r{self.label} [{bar}] {done:,}/{total:,} baris · {rate:,.0f} baris/detik ")
        else:
            self.stream.write(f"{self.label}: {done}/{total} baris\n")
        self.stream.flush()

    def close(self):
        if self.tty and self.last:
            self.stream.write("\n")
            self.stream.flush()


def progress_path(batch_id: int) -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports" / "progress"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{batch_id}.json"


def write_progress(batch_id: int, done: int, total: int, phase: str):
    path = progress_path(batch_id)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"done": done, "total": max(total, done), "phase": phase}))
    os.replace(tmp, path)


def read_progress(batch_id: int) -> dict:
    try:
        return json.loads(progress_path(batch_id).read_text())
    except (OSError, ValueError):
        return {"done": 0, "total": 0, "phase": ""}
