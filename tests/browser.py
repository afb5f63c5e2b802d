"""A real browser for tests: Debian's Chromium, driven by Playwright (no browser download)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
# As the machine notes advise: no first-run work, no background networking (refused here).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    """Chromium's path; skips the test where it is not installed, but CI must have it."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("CI must install chromium (apt-get install chromium): see .ci/run")
    pytest.skip("chromium is not installed here (apt-get install chromium)")


@contextmanager
def browser() -> Iterator[Any]:
    """A headless Chromium; each test opens its own pages."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def screenshot_path(name: str, under: str = "sandbox") -> Path:
    folder = ARTIFACTS / under
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{name}.png"


def wait_closed(modal: Any, *, timeout_ms: float = 15_000) -> None:
    """Wait for a submitted modal to close; if it stays, fail saying what it shows (a field's
    error, "We had some trouble connecting") and keep a screenshot, so that a failure in CI
    says why rather than only that it timed out."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        modal.wait_for(state="detached", timeout=timeout_ms)
    except PlaywrightTimeout:
        shown = " | ".join(modal.all_inner_texts()) or "(nothing)"
        modal.page.screenshot(path=screenshot_path("modal-stayed-open", under="failures"))
        pytest.fail(f"the modal stayed open {timeout_ms / 1000:.0f} s after its submit: {shown}")


def scroll_to(locator: Any, *, tries: int = 5) -> None:
    """Scroll ``locator`` into view (for a screenshot). The page draws a region again whenever
    anything in it changes (sandbox.js, ``replace``), so the element found can be replaced
    before it is scrolled to, and Playwright does not look again for this action: look again."""
    from playwright.sync_api import Error as PlaywrightError

    for attempt in range(tries):
        try:
            locator.scroll_into_view_if_needed()
            return
        except PlaywrightError as failure:
            if "not attached to the DOM" not in str(failure) or attempt == tries - 1:
                raise
