"""`/s55 recs` for a long report after the response: every answered item with its RAG, the
actions that need someone first, and never more blocks than Slack takes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot import ids
from bot.render import as_dicts
from bot.render.items import items_listing
from bot.render.progress import Followed
from storage.models import ItemAnswer, ItemProgress, ReportItem

TODAY = date(2025, 9, 16)
FOLLOWED = Followed(today=TODAY, warning_days=14, can_update=True)


def answered(number: int, target: date, status: str | None = None) -> ReportItem:
    item = ReportItem(
        id=number,
        kind="recommendation",
        number=str(number),
        text=f"Do thing {number}.",
        directed_at="force",
        snoozed_until=None,
    )
    item.answers = [
        ItemAnswer(response="accepted", action="We will.", owner="PSD", target_date=target)
    ]
    item.progress = (
        [
            ItemProgress(
                status=status, target_date=None, recorded_at=datetime(2025, 9, 1, tzinfo=UTC)
            )
        ]
        if status
        else []
    )
    return item


def listing(items: list[ReportItem], *, can_answer: bool) -> list[dict]:
    _, blocks = items_listing(
        reference="S55-3", inspection_id=3, items=items, can_answer=can_answer, followed=FOLLOWED
    )
    return as_dicts(blocks)


def test_after_sign_off_a_long_list_shows_the_red_and_amber_actions_first_within_50_blocks():
    far = TODAY + timedelta(days=90)
    items = [answered(n, far) for n in range(1, 58)]
    items += [answered(58, TODAY + timedelta(days=3)), answered(59, TODAY - timedelta(days=1))]
    items.append(answered(60, TODAY - timedelta(days=30), status="complete"))
    blocks = listing(items, can_answer=False)
    assert len(blocks) == 50
    sections = [b for b in blocks if b.get("block_id", "").startswith("item_")]
    assert [b["block_id"] for b in sections[:2]] == ["item_59", "item_58"]  # red, then amber
    assert ":red_circle: Red · Not started" in sections[0]["text"]["text"]
    assert all(b["accessory"]["action_id"] == ids.UPDATE_PROGRESS for b in sections)
    assert blocks[-1]["text"]["text"] == "… and 12 more."


def test_before_sign_off_an_answered_item_offers_both_buttons_within_50_blocks() -> None:
    items = [answered(n, TODAY + timedelta(days=90)) for n in range(1, 40)]
    blocks = listing(items, can_answer=True)
    assert len(blocks) <= 50
    rows = [b for b in blocks if b.get("block_id", "").startswith(ids.ITEM_ACTIONS_BLOCK_PREFIX)]
    assert [e["action_id"] for e in rows[0]["elements"]] == [ids.ANSWER_ITEM, ids.UPDATE_PROGRESS]
    assert blocks[-2]["text"]["text"].startswith("… and ")
    assert blocks[-1]["block_id"] == "items_actions"


def test_without_followed_progress_the_list_offers_no_update() -> None:
    items = [answered(1, TODAY)]
    _, blocks = items_listing(
        reference="S55-3",
        inspection_id=3,
        items=items,
        can_answer=False,
        followed=Followed(today=TODAY, warning_days=14, can_update=False),
    )
    shown = str(as_dicts(blocks))
    assert ids.UPDATE_PROGRESS not in shown and "Amber · Not started" in shown


def test_an_item_shows_one_target_date_saying_when_it_was_revised() -> None:
    item = answered(1, date(2025, 12, 31), status="in_progress")
    item.progress[0].target_date = date(2025, 11, 30)
    text = next(b for b in listing([item], can_answer=False) if b.get("block_id") == "item_1")
    shown = text["text"]["text"]
    assert ":white_check_mark: Accepted\n" in shown  # the answer's own owner and date not again
    assert (
        "Green · In progress · target Sun 30 Nov 2025 (revised from Wed 31 Dec 2025) · owner PSD"
    ) in shown
    assert shown.count("PSD") == 1 and "by Wed 31 Dec 2025" not in shown


def test_an_item_never_revised_shows_its_answered_target_once() -> None:
    text = next(
        b
        for b in listing([answered(1, date(2025, 12, 31))], can_answer=True)
        if b.get("block_id") == "item_1"
    )["text"]["text"]
    assert text.count("Wed 31 Dec 2025") == 1 and "revised" not in text
