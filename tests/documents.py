"""The documents the tests read: the project's own, in tests/fixtures/documents/ (written for the
project in the layouts of published documents; its README says which), and the real ones they
follow, the seeds of the reference corpus in ../shared/seeds/.

``both(layout)`` parametrizes a test over ours and the real one; the real one carries the
``reference`` marker, so it runs where the corpus is (CI) and is left out where it is not.
Nothing is read until a test asks for the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.paths import FIXTURES, SEEDS

if TYPE_CHECKING:
    from _pytest.mark.structures import ParameterSet

DOCUMENTS = FIXTURES / "documents"


@dataclass(frozen=True)
class Layout:
    """One kind of public document: our file in its layout, and the real one."""

    ours: str
    real: str


@dataclass(frozen=True)
class Source:
    path: Path

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


OLD_TEMPLATE = Layout("pcc-response-old-template.txt", "response-2019-cyber-keep-the-light-on.txt")
NEW_TEMPLATE = Layout(
    "pcc-response-new-template.txt", "response-2024-vetting-anti-corruption-part-2.txt"
)
PEEL_REPORT = Layout(
    "inspection-report-peel-layout.txt", "report-2017-peel-effectiveness-norfolk.txt"
)
GOVERNMENT_RESPONSE = Layout(
    "government-response-layout.txt", "government-response-2019-hasc-policing-for-the-future.txt"
)
PRESS_RELEASE = Layout("press-release-layout.txt", "press-release-2019-cyber-keep-the-light-on.txt")
LAYOUTS = [OLD_TEMPLATE, NEW_TEMPLATE, PEEL_REPORT, GOVERNMENT_RESPONSE, PRESS_RELEASE]


def ours(layout: Layout) -> str:
    return (DOCUMENTS / layout.ours).read_text(encoding="utf-8")


def real(layout: Layout) -> str:
    """The seed (reference tests only)."""
    return (SEEDS / layout.real).read_text(encoding="utf-8")


def both(*layouts: Layout) -> list[ParameterSet]:
    """Parameters: each layout's own file, then its seed in the reference group."""
    return [pytest.param(Source(DOCUMENTS / layout.ours), id=layout.ours) for layout in layouts] + [
        pytest.param(Source(SEEDS / layout.real), id=layout.real, marks=pytest.mark.reference)
        for layout in layouts
    ]


def key_findings(response: str) -> str:
    """A response's key findings, as an officer copies them (the 2024 template's section)."""
    lines = response.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().lower() == "key findings")
    end = next(i for i, line in enumerate(lines) if line.strip().lower() == "recommendations")
    return "\n".join(lines[start + 1 : end]).strip()
