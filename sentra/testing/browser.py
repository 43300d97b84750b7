"""Real headless Chromium (Debian's package) driven by Playwright, for browser tests."""

import os
import shutil
import tempfile
from contextlib import contextmanager

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise RuntimeError("Debian's chromium is not installed (scripts/ensure_system_deps.sh installs it).")
    return path


@contextmanager
def chromium_browser():
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="sentra-chromium-")
    try:
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                profile,
                executable_path=chromium_path(),
                headless=True,
                args=CHROMIUM_FLAGS,
                locale="id-ID",
                viewport={"width": 1280, "height": 900},
            )
            try:
                yield context
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
