"""What the response document says, and what changing it after sign-off means
(docs/rules.md#r12: "Sign-off freezes what is published"; docs/rules.md#r16: the document).

One rule for every flow that changes the record:

* ``document_parts`` says which parts of the document a change touches, from the names of the
  facts it changed. Every fact a flow can change is classified in ``SHOWN_IN``: one the
  document shows, or one it does not (``cc_due``: the card's). An unknown name is an error, so
  a new fact cannot slip past the rule unclassified.
* ``judge`` says what such a change may do. Before sign-off it is stored as any change is.
  Once the PCC response is signed off (the inspection is publishing, or complete), only an
  approver may make it, and it reopens sign-off: the sign-off step and every step confirmed
  after it are undone, with the reason ``changed after sign-off: <what>``, because what was
  signed off (and forwarded, and published) is no longer what the record says.
* Each change to the document moves its revision on by one (``Inspection.document_revision``):
  the documents posted at sign-off and at completion name the revision they were made from,
  and since no change after sign-off stands without reopening it, the completion document is
  the signed-off one.

bot.publication.freeze is the one place that applies it, in the change's own transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum

from bot import copy
from bot.domain.errors import S55Error
from bot.domain.inspection import State


class DocumentPart(StrEnum):
    """The parts of the response document that come from the record, in the document's order
    (bot.documents.build)."""

    TITLE = "title"
    PUBLISHED = "published"
    TYPE = "inspection_type"
    LINK = "link"
    DEADLINE = "statutory_deadline"
    KEY_FINDINGS = "findings"
    RECOMMENDATIONS = "recommendations"  # the section, its items, their answers, its extent
    AREAS_FOR_IMPROVEMENT = "afis"
    CC_RESPONSE = "cc"
    PCC_RESPONSE = "pcc"

    @property
    def label(self) -> str:
        """ "the link", "the PCC's response": what changed, as a note says it."""
        return copy.DOCUMENT_PART_NAMES[self.value]


# Every fact of the record a flow can change, by the name the flow (and its audit row) gives it,
# and the part of the document that shows it; None: the document does not show it.
SHOWN_IN: dict[str, DocumentPart | None] = {
    **{part.value: part for part in DocumentPart},
    "cc_due": None,  # the Chief Constable's comments date: on the card, not in the document
}


class AfterSignOff(StrEnum):
    STORED = "stored"  # not signed off: stored like any change
    REFUSED = "refused"  # signed off, and not an approver: nothing is stored
    REOPENS = "reopens"  # an approver's change: sign-off and every later step are undone


class ChangeRefused(S55Error):
    """A change to what a signed-off inspection publishes, by someone who is not an approver
    (or judged before it was signed off): nothing was stored."""


def document_parts(changed: Iterable[str]) -> tuple[DocumentPart, ...]:
    """The parts of the document a change to these facts touches, in the document's order;
    empty when the document says nothing of them. KeyError for a fact nobody classified."""
    touched = {SHOWN_IN[name] for name in changed}
    return tuple(part for part in DocumentPart if part in touched)


def signed_off(state: State) -> bool:
    """The PCC response is signed off: the office-use steps are under way, or all done."""
    return state in (State.PUBLISHING, State.COMPLETE)


def judge(state: State, *, approver: bool) -> AfterSignOff:
    """What a change to the document may do, for an approver or not."""
    if not signed_off(state):
        return AfterSignOff.STORED
    return AfterSignOff.REOPENS if approver else AfterSignOff.REFUSED


def what_changed(parts: Sequence[DocumentPart]) -> str:
    """ "the link", "the title and the link", "the title, the type and the link"."""
    names = [part.label for part in parts]
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def reopen_reason(parts: Sequence[DocumentPart]) -> str:
    """The reason each undone step keeps: ``changed after sign-off: the link``."""
    return copy.changed_after_sign_off(what_changed(parts))
