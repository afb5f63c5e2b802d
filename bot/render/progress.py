"""An answered item's progress after the response: the line `/s55 recs` shows under it (RAG
derived, never chosen), its Update button and the Update form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    ContextBlock,
    DatePickerElement,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot import copy, ids
from bot.domain.actions import NOTE_MAX_CHARS, ActionState, ActionStatus, Rag, stored_state
from bot.domain.answers import item_label
from bot.domain.buttons import Number
from bot.domain.items import ItemKind
from bot.render.modal import form_modal, item_section, submitted
from bot.render.text import shorten, with_mentions
from storage.models import ReportItem

RANK = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2}


@dataclass(frozen=True)
class Followed:
    """How the list reads items' progress today (its RAG), and whether it may be recorded."""

    today: date
    warning_days: int
    can_update: bool


def state_of(item: ReportItem) -> ActionState | None:
    """An answered item's status and target now; None before it is answered."""
    return stored_state(item.answers[-1], item.progress) if item.answers else None


def progress_line(item: ReportItem, followed: Followed) -> str | None:
    """The line `/s55 recs` shows under an answered item: its action line as it stands today
    (``copy.action_line``: "🟠 Amber · In progress · target Tue 30 Sep 2025 · owner …"), and
    whether its nudges are snoozed."""
    state = state_of(item)
    if state is None:
        return None
    rag = state.rag(today=followed.today, warning_days=followed.warning_days)
    answer = item.answers[-1]
    owner = with_mentions(shorten(answer.owner, 200))
    line = copy.action_line(
        rag.emoji, rag.label, state.status.label, state.target, owner, answer.target_date
    )
    if item.snoozed_until is not None and item.snoozed_until >= followed.today:
        line += f" · {copy.item_snoozed_until(item.snoozed_until)}"
    return line


def urgency(item: ReportItem, followed: Followed) -> int:
    """Red first, then amber, green, and what is done or has no action at all."""
    state = state_of(item)
    if state is None or not state.status.is_open:
        return len(RANK)
    return RANK[state.rag(today=followed.today, warning_days=followed.warning_days)]


def update_button(item: ReportItem) -> ButtonElement:
    return ButtonElement(
        action_id=ids.UPDATE_PROGRESS,
        text=copy.UPDATE_PROGRESS_BUTTON,
        value=Number(item.id).encode(),
    )


def progress_modal(
    *, reference: str, item: ReportItem, state: ActionState, now_line: str, private_metadata: str
) -> View:
    """Status (initially the current one), a note, and the target date (initially the
    current one); the line under the item says where it stands."""
    blocks: list[Block] = [
        item_section(f"{reference} · {item_label(ItemKind(item.kind), item.number)}", item.text),
        ContextBlock(block_id="now", elements=[MarkdownTextObject(text=now_line)]),
        InputBlock(
            block_id=ids.PROGRESS_STATUS_BLOCK,
            label=copy.PROGRESS_STATUS_LABEL,
            element=StaticSelectElement(
                action_id=ids.PROGRESS_STATUS_INPUT,
                options=[_status(s) for s in ActionStatus],
                initial_option=_status(state.status),
            ),
        ),
        InputBlock(
            block_id=ids.PROGRESS_NOTE_BLOCK,
            label=copy.PROGRESS_NOTE_LABEL,
            hint=copy.PROGRESS_NOTE_HINT,
            optional=True,
            element=PlainTextInputElement(
                action_id=ids.PROGRESS_NOTE_INPUT, multiline=True, max_length=NOTE_MAX_CHARS
            ),
        ),
        InputBlock(
            block_id=ids.PROGRESS_TARGET_BLOCK,
            label=copy.PROGRESS_TARGET_LABEL,
            hint=copy.PROGRESS_TARGET_HINT,
            optional=True,
            element=DatePickerElement(
                action_id=ids.PROGRESS_TARGET_INPUT,
                initial_date=state.target.isoformat() if state.target else None,
            ),
        ),
    ]
    return form_modal(
        callback_id=ids.UPDATE_PROGRESS_VIEW,
        title=copy.PROGRESS_TITLE,
        submit=copy.PROGRESS_SUBMIT,
        private_metadata=private_metadata,
        blocks=blocks,
    )


PROGRESS_INPUTS = {
    "status": (ids.PROGRESS_STATUS_BLOCK, ids.PROGRESS_STATUS_INPUT),
    "note": (ids.PROGRESS_NOTE_BLOCK, ids.PROGRESS_NOTE_INPUT),
    "target": (ids.PROGRESS_TARGET_BLOCK, ids.PROGRESS_TARGET_INPUT),
}
PROGRESS_FIELDS = {name: block for name, (block, _action) in PROGRESS_INPUTS.items()}


def submitted_progress(state_values: dict) -> dict[str, str | None]:
    return submitted(state_values, PROGRESS_INPUTS)


def _status(status: ActionStatus) -> Option:
    return Option(value=status.value, label=status.label)
