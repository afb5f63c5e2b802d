"""Follow-ups are one closed set of kinds (bot.domain.followups.Kind): each key is written and
read back by one type, a key of no kind is refused, and the kinds' order is the posting order."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain import followups
from bot.domain.followups import DOCUMENT_FORMATS, FORMAT, FollowUp, Kind, UnknownFollowUp

ids = st.integers(min_value=1, max_value=10**9 - 1)


def parts_of(kind: Kind) -> st.SearchStrategy[tuple[int | str, ...]]:
    return st.tuples(
        *(st.sampled_from(DOCUMENT_FORMATS) if name == FORMAT else ids for name in kind.parts)
    )


@pytest.mark.parametrize("kind", list(Kind), ids=lambda k: k.name)
def test_every_kind_reads_back_the_key_it_writes(kind: Kind) -> None:
    @given(parts_of(kind))
    def round_trip(parts: tuple[int | str, ...]) -> None:
        key = kind.key(*parts)
        assert key.startswith(kind.prefix + ":")
        assert FollowUp.parse(key) == FollowUp.of(kind, *parts)
        assert FollowUp.parse(key).key == key

    round_trip()


@pytest.mark.parametrize(
    "key",
    [
        "",
        "mystery:1",  # no such kind: never taken for a note
        "note",
        "note:",
        "note:1:2",
        "note:x",
        "note:-1",
        "edit:card",
        "edit:1",
        "upload:1:2:pdf",
        "upload:1:2",
        "draft:1",
        "note:\u0661",  # ARABIC-INDIC DIGIT ONE: a digit, but not one of ours
    ],
)
def test_a_key_of_no_kind_or_in_the_wrong_shape_is_refused(key: str) -> None:
    with pytest.raises(UnknownFollowUp):
        FollowUp.parse(key)


def test_the_builders_write_their_kinds() -> None:
    assert followups.card_edit(3) == "edit:card:3"
    assert followups.step_note(12) == "note:12"
    assert followups.upload(1, 2, "docx") == "upload:1:2:docx"
    assert FollowUp.parse(followups.draft_upload(4, 5)).kind is Kind.DRAFT
    assert FollowUp.parse(followups.report_files(9)).id() == 9


def test_the_card_is_edited_before_anything_in_its_thread_and_a_report_before_its_files() -> None:
    order = list(Kind)
    assert order[0] is Kind.CARD_EDIT
    assert order.index(Kind.REPORT) < order.index(Kind.REPORT_FILES)
    assert [kind.rank for kind in Kind] == list(range(len(Kind)))
    assert len({kind.prefix for kind in Kind}) == len(Kind)
