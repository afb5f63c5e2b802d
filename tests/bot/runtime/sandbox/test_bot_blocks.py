"""Every block the bot builds shows in the sandbox: no red "cannot show" box anywhere."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.actions import ActionState, ActionStatus
from bot.domain.paging import Page
from bot.domain.reminders import Missing
from bot.domain.responses import DraftSummary, ResponseKind
from bot.domain.standing import Standing
from bot.domain.steps import DEFAULT_STEPS
from bot.render import as_dicts
from bot.render.card import card_blocks
from bot.render.home import Shown, home_view
from bot.render.items import items_listing
from bot.render.listing import list_blocks, show_blocks
from bot.render.modal import edit_inspection_modal, new_inspection_modal, reason_modal
from bot.render.progress import Followed, progress_modal
from bot.render.reminders import (
    action_nudge_message,
    digest_message,
    item_snoozed_message,
    nudge_message,
    snoozed_message,
)
from bot.render.thread import receipt_blocks, section_prompt_blocks
from bot.runtime.sandbox.blockkit import render_blocks
from storage.models import (
    Inspection,
    ItemAnswer,
    ReportItem,
    Response,
    ResponseDraft,
    StepConfirmation,
)
from tests.bot.runtime.sandbox.parsing import FakeNames

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2024, 6, 12, 14, tzinfo=UTC)


def inspection(**changes: object) -> Inspection:
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
        responses=[response("cc"), response("pcc")],
        steps=[],
        sections=[],
    )
    fields.update(changes)
    return Inspection(**fields)


def response(kind: str) -> Response:
    return Response(
        kind=kind,
        revision=1,
        text="The force accepts the recommendations.",
        raw_text="",
        confirmed_by="U0JANE001",
        confirmed_at=datetime(2024, 6, 1, 10, tzinfo=UTC),
    )


def signed_off() -> Inspection:
    step = StepConfirmation(step=DEFAULT_STEPS[0], confirmed_by="U0JANE001", confirmed_at=NOW)
    return inspection(state="publishing", steps=[step])


def draft(status: str, kind: str = "pcc") -> ResponseDraft:
    return ResponseDraft(
        id=7,
        inspection_id=1,
        kind=kind,
        status=status,
        version=2,
        opened_by="U0JANE001",
        opened_at=NOW,
        closed_by="U0JANE001",
        closed_at=NOW,
    )


def answered_item() -> ReportItem:
    item = ReportItem(
        id=5, kind="afi", number="1", text="Forces should <vet> & check.", directed_at="force"
    )
    item.answers = [
        ItemAnswer(
            response="accepted", action="We will.", owner="PSD", target_date=date(2024, 6, 30)
        )
    ]
    item.progress = []
    return item


def standing(left: int) -> Standing:
    return Standing(
        reference="S55-3",
        title="Vetting & <trust>",
        card_url="https://example.slack.com/archives/C0TEAM0001/p1",
        left=left,
        deadline=date(2024, 6, 24),
        state="awaiting CC response",
        missing=Missing(items=("cc",), who="cc"),
    )


def card(state_inspection: Inspection) -> list[dict]:
    return as_dicts(card_blocks(state_inspection, now=NOW, tz=LONDON, steps=DEFAULT_STEPS))


SUMMARY = DraftSummary(messages=2, words=812, first_line="The PCC welcomes <the> report")
ITEMS = [standing(-2), standing(3), standing(10), standing(40)]

# (surface, blocks) for each message, modal and Home tab the bot builds.
BUILDERS: dict[str, Callable[[], tuple[str, list[dict]]]] = {
    "card awaiting sign-off": lambda: ("message", card(inspection())),
    "card signed off": lambda: ("message", card(signed_off())),
    "card awaiting CC": lambda: ("message", card(inspection(state="awaiting CC response"))),
    "card not required": lambda: (
        "message",
        card(inspection(state="no response required", not_required_reason="Not <needed>")),
    ),
    "card withdrawn": lambda: (
        "message",
        card(inspection(state="withdrawn", withdrawn_reason="Logged twice")),
    ),
    "list": lambda: (
        "message",
        as_dicts(
            list_blocks(
                [inspection(), inspection(id=2, number=4)],
                "open",
                Page(1, 2),
                now=NOW,
                tz=LONDON,
                steps=DEFAULT_STEPS,
                card_url={1: "https://example.slack.com/archives/C0TEAM0001/p1"},
            )[1]
        ),
    ),
    "list empty": lambda: (
        "message",
        as_dicts(
            list_blocks(
                [], "open", Page(1, 0), now=NOW, tz=LONDON, steps=DEFAULT_STEPS, card_url={}
            )[1]
        ),
    ),
    "show": lambda: (
        "message",
        as_dicts(
            show_blocks(inspection(), now=NOW, tz=LONDON, steps=DEFAULT_STEPS, card_url=None)[1]
        ),
    ),
    "receipt collecting": lambda: (
        "message",
        as_dicts(receipt_blocks(draft("collecting"), SUMMARY, response=None, tz=LONDON)[1]),
    ),
    "receipt confirmed": lambda: (
        "message",
        as_dicts(
            receipt_blocks(draft("confirmed"), SUMMARY, response=response("pcc"), tz=LONDON)[1]
        ),
    ),
    "receipt section recorded": lambda: (
        "message",
        as_dicts(
            receipt_blocks(draft("confirmed", "findings"), SUMMARY, response=None, tz=LONDON)[1]
        ),
    ),
    "receipt abandoned": lambda: (
        "message",
        as_dicts(receipt_blocks(draft("abandoned"), SUMMARY, response=None, tz=LONDON)[1]),
    ),
    "section prompt": lambda: (
        "message",
        as_dicts(
            section_prompt_blocks(
                "Paste the *key findings*", inspection_id=1, kind=ResponseKind.FINDINGS
            )
        ),
    ),
    "digest": lambda: ("message", digest_message(ITEMS, today=date(2024, 6, 12))["blocks"]),
    "digest empty": lambda: ("message", digest_message([], today=date(2024, 6, 12))["blocks"]),
    "digest snoozed": lambda: (
        "message",
        digest_message(
            [dataclasses.replace(ITEMS[1], snoozed_until=date(2024, 6, 14))],
            today=date(2024, 6, 12),
        )["blocks"],
    ),
    "nudge with snooze": lambda: (
        "message",
        nudge_message("*S55-3*: the deadline is in *14 days*", inspection_id=1)["blocks"],
    ),
    "snooze note": lambda: (
        "message",
        snoozed_message(":zzz: Nudges for *S55-3* snoozed", inspection_id=1)["blocks"],
    ),
    "new modal": lambda: (
        "modal",
        new_inspection_modal(today=date(2024, 6, 12), private_metadata="C0TEAM0001").to_dict()[
            "blocks"
        ],
    ),
    "edit modal": lambda: (
        "modal",
        edit_inspection_modal(
            values={"title": "Vetting", "inspection_type": "National thematic", "link": None},
            long_sections={"key_findings": 4000},
            private_metadata="1",
        ).to_dict()["blocks"],
    ),
    "reason modal": lambda: (
        "modal",
        reason_modal(
            callback_id="undo", title="Undo", intro="Why *undo*?", private_metadata="1"
        ).to_dict()["blocks"],
    ),
    "items with progress": lambda: (
        "message",
        as_dicts(
            items_listing(
                reference="S55-3",
                inspection_id=1,
                items=[answered_item()],
                can_answer=True,
                followed=Followed(today=date(2024, 6, 12), warning_days=14, can_update=True),
            )[1]
        ),
    ),
    "update progress modal": lambda: (
        "modal",
        progress_modal(
            reference="S55-3",
            item=answered_item(),
            state=ActionState(ActionStatus.IN_PROGRESS, date(2024, 6, 30)),
            now_line=":large_orange_circle: Amber · In progress · target Sun 30 Jun 2024",
            private_metadata="{}",
        ).to_dict()["blocks"],
    ),
    "action nudge": lambda: (
        "message",
        action_nudge_message(
            "AFI 1",
            "S55-3",
            owner="<@U0JANE001> & <team>",
            target=date(2024, 6, 30),
            passed=False,
            today=date(2024, 6, 16),
            item_id=5,
        )["blocks"],
    ),
    "item snooze note": lambda: (
        "message",
        item_snoozed_message(":zzz: Nudges for *AFI 1* snoozed", item_id=5)["blocks"],
    ),
    "home": lambda: (
        "home",
        home_view(
            open_items=Shown(ITEMS, len(ITEMS)), waiting=Shown(ITEMS[:1], 1), completed=ITEMS[:2]
        ).to_dict()["blocks"],
    ),
    "home empty": lambda: (
        "home",
        home_view(open_items=Shown([], 0), waiting=Shown([], 0), completed=[]).to_dict()["blocks"],
    ),
}


@pytest.mark.parametrize("name", BUILDERS)
def test_every_block_the_bot_builds_shows_in_the_sandbox(name: str) -> None:
    surface, blocks = BUILDERS[name]()
    html = str(render_blocks(blocks, FakeNames(), surface=surface))
    assert blocks
    assert "bk-unknown" not in html
    assert html.count('class="bk-block ') == len(blocks)
