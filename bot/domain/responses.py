"""The Chief Constable's and the PCC's responses: which is wanted next, and what it does to the
inspection's state (docs/rules.md#r3, docs/rules.md#r10)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot import copy
from bot.domain.errors import InvalidInput
from bot.domain.inspection import State
from bot.domain.sections import Section
from bot.domain.words import count_words

AUTOMATIC = "s55bot"  # the audit log's actor for what the bot does by itself (AUTOMATIC_STEPS)
COLLECTING_STATES = (State.AWAITING_CC, State.AWAITING_PCC, State.AWAITING_SIGN_OFF)


class ResponseKind(StrEnum):
    """What a draft in the card's thread collects: one of the two responses, or one of the
    report's long sections (docs/rules.md#r5: given in the thread like the responses)."""

    CC = "cc"
    PCC = "pcc"
    FINDINGS = "findings"
    RECS = "recs"
    AFIS = "afis"

    @property
    def label(self) -> str:
        return copy.RESPONSE_LABELS[self.value]

    @property
    def section(self) -> Section | None:
        return _SECTIONS.get(self)

    @classmethod
    def for_section(cls, section: Section) -> ResponseKind:
        return next(kind for kind, value in _SECTIONS.items() if value == section)


_SECTIONS = {
    ResponseKind.FINDINGS: Section.KEY_FINDINGS,
    ResponseKind.RECS: Section.RECOMMENDATIONS,
    ResponseKind.AFIS: Section.AREAS_FOR_IMPROVEMENT,
}


class DraftStatus(StrEnum):
    COLLECTING = "collecting"
    CONFIRMED = "confirmed"
    ABANDONED = "abandoned"


class SetAsideBecause(StrEnum):
    """Why a draft stopped being collected without being confirmed (its receipt says so)."""

    REPLACED = "replaced"  # a newer request in the thread
    NOT_REQUIRED = "not required"
    WITHDRAWN = "withdrawn"
    MAKES_NONE = "makes none"  # a section draft: the report makes none


class MessageStatus(StrEnum):
    KEPT = "kept"
    DELETED = "deleted"  # deleted in Slack
    DISCARDED = "discarded"  # "Start again"
    LEFT_OUT = "left out"  # not from the contact asked; Review includes it
    # Only files, none of which gave text (yet): no part of the draft, its notes in the receipt.
    UNREAD = "unread"


def parse_kind(text: str) -> ResponseKind:
    """``cc`` or ``pcc`` (for /s55 revise)."""
    try:
        kind = ResponseKind(text.strip().lower())
    except ValueError:
        raise InvalidInput(copy.bad_response_kind(text)) from None
    if kind.section is not None:
        raise InvalidInput(copy.bad_response_kind(text))
    return kind


def next_to_collect(confirmed: Iterable[ResponseKind]) -> ResponseKind | None:
    """The CC response comes first, then the PCC's; None when both are in."""
    have = set(confirmed)
    for kind in (ResponseKind.CC, ResponseKind.PCC):
        if kind not in have:
            return kind
    return None


def state_after_responses(state: State, confirmed: Iterable[ResponseKind]) -> State:
    """Before sign-off the state follows the responses; later states are left alone."""
    if state not in COLLECTING_STATES:
        return state
    wanted = next_to_collect(confirmed)
    if wanted is ResponseKind.CC:
        return State.AWAITING_CC
    if wanted is ResponseKind.PCC:
        return State.AWAITING_PCC
    return State.AWAITING_SIGN_OFF


@dataclass(frozen=True)
class DraftSummary:
    messages: int
    words: int
    first_line: str
    first_sentence: str = ""
    last_sentence: str = ""  # empty when the text is one sentence
    files: tuple[tuple[str, int], ...] = ()  # (name, words) of each file whose text is in it
    left_out: int = 0  # messages from someone other than the contact asked, not included
    unread: tuple[tuple[str, str], ...] = ()  # (name, why) of each file shared that gave no text


def join_parts(parts: Iterable[str]) -> str:
    """A response pasted as several messages reads as paragraphs, in the order posted."""
    return "\n\n".join(part for part in parts if part.strip())


def summarise(
    parts: list[str],
    *,
    files: Sequence[tuple[str, int]] = (),
    left_out: int = 0,
    unread: Sequence[tuple[str, str]] = (),
) -> DraftSummary:
    """The draft as its receipt shows it: parts are the included messages' plain text."""
    tally = Tally()
    for part in parts:
        tally = tally.adding(part)
    return dataclasses.replace(
        tally.summary, files=tuple(files), left_out=left_out, unread=tuple(unread)
    )


@dataclass(frozen=True)
class Tally:
    """A draft's summary so far, which a message posted after the others extends without
    them (a receipt costs the same for the 200th message as for the first). Adding
    each part in order gives what summarise gives for them all."""

    messages: int = 0
    words: int = 0
    first_line: str = ""
    first_sentence: str = ""
    last_sentence: str = ""  # the text's last, even while it is its only one
    sentences: int = 0
    files: tuple[tuple[str, int], ...] = ()
    left_out: int = 0
    unread: tuple[tuple[str, str], ...] = ()

    def adding(
        self,
        part: str,
        *,
        files: Sequence[str] = (),
        left_out: bool = False,
        unread: Sequence[tuple[str, str]] = (),
    ) -> Tally:
        """This tally with one more message: ``part``, its plain text if it is part of the
        draft ("" if not); ``files``, the names of the files whose text it brought;
        ``left_out``, not from the contact asked; ``unread``, its files that gave no text."""
        added = dataclasses.replace(
            self,
            files=(*self.files, *((name, count_words(part)) for name in files)),
            left_out=self.left_out + left_out,
            unread=(*self.unread, *unread),
        )
        if not part.strip():
            return added
        # Joined as paragraphs and read as one run of words, the text so far ends in its last
        # sentence, which the new part may continue (no stop before it): only that sentence
        # is read again with the new words.
        flowing = " ".join(part.split())
        read = _sentences(f"{self.last_sentence} {flowing}" if self.sentences else flowing)
        first = read[0] if self.sentences <= 1 else self.first_sentence
        return dataclasses.replace(
            added,
            messages=self.messages + 1,
            words=self.words + count_words(part),
            first_line=self.first_line
            or next((line.strip() for line in part.splitlines() if line.strip()), ""),
            first_sentence=first,
            last_sentence=read[-1],
            sentences=max(self.sentences - 1, 0) + len(read),
        )

    @property
    def summary(self) -> DraftSummary:
        return DraftSummary(
            messages=self.messages,
            words=self.words,
            first_line=self.first_line,
            first_sentence=self.first_sentence,
            last_sentence=self.last_sentence if self.sentences > 1 else "",
            files=self.files,
            left_out=self.left_out,
            unread=self.unread,
        )


def _sentences(flowing: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(flowing) if s]


# Where a sentence ends: its stop (and any closing quote or bracket), then a space.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"\u201d\u2019)\]])\s+")
