"""One definition of a word, for every count the bot shows (card, receipt, document)."""

from __future__ import annotations


def count_words(text: str) -> int:
    """Runs of non-space characters: what a word processor counts."""
    return len(text.split())
