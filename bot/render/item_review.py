"""**Review** of a draft's items as a modal: opened at once as "Reading the items…" (Slack's
trigger_id lasts 3 seconds, whatever the paste's size), then filled with a page of items, each
with whom it is for (or "not an item") and its Edit, Split and Join buttons; Add an item and
the pages at the foot. A page is 20 items, two blocks each, well within Slack's 100 blocks, with
room for the form's own questions. The forms Edit, Split and Add push on top of it."""

from __future__ import annotations

import json
from datetime import date

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DatePickerElement,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot import copy, ids
from bot.domain.answers import item_label
from bot.domain.buttons import Number
from bot.domain.item_review import (
    ITEMS_PER_PAGE,
    LEAVE_OUT,
    MAX_TEXT_CHARS,
    ItemWords,
    ReviewedItem,
    ReviewPage,
)
from bot.domain.items import DirectedAt, ItemKind
from bot.render.list_extent import list_extent_block
from bot.render.modal import form_modal, submitted
from bot.render.rows import numbered_rows
from bot.render.text import escape, shorten

ITEM_TEXT_LIMIT = 2900  # a section's text may hold 3,000 characters
DOUBTS_LIMIT = 2900


def notice_modal(text: str) -> View:
    """The review while it is being read, or what stopped it: no submit button."""
    return View(
        type="modal",
        callback_id=ids.REVIEW_ITEMS_VIEW,
        title=copy.REVIEW_LOADING_TITLE,
        close=copy.MODAL_CLOSE,
        blocks=[SectionBlock(block_id="notice", text=MarkdownTextObject(text=text))],
    )


def review_modal(page: ReviewPage, *, channel: str | None) -> View:
    metadata = json.dumps({"review": page.review_id, "page": page.page, "channel": channel})
    blocks: list[Block] = [_text("intro", copy.review_items_intro(page.reference))]
    if page.doubts:
        lines = [f"• {copy.items_doubt(d.kind.value, d.count, d.example)}" for d in page.doubts]
        doubts = "\n".join([copy.REVIEW_DOUBTS_HEADING, *lines])
        blocks.append(_text("doubts", shorten(doubts, DOUBTS_LIMIT)))
    first = page.page * ITEMS_PER_PAGE
    line = (
        copy.review_page_line(page.page, page.pages, first + 1, first + len(page.items), page.total)
        if page.total
        else copy.REVIEW_NO_ITEMS_YET
    )
    blocks.append(ContextBlock(block_id="page", elements=[MarkdownTextObject(text=line)]))
    for item in page.items:
        blocks += [_item(item), _item_actions(item, last=item.uid == page.last_uid)]
    if page.kinds:  # whether these are all the report makes (bot.render.list_extent)
        blocks.append(list_extent_block(page.kinds, ticked=page.ticked))
    blocks.append(_navigation(page))
    return form_modal(
        callback_id=ids.REVIEW_ITEMS_VIEW,
        title=copy.REVIEW_ITEMS_TITLE,
        submit=copy.REVIEW_ITEMS_SUBMIT,
        private_metadata=metadata,
        blocks=blocks,
    )


def _item(item: ReviewedItem) -> SectionBlock:
    notes = []
    if item.due:
        notes.append(f"due {copy.human_date(item.due)}")
    if item.under:
        notes.append(copy.item_under(item.under))
    if item.origin.value != "read":
        notes.append(f"_{item.origin.value}_")
    heading = f"*{item_label(item.kind, item.number)}*" + "".join(f" · {n}" for n in notes) + "\n"
    chosen = LEAVE_OUT if item.left_out else item.directed_at.value
    return SectionBlock(
        block_id=f"{ids.ITEM_BLOCK_PREFIX}{item.uid}",
        text=MarkdownTextObject(
            text=heading + escape(shorten(item.text, ITEM_TEXT_LIMIT - len(heading)))
        ),
        accessory=StaticSelectElement(
            action_id=ids.DIRECTED_AT_SELECT,
            options=_directed_options(),
            initial_option=_directed_option(chosen),
        ),
    )


def _item_actions(item: ReviewedItem, *, last: bool) -> ActionsBlock:
    value = Number(item.uid).encode()
    buttons = [
        ButtonElement(action_id=ids.REVIEW_EDIT, text=copy.REVIEW_EDIT_BUTTON, value=value),
        ButtonElement(action_id=ids.REVIEW_SPLIT, text=copy.REVIEW_SPLIT_BUTTON, value=value),
    ]
    if not last:
        buttons.append(
            ButtonElement(action_id=ids.REVIEW_JOIN, text=copy.REVIEW_JOIN_BUTTON, value=value)
        )
    return ActionsBlock(block_id=f"{ids.REVIEW_ITEM_ACTIONS_PREFIX}{item.uid}", elements=buttons)


def _navigation(page: ReviewPage) -> ActionsBlock:
    buttons = []
    if page.page > 0:
        buttons.append(
            ButtonElement(
                action_id=ids.REVIEW_PAGE_PREVIOUS,
                text=copy.REVIEW_PREVIOUS_BUTTON,
                value=Number(page.page - 1).encode(),
            )
        )
    if page.page + 1 < page.pages:
        buttons.append(
            ButtonElement(
                action_id=ids.REVIEW_PAGE_NEXT,
                text=copy.REVIEW_NEXT_BUTTON,
                value=Number(page.page + 1).encode(),
                style="primary",
            )
        )
    buttons.append(
        ButtonElement(
            action_id=ids.REVIEW_ADD, text=copy.REVIEW_ADD_BUTTON, value=Number(0).encode()
        )
    )
    return ActionsBlock(block_id=ids.REVIEW_NAVIGATION_BLOCK, elements=buttons)


def reviewed_choices(state_values: dict) -> dict[int, str]:
    """Item uid → whom it is for as chosen on the page (a DirectedAt value, or LEAVE_OUT)."""
    chosen = {}
    for uid, actions in numbered_rows(state_values, ids.ITEM_BLOCK_PREFIX):
        option = (actions.get(ids.DIRECTED_AT_SELECT) or {}).get("selected_option") or {}
        if option.get("value"):
            chosen[uid] = str(option["value"])
    return chosen


# --- the forms pushed on top: Edit, Split, Add --------------------------------------------------
def item_form(
    *, callback_id: str, title: str, metadata: dict, item: ReviewedItem | None = None
) -> View:
    """Edit (``item`` given) or Add (none): kind, number, words, whom for, due date."""
    kind = item.kind if item else ItemKind.RECOMMENDATION
    blocks: list[Block] = [
        _select(ids.ITEM_KIND_BLOCK, ids.ITEM_KIND_INPUT, copy.ITEM_KIND_FIELD,
                [Option(value=k.value, label=k.label) for k in ItemKind], kind.value),
        _line(ids.ITEM_NUMBER_BLOCK, ids.ITEM_NUMBER_INPUT, copy.ITEM_NUMBER_FIELD,
              item.number if item else None),
        _words(ids.ITEM_TEXT_BLOCK, ids.ITEM_TEXT_INPUT, copy.ITEM_TEXT_FIELD,
               item.text if item else None),
        _select(ids.ITEM_DIRECTED_BLOCK, ids.ITEM_DIRECTED_INPUT, copy.ITEM_DIRECTED_FIELD,
                [_directed_option(d.value) for d in DirectedAt],
                (item.directed_at if item else DirectedAt.FORCE).value),
        InputBlock(
            block_id=ids.ITEM_DUE_BLOCK,
            label=copy.ITEM_DUE_FIELD,
            optional=True,
            element=DatePickerElement(
                action_id=ids.ITEM_DUE_INPUT,
                initial_date=item.due.isoformat() if item and item.due else None,
            ),
        ),
    ]  # fmt: skip
    return _pushed(callback_id, title, metadata, blocks)


def split_form(*, metadata: dict, item: ReviewedItem, first: str, second: str) -> View:
    label = item_label(item.kind, item.number)
    blocks: list[Block] = [
        _text("item", f"*{label}*: {copy.SPLIT_HINT}"),
        _words(ids.SPLIT_FIRST_BLOCK, ids.SPLIT_FIRST_INPUT, copy.SPLIT_FIRST_FIELD, first),
        _line(ids.ITEM_NUMBER_BLOCK, ids.ITEM_NUMBER_INPUT, copy.SPLIT_SECOND_NUMBER_FIELD,
              f"{item.number}b"),
        _words(ids.ITEM_TEXT_BLOCK, ids.ITEM_TEXT_INPUT, copy.SPLIT_SECOND_FIELD, second or None),
    ]  # fmt: skip
    return _pushed(ids.ITEM_SPLIT_VIEW, copy.SPLIT_ITEM_TITLE, metadata, blocks)


ITEM_INPUTS = {
    "kind": (ids.ITEM_KIND_BLOCK, ids.ITEM_KIND_INPUT),
    "number": (ids.ITEM_NUMBER_BLOCK, ids.ITEM_NUMBER_INPUT),
    "text": (ids.ITEM_TEXT_BLOCK, ids.ITEM_TEXT_INPUT),
    "directed_at": (ids.ITEM_DIRECTED_BLOCK, ids.ITEM_DIRECTED_INPUT),
    "due": (ids.ITEM_DUE_BLOCK, ids.ITEM_DUE_INPUT),
    "first": (ids.SPLIT_FIRST_BLOCK, ids.SPLIT_FIRST_INPUT),
}
ITEM_FIELDS = {name: block for name, (block, _action) in ITEM_INPUTS.items()}


def submitted_words(state_values: dict, *, kind: ItemKind | None = None) -> tuple[ItemWords, str]:
    """The typed item (its kind from the form, or ``kind`` when the form has none), and the
    first box of a split form ("" for the others)."""
    given = submitted(state_values, ITEM_INPUTS)
    chosen_kind = given.get("kind") or ""
    directed = given.get("directed_at") or ""
    due = given.get("due")
    words = ItemWords(
        kind=ItemKind(chosen_kind) if chosen_kind in ItemKind._value2member_map_ else (
            kind or ItemKind.RECOMMENDATION
        ),
        number=given.get("number") or "",
        text=given.get("text") or "",
        directed_at=DirectedAt(directed) if directed in DirectedAt._value2member_map_ else None,
        due=date.fromisoformat(due) if due else None,
    )  # fmt: skip
    return words, given.get("first") or ""


def _pushed(callback_id: str, title: str, metadata: dict, blocks: list[Block]) -> View:
    return form_modal(
        callback_id=callback_id,
        title=title,
        submit=copy.ITEM_FORM_SUBMIT,
        private_metadata=json.dumps(metadata),
        blocks=blocks,
    )


def _select(block: str, action: str, label: str, options: list[Option], value: str) -> InputBlock:
    initial = next((o for o in options if o.value == value), None)
    element = StaticSelectElement(action_id=action, options=options, initial_option=initial)
    return InputBlock(block_id=block, label=label, element=element)


def _line(block: str, action: str, label: str, value: str | None) -> InputBlock:
    element = PlainTextInputElement(action_id=action, max_length=20, initial_value=value or None)
    return InputBlock(block_id=block, label=label, element=element)


def _words(block: str, action: str, label: str, value: str | None) -> InputBlock:
    element = PlainTextInputElement(
        action_id=action,
        multiline=True,
        max_length=MAX_TEXT_CHARS,
        initial_value=value[:MAX_TEXT_CHARS] if value else None,
    )
    return InputBlock(block_id=block, label=label, element=element)


def _directed_options() -> list[Option]:
    return [_directed_option(d.value) for d in DirectedAt] + [
        Option(value=LEAVE_OUT, label=copy.LEAVE_OUT_LABEL)
    ]


def _directed_option(value: str) -> Option:
    if value == LEAVE_OUT:
        return Option(value=LEAVE_OUT, label=copy.LEAVE_OUT_LABEL)
    return Option(value=value, label=DirectedAt(value).label)


def _text(block_id: str, text: str) -> SectionBlock:
    return SectionBlock(block_id=block_id, text=MarkdownTextObject(text=text))
