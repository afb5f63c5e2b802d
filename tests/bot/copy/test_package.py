"""bot/copy is a package of one module per feature, and ``from bot import copy`` still reaches
every sentence: each module says what it exports, and the package re-exports all of it."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

from bot import copy
from tests.paths import REPOSITORY

# Every public name of bot/copy.py when it was one module (2,628 lines, read with ast): callers
# all over the bot say copy.<name>, so none may be lost in the package.
ONE_MODULE = (Path(__file__).parent / "one_module_names.txt").read_text().split()

MODULES = sorted(info.name for info in pkgutil.iter_modules(copy.__path__))


def defined_in(module: str) -> list[str]:
    """The public names a module defines at its top level, read from its source."""
    tree = ast.parse((REPOSITORY / "bot" / "copy" / f"{module}.py").read_text())
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names += [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
    return [name for name in names if not name.startswith("_") and name != "__all__"]


def test_every_name_of_the_one_module_is_still_there() -> None:
    assert len(ONE_MODULE) == 490  # list_truncated gave way to pages (bot.domain.paging)
    missing = [name for name in ONE_MODULE if not hasattr(copy, name)]
    assert not missing
    assert set(ONE_MODULE) <= set(copy.__all__)


@pytest.mark.parametrize("module", MODULES)
def test_a_module_exports_exactly_what_it_defines(module: str) -> None:
    """A sentence added to a module and left out of its __all__ would be missing from
    ``copy.<name>``: this says which."""
    exported = importlib.import_module(f"bot.copy.{module}").__all__
    assert sorted(exported) == sorted(defined_in(module))


def test_each_name_has_one_home() -> None:
    homes: dict[str, list[str]] = {}
    for module in MODULES:
        for name in importlib.import_module(f"bot.copy.{module}").__all__:
            homes.setdefault(name, []).append(module)
    assert {name: where for name, where in homes.items() if len(where) > 1} == {}
    assert sorted(copy.__all__) == sorted(homes)
    assert all(
        getattr(copy, name) is getattr(importlib.import_module(f"bot.copy.{homes[name][0]}"), name)
        for name in homes
    )
