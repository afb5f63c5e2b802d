"""Which sections sign-off still waits for (docs/rules.md#r5): those with no revision at all.
A section someone said the report makes none of has its answer."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.sections import (
    NEEDED_FOR_SIGN_OFF,
    Revision,
    Section,
    SectionStatus,
    current,
    missing_for_sign_off,
)


def test_sign_off_waits_for_the_recommendations_and_afis_until_each_is_recorded_or_none() -> None:
    recs = Revision(Section.RECOMMENDATIONS, 1, "1. Do this.", says_none=False)
    no_afis = Revision(Section.AREAS_FOR_IMPROVEMENT, 1, "", says_none=True)
    findings = Revision(Section.KEY_FINDINGS, 1, "Good.", says_none=False)

    assert missing_for_sign_off([]) == list(NEEDED_FOR_SIGN_OFF)
    assert missing_for_sign_off([findings]) == list(NEEDED_FOR_SIGN_OFF)
    assert missing_for_sign_off([findings, recs]) == [Section.AREAS_FOR_IMPROVEMENT]
    assert missing_for_sign_off([no_afis, recs]) == []


revisions = st.lists(
    st.builds(
        Revision,
        # stored revisions name their section as a plain string (storage.models)
        section=st.sampled_from([str(section.value) for section in Section]),
        revision=st.integers(1, 5),
        text=st.sampled_from(["", "text"]),
        says_none=st.booleans(),
    ),
    max_size=8,
)


@given(revisions)
def test_a_section_is_missing_exactly_when_its_state_is_not_recorded(
    recorded: list[Revision],
) -> None:
    assert missing_for_sign_off(recorded) == [
        section
        for section in NEEDED_FOR_SIGN_OFF
        if current(recorded, section).status is SectionStatus.NOT_RECORDED
    ]
