"""Recommendations, causes of concern and AFIs as items: the proposal under a draft (the form
that confirms it: bot/render/item_review.py), the list `/s55 recs` shows, and the form that
answers one item."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    DatePickerElement,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot import copy, ids
from bot.domain.answers import ItemResponse, item_label
from bot.domain.buttons import DraftVersion, Number
from bot.domain.items import DirectedAt, ItemKind, ItemsShown
from bot.render.modal import form_modal, item_section, submitted
from bot.render.progress import Followed, progress_line, update_button, urgency
from bot.render.text import escape, shorten
from storage.models import ItemAnswer, ReportItem, ResponseDraft

PREVIEW_WORDS = 160  # characters of an item shown in a list
MAX_LISTED = 45  # items one proposal lists (Slack: at most 50 blocks)
MAX_BLOCKS = 50  # Slack: at most 50 blocks in a message
ITEM_TEXT_LIMIT = 2900  # a section's text may hold 3,000 characters
ACTION_LIMIT = 3000


def proposal_blocks(draft: ResponseDraft, read: ItemsShown, *, review_max: int) -> list[Block]:
    """What the draft holds, as items, how sure the reading is (in words), and the button that
    confirms them one by one; a paste with more items than a review takes says so plainly.
    ``read`` lists at least MAX_LISTED items, where there are as many."""
    items = read.listed
    doubts = [f"• {copy.items_doubt(d.kind.value, d.count, d.example)}" for d in read.doubts]
    if not read.count and not read.reviewable:
        return [_text(ids.RECEIPT_BLOCK, copy.ITEMS_NOT_FOUND), _start_again(draft)]
    if not read.count:  # nothing sure, but words that may be an item: say them, add by hand
        add = ButtonElement(
            action_id=ids.REVIEW_ITEMS,
            text=copy.ADD_BY_HAND_BUTTON,
            value=DraftVersion(draft.id, draft.version).encode(),
        )
        return [
            _text(ids.RECEIPT_BLOCK, copy.ITEMS_NOT_FOUND_BUT),
            _text("proposal_doubts", shorten("\n".join(doubts), 2900)),
            ActionsBlock(block_id=ids.RECEIPT_ACTIONS_BLOCK, elements=[add]),
            _start_again(draft),
        ]
    if read.count > review_max:
        return [
            _text(ids.RECEIPT_BLOCK, copy.items_too_many(read.count, review_max)),
            _start_again(draft),
        ]
    lines = [
        f"• *{item_label(i.kind, i.number)}* "
        f"{escape(shorten(' '.join(i.text.split()), PREVIEW_WORDS))} "
        f"→ _{escape(i.directed_at.label)}_"
        for i in items[:MAX_LISTED]
    ]
    if read.taken > MAX_LISTED:
        lines.append(copy.and_more(read.taken - MAX_LISTED))
    counts = [copy.count_of(kind.value, read.of(kind)) for kind in _kinds_shown(read)]
    found = copy.items_found(counts, sure=read.sure)
    review = ButtonElement(
        action_id=ids.REVIEW_ITEMS,
        text=copy.review_items_button(read.taken),
        value=DraftVersion(draft.id, draft.version).encode(),
        style="primary",
    )
    blocks: list[Block] = [_text(ids.RECEIPT_BLOCK, found)]
    if doubts:
        blocks.append(_text("proposal_doubts", shorten("\n".join(doubts), 2900)))
    blocks += [_text(f"proposal_{n}", chunk) for n, chunk in enumerate(_chunks(lines))]
    blocks.append(ActionsBlock(block_id=ids.RECEIPT_ACTIONS_BLOCK, elements=[review]))
    blocks.append(_start_again(draft))
    return blocks


def _kinds_shown(read: ItemsShown) -> list[ItemKind]:
    """Recommendations and areas for improvement always (none found is news too); causes of
    concern when there are any."""
    return [kind for kind in ItemKind if kind is not ItemKind.CAUSE_OF_CONCERN or read.of(kind)]


def items_listing(
    *,
    reference: str,
    inspection_id: int,
    items: Sequence[ReportItem],
    can_answer: bool,
    followed: Followed | None = None,
    signed_off: bool = False,
    after: Sequence[Block] = (),
) -> tuple[str, list[Block]]:
    """`/s55 recs S55-3`: each item with its state and, if it needs one, Answer; each answered
    item with its progress (RAG derived) and, while it is ``followed``, Update. Once
    ``signed_off``, the actions that most need attention come first (an approver may still
    change an answer: that reopens sign-off). ``after``: what follows the list (whether each
    kind's list is all the report's, bot.render.list_extent), within the same 50 blocks."""
    counts = {kind.value: sum(item.kind == kind.value for item in items) for kind in ItemKind}
    summary = copy.items_listing_title(reference, counts)
    blocks: list[Block] = [HeaderBlock(text=shorten(summary, 150))]
    # "… and more", the actions and what comes after may follow
    room = MAX_BLOCKS - len(blocks) - 1 - can_answer - len(after)
    answers_first = can_answer and not signed_off
    for listed, item in enumerate(_ordered(items, answers_first, followed)):
        rows = _listed(item, can_answer=can_answer, followed=followed)
        if len(rows) > room:
            blocks.append(_text("more", copy.and_more(len(items) - listed)))
            break
        blocks += rows
        room -= len(rows)
    if can_answer:  # items are part of the response as signed off: fixed from then on
        more = ButtonElement(
            action_id=ids.ASK_FOR_ITEMS,
            text=copy.ADD_ITEMS_BUTTON,
            value=Number(inspection_id).encode(),
        )
        blocks.append(ActionsBlock(block_id="items_actions", elements=[more]))
    return summary, [*blocks, *after]


def _ordered(
    items: Sequence[ReportItem], can_answer: bool, followed: Followed | None
) -> list[ReportItem]:
    """While answers are collected, those still to answer first; after, the actions that most
    need attention first (red, amber, green, then the rest): a long report's items that need
    someone can all be reached, as the list shrinks with each answer or each action done."""
    if can_answer or followed is None:
        return sorted(
            items, key=lambda i: (not _waits(i), not DirectedAt(i.directed_at).needs_answer)
        )
    return sorted(items, key=lambda i: urgency(i, followed))


def _waits(item: ReportItem) -> bool:
    return DirectedAt(item.directed_at).needs_answer and not item.answers


def _listed(item: ReportItem, *, can_answer: bool, followed: Followed | None) -> list[Block]:
    """The item's section; its Answer or Update button as the section's accessory, or both in
    an actions block under it when both apply."""
    kind, directed = ItemKind(item.kind), DirectedAt(item.directed_at)
    answer = item.answers[-1] if item.answers else None
    progress = progress_line(item, followed) if followed and directed.needs_answer else None
    # The progress line says the owner and the target as they are now: the answer's line
    # says only the response, so no item shows two target dates.
    state = copy.item_state(directed.needs_answer, _answer_line(answer, brief=bool(progress)))
    under = f" · {copy.item_under(item.under)}" if item.under else ""
    text = (
        f"*{item_label(kind, item.number)}*{under} · _{escape(directed.label)}_\n"
        f"{escape(shorten(item.text, PREVIEW_WORDS))}\n{state}"
        + (f"\n{progress}" if progress else "")
    )
    buttons = []
    if directed.needs_answer and can_answer:
        buttons.append(
            ButtonElement(
                action_id=ids.ANSWER_ITEM,
                text=copy.CHANGE_ANSWER_BUTTON if answer else copy.ANSWER_BUTTON,
                value=Number(item.id).encode(),
                style=None if answer else "primary",
            )
        )
    if progress and followed and followed.can_update:
        buttons.append(update_button(item))
    section = SectionBlock(
        block_id=f"item_{item.id}",
        text=MarkdownTextObject(text=text),
        accessory=buttons[0] if len(buttons) == 1 else None,
    )
    if len(buttons) < 2:
        return [section]
    return [
        section,
        ActionsBlock(block_id=f"{ids.ITEM_ACTIONS_BLOCK_PREFIX}{item.id}", elements=buttons),
    ]


def _answer_line(answer: ItemAnswer | None, *, brief: bool = False) -> str | None:
    if answer is None:
        return None
    response = ItemResponse(answer.response).label
    if brief:
        return response
    owner = f" · {escape(answer.owner)}" if answer.owner else ""
    target = f" · by {copy.human_date(answer.target_date)}" if answer.target_date else ""
    return f"{response}{owner}{target}"


def answer_modal(
    *,
    reference: str,
    item: ReportItem,
    answer: ItemAnswer | None,
    private_metadata: str,
    chosen: ItemResponse | None = None,
    reopens_sign_off: bool = False,
) -> View:
    """The Answer form. ``chosen``: the response picked in the open form (else the answer's):
    owner and target date are asked for, not "(optional)", unless it plans no action; the form
    is redrawn when the response changes (handlers/items.py), keeping what was typed."""
    chosen = chosen or (ItemResponse(answer.response) if answer else None)
    needed = chosen is None or chosen.plans_action
    response = StaticSelectElement(
        action_id=ids.ANSWER_RESPONSE_INPUT,
        placeholder=copy.ANSWER_RESPONSE_PLACEHOLDER,
        options=[Option(value=r.value, label=r.label) for r in ItemResponse],
        initial_option=Option(value=chosen.value, label=chosen.label) if chosen else None,
    )
    blocks: list[Block] = [
        item_section(f"{reference} · {item_label(ItemKind(item.kind), item.number)}", item.text),
        InputBlock(
            block_id=ids.ANSWER_RESPONSE_BLOCK,
            label=copy.ANSWER_RESPONSE_LABEL,
            element=response,
            dispatch_action=True,
        ),
        InputBlock(
            block_id=ids.ANSWER_ACTION_BLOCK,
            label=copy.ANSWER_ACTION_LABEL,
            hint=copy.ANSWER_ACTION_HINT,
            element=PlainTextInputElement(
                action_id=ids.ANSWER_ACTION_INPUT,
                multiline=True,
                max_length=ACTION_LIMIT,
                initial_value=answer.action if answer else None,
            ),
        ),
        InputBlock(
            block_id=ids.ANSWER_OWNER_BLOCK,
            label=copy.ANSWER_OWNER_LABEL,
            optional=not needed,
            hint=copy.ANSWER_OWNER_HINT if needed else copy.ANSWER_OWNER_HINT_NOT_NEEDED,
            element=PlainTextInputElement(
                action_id=ids.ANSWER_OWNER_INPUT,
                max_length=200,
                initial_value=(answer.owner or None) if answer else None,
            ),
        ),
        InputBlock(
            block_id=ids.ANSWER_TARGET_BLOCK,
            label=copy.ANSWER_TARGET_LABEL,
            optional=not needed,
            hint=copy.ANSWER_TARGET_HINT if needed else copy.ANSWER_TARGET_HINT_NOT_NEEDED,
            element=DatePickerElement(
                action_id=ids.ANSWER_TARGET_INPUT,
                initial_date=(
                    answer.target_date.isoformat() if answer and answer.target_date else None
                ),
            ),
        ),
    ]
    if item.due:
        blocks.insert(1, ContextBlock(elements=[MarkdownTextObject(text=copy.item_due(item.due))]))
    if reopens_sign_off:  # said before the work, not only after it
        notice = copy.answer_reopens_sign_off(reference)
        blocks.insert(1, ContextBlock(elements=[MarkdownTextObject(text=notice)]))
    return form_modal(
        callback_id=ids.ANSWER_ITEM_VIEW,
        title=copy.ANSWER_TITLE,
        submit=copy.ANSWER_SUBMIT,
        private_metadata=private_metadata,
        blocks=blocks,
    )


def response_chosen(body: dict) -> ItemResponse | None:
    """The response just chosen in the Answer form (its select's block action)."""
    for action in body.get("actions") or []:
        if action.get("action_id") == ids.ANSWER_RESPONSE_INPUT:
            value = (action.get("selected_option") or {}).get("value")
            try:
                return ItemResponse(str(value))
            except ValueError:
                return None
    return None


ANSWER_INPUTS = {
    "response": (ids.ANSWER_RESPONSE_BLOCK, ids.ANSWER_RESPONSE_INPUT),
    "action": (ids.ANSWER_ACTION_BLOCK, ids.ANSWER_ACTION_INPUT),
    "owner": (ids.ANSWER_OWNER_BLOCK, ids.ANSWER_OWNER_INPUT),
    "target": (ids.ANSWER_TARGET_BLOCK, ids.ANSWER_TARGET_INPUT),
}
ANSWER_FIELDS = {name: block for name, (block, _action) in ANSWER_INPUTS.items()}


def submitted_answer(state_values: dict) -> dict[str, str | None]:
    return submitted(state_values, ANSWER_INPUTS)


# ---- pieces ----------------------------------------------------------------------------------


def _chunks(lines: list[str], limit: int = 2900) -> list[str]:
    chunks, current = [], ""
    for line in lines:
        if current and len(current) + len(line) + 1 > limit:
            chunks.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    return [*chunks, current] if current else chunks


def _text(block_id: str, text: str) -> SectionBlock:
    return SectionBlock(block_id=block_id, text=MarkdownTextObject(text=text))


def _start_again(draft: ResponseDraft) -> ActionsBlock:
    return ActionsBlock(
        block_id="receipt_start_again",
        elements=[
            ButtonElement(
                action_id=ids.START_AGAIN,
                text=copy.START_AGAIN_BUTTON,
                value=DraftVersion(draft.id, draft.version).encode(),
                confirm=ConfirmObject(
                    title=copy.CONFIRM_START_AGAIN_TITLE,
                    text=copy.CONFIRM_START_AGAIN_TEXT,
                    confirm="Start again",
                    deny="Cancel",
                ),
            )
        ],
    )
