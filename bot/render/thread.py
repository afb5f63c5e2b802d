"""Messages in a card's thread: prompts for the responses and the receipt under each draft."""

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
from bot.domain.items import ProposedItem
from bot.domain.responses import DraftStatus, DraftSummary, ResponseKind, SetAsideBecause
from bot.render.items import proposal_blocks
from bot.render.text import escape, shorten
from storage.models import Response, ResponseDraft

PREVIEW_LIMIT = 200


def receipt_blocks(
    draft: ResponseDraft,
    summary: DraftSummary,
    *,
    response: Response | None,
    tz: ZoneInfo,
    proposal: Sequence[ProposedItem] | None = None,
    set_aside_because: SetAsideBecause = SetAsideBecause.REPLACED,
) -> tuple[str, list[Block]]:
    """(fallback text, blocks) of the receipt, whatever the draft's status; a draft of
    recommendations or AFIs shows the items it holds (``proposal``) to be reviewed; a draft set
    aside says why."""
    kind = ResponseKind(draft.kind)
    if draft.status == DraftStatus.CONFIRMED and response is not None:
        when = response.confirmed_at.astimezone(tz)
        text = copy.receipt_confirmed(
            kind.label,
            response.revision,
            response.confirmed_by,
            summary.words,
            f"{copy.human_date(when.date())} {when:%H:%M}",
        )
        replace = ButtonElement(
            action_id=ids.REPLACE_RESPONSE,
            text=copy.REPLACE_BUTTON,
            value=f"{draft.inspection_id}:{kind.value}",
            confirm=ConfirmObject(
                title=copy.CONFIRM_REPLACE_TITLE,
                text=copy.confirm_replace_text(kind.label),
                confirm="Replace it",
                deny="Cancel",
            ),
        )
        return text, [
            _section(text),
            ActionsBlock(block_id=ids.RECEIPT_ACTIONS_BLOCK, elements=[replace]),
        ]
    if draft.status == DraftStatus.CONFIRMED and kind.section is not None and draft.closed_at:
        when = draft.closed_at.astimezone(tz)
        text = copy.receipt_section_recorded(
            kind.label,
            draft.closed_by or "",
            summary.words,
            f"{copy.human_date(when.date())} {when:%H:%M}",
        )
        return text, [_section(text)]
    if draft.status == DraftStatus.ABANDONED:
        text = copy.receipt_abandoned(kind.label, set_aside_because, draft.closed_by or "")
        return text, [_section(text)]
    preview = escape(shorten(summary.first_line, PREVIEW_LIMIT))
    text = copy.receipt(kind.label, summary.messages, summary.words, preview)
    if summary.messages == 0:
        return text, [_section(text)]
    if proposal is not None:
        return text, proposal_blocks(draft, proposal)
    return text, [_section(text), _draft_buttons(draft, kind)]


def _section(text: str) -> SectionBlock:
    return SectionBlock(block_id=ids.RECEIPT_BLOCK, text=MarkdownTextObject(text=text))


def _draft_buttons(draft: ResponseDraft, kind: ResponseKind) -> ActionsBlock:
    # The version travels with the button: a click on a receipt older than the draft is refused.
    value = f"{draft.id}:{draft.version}"
    return ActionsBlock(
        block_id=ids.RECEIPT_ACTIONS_BLOCK,
        elements=[
            ButtonElement(
                action_id=ids.USE_DRAFT,
                text=copy.USE_BUTTON[kind.value],
                value=value,
                style="primary",
                confirm=ConfirmObject(
                    title=copy.CONFIRM_USE_TITLE,
                    text=copy.CONFIRM_USE_TEXT,
                    confirm="Use it",
                    deny="Cancel",
                ),
            ),
            ButtonElement(
                action_id=ids.START_AGAIN,
                text=copy.START_AGAIN_BUTTON,
                value=value,
                confirm=ConfirmObject(
                    title=copy.CONFIRM_START_AGAIN_TITLE,
                    text=copy.CONFIRM_START_AGAIN_TEXT,
                    confirm="Start again",
                    deny="Cancel",
                ),
            ),
        ],
    )


def section_prompt_blocks(text: str, *, inspection_id: int, kind: ResponseKind) -> list[Block]:
    """The request for a section, with "The report makes none" (which asks first)."""
    none = ButtonElement(
        action_id=ids.SECTION_NONE,
        text=copy.SECTION_NONE_BUTTON,
        value=f"{inspection_id}:{kind.value}",
        confirm=ConfirmObject(
            title=copy.CONFIRM_NONE_TITLE,
            text=copy.CONFIRM_NONE_TEXT,
            confirm="It makes none",
            deny="Cancel",
        ),
    )
    return [
        SectionBlock(block_id=ids.SECTION_PROMPT_BLOCK, text=MarkdownTextObject(text=text)),
        ActionsBlock(block_id=ids.SECTION_PROMPT_ACTIONS, elements=[none]),
    ]
