"""A draft's items read as its messages come (bot.domain.items_so_far): whatever the messages,
wherever one ends (mid-item, mid-line, mid-word), what the receipt shows after each is what
reading the whole text so far shows, and the reading kept between them does not grow with the
items read."""

from __future__ import annotations

import json
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.items import ItemKind, ItemsShown, read_items
from bot.domain.items_so_far import ItemsSoFar
from bot.domain.recall import BITS, Recall, Unsure
from bot.domain.responses import join_parts
from tests.bot.domain.item_formats import FIXTURES, FORMATS, PAGE_FORMATS, fixture
from tests.paths import REPOSITORY

DOCUMENTS = REPOSITORY / "tests" / "fixtures" / "documents"
TEXTS = {
    **{name: (fixture(name).text, fixture(name).force) for name in FORMATS + PAGE_FORMATS},
    **{
        path.stem: (path.read_text(encoding="utf-8"), "Wessex Police")
        for path in sorted(DOCUMENTS.glob("*.txt"))
    },
}
KINDS = (ItemKind.RECOMMENDATION, ItemKind.AFI)
LISTED = (0, 1, 3, 45)  # the receipt lists 45 (bot.render.items.MAX_LISTED)


def read_message_by_message(
    parts: list[str], *, force: str, kind: ItemKind, listed: int
) -> tuple[list[bool], list[tuple[ItemsShown, ItemsShown]]]:
    """Read the parts one message at a time, as receipts.py does (the reading kept as JSON
    between them, and read again from the start when it cannot go on); for each: whether it
    went on, and (what it shows, what reading the whole text so far shows)."""
    options = {"force_name": force, "default_kind": kind, "listed": listed}
    so_far, shown = ItemsSoFar.reading(parts[:1], **options)
    went_on, compared = [], [(shown, whole(parts[:1], force, kind, listed))]
    for n in range(1, len(parts)):
        kept = ItemsSoFar.from_json(json.loads(json.dumps(so_far.as_json())))
        assert kept is not None
        read = kept.adding(parts[n : n + 1], **options)
        went_on.append(read is not None)
        so_far, shown = read or ItemsSoFar.reading(parts[: n + 1], **options)
        compared.append((shown, whole(parts[: n + 1], force, kind, listed)))
    return went_on, compared


def whole(parts: list[str], force: str, kind: ItemKind, listed: int) -> ItemsShown:
    return read_items(join_parts(parts), force_name=force, default_kind=kind).shown(listed)


def split(text: str, cuts: list[int]) -> list[str]:
    edges = [0, *sorted(set(cuts)), len(text)]
    return [text[a:b] for a, b in pairwise(edges) if b > a]


@settings(max_examples=300, deadline=None)
@given(
    name=st.sampled_from(sorted(TEXTS)),
    kind=st.sampled_from(KINDS),
    listed=st.sampled_from(LISTED),
    at=st.lists(st.floats(min_value=0, max_value=1, exclude_max=True), max_size=14),
    by_line=st.booleans(),
)
def test_every_split_of_a_report_reads_message_by_message_as_it_reads_whole(
    name: str, kind: ItemKind, listed: int, at: list[float], by_line: bool
) -> None:
    text, force = TEXTS[name]
    if by_line:  # a message ends where a line does, as pastes mostly do
        ends = [n + 1 for n, c in enumerate(text) if c == "\n"]
        cuts = [ends[int(f * len(ends))] for f in at] if ends else []
    else:  # anywhere: mid-line, mid-word
        cuts = [1 + int(f * (len(text) - 1)) for f in at]
    parts = split(text, cuts)

    _went_on, compared = read_message_by_message(parts, force=force, kind=kind, listed=listed)

    for n, (shown, expected) in enumerate(compared):
        assert shown == expected, f"after message {n + 1} of {[p[:20] for p in parts]}"


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_each_line_of_every_fixture_as_a_message_reads_as_the_whole(name: str) -> None:
    text, force = TEXTS[name]
    parts = [line + "\n" for line in text.split("\n")]
    for kind in KINDS:
        _went_on, compared = read_message_by_message(parts, force=force, kind=kind, listed=45)
        assert all(shown == expected for shown, expected in compared)


def typed_items(count: int) -> list[str]:
    """``count`` recommendations pasted one to a message, as an officer types them."""
    return [
        f"Recommendation {n}: By 31 March 2025, the force should improve how it records and "
        f"reviews the vetting decisions it makes for the officers and staff of team {n}, so "
        "that it can show each decision is fair."
        for n in range(1, count + 1)
    ]


def test_two_hundred_items_one_to_a_message_are_each_read_once() -> None:
    parts = typed_items(200)
    went_on, compared = read_message_by_message(
        parts, force="Wessex Police", kind=ItemKind.RECOMMENDATION, listed=45
    )
    assert all(went_on)  # never read again from the start
    shown, expected = compared[-1]
    assert shown == expected and shown.taken == 200


def test_the_reading_kept_stops_growing_once_the_receipt_lists_no_more() -> None:
    """The first 45 items are kept whole (the receipt lists them); past them, what is kept of
    each item (its kind, number, whom for) is counted and filtered, not listed."""
    parts = typed_items(200)
    options = {"force_name": "Wessex Police", "default_kind": ItemKind.RECOMMENDATION}
    sizes = {}
    so_far, _ = ItemsSoFar.reading(parts[:1], listed=45, **options)
    for n in range(1, 200):
        read = so_far.adding(parts[n : n + 1], listed=45, **options)
        assert read is not None
        so_far = read[0]
        sizes[n + 1] = len(json.dumps(so_far.as_json()))
    # Two filters (the openings and words of items read, the labels seen) may fill, and
    # compress less, but never grow past their size.
    assert sizes[200] - sizes[46] < 2 * BITS // 8 * 4 // 3
    assert sizes[200] < sizes[100] * 1.2


def test_a_filter_is_sure_only_of_what_it_never_held() -> None:
    recall = Recall()
    recall.add("opening recommendation 4 the force should")
    assert recall.has("opening recommendation 5 the force should") is False
    with pytest.raises(Unsure):
        recall.has("opening recommendation 4 the force should")
    assert Recall.of(recall.kept()).bits == recall.bits


def test_the_fixtures_are_all_read() -> None:
    assert len(TEXTS) == len(FORMATS) + len(PAGE_FORMATS) + len(list(DOCUMENTS.glob("*.txt")))
    assert FIXTURES.is_dir()
