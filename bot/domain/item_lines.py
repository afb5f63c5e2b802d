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
    r"|noted)\b|(?:the )?(?:chief constables?|force|pcc|opcc|commissioner|government|police "
    r"and crime commissioner)(?:['\u2019]s)? ?(?:response|comments?|reply)(?:\s+to\s+[^.:;]{1,80})?"
    r"(?:\s+(?:was|is))?\s*(?::|$)|response\s*:"
    r"|(?:our )?response to (?:this|the) (?:recommendation|area)|download\b|back to top\b"
    r"|print this (?:document|page)|contents$|footnotes?$|references$)",
    re.I,
)
# What a register says of an item after it: its progress and its closing, never its words.
ASSESSMENT = re.compile(
    r"^(?:(?:i am|we are|hmicfrs is|hmic is|the inspectorate is) (?:now )?(?:satisfied|content"
    r"|assured) that (?:the terms of )?(?:this|the) (?:recommendation|area for improvement|afi"
    r"|cause of concern)"
    r"|this (?:recommendation|area for improvement|afi|cause of concern) (?:is|has been|was"
    r"|remains|can be) (?:now |therefore )?(?:complete|closed|discharged|achieved|met"
    r"|superseded|no longer)"
    r"|the force has (?:responded|acted|made (?:good )?progress|taken (?:action|steps))\b"
    r"[^.]{0,60}\b(?:this|the) (?:recommendation|area for improvement|cause of concern)"
    r"|the status of this (?:recommendation|area for improvement))",
    re.I,
)
# A register's log as its web page writes it: "[on]5th May 2016 [status]awaiting-review…",
# "[/comment][/on]".
LOG_MARKUP = re.compile(r"^\[/?(?:on|status|comment)\]", re.I)
# A register listing's entry title: the report's name and the entry's id in brackets,
# "Core Business: an inspection into crime prevention… (4822)".
REGISTER_TITLE = re.compile(
    r"^(?P<title>[A-Z0-9\u2018\u201c'\"][^\[\]]{2,240}?)\s*\((?P<id>\d{2,6})\)$"
)
# A lead-in whose points are what inspectors found, not what anyone should do: "Inspectors
# found that:", "We found:", "Our findings were:".
FINDINGS = re.compile(
    r"(?:\bfound(?: that)?|\bfindings? (?:were|was|included|are|is)|\bidentified(?: that)?"
    r"|\bshowed(?: that)?|\bconcluded(?: that)?|\bobserved(?: that)?)\s*:$",
    re.I,
)
# "To address this cause of concern we recommend that:" (ending the finding's paragraph, or a
# paragraph of its own): the words before it are a cause of concern with no heading or label,
# and the numbered recommendations after it are under it.
CONCERN_RECOMMENDS = re.compile(
    r"(?:^|(?<=[.!?\u201d)])\s+)(?:in order )?to address (?:this|these|the|that) causes? "
    r"(?:of|for) concern,?\s+(?:we|hmicfrs|hmic|the inspectorate"
    r"|(?:his|her) majesty['\u2019]s inspector(?:ate)?[\w\s&]{0,80}?)\s+(?:(?:has|have)\s+)?"
    r"(?:recommends?|recommended|makes? the following recommendations?)(?:\s+that)?\s*:?$",
    re.I,
)
# A line that is a force's name alone, or "Applicable forces": a tracker's after each item,
# never the start of the next.
_APPLIES = r"(?i:applicable forces?|applies to|forces? affected)"
APPLIES_TO = re.compile(
    rf"^(?:{_APPLIES}\s*:?\s*)?(?!The\s)"
    r"(?:[A-Z][\w'\u2019&-]*\s+(?:(?:[A-Z][\w'\u2019&-]*|and|of|&)\s+){0,4}"
    r"(?:Constabulary|Police(?: Service)?|Police Force)"
    r"(?:\s*(?:,|and|&)\s*)?){1,4}$"
    rf"|^{_APPLIES}\s*:?$",
)
NUMBERED = re.compile(
    r"^\(?(?P<num>\d{1,5}[a-z]?)[.)](?:\s+|(?=[A-Z\u201c\u2018\"']))(?P<rest>\S.*)$"
)
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
# Who reports a recommendation: "HMICFRS has recommended that…", "The inspectorate recommends
# that…", "His Majesty's Inspector of Constabulary recommends that…".
_REPORTER = (
    r"(?:hmicfrs|hmic|we|the inspectorate|the inspectors?|inspectors|the report|it"
    r"|(?:his|her) majesty['\u2019]s (?:chief )?inspector(?:ate)?(?: of [a-z &]{3,80}?)?)"
)
_LEADS = (
    r"(?:(?:by|before|no later than|not later than)\s+(?:the\s+)?(?:end\s+of\s+)?"
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTHS}\s+\d{{4}},?\s+"
    r"|within\s+(?:the\s+next\s+)?(?:\w+\s+){1,2}(?:days?|weeks?|months?|years?),?\s+"
    r"|(?:by|before|no later than|not later than|within)\s+(?:the\s+)?[^,;:]{3,40},\s+"
    r"|with immediate effect,?\s+|immediately,?\s+"
    r"|as a matter of (?:urgency|priority),?\s+|in the (?:short|medium|long) term,?\s+"
    # "By July 2018, and ongoing following that date, forces should…"
    r"|(?:and|or)\s+(?:ongoing|thereafter|continuing|on an ongoing basis)\b[^,;:]{0,40},\s+"
    r"|(?:in order )?to address (?:this|these|the|that) causes? (?:of|for) concern,?\s+"
    rf"|{_REPORTER}\s+(?:(?:has|have)\s+)?(?:also\s+)?recommend(?:s|ed)?\s+that,?\s+"
    r"|it is recommended that,?\s+|therefore,?\s+)*"
)
# "HMICFRS has recommended that…", "We recommend that…": the words name a recommendation.
RECOMMENDS = re.compile(
    rf"^{_REPORTER}\s+(?:(?:has|have|would)\s+)?(?:also\s+)?recommend(?:s|ed)?\b", re.I
)
# "We recommend that the force:", "HMICFRS has recommended that chief constables:": a lead-in
# that names what follows as recommendations, whoever it says should act.
RECOMMENDS_LEAD = re.compile(
    rf"^{_REPORTER}\s+(?:(?:has|have|would)\s+)?(?:also\s+)?(?:recommend(?:s|ed)?(?:\s+that)?"
    r"|makes? the following recommendations?)\b[^:]{0,300}:$",
    re.I,
)
# What a lead-in calls the points after it when they are items: "…the following areas for
# improvement:", "The report made these recommendations:".
NAMES_ITEMS = re.compile(
    r"\b(?:recommendations?|areas? for (?:further )?improvement|afis?"
    r"|causes? (?:of|for) concern)\b",
    re.I,
)
CONTENTS = re.compile(r"^(?:table of )?contents:?$", re.I)
# A contents list's line: a title and its page ("Recommendations 19", "Introduction ..... 4").
CONTENTS_ENTRY = re.compile(r"^\S.{0,240}?(?:\s|\.{2,}\s*|\u2026\s*)\d{1,3}$")
# A log's line that the reader did not know as one: a date, markup, "Status", "Update"…
LOG_HINT = re.compile(
    r"^(?:\[|\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9},?\s+\d{4}\b|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"
    r"|(?:status|progress|update|comment|closed|completed|owner|rag)\b)",
    re.I,
)
# "We are concerned that…", "…is a cause of concern": where a cause of concern with no heading
# begins, when "To address this cause of concern…" follows it.
CONCERNED = re.compile(
    r"\b(?:(?:is|are|remains?) (?:\w+ )?concerned\b|causes? (?:of|for) concern\b"
    r"|serious concerns?\b)",
    re.I,
)
_MODALS = (
    r"(?P<modal>should|must|needs? to|is to|are to|ought to|will need to|is required to"
    r"|are required to)\b"
)
VOICE = re.compile(rf"^{_LEADS}(?P<subject>[^.;:!?]{{1,300}}?)\s*,?\s+{_MODALS}", re.I)
# "Where forces identify disparities…, they should…", "If forces haven't yet…, they should…":
# who acts is named in the condition, and "they" stands for it.
CONDITION = re.compile(
    rf"^{_LEADS}(?:where|if|when|once|unless|until)\s+(?P<clause>[^.;:!?]{{1,300}}?),\s*"
    rf"(?:then\s+)?(?:they|it|he|she|these forces|such forces|those forces)\s+{_MODALS}",
    re.I,
)
# The actor a condition names: a few words up to the first word for one who acts.
_ACTOR = re.compile(
    r"^(?:(?:all|every|each|those|the|any|a|an)\s+)?(?:[\w'\u2019-]+\s+){0,3}?"
    r"(?:forces?|constabular(?:y|ies)|chief constables?|chief officers?|commissioners?|pccs?"
    r"|police|office|council|college of policing|agency|service|government|department)\b",
    re.I,
)
_NOT_A_SUBJECT = re.compile(
    r"^(?:we|they|it|there|this|these|those(?!\s+(?:police\s+)?forces\b)|which|that|he|she|our"
    r"|its|their|in|if|when|where|although|however|as|what|how|why"
    r"|hmicfrs? (?:found|think|thinks|identified|made|said)"
    r"|the (?:report|inspection|inspectorate)|a |an )\b",
    re.I,
)
# "needs to" and "will need to" are how findings are written too ("The force needs to improve
# how it investigates crime"): outside a list, only "should", "must" and the like make an item.
_WEAK_MODALS = frozenset(("need to", "needs to", "will need to"))
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


def subject_of(text: str, *, strong: bool = False) -> str | None:
    """The subject of the sentence that carries the item ("the force", "chief constables",
    "the Home Office", "forces" in "Where forces identify…, they should…"), or None when the
    words do not say who should act. ``strong``: only "should", "must", "is to"… (not "needs
    to", which findings use as often as items)."""
    sentence = " ".join(text[:600].split()).lstrip("\u201c\u2018\"'")
    folded = sentence.casefold()
    if not any(word in folded for word in _WHO_ACTS_WORDS):
        return None  # no "should", "must", "urge"…: a cheap test that most prose fails
    voice = VOICE.match(sentence)
    if voice is not None and not _NOT_A_SUBJECT.match(voice["subject"]):
        return _if_strong(voice["subject"], voice["modal"], strong)
    if urged := URGED.match(sentence):
        return None if _NOT_A_SUBJECT.match(urged["subject"]) else urged["subject"]
    if (condition := CONDITION.match(sentence)) and (actor := _ACTOR.match(condition["clause"])):
        return _if_strong(actor.group(0), condition["modal"], strong)
    return None


def _if_strong(subject: str, modal: str, strong: bool) -> str | None:
    return None if strong and " ".join(modal.casefold().split()) in _WEAK_MODALS else subject


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
    found = LABEL.match(line)
    if found and not found["rest"] and not is_singular(found["kind"]):
        return None  # "Recommendations 19": a contents line's page, or a count
    if found and not line[0].islower() and _rest_fits(found):
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


_ASSESSED = ("recommendation", "improvement", "afi", "concern")
_APPLIES_ENDS = ("police", "constabulary", "force", "service", "forces", "to", ":")


def is_assessment(line: str) -> bool:
    """A register's verdict on the item ("This recommendation is complete")."""
    folded = line[:120].casefold()
    return any(word in folded for word in _ASSESSED) and bool(ASSESSMENT.match(line))


def is_applies_to(line: str) -> bool:
    """ "Cleveland Police" alone, "Applicable forces": whom the item before applies to."""
    return line.casefold().endswith(_APPLIES_ENDS) and bool(APPLIES_TO.match(line))


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
