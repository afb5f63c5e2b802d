"""Pages of a long list (``/s55 list all 2``): a list reads and shows one page of its rows,
however long the history, and says how many more there are and the command for the next."""

from __future__ import annotations

from dataclasses import dataclass

# Rows a page shows: Slack allows 50 blocks in a message, and a list needs its heading and the
# line saying what comes next.
PAGE_SIZE = 45


@dataclass(frozen=True)
class Page:
    """Page ``number`` (from 1) of a list of ``total`` rows, ``size`` a page."""

    number: int
    total: int
    size: int = PAGE_SIZE

    @property
    def last(self) -> int:
        """The last page's number: 1 for an empty list, which still has its (empty) page."""
        return max(1, -(-self.total // self.size))

    @property
    def exists(self) -> bool:
        return 1 <= self.number <= self.last

    @property
    def offset(self) -> int:
        """Rows before this page's first."""
        return (self.number - 1) * self.size

    @property
    def first_shown(self) -> int:
        return min(self.offset + 1, self.total)

    @property
    def last_shown(self) -> int:
        return min(self.offset + self.size, self.total)

    @property
    def more(self) -> int:
        """Rows after this page."""
        return max(self.total - self.last_shown, 0)


def page_number(word: str) -> int | None:
    """The page a user typed (``2``), or None when the word is not a whole number from 1."""
    word = word.strip()
    if not word.isascii() or not word.isdigit():
        return None
    number = int(word)
    return number if number >= 1 else None
