"""The tracking card is a pure function of the stored inspection and the time."""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.domain.steps import DEFAULT_STEPS
from bot.render.card import card_blocks
from storage.models import Inspection, Response, StepConfirmation

SNAPSHOTS = Path(__file__).with_name("snapshots")
LONDON = ZoneInfo("Europe/London")


def vetting(**changes: object) -> Inspection:
    fields = dict(
        id=1,
        number=3,
        title="Vetting and anti-corruption part 2: <the> police's & public's trust",
        published=date(2024, 4, 30),
        inspection_type="National thematic",
        link="https://hmicfrs.justiceinspectorates.gov.uk/publications/vetting-part-2/",
        deadline_rule="statutory",
        cc_due=date(2024, 5, 28),
        statutory_deadline=date(2024, 6, 24),
        state="awaiting PCC sign-off",
        channel_id="C0TEAM0001",
        logged_by="U0JANE001",
        logged_at=datetime(2024, 5, 2, 9, 30, tzinfo=UTC),
        responses=[],
        steps=[],
        sections=[],
    )
    fields.update(changes)
    return Inspection(**fields)


def rendered(inspection: Inspection, now: datetime) -> list[dict]:
    return [
        block.to_dict()
        for block in card_blocks(inspection, now=now, tz=LONDON, steps=DEFAULT_STEPS)
    ]


def test_the_card_matches_its_snapshot() -> None:
    inspection = vetting(
        responses=[
            Response(
                kind="cc",
                revision=1,
                text="word " * 812,
                raw_text="",
                confirmed_by="U0CC00001",
                confirmed_at=datetime(2024, 5, 20, 10, tzinfo=UTC),
            ),
            Response(
                kind="pcc",
                revision=1,
                text="The PCC welcomes the report.",
                raw_text="",
                confirmed_by="U0PCC0001",
                confirmed_at=datetime(2024, 6, 1, 10, tzinfo=UTC),
            ),
        ],
        steps=[
            StepConfirmation(
                step="PCC response signed off",
                confirmed_by="U0APPR001",
                confirmed_at=datetime(2024, 6, 12, 13, 2, tzinfo=UTC),
            ),
        ],
        state="publishing",
    )
    blocks = rendered(inspection, now=datetime(2024, 6, 12, 14, tzinfo=UTC))
    snapshot = SNAPSHOTS / "card_signed_off.json"
    if os.environ.get("S55_UPDATE_SNAPSHOTS"):  # after a deliberate change: review the diff
        snapshot.write_text(json.dumps(blocks, indent=2, ensure_ascii=False) + "\n")
    assert blocks == json.loads(snapshot.read_text())


def test_an_open_inspection_past_its_deadline_is_flagged_overdue() -> None:
    blocks = rendered(
        vetting(state="awaiting CC response"), now=datetime(2024, 6, 26, 9, tzinfo=UTC)
    )
    facts = [field["text"] for field in blocks[2]["fields"]]
    assert "*State*\nAwaiting CC response · :warning: *OVERDUE*" in facts
    assert "*Section 55 deadline*\nMon 24 Jun 2024\nOVERDUE by 2 days" in facts


def facts_of(inspection: Inspection, now: datetime) -> dict[str, str]:
    texts = [field["text"] for field in rendered(inspection, now)[2]["fields"]]
    return dict(text.removeprefix("*").split("*\n", 1) for text in texts)


def test_cc_comments_past_their_date_are_flagged_in_calendar_days_until_confirmed() -> None:
    waiting = vetting(state="awaiting CC response")
    cc_due = "Chief Constable comments due"
    assert facts_of(waiting, datetime(2024, 5, 28, 22, tzinfo=UTC))[cc_due] == "Tue 28 May 2024"
    assert facts_of(waiting, datetime(2024, 5, 29, 9, tzinfo=UTC))[cc_due] == (
        "Tue 28 May 2024\n:warning: CC comments 1 day late"
    )
    assert facts_of(waiting, datetime(2024, 5, 31, 9, tzinfo=UTC))[cc_due] == (
        "Tue 28 May 2024\n:warning: CC comments 3 days late"
    )
    confirmed = vetting(
        state="awaiting PCC response",
        responses=[
            Response(
                kind="cc",
                revision=1,
                text="The force accepts the recommendations.",
                raw_text="",
                confirmed_by="U0CC00001",
                confirmed_at=datetime(2024, 5, 31, 10, tzinfo=UTC),
            )
        ],
    )
    assert facts_of(confirmed, datetime(2024, 5, 31, 11, tzinfo=UTC))[cc_due] == "Tue 28 May 2024"


def test_an_inspection_logged_after_its_deadline_says_so_on_its_card() -> None:
    backlog = vetting(
        state="awaiting CC response", logged_at=datetime(2026, 11, 25, 10, tzinfo=UTC)
    )
    facts = facts_of(backlog, datetime(2026, 11, 25, 10, tzinfo=UTC))
    assert facts["Section 55 deadline"] == (
        "Mon 24 Jun 2024\nOVERDUE by 884 days\n_logged after the deadline_"
    )
    in_time = facts_of(vetting(state="awaiting CC response"), datetime(2024, 6, 26, tzinfo=UTC))
    assert "logged after" not in in_time["Section 55 deadline"]


def test_a_withdrawn_inspection_is_not_flagged_late_for_cc_comments() -> None:
    withdrawn = vetting(state="withdrawn", withdrawn_reason="logged twice")
    facts = facts_of(withdrawn, datetime(2024, 6, 1, 9, tzinfo=UTC))
    assert facts["Chief Constable comments due"] == "Tue 28 May 2024"


def test_a_complete_inspection_is_not_flagged_overdue() -> None:
    blocks = rendered(vetting(state="complete"), now=datetime(2024, 6, 26, 9, tzinfo=UTC))
    assert "*State*\nComplete" in [field["text"] for field in blocks[2]["fields"]]


def test_the_plus56_rule_is_named_on_the_card() -> None:
    blocks = rendered(
        vetting(deadline_rule="plus56", statutory_deadline=date(2024, 6, 25)),
        now=datetime(2024, 5, 2, 9, tzinfo=UTC),
    )
    assert blocks[3]["elements"][0]["text"].startswith("Deadline rule: publication date + 56 days.")


def test_a_title_of_any_length_fits_slacks_limits() -> None:
    title = "word " * 700
    blocks = rendered(vetting(title=title.strip()), now=datetime(2024, 5, 2, 9, tzinfo=UTC))
    assert len(blocks[0]["text"]["text"]) <= 150
    assert len(blocks[1]["text"]["text"]) <= 3000
    assert blocks[1]["text"]["text"].endswith("…>*")


def test_step_buttons_appear_once_both_responses_are_in() -> None:
    before = rendered(vetting(state="awaiting PCC response"), now=datetime(2024, 6, 1, tzinfo=UTC))
    after = rendered(vetting(state="awaiting PCC sign-off"), now=datetime(2024, 6, 1, tzinfo=UTC))

    def buttons(blocks: list[dict]) -> list[str]:
        return [
            b["accessory"]["text"]["text"]
            for b in blocks
            if b.get("accessory", {}).get("type") == "button"
        ]

    assert buttons(before) == []
    assert buttons(after) == list(DEFAULT_STEPS)


def test_a_step_confirmed_before_the_list_changed_is_still_shown() -> None:
    inspection = vetting(
        state="publishing",
        steps=[
            StepConfirmation(
                step="Response forwarded to HMICFRS Section 55 Responses",
                confirmed_by="U0APPR001",
                confirmed_at=datetime(2024, 6, 12, 13, 2, tzinfo=UTC),
            )
        ],
    )
    text = json.dumps(rendered(inspection, now=datetime(2024, 6, 12, 14, tzinfo=UTC)))
    assert "Response forwarded to HMICFRS Section 55 Responses" in text
    assert "(no longer listed)" in text


def test_a_not_required_inspection_shows_the_reason_and_no_buttons() -> None:
    inspection = vetting(state="no response required", not_required_reason="Not about this force")
    blocks = rendered(inspection, now=datetime(2024, 6, 12, 14, tzinfo=UTC))
    assert "*No response required.* Not about this force" in json.dumps(blocks)
    assert not any("accessory" in b or b["type"] == "actions" for b in blocks)


def test_a_stored_link_with_a_mention_in_it_cannot_ping_anyone() -> None:
    inspection = vetting(link="https://x.example/a><!channel>")
    text = json.dumps(rendered(inspection, now=datetime(2024, 5, 2, 9, tzinfo=UTC)))
    assert "<!channel>" not in text
    assert "<https://x.example/a%3E%3C!channel%3E|" in text  # one inert link


def test_a_long_link_and_a_title_full_of_ampersands_still_fit_the_section() -> None:
    # Percent-encoding and escaping make both longer than they were typed.
    for url in ("https://x.example/" + "ŵ" * 1980, "https://x.example/?" + "a=1&" * 495):
        inspection = vetting(link=url, title="R&D " * 125)
        section = rendered(inspection, now=datetime(2024, 5, 2, 9, tzinfo=UTC))[1]
        assert len(section["text"]["text"]) <= 3000
        assert "R&amp;D" in section["text"]["text"]
