"""An item's lines made into its text: a wrapped line runs on, a line after a finished sentence
starts a paragraph, each bullet starts a line, and a word hyphenated across two lines by a PDF's
typesetter is whole again ("im-" + "prove" → "improve") while a hyphenated word stays so
("re-" + "occurrence" → "re-occurrence").

Which is which is read from the report itself: a word that appears whole elsewhere in it was
broken by the line; a compound that appears hyphenated elsewhere keeps its hyphen; otherwise a
short list of prefixes that English writes with a hyphen decides. Linear: one pass to learn the
report's words, and each join looks up a set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.domain.item_lines import ENDS_SENTENCE, STARTS_PARAGRAPH

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_BROKEN = re.compile(r"([^\W\d_]+)-$")
_FIRST_WORD = re.compile(r"^([^\W\d_]+)")
# Words English writes with a hyphen before another: "self-assessment", "well-being"…
_HYPHEN_WORDS = frozenset(
    ("anti", "counter", "cross", "cyber", "ex", "multi", "non", "self", "semi", "well")
)
# …and prefixes it hyphenates before a vowel: "re-occurrence", "co-ordinate", "pre-existing"
# (but "re-" + "corded" is "recorded", broken by the line).
_VOWEL_PREFIXES = frozenset(("co", "de", "pre", "re"))
_SUFFIXES = frozenset(("al", "ed", "er", "es", "ing", "ion", "ions", "ity", "ive", "ly", "ment"))


class WordsUnknown(Exception):
    """A join needs the words of the whole report, and this joiner was not given them."""


@dataclass
class Joiner:
    """``typeset``: the text's line ends are a typesetter's (a PDF's), so a line that does not
    finish a sentence runs on into the next; otherwise each line is a paragraph of its own (a
    web page's, a Word document's), and one that starts with a capital starts a paragraph.
    ``lines`` None: the report's words are not known here (only part of it is being read),
    and a join that needs them raises WordsUnknown. ``unseen``: the words looked for in the
    report and not found (hyphenated or whole), on which the joins made so far depend."""

    lines: list[str] | None
    typeset: bool = True
    _words: frozenset[str] | None = None
    _hyphenated: frozenset[str] = frozenset()
    unseen: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, lines: Iterable[str], *, typeset: bool = True) -> Joiner:
        return cls(list(lines), typeset)

    def _learn(self) -> frozenset[str]:
        """The words of the report (lower case), whole and hyphenated within a line: learnt
        once, the first time a line ends in a hyphen (most pastes never need them)."""
        if self._words is None:
            if self.lines is None:
                raise WordsUnknown("a broken word needs the report's words")
            words, hyphenated = report_words(self.lines)
            self._words, self._hyphenated = frozenset(words), frozenset(hyphenated)
        return self._words

    def join(self, lines: list[str]) -> str:
        parts = [lines[0]]
        for line in lines[1:]:
            last = parts[-1]
            if line.startswith("• "):
                parts.append("\n" + line)
            elif last.endswith("-") and not last.endswith(" -") and line[:1].islower():
                parts[-1] = self._dehyphenate(last, line)
                parts.append(line)
            elif (ENDS_SENTENCE.search(last) or not self.typeset) and STARTS_PARAGRAPH.match(line):
                parts.append("\n\n" + line)
            else:
                parts.append(" " + line)
        return "".join(parts)

    def _dehyphenate(self, last: str, line: str) -> str:
        """``last`` (ending "-") as it joins ``line``: with or without its hyphen."""
        head = _BROKEN.search(last.casefold())
        tail = _FIRST_WORD.match(line.casefold())
        if head is None or tail is None:
            return last
        first, second = head.group(1).split("-")[-1], tail.group(1)
        words = self._learn()
        if f"{first}-{second}" in self._hyphenated:
            return last
        self.unseen.add(f"{first}-{second}")
        if first + second in words:
            return last[:-1]
        self.unseen.add(first + second)
        keep = (first in _HYPHEN_WORDS and second not in _SUFFIXES) or (
            first in _VOWEL_PREFIXES and second[:1] in "aeiou"
        )
        return last if keep else last[:-1]


def report_words(lines: Iterable[str]) -> tuple[set[str], set[str]]:
    """The words of these lines (lower case), whole (the parts of hyphenated ones too), and
    those hyphenated within a line."""
    found = set(_WORD.findall("\n".join(lines).casefold()))
    hyphenated = {word for word in found if "-" in word}
    words = found - hyphenated
    for word in hyphenated:
        words.update(word.split("-"))
    return words, hyphenated
