"""The `/s55 new` and `/s55 edit` forms: the fields of `/s55 add` plus type and the short
sections; and the modal that asks for a reason."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DatePickerElement,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
    UrlInputElement,
)
from slack_sdk.models.views import View

from bot import copy, ids
from bot.domain.inspection import InspectionType
from bot.domain.parsing import LONG_TEXT_FIELDS, MAX_TEXT_LENGTH, MAX_TITLE_LENGTH, drop_controls
from bot.render.text import escape, shorten

REASON_LIMIT = 1000
SECTION_TEXT_LIMIT = 2900  # a section's text may hold 3,000 characters

# Field name (as bot.domain.parsing.parse_form knows it) → (block ID, action ID).
FORM_FIELDS = {
    "title": (ids.TITLE_BLOCK, ids.TITLE_INPUT),
    "published": (ids.PUBLISHED_BLOCK, ids.PUBLISHED_INPUT),
    "link": (ids.LINK_BLOCK, ids.LINK_INPUT),
    "inspection_type": (ids.TYPE_BLOCK, ids.TYPE_INPUT),
    "key_findings": (ids.FINDINGS_BLOCK, ids.FINDINGS_INPUT),
}


def form_modal(
    *, callback_id: str, title: str, submit: str, private_metadata: str, blocks: list[Block]
) -> View:
    """A modal form of ours: every one closes with the same word and carries its context in
    private_metadata (checked again when it is submitted)."""
    return View(
        type="modal",
        callback_id=callback_id,
        title=title,
        submit=submit,
        close=copy.MODAL_CLOSE,
        private_metadata=private_metadata,
        blocks=blocks,
    )


def item_section(heading: str, text: str) -> SectionBlock:
    """The item a form is about, at its top: ``heading`` (its reference and label) and as much
    of its words as a section holds (3,000 characters)."""
    heading = f"*{heading}*\n"
    body = heading + escape(shorten(text, SECTION_TEXT_LIMIT - len(heading)))
    return SectionBlock(block_id="item", text=MarkdownTextObject(text=body))


def submitted(state_values: dict, inputs: Mapping[str, tuple[str, str]]) -> dict[str, str | None]:
    """Each input's value by name (``inputs``: name → (block ID, action ID)): a text's, a
    menu's chosen option's, a date picker's day; None when left empty."""
    found: dict[str, str | None] = {}
    for name, (block, action) in inputs.items():
        given = (state_values.get(block) or {}).get(action) or {}
        if "selected_option" in given:
            found[name] = (given["selected_option"] or {}).get("value")
        elif "selected_date" in given:
            found[name] = given["selected_date"]
        else:
            found[name] = given.get("value")
    return found


def new_inspection_modal(*, today: date, private_metadata: str) -> View:
    return _inspection_form(
        callback_id=ids.NEW_INSPECTION_VIEW,
        title=copy.MODAL_TITLE,
        submit=copy.MODAL_SUBMIT,
        private_metadata=private_metadata,
        initial={"published": today.isoformat()},
        notes=[],
    )


def edit_inspection_modal(
    *, values: dict[str, str | None], long_sections: dict[str, int], private_metadata: str
) -> View:
    """The same form, filled in with what is on record. A section too long for a form field
    (``long_sections``: field name → length) is left out, with a note saying so."""
    notes = [
        copy.EDIT_LONG_SECTION.format(name=copy.MODAL_LABELS[name], length=length)
        for name, length in long_sections.items()
    ]
    return _inspection_form(
        callback_id=ids.EDIT_INSPECTION_VIEW,
        title=copy.EDIT_MODAL_TITLE,
        submit=copy.MODAL_SAVE,
        private_metadata=private_metadata,
        initial=values,
        notes=notes,
        leave_out=set(long_sections),
    )


def _inspection_form(
    *,
    callback_id: str,
    title: str,
    submit: str,
    private_metadata: str,
    initial: dict[str, str | None],
    notes: list[str],
    leave_out: Collection[str] = (),
) -> View:
    types = [Option(value=kind.value, text=kind.value) for kind in InspectionType]
    chosen = [option for option in types if option.value == initial.get("inspection_type")]
    return form_modal(
        callback_id=callback_id,
        title=title,
        submit=submit,
        private_metadata=private_metadata,
        blocks=[
            InputBlock(
                block_id=ids.TITLE_BLOCK,
                label=copy.MODAL_LABELS["title"],
                element=PlainTextInputElement(
                    action_id=ids.TITLE_INPUT,
                    max_length=MAX_TITLE_LENGTH,
                    initial_value=initial.get("title"),
                ),
            ),
            InputBlock(
                block_id=ids.PUBLISHED_BLOCK,
                label=copy.MODAL_LABELS["published"],
                hint=copy.MODAL_PUBLISHED_HINT,
                element=DatePickerElement(
                    action_id=ids.PUBLISHED_INPUT, initial_date=initial.get("published")
                ),
            ),
            InputBlock(
                block_id=ids.LINK_BLOCK,
                label=copy.MODAL_LABELS["link"],
                optional=True,
                element=UrlInputElement(
                    action_id=ids.LINK_INPUT, initial_value=initial.get("link")
                ),
            ),
            InputBlock(  # no default: a type nobody chose is shown as not recorded
                block_id=ids.TYPE_BLOCK,
                label=copy.MODAL_LABELS["inspection_type"],
                optional=True,
                element=StaticSelectElement(
                    action_id=ids.TYPE_INPUT,
                    placeholder=copy.MODAL_TYPE_PLACEHOLDER,
                    options=types,
                    initial_option=chosen[0] if chosen else None,
                ),
            ),
            *[
                _long_text(name, initial.get(name))
                for name in LONG_TEXT_FIELDS
                if name not in leave_out
            ],
            ContextBlock(
                block_id="items_note", elements=[MarkdownTextObject(text=copy.FORM_ITEMS_NOTE)]
            ),
            *[ContextBlock(elements=[MarkdownTextObject(text=note)]) for note in notes],
        ],
    )


def _long_text(name: str, initial: str | None) -> InputBlock:
    block_id, action_id = FORM_FIELDS[name]
    return InputBlock(
        block_id=block_id,
        label=copy.MODAL_LABELS[name],
        optional=True,
        hint=copy.MODAL_SECTION_HINT,
        element=PlainTextInputElement(
            action_id=action_id,
            multiline=True,
            max_length=MAX_TEXT_LENGTH,
            initial_value=initial or None,
        ),
    )


def submitted_fields(state_values: dict) -> dict[str, str | None]:
    """Each form field's raw value from a view_submission's ``view.state.values``."""
    fields: dict[str, str | None] = {}
    for name, (block_id, action_id) in FORM_FIELDS.items():
        element = state_values.get(block_id, {}).get(action_id, {})
        option = element.get("selected_option") or {}
        fields[name] = element.get("value") or element.get("selected_date") or option.get("value")
    return fields


def form_errors(problems: dict[str, str]) -> dict[str, str]:
    """InvalidForm's problems keyed by block ID, as ``response_action: errors`` wants them."""
    return {FORM_FIELDS[name][0]: message[:150] for name, message in problems.items()}


def reason_modal(*, callback_id: str, title: str, intro: str, private_metadata: str) -> View:
    """A modal that asks why (undoing a step, no response required); the reason is required."""
    return form_modal(
        callback_id=callback_id,
        title=title,
        submit=copy.MODAL_SAVE,
        private_metadata=private_metadata,
        blocks=[
            SectionBlock(text=MarkdownTextObject(text=intro)),
            InputBlock(
                block_id=ids.REASON_BLOCK,
                label=copy.REASON_LABEL,
                element=PlainTextInputElement(
                    action_id=ids.REASON_INPUT, multiline=True, max_length=REASON_LIMIT
                ),
            ),
        ],
    )


def submitted_reason(state_values: dict) -> str:
    """The typed reason, without invisible control characters (PostgreSQL cannot store NUL)."""
    value = state_values.get(ids.REASON_BLOCK, {}).get(ids.REASON_INPUT, {}).get("value")
    return drop_controls(value or "").strip()
