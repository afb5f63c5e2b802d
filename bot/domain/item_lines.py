"""What one line of a report is to the item reader: a label that starts an item, a heading that
opens a list, a numbered line, a bullet, a register's status, meeting boilerplate… Each pattern
is anchored and bounded, so classifying a line costs time in its length only.

The shapes are those of HMICFRS reports as published (their layout and numbering are cited in
tests/bot/domain/test_item_formats.py): "Recommendation 3", "Cause of concern", "Area for
improvement 2", "Areas for Improvement (8)", "Action for Further Improvement (AFI) 7 - …",
"Recommendation • The force should…", "1" alone on its line then "Completed".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot import copy


class ItemKind(StrEnum):
    """The kinds of item a report makes, in the order a report and the document set them out:
    a cause of concern comes with the recommendations under it (PEEL 2021 onwards)."""

    CAUSE_OF_CONCERN = "cause_of_concern"
    RECOMMENDATION = "recommendation"
    AFI = "afi"

    @property
    def label(self) -> str:
        return copy.ITEM_KIND_LABELS[self.value]


_KIND = (
    r"(?P<kind>recommendations?|recs?|causes? (?:of|for) concern"
    r"|areas? for (?:further )?improvement|actions? for (?:further )?improvement|afis?)"
)
_NUMBER = r"(?P<num>\d{1,3}(?:\.\d{1,2})?[a-z]?)"
_SEPARATOR = r"(?P<sep>\s*[:.\-\u2013\u2014\u2022|]\s*|\s+)"
LABEL = re.compile(
    rf"^(?P<para>\d{{1,3}}[.)]\s+)?{_KIND}(?:\s*\((?:afi|rec|coc|cfc)\))?\s*(?:no\.?\s*)?"
    rf"{_NUMBER}(?:\s*\((?P<sub>[a-z])\))?(?![\d/,%])(?:{_SEPARATOR}(?P<rest>.*))?$",
    re.I,
)
# "Recommendation • The force should…", "Cause of concern: The force isn't…": one item, its
# number the next in the report.
UNNUMBERED_LABEL = re.compile(
    r"^(?P<kind>recommendation|cause (?:of|for) concern|area for (?:further )?improvement|afi)"
    r"\s*[:\u2022\-\u2013\u2014]\s*(?P<rest>\S.*)$",
    re.I,
)
# A label later in the line: "Recommendation 1 - By 31 March…" after a table's first cell.
LABEL_INSIDE = re.compile(
    rf"(?:^|[\s(|\u00b7\u2022])(?P<label>{_KIND}(?:\s*\((?:afi|rec)\))?\s*(?:{_NUMBER})?)"
    r"\s*[:\-\u2013\u2014\u2022]\s+(?P<rest>[A-Z\u201c\"'].*)$",
    re.I,
)
HEADING = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?(?:summary of (?:the )?|our |list of |the )?"
    r"(?P<kind>recommendations?|causes? (?:of|for) concern|areas? for (?:further )?improvement"
    r"|afis?)(?:\s+(?:and|&)\s+(?:areas? for improvement|afis?|recommendations?))?"
    r"(?:\s+(?:to|for|made to|made for)\s+[^.:;]{1,60})?"
    r"\s*(?:\(\d{1,3}\)|[-\u2013:]\s*\d{1,3})?\s*:?$",
    re.I,
)
PRACTICE = re.compile(
    r"^(?:(?:innovative|promising|notable|good|effective|positive|interesting)"
    r"(?: (?:and|or) (?:innovative|promising|notable|good))? practices?"
    r"|case study|example of (?:innovative|promising|good) practice)"
    r"(?:\s*(?:\d{1,3})?\s*[:\u2013\-]\s*.{0,160})?$",
    re.I,
)
STATUS = re.compile(
    r"^(?:(?:current )?status\s*[:\-\u2013]\s*)?(?:completed?|open|closed|ongoing|in progress"
    r"|not started|superseded|partially (?:complete|met|achieved)|awaiting (?:review|evidence"
    r"|update)|being progressed|no further action(?: needed| required)?|discharged|achieved"
    r"|overdue|on track|met|not met|green|amber|red)\.?$",
    re.I,
)
LOG_WORDS = re.compile(r"^[A-Z0-9]")  # a log's line starts with a capital or a date
_DATE_START = (
    r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}\b"
    r"|\d{1,2}(?:st|nd|rd|th)? [A-Za-z]{3,9},? \d{4}\s*[:\-\u2013]"
)
LOG = re.compile(
    r"^(?:(?:(?:status|progress|latest|force|opcc|pcc) )?update[sd]?\b[^:]{0,60}:"
    r"|(?:current )?status\s*:.+|actions? taken\s*:|evidence\s*:|rag(?: status)?\s*:"
    r"|last (?:updated|reviewed)\b|date (?:closed|opened|updated|completed)\s*:"
    r"|(?:action )?owner\s*:|closure (?:date|note)\s*:|closed on\b"
    rf"|{_DATE_START})"
)
# What a meeting, a response or a web page says after an item: never part of it.
BOILERPLATE = re.compile(
    r"^(?:resolved\b|unanimously resolved\b|supporting documents\b|we set out our detailed "
    r"findings|our detailed findings|minutes\s*:?$|report of the\b|members (?:considered|noted"
    r"|received|asked)\b|the (?:committee|board|panel|sub-committee) (?:received|considered"
    r"|noted)\b|(?:the )?(?:chief constable|force|pcc|opcc|commissioner|government|police and "
    r"crime commissioner)(?:['\u2019]s)? ?(?:response|comments?|reply)\b|response\s*:"
    r"|(?:our )?response to (?:this|the) (?:recommendation|area)|download\b|back to top\b"
    r"|print this (?:document|page)|contents$|footnotes?$|references$)",
    re.I,
)
NUMBERED = re.compile(r"^\(?(?P<num>\d{1,5}[a-z]?)[.)]\s+(?P<rest>\S.*)$")
# "3 The force should…": a list whose numbers lost their stops on the way out of a PDF.
NUMBERED_LOOSE = re.compile(r"^(?P<num>\d{1,3})\s+(?P<rest>[A-Z\u201c\"].*)$")
BULLET = re.compile(
    r"^(?P<mark>[\u2022\u25cf\u25aa\u25a0\u25e6\u2023\u2219\u00b7*\-\u2013\u2014o])\s+"
    r"(?P<rest>\S.*)$"
)
LABEL_CELL_WORDS = 2
BULLET_MARKS = "\u2022\u25cf\u25aa\u25a0\u25e6\u2023\u2219\u00b7*-\u2013\u2014o"
BARE_NUMBER = re.compile(r"^(?P<num>\d{1,3})\.?$")

# Whom an item is for is the subject of its sentence: what stands before "should" once the
# leading date, period or "HMIC recommends that" is set aside.
_MONTHS = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
)
_LEADS = (
    r"(?:(?:by|before|no later than|not later than)\s+(?:the\s+)?(?:end\s+of\s+)?"
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTHS}\s+\d{{4}},?\s+"
    r"|within\s+(?:the\s+next\s+)?(?:\w+\s+){1,2}(?:days?|weeks?|months?|years?),?\s+"
    r"|(?:by|before|no later than|not later than|within)\s+(?:the\s+)?[^,;:]{3,40},\s+"
    r"|with immediate effect,?\s+|immediately,?\s+"
    r"|as a matter of (?:urgency|priority),?\s+|in the (?:short|medium|long) term,?\s+"
    r"|(?:hmicfrs|hmic|we|the inspectorate|the inspectors?)\s+recommends?\s+that,?\s+"
    r"|it is recommended that,?\s+|therefore,?\s+)*"
)
VOICE = re.compile(
    rf"^{_LEADS}(?P<subject>[^.;:!?]{{1,300}}?)\s*,?\s+(?:should|must|needs? to|is to|are to"
    r"|ought to|will need to|is required to|are required to)\b",
    re.I,
)
_NOT_A_SUBJECT = re.compile(
    r"^(?:we|they|it|there|this|these|those|which|that|he|she|our|its|their|in|if|when|where"
    r"|although|however|as|what|how|why|hmicfrs? (?:found|think|thinks|identified|made|said)"
    r"|the (?:report|inspection|inspectorate)|a |an )\b",
    re.I,
)
ENDS_SENTENCE = re.compile(r"[.!?:;][\u201d\"\u2019')\]]*$")
# A finished item: its last sentence's stop (a list's "…; and" or a lead-in's colon goes on).
ENDS_ITEM = re.compile(r"[.!?][\u201d\"\u2019')\]]*$")
STARTS_PARAGRAPH = re.compile("[A-Z0-9\u201c\u2018\"']")


_KIND_WORDS = ("rec", "concern", "improvement", "afi")


def kind_of(word: str) -> ItemKind:
    word = word.lower()
    if word.startswith("rec"):
        return ItemKind.RECOMMENDATION
    if word.startswith("cause"):
        return ItemKind.CAUSE_OF_CONCERN
    return ItemKind.AFI


def is_singular(word: str) -> bool:
    word = word.lower()
    return not (word.endswith("s") or word.startswith(("areas", "causes", "actions")))


# "We urge the Government to…", "HMICFRS calls on chief constables to…": the one urged acts.
URGED = re.compile(
    r"^(?:we|hmicfrs|hmic|the committee|the inspectorate)\s+(?:would\s+)?(?:urge|urges|call on"
    r"|calls on|ask|asks|expect|expects|recommend|recommends|encourage|encourages)\s+"
    r"(?P<subject>[^.;:!?]{1,200}?)\s+to\b",
    re.I,
)


_WHO_ACTS_WORDS = (
    *("should", "must", "need", "is to", "are to", "ought", "required", "urge", "call"),
    *("ask", "expect", "recommend", "encourage"),
)


def subject_of(text: str) -> str | None:
    """The subject of the sentence that carries the item ("the force", "chief constables",
    "the Home Office"), or None when the words do not say who should act."""
    sentence = " ".join(text[:600].split()).lstrip("\u201c\u2018\"'")
    folded = sentence.casefold()
    if not any(word in folded for word in _WHO_ACTS_WORDS):
        return None  # no "should", "must", "urge"…: a cheap test that most prose fails
    voice = VOICE.match(sentence) or URGED.match(sentence)
    if voice is None or _NOT_A_SUBJECT.match(voice["subject"]):
        return None
    return voice["subject"]


@dataclass(frozen=True)
class Label:
    """A label that starts an item: its kind, its number (None: the next one), its words."""

    kind: ItemKind
    number: str | None
    rest: str
    paragraph_numbered: bool = False


def label_of(line: str) -> Label | None:
    """The item a line starts with its label, at the start of the line or after a first cell
    ("1 Recommendation • The force should…")."""
    folded = line[:160].casefold()
    if not any(word in folded for word in _KIND_WORDS):
        return None  # most lines: no kind's word at all, so no pattern needs trying
    if (found := LABEL.match(line)) and not line[0].islower() and _rest_fits(found):
        number = found["num"].lower() + (found["sub"] or "").lower()
        return Label(kind_of(found["kind"]), number, found["rest"] or "", bool(found["para"]))
    if (bare := UNNUMBERED_LABEL.match(line)) and not line[0].islower():
        return Label(kind_of(bare["kind"]), None, bare["rest"])
    inside = LABEL_INSIDE.search(line)
    # After a first cell ("R2", "Ref 3") or wherever the words say who should act.
    cell = len(line[: inside.start()].split()) <= LABEL_CELL_WORDS if inside else False
    if inside and inside.start() > 0 and (cell or subject_of(inside["rest"]) is not None):
        if not is_singular(inside["kind"]):
            return None
        number = inside["num"].lower() if inside["num"] else None
        return Label(kind_of(inside["kind"]), number, inside["rest"])
    return None


def _rest_fits(found: re.Match[str]) -> bool:
    """ "Recommendation 4 - By 30 June…", "AFI 7" alone, "AFI 7 The PCC should…"; not prose
    such as "Recommendation 1 of the 2019 report was…"."""
    rest, separator = found["rest"] or "", found["sep"] or ""
    if not rest or separator.strip():
        return True
    return bool(STARTS_PARAGRAPH.match(rest))


def never_furniture(line: str) -> bool:
    """Lines that come back page after page for a reason: headings, labels, statuses."""
    return bool(
        HEADING.match(line)
        or LABEL.match(line)
        or STATUS.match(line)
        or PRACTICE.match(line)
        or BOILERPLATE.match(line)
        or BARE_NUMBER.match(line)
        or NUMBERED.match(line)
        or BULLET.match(line)
    )
