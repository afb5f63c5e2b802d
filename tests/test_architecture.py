"""The shape of the code: the import contracts in pyproject.toml hold, and they have teeth."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import REPOSITORY

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PURE_PACKAGES = ("bot/render", "bot/documents")


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
    )


def copy_of_the_code(tmp_path: Path) -> Path:
    for name in ("bot", "handlers", "storage"):
        shutil.copytree(REPOSITORY / name, tmp_path / name, ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(REPOSITORY / "pyproject.toml", tmp_path)
    return tmp_path


def test_every_import_contract_is_kept() -> None:
    result = lint_imports(REPOSITORY)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "forbidden", "contract"),
    [
        ("bot/domain/deadlines.py", "import sqlalchemy", "The domain is pure"),
        ("bot/render/card.py", "from bot.slack import client", "make no Web API calls"),
        ("handlers/commands.py", "from storage import queries", "never to storage"),
        ("storage/queries.py", "from bot import services", "Storage knows only the domain"),
        ("bot/standin/wire.py", "import bot.settings", "The stand-in is Slack"),
        ("bot/signoff/steps.py", "import bot.reminders.run", "Layers"),
        ("bot/changes/named.py", "import bot.responses", "sits below the features"),
        ("bot/reminders/snooze.py", "import bot.responses.collection", "from bot.changes"),
    ],
)
def test_a_forbidden_import_breaks_a_contract(
    tmp_path: Path, module: str, forbidden: str, contract: str
) -> None:
    root = copy_of_the_code(tmp_path)
    path = root / module
    path.write_text(path.read_text() + f"\n{forbidden}  # noqa\n")
    result = lint_imports(root)
    assert result.returncode == 1
    broken = result.stdout.split("Broken contracts", 1)[1]
    assert contract in broken


@pytest.mark.parametrize("package", PURE_PACKAGES)
def test_rendering_and_documents_never_hold_a_web_client(package: str) -> None:
    """import-linter sees only slack_sdk as a whole, and render needs slack_sdk.models: so this
    checks the finer rule, that no WebClient (or slack_sdk.web) is imported there."""
    offenders = []
    for path in sorted((REPOSITORY / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = {alias.name for alias in node.names}
                if node.module.startswith("slack_sdk.web") or (
                    node.module == "slack_sdk" and names & {"WebClient", "web"}
                ):
                    offenders.append(f"{path.relative_to(REPOSITORY)}:{node.lineno}")
            if isinstance(node, ast.Import) and any(
                alias.name.startswith("slack_sdk.web") for alias in node.names
            ):
                offenders.append(f"{path.relative_to(REPOSITORY)}:{node.lineno}")
    assert offenders == []


def test_no_process_imports_the_plotting_library_until_it_draws_a_chart() -> None:
    """matplotlib takes about half a second to import: the app, the sandbox, the reminder pass
    and every command start without it; the pass that posts a report loads it then."""
    started = (
        "import sys, bot.runtime.app, bot.runtime.cli, bot.runtime.sandbox.main;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", started], cwd=REPOSITORY, capture_output=True, text=True, timeout=60
    )
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.strip() == "[]"
