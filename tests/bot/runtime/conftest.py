"""What the command-line tests share: a process environment as on a fresh clone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.paths import REPOSITORY


@pytest.fixture
def clean_env(tmp_path: Path) -> dict[str, str]:
    """No Slack settings at all, as on a fresh clone; the working directory has no .env."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SLACK_", "S55_", "DATABASE_URL", "PORT"))
    }
    env["PYTHONPATH"] = str(REPOSITORY)
    return env
