"""Messages in a card's thread: prompts for the responses and the receipt under each draft."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    CheckboxesElement,
    ConfirmObject,
    DividerBlock,
    MarkdownTextObject,
    Option,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot import copy, ids
from bot.domain.buttons import DraftVersion, InspectionKind
from bot.domain.item_review import REVIEW_MAX
from bot.domain.items import ItemsShown
from bot.domain.responses import DraftStatus, DraftSummary, ResponseKind, SetAsideBecause
from bot.render.items import proposal_blocks
from bot.render.modal import form_modal
from bot.render.rows import numbered_rows
from bot.render.text import escape, shorten, shorten_escaped
from storage.models import Response, ResponseDraft

PREVIEW_LIMIT = 200
WHOLE_TEXT_LIMIT = 2800  # of a section's 3,000 characters, with room for its heading
NOTES_LIMIT = 1200  # the notes of files that gave no text, within the receipt's 3,000


def receipt_blocks(
    draft: ResponseDraft,
    summary: DraftSummary,
    *,
    response: Response | None,
    tz: ZoneInfo,
    proposal: ItemsShown | None = None,
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
            value=InspectionKind(draft.inspection_id, kind.value).encode(),
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
    text = copy.receipt(
        kind.label,
        summary.messages,
        summary.words,
        escape(shorten(summary.first_sentence or summary.first_line, PREVIEW_LIMIT)),
        escape(shorten(summary.last_sentence, PREVIEW_LIMIT)),
        files=summary.files,
        left_out=summary.left_out,
    )
    if summary.unread:
        text += "\n" + shorten(copy.unread_files_note(summary.unread), NOTES_LIMIT)
    if summary.messages == 0:
        if summary.left_out:
            return text, [_section(text), _review_only(draft)]
        return text, [_section(text)]
    if proposal is not None:
        blocks = proposal_blocks(draft, proposal, review_max=REVIEW_MAX)
        if summary.unread:  # the proposal shows the items, not the receipt's text: say it here
            note = shorten(copy.unread_files_note(summary.unread), NOTES_LIMIT)
            blocks.insert(0, SectionBlock(text=MarkdownTextObject(text=note)))
        return text, blocks
    return text, [_section(text), _draft_buttons(draft, kind)]


def _section(text: str) -> SectionBlock:
    return SectionBlock(block_id=ids.RECEIPT_BLOCK, text=MarkdownTextObject(text=text))


def _draft_buttons(draft: ResponseDraft, kind: ResponseKind) -> ActionsBlock:
    # The version travels with the button: a click on a receipt older than the draft is refused.
    value = DraftVersion(draft.id, draft.version).encode()
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
            ButtonElement(action_id=ids.REVIEW_DRAFT, text=copy.REVIEW_DRAFT_BUTTON, value=value),
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


def _review_only(draft: ResponseDraft) -> ActionsBlock:
    review = ButtonElement(
        action_id=ids.REVIEW_DRAFT,
        text=copy.REVIEW_DRAFT_BUTTON,
        value=DraftVersion(draft.id, draft.version).encode(),
    )
    return ActionsBlock(block_id=ids.RECEIPT_ACTIONS_BLOCK, elements=[review])


def section_prompt_blocks(text: str, *, inspection_id: int, kind: ResponseKind) -> list[Block]:
    """The request for a section, with "The report makes none" (which asks first)."""
    none = ButtonElement(
        action_id=ids.SECTION_NONE,
        text=copy.SECTION_NONE_BUTTON,
        value=InspectionKind(inspection_id, kind.value).encode(),
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


def review_draft_modal(
    *, label: str, parts: Sequence[Any], whole_text: str, more_words: int, private_metadata: str
) -> View:
    """One row per part with an Include box, then the text as it would be stored."""
    blocks: list[Block] = [
        SectionBlock(block_id="intro", text=MarkdownTextObject(text=copy.review_draft_intro(label)))
    ]
    for part in parts:
        include = Option(value="yes", label=copy.INCLUDE_LABEL)
        text = copy.review_part(
            part.author,
            part.words,
            escape(shorten(part.first, PREVIEW_LIMIT)),
            escape(shorten(part.last, PREVIEW_LIMIT)),
            escape(part.files),
        )
        blocks.append(
            SectionBlock(
                block_id=f"{ids.PART_BLOCK_PREFIX}{part.message_id}",
                text=MarkdownTextObject(text=text),
                accessory=CheckboxesElement(
                    action_id=ids.INCLUDE_PART,
                    options=[include],
                    initial_options=[include] if part.included else None,
                ),
            )
        )
    blocks.append(DividerBlock())
    whole = copy.review_whole_text(
        escape(shorten_escaped(whole_text, WHOLE_TEXT_LIMIT)), more_words
    )
    blocks.append(SectionBlock(block_id="whole", text=MarkdownTextObject(text=whole)))
    return form_modal(
        callback_id=ids.REVIEW_DRAFT_VIEW,
        title=copy.REVIEW_DRAFT_TITLE,
        submit=copy.REVIEW_DRAFT_SUBMIT,
        private_metadata=private_metadata,
        blocks=blocks,
    )


def reviewed_parts(state_values: dict) -> set[int]:
    """The IDs of the parts ticked Include."""
    return {
        part
        for part, actions in numbered_rows(state_values, ids.PART_BLOCK_PREFIX)
        if (actions.get(ids.INCLUDE_PART) or {}).get("selected_options")
    }
