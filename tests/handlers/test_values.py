"""Reading what our buttons carry (handlers.values): through the one table of action IDs to
value classes (bot.domain.buttons.VALUES), so a listener reads only the value its button
writes, and a value we could not have written is refused in words."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot import copy, ids
from bot.domain.buttons import DraftVersion, ForgedValue, Number
from handlers.values import button_number, chosen, pressed, report_year


def click(action_id: str, value: str) -> dict[str, Any]:
    return {"actions": [{"action_id": action_id, "value": value}]}


def test_a_button_is_read_as_the_class_its_action_carries() -> None:
    assert pressed(click(ids.USE_DRAFT, "12:3"), DraftVersion) == DraftVersion(12, 3)
    assert button_number(click(ids.ANSWER_ITEM, "7")) == 7


def test_a_menu_choice_is_read_the_same_way() -> None:
    body = {"actions": [{"action_id": ids.SNOOZE_CHOICE, "selected_option": {"value": "7"}}]}
    assert chosen(body, Number) == Number(7)


@pytest.mark.parametrize(
    ("action_id", "value"),
    [(ids.USE_DRAFT, "12"), (ids.ANSWER_ITEM, "7; drop table"), (ids.POST_REPORT, "2026-27")],
)
def test_a_value_we_could_not_have_written_is_refused_in_words(action_id: str, value: str) -> None:
    with pytest.raises(ForgedValue) as refused:
        if action_id == ids.USE_DRAFT:
            pressed(click(action_id, value), DraftVersion)
        elif action_id == ids.POST_REPORT:
            report_year(click(action_id, value), today=date(2026, 12, 6))
        else:
            button_number(click(action_id, value))
    assert refused.value.reply == copy.BUTTON_NOT_UNDERSTOOD


def test_next_years_report_is_refused_this_year_is_taken() -> None:
    assert report_year(click(ids.POST_REPORT, "2026"), today=date(2026, 12, 6)) == "2026"
    with pytest.raises(ForgedValue):
        report_year(click(ids.POST_REPORT, "2027"), today=date(2026, 12, 6))


def test_a_listener_reading_another_buttons_value_type_is_a_mistake_caught_at_once() -> None:
    with pytest.raises(LookupError):
        pressed(click(ids.USE_DRAFT, "12:3"), Number)
    with pytest.raises(LookupError):
        button_number(click("no_such_action", "7"))
