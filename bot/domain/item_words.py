"""What an item's own words say about it: whom it is directed at, and any due date it states.

Both are proposals; a person confirms or corrects each one before anything is stored.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot import copy
from bot.domain.item_lines import subject_of


class DirectedAt(StrEnum):
    """Whom an item is directed at (docs/rules.md#r6). All but OTHERS need an answer."""

    FORCE = "force"
    CHIEF_CONSTABLE = "chief_constable"
    ALL_CHIEF_CONSTABLES = "all_chief_constables"
    PCC = "pcc"
    OTHERS = "others"

    @property
    def needs_answer(self) -> bool:
        return self is not DirectedAt.OTHERS

    @property
    def label(self) -> str:
        return copy.DIRECTED_AT_LABELS[self.value]


_APOSTROPHE = "['\u2019]"
# "Chief constables", "all forces", "every police force", "those forces using…", and a subject
# that is "forces" ("forces using X, if they have not yet done so, should…").
_ALL_CHIEF_CONSTABLES = re.compile(
    r"(?=[aceflpt])(?:\bchief constables\b"
    r"|\b(?:all|every|each|those)\s+(?:(?:territorial|home office|police)\s+)?forces?\b"
    r"|\bforces should\b|^(?:police\s+)?forces\b)",
    re.I,
)
_CHIEF_CONSTABLE = re.compile(r"\bthe chief constable\b(?!s)", re.I)
_THE_FORCE = re.compile(r"\bthe (?:force|constabulary)\b(?!s)", re.I)
_PCC = re.compile(r"(?=[p])(?:\bpolice and crime commissioners?\b|\bPCCs?\b)", re.I)
# Bodies that are not the force and not its PCC: listed, no answer required. The name shown
# is the first one; the pattern is how reports write it (a curly or a straight apostrophe).
_OTHER_BODIES = [
    ("Home Office", r"\bHome Office\b"),
    ("Government", r"\b[Tt]he Government\b"),
    ("Cabinet Office", r"\bCabinet Office\b"),
    ("NPCC", rf"\bNPCC\b|\bNational Police Chiefs{_APOSTROPHE}? Council\b"),
    ("National Crime Agency", r"\bNational Crime Agency\b|\bNCA\b"),
    ("College of Policing", r"\bCollege of Policing\b"),
    ("HMICFRS", r"\bHMICFRS\b"),
    ("Crown Prosecution Service", r"\bCrown Prosecution Service\b|\bCPS\b"),
    ("Office for National Statistics", r"\bOffice for National Statistics\b"),
    ("IOPC", r"\bIndependent Office for Police Conduct\b|\bIOPC\b"),
    ("Ministry of Justice", r"\bMinistry of Justice\b"),
    ("Police Digital Service", r"\bPolice Digital Service\b"),
]
# One pass for them all; the lookahead lets the engine skip every position no name starts at.
_BODIES = re.compile(
    "(?=[A-Zt])(?:"
    + "|".join(f"(?P<b{n}>{pattern})" for n, (_, pattern) in enumerate(_OTHER_BODIES))
    + ")"
)
# "Suffolk Constabulary", "City of London Police", "British Transport Police" (a few words at
# most, so that a long run of capitalised words costs no more than a short one); not the words
# that merely begin "National Police Chiefs' Council" or "Police and Crime Commissioner".
_NAMED_FORCE = re.compile(
    r"(?=[A-Z])\b((?:[A-Z][a-z]+ )(?:(?:of|and) )?(?:[A-Z][a-z]+ ){0,4}(?:Constabulary|Police))\b"
    r"(?! Chiefs| and Crime| Service of| Scotland| Federation)"
)
_NOT_A_FORCE_NAME = {
    "The",
    "National",
    "Local",
    "Chief",
    "All",
    "Every",
    "Each",
    "Other",
    "Special",
}
_FORCE_SUFFIX = re.compile(r"\s+(?:Constabulary|Police(?: Service)?|Police Force)$", re.I)


@dataclass(frozen=True)
class Direction:
    """Whom an item is directed at, the bodies it names (in order), and whether its words say
    so plainly (the subject of its sentence) or the proposal is this force, to be safe."""

    directed_at: DirectedAt
    addressees: tuple[str, ...]
    sure: bool


def propose_directed_at(text: str, *, force_name: str | None) -> tuple[DirectedAt, tuple[str, ...]]:
    """Whom ``text`` is directed at, and the bodies it names (in the order they appear)."""
    direction = direction_of(text, force_name=force_name)
    return direction.directed_at, direction.addressees


def direction_of(text: str, *, force_name: str | None) -> Direction:
    """Whom ``text`` is directed at: the subject of its sentence decides ("the force should",
    "chief constables should", "the Home Office should"), not a body named later in it ("…agree
    arrangements with Warwickshire Police"). Chief constables, the force and the PCC need an
    answer, so when the subject names them as well as others ("The Home Office, NPCC and chief
    constables should…") they decide. When the words do not say who should act, the proposal
    is this force (an answer is asked for), never others."""
    text = " ".join(text.split())  # a name wrapped over two lines or paragraphs is one
    own = _own_force_pattern(force_name)
    addressees = _named(text, own, force_name)
    subject = subject_of(text)
    if subject is None:
        found = _answerer(text, own)
        return Direction(found or DirectedAt.FORCE, addressees, sure=found is not None)
    found = _answerer(subject, own)
    if found is not None:
        return Direction(found, addressees, sure=True)
    if _other_forces(subject, own) or _BODIES.search(subject):
        return Direction(DirectedAt.OTHERS, addressees, sure=True)
    return Direction(DirectedAt.FORCE, addressees, sure=False)


def _answerer(words: str, own: re.Pattern[str] | None) -> DirectedAt | None:
    """The first of those who answer that ``words`` name, in order of precedence. "The force"
    after another force's name is that force; before it ("The force, with Warwickshire
    Police, should…") it is this one."""
    other = _other_forces(words, own)
    the_force = _THE_FORCE.search(words)
    others_named = bool(other) and (the_force is None or other[0][0] < the_force.start())
    answerers: list[tuple[DirectedAt, re.Pattern[str] | None]] = [
        (DirectedAt.ALL_CHIEF_CONSTABLES, _ALL_CHIEF_CONSTABLES),
        (DirectedAt.CHIEF_CONSTABLE, _CHIEF_CONSTABLE),
        (DirectedAt.FORCE, own),
        (DirectedAt.PCC, _PCC),
    ]
    if not others_named:  # "the force" after another force's name is that force
        answerers.insert(3, (DirectedAt.FORCE, _THE_FORCE))
    for kind, pattern in answerers:
        if pattern is not None and pattern.search(words):
            return kind
    return None


def _named(text: str, own: re.Pattern[str] | None, force_name: str | None) -> tuple[str, ...]:
    """Every body ``text`` names, in the order it names them."""
    found: list[tuple[int, str]] = []
    for pattern, name in (
        (_ALL_CHIEF_CONSTABLES, "chief constables"),
        (_CHIEF_CONSTABLE, "the chief constable"),
        (own, force_name or "the force"),
        (_PCC, "police and crime commissioner"),
    ):
        if pattern is not None and (match := pattern.search(text)):
            found.append((match.start(), name))
    others_named = _other_forces(text, own)
    if not others_named and (match := _THE_FORCE.search(text)):
        found.append((match.start(), force_name or "the force"))
    for match in _BODIES.finditer(text):  # one pass for every body: the first mention of each
        found.append((match.start(), _OTHER_BODIES[int(str(match.lastgroup)[1:])][0]))
    found.extend(others_named)
    return _in_order(found)


@functools.lru_cache(maxsize=64)
def _own_force_pattern(force_name: str | None) -> re.Pattern[str] | None:
    """ "Norfolk Constabulary" matches "Norfolk" alone too, as reports and responses write it."""
    if not force_name or not force_name.strip():
        return None
    short = _FORCE_SUFFIX.sub("", force_name.strip())
    return re.compile(rf"\b{re.escape(short)}\b", re.I)


def _other_forces(text: str, own: re.Pattern[str] | None) -> list[tuple[int, str]]:
    named = []
    for match in _NAMED_FORCE.finditer(text):
        words = match.group(1).split()
        while words and words[0] in _NOT_A_FORCE_NAME:  # "The City of London Police"
            words.pop(0)
        name = " ".join(words)
        if len(words) < 2 or (own and own.search(name)):
            continue
        named.append((match.start(), name))
    return named


def _in_order(found: list[tuple[int, str]]) -> tuple[str, ...]:
    names: list[str] = []
    for _, name in sorted(found):
        if name not in names:
            names.append(name)
    return tuple(names)


_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if name})
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DUE = re.compile(
    r"\b(?:by|before|no later than|not later than)\s+(?:the\s+)?(?:end of\s+)?"
    rf"(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?)?{_MONTH},?\s+(\d{{4}})\b",
    re.I,
)


def parse_due(text: str) -> date | None:
    """The first calendar date the text sets as a deadline: "By 30 June 2024" → 30 Jun 2024.

    "By April 2024" (a month and year, no day) → 30 April 2024: the deadline is met any time in
    that month, so its last day is the date that is not yet late; a person confirms it anyway.
    A month with no year ("By March") or a period ("within six months") gives None, since
    either needs a date the report does not state."""
    for match in _DUE.finditer(text):
        day, month_name, year = match.groups()
        month, year_number = _MONTHS[month_name.lower()], int(year)
        last = calendar.monthrange(year_number, month)[1]
        try:
            return date(year_number, month, int(day) if day else last)
        except ValueError:  # "By 31 June 2024": not a date; try the next one
            continue
    return None
