"""What the pretend Slack client reports back for an element: the click's action and a
modal's state, shaped as Slack's own payloads are."""

from __future__ import annotations

from bot.runtime.sandbox.forms import action_for, client_side_errors, find_element, state_values

OPTIONS = [
    {"text": {"type": "plain_text", "text": "PEEL"}, "value": "peel"},
    {"text": {"type": "plain_text", "text": "Joint"}, "value": "joint"},
]
VIEW = {
    "blocks": [
        {
            "type": "input",
            "block_id": "title",
            "label": {"type": "plain_text", "text": "Title"},
            "element": {"type": "plain_text_input", "action_id": "t", "max_length": 10},
        },
        {
            "type": "input",
            "block_id": "link",
            "optional": True,
            "label": {"type": "plain_text", "text": "Link"},
            "element": {"type": "url_text_input", "action_id": "l", "initial_value": "https://a"},
        },
        {
            "type": "input",
            "block_id": "kind",
            "optional": True,
            "label": {"type": "plain_text", "text": "Type"},
            "element": {"type": "static_select", "action_id": "k", "options": OPTIONS},
        },
        {
            "type": "input",
            "block_id": "day",
            "label": {"type": "plain_text", "text": "Published"},
            "element": {"type": "datepicker", "action_id": "d", "initial_date": "2024-04-30"},
        },
    ]
}


def test_a_button_click_reports_the_button_as_slack_does() -> None:
    button = {
        "type": "button",
        "action_id": "go",
        "text": {"type": "plain_text", "text": "Go"},
        "value": "3",
        "style": "primary",
    }
    blocks = [{"type": "actions", "block_id": "b", "elements": [button]}]
    assert find_element(blocks, "b", "go") == button
    assert action_for(button, "b", None) == {
        "type": "button",
        "action_id": "go",
        "block_id": "b",
        "text": button["text"],
        "value": "3",
        "style": "primary",
    }


def test_a_menu_choice_carries_the_whole_option_chosen() -> None:
    menu = {"type": "overflow", "action_id": "m", "options": OPTIONS}
    assert action_for(menu, "b", "joint")["selected_option"] == OPTIONS[1]
    assert action_for(menu, "b", "no such value")["selected_option"] is None


def test_a_modal_reports_every_field_with_what_was_entered_or_left_as_it_was() -> None:
    values = state_values(VIEW, {"title/t": "Vetting", "kind/k": "peel"})
    assert values == {
        "title": {"t": {"type": "plain_text_input", "value": "Vetting"}},
        "link": {"l": {"type": "url_text_input", "value": "https://a"}},
        "kind": {"k": {"type": "static_select", "selected_option": OPTIONS[0]}},
        "day": {"d": {"type": "datepicker", "selected_date": "2024-04-30"}},
    }


def test_an_emptied_field_is_reported_as_null_like_slack() -> None:
    values = state_values(VIEW, {"title/t": "", "link/l": "", "day/d": ""})
    assert values["title"]["t"]["value"] is None
    assert values["link"]["l"]["value"] is None
    assert values["day"]["d"]["selected_date"] is None


def test_the_client_refuses_an_empty_required_field_or_too_long_text_before_sending() -> None:
    assert client_side_errors(VIEW, {"title/t": "", "day/d": ""}) == {
        "title": "Please fill out this field.",
        "day": "Please fill out this field.",
    }
    assert client_side_errors(VIEW, {"title/t": "x" * 11}) == {
        "title": "Please enter no more than 10 characters."
    }
    assert client_side_errors(VIEW, {"title/t": "Vetting", "link/l": ""}) == {}


def test_pickers_report_the_people_channel_and_time_chosen_in_slacks_own_fields() -> None:
    view = {
        "blocks": [
            {
                "type": "input",
                "block_id": block_id,
                "label": {"type": "plain_text", "text": block_id},
                "element": {"type": kind, "action_id": "pick", **initial},
            }
            for block_id, kind, initial in [
                ("who", "users_select", {}),
                ("whom", "multi_users_select", {"initial_users": ["U1"]}),
                ("where", "conversations_select", {}),
                ("when", "timepicker", {"initial_time": "09:00"}),
            ]
        ]
    }
    chosen = {"who/pick": "U2", "whom/pick": ["U1", "U3"], "where/pick": "C1"}
    assert state_values(view, chosen) == {
        "who": {"pick": {"type": "users_select", "selected_user": "U2"}},
        "whom": {"pick": {"type": "multi_users_select", "selected_users": ["U1", "U3"]}},
        "where": {"pick": {"type": "conversations_select", "selected_conversation": "C1"}},
        "when": {"pick": {"type": "timepicker", "selected_time": "09:00"}},  # as it was
    }
    # Nothing chosen in a required menu: the Slack client asks for it before sending.
    assert client_side_errors(view, {"who/pick": ""})["who"] == "Please fill out this field."
    element = view["blocks"][0]["element"]
    assert action_for(element, "who", "U2")["selected_user"] == "U2"
