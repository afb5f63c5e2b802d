"""What running needs is installed by running's own dependencies: `make run` installs s55bot
without the test tools (Makefile), so a module the bot imports that only a test tool brings in
(greenlet came with Playwright; SQLAlchemy 2.1 no longer brings it, yet slack_sdk's installation
store imports SQLAlchemy's asyncio module) would crash `make run` on a fresh clone while every
test passed."""

from __future__ import annotations

import ast
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, distribution, packages_distributions

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.paths import REPOSITORY

OURS = ("bot", "handlers", "storage")
# Modules of ours that running never imports, each with why: they may use the test tools.
TEST_ONLY = {
    "bot.standin.socket_mode": "the stand-in's Socket Mode server: tests drive `s55bot socket`",
}


def runtime_distributions() -> set[str]:
    """s55bot's dependencies without extras, and theirs, with the extras each names."""
    seen: set[str] = set()
    wanted = [(Requirement(text), "") for text in distribution("s55bot").requires or []]
    while wanted:
        requirement, extra = wanted.pop()
        if requirement.marker and not requirement.marker.evaluate({"extra": extra}):
            continue
        name = canonicalize_name(requirement.name)
        extras = sorted(requirement.extras) or [""]
        keys = [f"{name}[{e}]" for e in extras]
        if all(key in seen for key in keys):
            continue
        seen.update(keys)
        try:
            needs = distribution(name).requires or []
        except PackageNotFoundError:
            continue  # a marker for another platform; nothing here imports it
        for wanted_extra in extras:
            wanted += [(Requirement(text), wanted_extra) for text in needs]
    return {key.partition("[")[0] for key in seen}


def running_modules() -> list[str]:
    modules = []
    for package in OURS:
        for path in sorted((REPOSITORY / package).rglob("*.py")):
            parts = path.relative_to(REPOSITORY).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            if name.startswith("storage.migrations") or name in TEST_ONLY:
                continue  # alembic's scripts run inside alembic, not imported
            modules.append(name)
    return modules


def distributions_of(top_levels: set[str]) -> dict[str, set[str]]:
    """Each third-party top-level module's distributions (the standard library's, ours: none)."""
    owners = packages_distributions()
    found: dict[str, set[str]] = {}
    for top in top_levels - set(sys.stdlib_module_names) - set(OURS) - {"tests"}:
        dists = {canonicalize_name(d) for d in owners.get(top, [])}
        if dists:
            found[top] = dists
    return found


def test_every_module_the_bot_imports_starts_with_only_running_s_dependencies_installed() -> None:
    """Every module of ours imported in a process where what only a test tool installs cannot
    be imported, as in `make run`'s .venv (an optional import, tried and let go, stays so)."""
    runtime = runtime_distributions()
    test_only = sorted(
        top
        for top, dists in distributions_of(set(packages_distributions())).items()
        if not dists & runtime  # distributions_of names them canonically
    )
    script = (
        "import importlib, importlib.abc, sys\n"
        f"ABSENT = set({test_only!r})\n"
        "class Absent(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.partition('.')[0] in ABSENT:\n"
        "            raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
        "        return None\n"
        "sys.meta_path.insert(0, Absent())\n"
        f"for name in {running_modules()!r}:\n"
        "    importlib.import_module(name)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.strip().splitlines()[-1]


def test_every_import_written_in_the_bot_even_inside_a_function_is_a_running_dependency() -> None:
    written: set[str] = set()
    for package in OURS:
        for path in (REPOSITORY / package).rglob("*.py"):
            name = ".".join(path.relative_to(REPOSITORY).with_suffix("").parts)
            if name in TEST_ONLY:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    written |= {alias.name.partition(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    written.add(node.module.partition(".")[0])
    runtime = runtime_distributions()
    missing = {
        top: dists for top, dists in distributions_of(written).items() if not dists & runtime
    }
    assert not missing, f"written in the bot, but only a test tool installs it: {missing}"


def test_the_check_has_teeth_a_test_tool_is_not_a_running_dependency() -> None:
    runtime = runtime_distributions()
    assert {"pytest", "playwright", "hypothesis", "websockets"}.isdisjoint(runtime)
    assert {"slack-bolt", "sqlalchemy", "greenlet", "cryptography"} <= runtime
    assert distributions_of({"pytest", "json"}) == {"pytest": {"pytest"}}
