"""The office's settings on the Home tab: the section with its button (for the office's admins)
and the modal with one field a setting, filled in with what is in effect; and the form read
back as {ENV_NAME: text}, the way the environment writes each setting.

Block Kit's menus choose a channel (conversations_select), users (multi_users_select,
users_select), an option, a number and a time; none chooses a user group, so every setting
of people has a second, typed field for user-group IDs. References:
https://docs.slack.dev/reference/block-kit/block-elements/number-input-element
https://docs.slack.dev/reference/block-kit/composition-objects/conversation-filter-object
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    ConversationFilter,
    ConversationSelectElement,
    InputBlock,
    MarkdownTextObject,
    NumberInputElement,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
    TimePickerElement,
    UserMultiSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot import copy, ids
from bot.domain.deadlines import DeadlineRule
from bot.domain.parsing import drop_controls
from bot.render.modal import form_modal
from bot.settings import OFFICE_SETTINGS

PEOPLE = ("S55_APPROVERS", "S55_RESPONSE_EDITORS", "S55_OFFICE_ADMINS")
CONTACTS = ("S55_CC_CONTACT", "S55_PCC_CONTACT")
TEXTS = ("S55_FORCE_NAME", "S55_AREA")
TEXT_LIMIT = 150  # a force's or an area's name
STEPS_LIMIT = 3000  # Slack's most for a plain-text input
# Where the settings' parts are typed or chosen: each setting's (block ID, text) pairs.
Parts = dict[str, list[tuple[str, str]]]


def setting_block(name: str) -> str:
    return ids.SETTING_BLOCK_PREFIX + name


def groups_block(name: str) -> str:
    return ids.SETTING_BLOCK_PREFIX + name + ids.SETTING_GROUPS_SUFFIX


def home_settings_blocks(in_effect: Mapping[str, str]) -> list[Block]:
    """For an admin's Home tab: every setting in effect (``in_effect``:
    bot.settings.office_setting_texts), so that what a save stored is there to read, and the
    button that opens them."""
    return [
        SectionBlock(
            block_id=ids.HOME_SETTINGS_BLOCK,
            text=MarkdownTextObject(text=copy.home_settings_text(list(in_effect.items()))),
            accessory=ButtonElement(text=copy.SETTINGS_BUTTON, action_id=ids.OPEN_SETTINGS),
        )
    ]


def home_not_set_up_blocks() -> list[Block]:
    """For everyone's Home tab while the office has no team channel: how to finish setting up
    (in place of the report's button, which would have nowhere to post)."""
    return [
        SectionBlock(
            block_id=ids.HOME_NOT_SET_UP_BLOCK, text=MarkdownTextObject(text=copy.HOME_NOT_SET_UP)
        )
    ]


def settings_modal(current: Mapping[str, str], *, timezone: str) -> View:
    """Every office setting, filled in with ``current`` (bot.settings.office_setting_texts)."""
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=copy.SETTINGS_INTRO))]
    for name in OFFICE_SETTINGS:
        blocks += _fields(name, current.get(name, ""), timezone)
    return form_modal(
        callback_id=ids.SETTINGS_VIEW,
        title=copy.SETTINGS_MODAL_TITLE,
        submit=copy.SETTINGS_SUBMIT,
        private_metadata="{}",
        blocks=blocks,
    )


def _fields(name: str, value: str, timezone: str) -> list[Block]:
    label = copy.SETTINGS_LABELS[name]
    hint = copy.SETTINGS_HINTS.get(name)
    ids_given = [part for part in value.split(",") if part]
    users = [part for part in ids_given if not part.startswith("S")]
    groups = ",".join(part for part in ids_given if part.startswith("S"))
    if name == "S55_CHANNEL":
        element: Any = ConversationSelectElement(
            action_id=ids.SETTING_INPUT,
            initial_conversation=value or None,
            filter=ConversationFilter(include=["public", "private"], exclude_bot_users=True),
        )
        return [_input(name, label, element, hint, optional=False)]
    if name in PEOPLE:
        element = UserMultiSelectElement(action_id=ids.SETTING_INPUT, initial_users=users or None)
        return [_input(name, label, element, hint), _groups(name, label, groups)]
    if name in CONTACTS:
        element = UserSelectElement(
            action_id=ids.SETTING_INPUT, initial_user=users[0] if users else None
        )
        return [_input(name, label, element, hint), _groups(name, label, groups)]
    if name == "S55_STEPS":
        element = PlainTextInputElement(
            action_id=ids.SETTING_INPUT,
            multiline=True,
            initial_value=value or None,
            max_length=STEPS_LIMIT,
        )
        return [_input(name, label, element, hint, optional=False)]
    if name == "S55_DEADLINE_RULE":
        options = [
            Option(value=rule.value, text=copy.DEADLINE_RULE_LABELS[rule.value])
            for rule in DeadlineRule
        ]
        chosen = next((option for option in options if option.value == value), None)
        element = StaticSelectElement(
            action_id=ids.SETTING_INPUT, options=options, initial_option=chosen
        )
        return [_input(name, label, element, hint, optional=False)]
    if name == "S55_CC_DAYS":
        element = NumberInputElement(
            action_id=ids.SETTING_INPUT,
            is_decimal_allowed=False,
            initial_value=value or None,
            min_value="1",
            max_value="55",
        )
        return [_input(name, label, element, hint, optional=False)]
    if name == "S55_DIGEST_TIME":
        element = TimePickerElement(
            action_id=ids.SETTING_INPUT, initial_time=value or None, timezone=timezone
        )
        return [_input(name, label, element, hint, optional=False)]
    element = PlainTextInputElement(
        action_id=ids.SETTING_INPUT, initial_value=value or None, max_length=TEXT_LIMIT
    )
    return [_input(name, label, element, hint)]


def _input(
    name: str, label: str, element: Any, hint: str | None, *, optional: bool = True
) -> InputBlock:
    return InputBlock(
        block_id=setting_block(name),
        label=label,
        element=element,
        hint=hint,
        optional=optional,
    )


def _groups(name: str, label: str, groups: str) -> InputBlock:
    return InputBlock(
        block_id=groups_block(name),
        label=copy.SETTINGS_GROUPS_LABEL.format(label=label),
        element=PlainTextInputElement(
            action_id=ids.SETTING_INPUT, initial_value=groups or None, max_length=TEXT_LIMIT
        ),
        hint=copy.SETTINGS_GROUPS_HINT,
        optional=True,
    )


def read_settings_form(state_values: Mapping[str, Any]) -> tuple[dict[str, str], Parts]:
    """What the form says: each setting as the environment would write it, and where each
    part of it came from (for an error under the right field). A setting whose field the
    form lacks is left out: it stays as it is."""
    chosen: dict[str, str] = {}
    parts: Parts = {}
    for name in OFFICE_SETTINGS:
        block = setting_block(name)
        if block not in state_values:
            continue
        given = _state(state_values, block)
        if name == "S55_CHANNEL":
            pieces = [(block, _text(given.get("selected_conversation")))]
        elif name in PEOPLE or name in CONTACTS:
            if name in PEOPLE:
                selected = given.get("selected_users")
                users = (
                    [u for u in selected if isinstance(u, str)]
                    if isinstance(selected, list)
                    else []
                )
            else:
                users = [user] if (user := _text(given.get("selected_user"))) else []
            typed = _text(_state(state_values, groups_block(name)).get("value"))
            groups = [part for part in re.split(r"[\s,]+", typed) if part]
            pieces = [(block, ",".join(users)), (groups_block(name), ",".join(groups))]
        elif name == "S55_DEADLINE_RULE":
            option = given.get("selected_option")
            pieces = [(block, _text(option.get("value") if isinstance(option, dict) else None))]
        elif name == "S55_DIGEST_TIME":
            pieces = [(block, _text(given.get("selected_time")))]
        else:
            pieces = [(block, drop_controls(_text(given.get("value"))).strip())]
        parts[name] = pieces
        chosen[name] = (
            ",".join(text for _block, text in pieces if text) if len(pieces) > 1 else pieces[0][1]
        )
    return chosen, parts


def _state(state_values: Mapping[str, Any], block: str) -> dict[str, Any]:
    """A field's state; an empty one for a shape we did not write (an altered payload)."""
    actions = state_values.get(block)
    given = actions.get(ids.SETTING_INPUT) if isinstance(actions, dict) else None
    return given if isinstance(given, dict) else {}


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""
