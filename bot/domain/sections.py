"""Key findings, recommendations and areas for improvement (docs/rules.md#r5): each is *not yet
recorded*, *recorded* (text), or *confirmed none* (someone said the report makes none). Only the
last may ever be published as "There are no … made."."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class Section(StrEnum):
    KEY_FINDINGS = "findings"
    RECOMMENDATIONS = "recommendations"
    AREAS_FOR_IMPROVEMENT = "afis"


class SectionStatus(StrEnum):
    NOT_RECORDED = "not recorded"
    RECORDED = "recorded"
    NONE = "none"


# Sign-off needs these recorded, or confirmed none (s.55(5B): an answer to each recommendation).
NEEDED_FOR_SIGN_OFF = (Section.RECOMMENDATIONS, Section.AREAS_FOR_IMPROVEMENT)


@dataclass(frozen=True)
class Revision:
    """One recorded state of a section, as stored: the newest one counts."""

    section: Section
    revision: int
    text: str
    says_none: bool
    complete_list: bool | None = None


class RecordedRevision(Protocol):
    """A revision as the rules read it: ``Revision`` here, or storage's SectionRevision."""

    @property
    def section(self) -> str: ...
    @property
    def revision(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def says_none(self) -> bool: ...
    @property
    def complete_list(self) -> bool | None: ...


@dataclass(frozen=True)
class SectionState:
    status: SectionStatus
    text: str = ""
    # Recommendations and AFIs: whether the office recorded that the items on record are all
    # the report makes (True) or only those relevant to the force (False); None: not said.
    # Only True lets the document say how many the report makes (docs/rules.md#r17).
    complete_list: bool | None = None


def current(revisions: Iterable[RecordedRevision], section: Section) -> SectionState:
    """Where ``section`` stands, from all its revisions."""
    latest = max(
        (r for r in revisions if r.section == section), key=lambda r: r.revision, default=None
    )
    if latest is None:
        return SectionState(SectionStatus.NOT_RECORDED)
    if latest.says_none:
        return SectionState(SectionStatus.NONE)
    return SectionState(SectionStatus.RECORDED, latest.text, latest.complete_list)


def missing_for_sign_off(revisions: Iterable[RecordedRevision]) -> list[Section]:
    """The sections sign-off still waits for, in the document's order: those with no
    revision at all (``current`` says NOT_RECORDED exactly then; "none" is an answer)."""
    recorded = {revision.section for revision in revisions}
    return [section for section in NEEDED_FOR_SIGN_OFF if section not in recorded]


def parse_section(text: str) -> Section | None:
    """``findings``, ``recs``, ``recommendations``, ``afis``, ``areas for improvement``…"""
    word = " ".join(text.casefold().replace("-", " ").split())
    return _SECTION_WORDS.get(word)


_SECTION_WORDS = {
    "findings": Section.KEY_FINDINGS,
    "key findings": Section.KEY_FINDINGS,
    "recs": Section.RECOMMENDATIONS,
    "recommendations": Section.RECOMMENDATIONS,
    "recommendation": Section.RECOMMENDATIONS,
    "afis": Section.AREAS_FOR_IMPROVEMENT,
    "afi": Section.AREAS_FOR_IMPROVEMENT,
    "areas for improvement": Section.AREAS_FOR_IMPROVEMENT,
}
