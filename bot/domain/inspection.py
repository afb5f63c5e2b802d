"""What an inspection is, independent of where it is stored or shown (docs/rules.md#r3)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from urllib.parse import urlsplit, urlunsplit

REFERENCE_PREFIX = "S55-"
_REFERENCE = re.compile(r"^\s*(?:s55[-\s]?)?(\d{1,9})\s*$", re.IGNORECASE)


class InspectionType(StrEnum):
    PEEL = "PEEL"
    NATIONAL_THEMATIC = "National thematic"
    JOINT = "Joint"
    FORCE_SPECIFIC = "Force-specific"
    OTHER = "Other"


class State(StrEnum):
    AWAITING_CC = "awaiting CC response"
    AWAITING_PCC = "awaiting PCC response"
    AWAITING_SIGN_OFF = "awaiting PCC sign-off"
    PUBLISHING = "publishing"
    COMPLETE = "complete"
    NOT_REQUIRED = "no response required"
    WITHDRAWN = "withdrawn"  # logged by mistake: out of every list, reminder and duplicate check

    @property
    def is_open(self) -> bool:
        return self not in (State.COMPLETE, State.NOT_REQUIRED, State.WITHDRAWN)


@dataclass(frozen=True)
class InspectionDraft:
    """A validated inspection, ready to be logged."""

    title: str
    published: date
    link: str | None = None
    inspection_type: InspectionType | None = None  # not recorded until someone chooses
    key_findings: str = ""
    recommendations: str = ""
    areas_for_improvement: str = ""


def format_reference(number: int) -> str:
    return f"{REFERENCE_PREFIX}{number}"


def parse_reference(text: str) -> int | None:
    """The number in ``S55-7`` (also ``s55-7``, ``S557``); None if it is not a reference."""
    match = _REFERENCE.match(text)
    return int(match.group(1)) if match else None


def title_key(title: str) -> str:
    """Titles that differ only in case, spacing or punctuation are the same inspection."""
    words = re.findall(r"\w+", title.casefold())
    return " ".join(words)


def link_key(link: str | None) -> str | None:
    """Links that differ only in scheme case, host case, fragment or a trailing slash match."""
    if not link:
        return None
    parts = urlsplit(link.strip())
    path = parts.path.rstrip("/")
    return urlunsplit(("https", parts.netloc.lower(), path, parts.query, ""))
