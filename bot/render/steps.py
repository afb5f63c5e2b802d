"""The card's "For office use" part: one line per step, with the approvers' buttons."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    MarkdownTextObject,
    SectionBlock,
)

from bot import copy, ids
from bot.domain.buttons import InspectionStep, Number
from bot.domain.inspection import State, format_reference
from bot.domain.steps import SIGNING_STATES, last_done, reopened_by
from bot.render.text import escape, shorten
from storage.models import Inspection, StepConfirmation

BUTTON_TEXT_LIMIT = 75


def step_blocks(
    inspection: Inspection, *, steps: Sequence[str], tz: ZoneInfo, interactive: bool = True
) -> list[Block]:
    """``interactive=False`` for a private copy (``/s55 show``): the buttons belong on the card,
    where the whole team sees what they did."""
    state = State(inspection.state)
    if state is State.NOT_REQUIRED:
        reason = escape(inspection.not_required_reason or "")
        note = f":no_entry_sign: *No response required.* {reason}"
        return [SectionBlock(block_id=ids.CARD_STEPS_BLOCK, text=MarkdownTextObject(text=note))]
    done = {s.step: s for s in inspection.steps if s.undone_at is None}
    latest = last_done(steps, done)
    blocks: list[Block] = [
        SectionBlock(
            block_id=ids.CARD_STEPS_BLOCK, text=MarkdownTextObject(text=copy.STEPS_HEADING)
        )
    ]
    reopening = reopened_by(inspection.steps, steps)
    for index, step in enumerate(steps):
        has_undo = interactive and latest == step
        can_confirm = interactive and state in SIGNING_STATES  # once both responses are in
        # Under a sign-off asked for again: why (a change after it reopened it).
        note = _reopened_line(reopening, tz) if index == 0 and reopening is not None else ""
        blocks.append(
            _step(inspection, index, step, done.get(step), has_undo, can_confirm, tz, note)
        )
    for step in done.keys() - set(steps):  # confirmed before the office changed its list
        line = f":white_check_mark: {escape(step)} — {_who(done[step], tz)} (no longer listed)"
        blocks.append(SectionBlock(text=MarkdownTextObject(text=line)))
    if interactive and state.is_open:
        blocks.append(_not_required_button(inspection))
    return blocks


def _step(
    inspection: Inspection,
    index: int,
    step: str,
    confirmation: StepConfirmation | None,
    has_undo: bool,
    can_confirm: bool,
    tz: ZoneInfo,
    note: str = "",
) -> SectionBlock:
    value = InspectionStep(inspection.id, step).encode()
    if confirmation is not None:
        undo = ButtonElement(action_id=ids.UNDO_STEP, text=copy.UNDO_BUTTON, value=value)
        return SectionBlock(
            block_id=f"step_{index}",
            text=MarkdownTextObject(
                text=f":white_check_mark: {escape(step)} — {_who(confirmation, tz)}"
            ),
            accessory=undo if has_undo else None,
        )
    button = None
    if can_confirm:
        reference = format_reference(inspection.number)
        button = confirm_step_button(inspection.id, step, reference=reference, first=index == 0)
    return SectionBlock(
        block_id=f"step_{index}",
        text=MarkdownTextObject(
            text=f":hourglass_flowing_sand: {escape(step)}" + (f"\n{note}" if note else "")
        ),
        accessory=button,
    )


def _reopened_line(confirmation: StepConfirmation, tz: ZoneInfo) -> str:
    undone_at = confirmation.undone_at or confirmation.confirmed_at
    when = undone_at.astimezone(tz)
    return copy.card_reopened(
        confirmation.undo_reason or "",
        confirmation.undone_by or "",
        f"{copy.human_date(when.date())} {when:%H:%M}",
    )


def confirm_step_button(
    inspection_id: int, step: str, *, reference: str, first: bool
) -> ButtonElement:
    """The step's button, on the card and on an approver's Home tab alike: the same action and
    value run the same handler, with the same question first."""
    return ButtonElement(
        action_id=ids.CONFIRM_STEP,
        text=shorten(step, BUTTON_TEXT_LIMIT),
        value=InspectionStep(inspection_id, step).encode(),
        style="primary" if first else None,
        confirm=ConfirmObject(
            title=copy.CONFIRM_STEP_TITLE,
            text=copy.confirm_step_text(step, reference),
            confirm="Confirm",
            deny="Cancel",
        ),
    )


def _who(confirmation: StepConfirmation, tz: ZoneInfo) -> str:
    when = confirmation.confirmed_at.astimezone(tz)
    return f"<@{confirmation.confirmed_by}>, {copy.human_date(when.date())} {when:%H:%M}"


def _not_required_button(inspection: Inspection) -> ActionsBlock:
    return ActionsBlock(
        block_id=ids.CARD_ACTIONS_BLOCK,
        elements=[
            ButtonElement(
                action_id=ids.NOT_REQUIRED,
                text=copy.NOT_REQUIRED_BUTTON,
                value=Number(inspection.id).encode(),
            )
        ],
    )
