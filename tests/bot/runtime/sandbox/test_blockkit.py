"""Block Kit in the sandbox: looks like Slack, and every interactive element carries what the
page's script needs (the HTML contract: classes and data-* attributes)."""

from __future__ import annotations

import json

import pytest

from bot.runtime.sandbox.blockkit import render_blocks, render_text
from tests.bot.runtime.sandbox.parsing import FakeNames, classes, tags, text

NAMES = FakeNames()


def plain(value: str, **extra: object) -> dict:
    return {"type": "plain_text", "text": value, **extra}


def md(value: str) -> dict:
    return {"type": "mrkdwn", "text": value}


def option(value: str, label: str, **extra: object) -> dict:
    return {"value": value, "text": plain(label), **extra}


def render(*blocks: dict, surface: str = "message") -> str:
    return str(render_blocks(list(blocks), NAMES, surface=surface))


def one(html: str, tag: str) -> dict:
    (found,) = tags(html, tag)
    return found


def in_actions(element: dict) -> str:
    return render({"type": "actions", "block_id": "act", "elements": [element]})


def in_input(element: dict, **block: object) -> str:
    return render(
        {"type": "input", "block_id": "blk", "label": plain("Label"), "element": element, **block},
        surface="modal",
    )


# Text objects --------------------------------------------------------------------------------


def test_plain_text_is_escaped_and_gets_emoji() -> None:
    assert render_text(plain("<b>:tada:</b>"), NAMES) == "&lt;b&gt;🎉&lt;/b&gt;"


def test_plain_text_without_emoji_keeps_its_shortcodes() -> None:
    assert render_text(plain(":tada:", emoji=False), NAMES) == ":tada:"


def test_mrkdwn_text_is_formatted() -> None:
    assert render_text(md("*Reference*"), NAMES) == "<b>Reference</b>"


def test_no_text_object_is_no_text() -> None:
    assert render_text(None, NAMES) == ""


# Blocks --------------------------------------------------------------------------------------


def test_every_block_is_wrapped_with_its_type_and_id() -> None:
    out = render({"type": "divider", "block_id": "d1"}, {"type": "divider"})
    wrappers = [tag for tag in tags(out, "div") if "bk-block" in classes(tag)]
    assert [(tag["class"], tag["data-block-id"]) for tag in wrappers] == [
        ("bk-block bk-divider", "d1"),
        ("bk-block bk-divider", ""),
    ]
    assert len(tags(out, "hr")) == 2


def test_a_title_with_markup_in_a_header_shows_as_text() -> None:
    out = render(
        {"type": "header", "text": plain("S55-3: <script>alert(1)</script> &lt;!channel&gt;")}
    )
    assert tags(out, "script") == []
    assert "S55-3: <script>alert(1)</script> &lt;!channel&gt;" in text(out)


def test_a_section_has_its_text_fields_and_accessory() -> None:
    out = render(
        {
            "type": "section",
            "block_id": "facts",
            "text": md("*Title*"),
            "fields": [md("*Reference*\nS55-3"), plain("State")],
            "accessory": {"type": "button", "action_id": "go", "text": plain("Go")},
        }
    )
    assert '<div class="bk-text"><b>Title</b></div>' in out
    assert len([tag for tag in tags(out, "div") if "bk-field" in classes(tag)]) == 2
    assert '<div class="bk-accessory"><button' in out
    assert one(out, "button")["data-block-id"] == "facts"


def test_context_shows_text_and_small_images() -> None:
    out = render(
        {
            "type": "context",
            "elements": [
                md("Logged by <@U0JANE001>"),
                plain("plain"),
                {"type": "image", "image_url": "https://example.org/i.png", "alt_text": "icon"},
            ],
        }
    )
    assert "Logged by @Jane Doe" in text(out)
    assert one(out, "img") == {
        "<tag>": "img",
        "class": "bk-image-small",
        "src": "https://example.org/i.png",
        "alt": "icon",
    }


def test_an_image_block_shows_http_images_only() -> None:
    good = render({"type": "image", "image_url": "https://example.org/a.png", "alt_text": "A"})
    assert one(good, "img")["src"] == "https://example.org/a.png"
    bad = render({"type": "image", "image_url": "javascript:alert(1)", "alt_text": "A"})
    assert tags(bad, "img") == []
    assert "A" in text(bad)


def test_an_unknown_block_is_a_red_box_not_dropped() -> None:
    out = render({"type": "video", "block_id": "v"})
    assert '<div class="bk-block bk-video" data-block-id="v">' in out
    assert (
        '<div class="bk-unknown">Block Kit the sandbox cannot show: <code>video</code></div>' in out
    )


def test_an_unknown_element_is_a_red_box_not_dropped() -> None:
    out = in_actions({"type": "workflow_button", "action_id": "w"})
    assert "Block Kit the sandbox cannot show: <code>workflow_button</code>" in out


def test_an_unknown_type_name_is_escaped() -> None:
    out = render({"type": "<img src=x>"})
    assert tags(out, "img") == []


def test_the_surface_must_be_one_slack_has() -> None:
    with pytest.raises(ValueError):
        render({"type": "divider"}, surface="email")


# Buttons -------------------------------------------------------------------------------------


def test_a_button_carries_its_ids_and_value() -> None:
    out = in_actions(
        {"type": "button", "action_id": "confirm_step", "text": plain("Sign off"), "value": "1|x"}
    )
    assert one(out, "button") == {
        "<tag>": "button",
        "type": "button",
        "class": "bk-button",
        "data-type": "button",
        "data-block-id": "act",
        "data-action-id": "confirm_step",
        "data-value": "1|x",
    }
    assert text(out) == "Sign off"


@pytest.mark.parametrize(("style", "css"), [("primary", "bk-primary"), ("danger", "bk-danger")])
def test_button_styles(style: str, css: str) -> None:
    button = one(in_actions({"type": "button", "text": plain("B"), "style": style}), "button")
    assert classes(button) == ["bk-button", css]


def test_a_url_button_carries_its_link() -> None:
    out = in_actions(
        {"type": "button", "text": plain("Open"), "url": "https://example.org/?a=1&b=2"}
    )
    assert one(out, "button")["data-url"] == "https://example.org/?a=1&b=2"


def test_a_url_button_with_another_scheme_has_no_link() -> None:
    out = in_actions({"type": "button", "text": plain("Open"), "url": "javascript:alert(1)"})
    assert "data-url" not in one(out, "button")


def test_a_button_without_a_value_has_an_empty_one() -> None:
    assert one(in_actions({"type": "button", "text": plain("B")}), "button")["data-value"] == ""


def test_a_confirmation_dialog_travels_as_json() -> None:
    confirm = {
        "title": plain("Sign off?"),
        "text": md("Confirm *PCC response signed off* for S55-3 <b>"),
        "confirm": plain("Confirm"),
        "deny": plain("Cancel"),
        "style": "danger",
    }
    out = in_actions({"type": "button", "text": plain("B"), "confirm": confirm})
    assert json.loads(one(out, "button")["data-confirm"]) == {
        "title": "Sign off?",
        "text": "Confirm <b>PCC response signed off</b> for S55-3 &lt;b&gt;",
        "confirm": "Confirm",
        "deny": "Cancel",
        "style": "danger",
    }


def test_a_confirmation_dialog_missing_parts_gets_defaults() -> None:
    out = in_actions({"type": "button", "text": plain("B"), "confirm": {"text": plain("Sure?")}})
    assert json.loads(one(out, "button")["data-confirm"]) == {
        "title": "Are you sure?",
        "text": "Sure?",
        "confirm": "Yes",
        "deny": "Cancel",
        "style": None,
    }


# Overflow ------------------------------------------------------------------------------------


def test_an_overflow_menu_is_a_toggle_and_hidden_options() -> None:
    out = render(
        {
            "type": "section",
            "block_id": "title",
            "text": md("x"),
            "accessory": {
                "type": "overflow",
                "action_id": "card_menu",
                "options": [option("edit:1", "Edit details"), option("withdraw:1", "Withdraw")],
            },
        }
    )
    toggle, *options = tags(out, "button")
    assert toggle == {
        "<tag>": "button",
        "type": "button",
        "class": "bk-overflow-toggle",
        "aria-label": "More actions",
    }
    menu = [tag for tag in tags(out, "div") if classes(tag) == ["bk-menu"]]
    assert menu == [{"<tag>": "div", "class": "bk-menu", "hidden": None}]
    assert [
        (o["class"], o["data-type"], o["data-block-id"], o["data-action-id"], o["data-value"])
        for o in options
    ] == [
        ("bk-menu-option", "overflow", "title", "card_menu", "edit:1"),
        ("bk-menu-option", "overflow", "title", "card_menu", "withdraw:1"),
    ]
    assert "Edit details" in text(out)


# Elements that dispatch at once (actions blocks and accessories) -----------------------------


def test_a_static_select_in_actions_dispatches_on_change() -> None:
    out = in_actions(
        {
            "type": "static_select",
            "action_id": "pick",
            "placeholder": plain("Choose"),
            "options": [option("a", "Apple"), option("b", "<Banana>")],
        }
    )
    select = one(out, "select")
    assert classes(select) == ["bk-dispatch"]
    assert (select["data-type"], select["data-block-id"], select["data-action-id"]) == (
        "static_select",
        "act",
        "pick",
    )
    assert [o["value"] for o in tags(out, "option")] == ["", "a", "b"]
    assert "Choose" in text(out)
    assert "<Banana>" in text(out)


def test_a_static_select_with_groups_and_an_initial_option() -> None:
    out = in_actions(
        {
            "type": "static_select",
            "action_id": "pick",
            "initial_option": option("b", "Banana"),
            "option_groups": [
                {"label": plain("Fruit"), "options": [option("a", "Apple"), option("b", "Banana")]}
            ],
        }
    )
    assert one(out, "optgroup")["label"] == "Fruit"
    assert [(o["value"], "selected" in o) for o in tags(out, "option")] == [
        ("a", False),
        ("b", True),
    ]


def test_a_datepicker_in_actions_dispatches_on_change() -> None:
    out = in_actions({"type": "datepicker", "action_id": "when", "initial_date": "2024-06-24"})
    shown, field = tags(out, "input")
    assert (field["type"], field["class"], field["data-type"], field["value"]) == (
        "date",
        "bk-date-value bk-dispatch",
        "datepicker",
        "2024-06-24",
    )
    assert (shown["type"], shown["value"]) == ("text", "24/06/2024")


def test_checkboxes_in_an_accessory_dispatch_on_change() -> None:
    out = render(
        {
            "type": "section",
            "block_id": "sec",
            "text": md("x"),
            "accessory": {
                "type": "checkboxes",
                "action_id": "ticks",
                "options": [
                    option("a", "A", description=plain("first")),
                    {"value": "b", "text": md("*B*")},
                ],
                "initial_options": [option("b", "B")],
            },
        }
    )
    boxes = tags(out, "input")
    assert [(b["type"], b["class"], b["data-type"], b["value"], "checked" in b) for b in boxes] == [
        ("checkbox", "bk-dispatch", "checkboxes", "a", False),
        ("checkbox", "bk-dispatch", "checkboxes", "b", True),
    ]
    assert {b["data-block-id"] for b in boxes} == {"sec"}
    assert '<span class="bk-description">first</span>' in out
    assert "<b>B</b>" in out


def test_a_users_select_shows_its_placeholder_and_says_it_lists_no_one() -> None:
    out = in_actions({"type": "users_select", "action_id": "who", "placeholder": plain("Someone")})
    assert one(out, "select")["data-type"] == "users_select"
    assert "Someone" in text(out)
    assert "lists no one" in text(out)


# Input blocks (modals) -----------------------------------------------------------------------


def test_an_input_block_has_label_field_hint_and_error_slot() -> None:
    out = in_input(
        {"type": "plain_text_input", "action_id": "title_input"},
        hint=plain("As on the report"),
        optional=True,
    )
    assert out.startswith('<div class="bk-block bk-input" data-block-id="blk"><label>Label')
    assert '<span class="bk-optional">(optional)</span>' in out
    assert '<div class="bk-hint">As on the report</div>' in out
    assert '<div class="bk-error" data-error-for="blk" hidden></div>' in out


def test_a_required_input_says_nothing_about_being_optional() -> None:
    assert "(optional)" not in in_input({"type": "plain_text_input", "action_id": "t"})


def test_a_text_input_is_a_named_field() -> None:
    out = in_input(
        {
            "type": "plain_text_input",
            "action_id": "title_input",
            "initial_value": '"quoted" <b>',
            "placeholder": plain("Title"),
            "max_length": 500,
            "min_length": 2,
        }
    )
    assert one(out, "input") == {
        "<tag>": "input",
        "type": "text",
        "name": "blk/title_input",
        "data-type": "plain_text_input",
        "data-block-id": "blk",
        "data-action-id": "title_input",
        "placeholder": "Title",
        "maxlength": "500",
        "minlength": "2",
        "value": '"quoted" <b>',
    }


def test_a_multiline_text_input_is_a_textarea() -> None:
    out = in_input(
        {"type": "plain_text_input", "action_id": "t", "multiline": True, "initial_value": "<a>"}
    )
    assert one(out, "textarea")["name"] == "blk/t"
    assert "&lt;a&gt;</textarea>" in out


def test_a_url_input_is_a_url_field() -> None:
    field = one(in_input({"type": "url_text_input", "action_id": "link"}), "input")
    assert (field["type"], field["data-type"], field["name"]) == (
        "url",
        "url_text_input",
        "blk/link",
    )


def test_a_datepicker_in_a_form_shows_a_uk_date_and_sends_the_day() -> None:
    # Chromium's own date input follows the browser's locale (mm/dd/yyyy in en-US): the person
    # reads and types dd/mm/yyyy in a text box; the form sends the date input's ISO day.
    out = in_input({"type": "datepicker", "action_id": "d", "initial_date": "2024-04-30"})
    shown, field = tags(out, "input")
    assert (field["type"], field["name"], field["value"], field["class"]) == (
        "date",
        "blk/d",
        "2024-04-30",
        "bk-date-value",
    )
    assert (shown["type"], shown["value"], shown["placeholder"], "name" in shown) == (
        "text",
        "30/04/2024",
        "dd/mm/yyyy",
        False,
    )


def test_an_empty_datepicker_shows_how_to_write_the_date() -> None:
    shown, field = tags(in_input({"type": "datepicker", "action_id": "d"}), "input")
    assert (shown["value"], shown["placeholder"], field["value"]) == ("", "dd/mm/yyyy", "")


def test_a_select_in_a_form_starts_with_its_placeholder() -> None:
    out = in_input(
        {
            "type": "static_select",
            "action_id": "type",
            "placeholder": plain("Choose a type"),
            "options": [option("Force", "Force")],
        }
    )
    select = one(out, "select")
    assert (select["name"], select["data-type"], "class" in select) == (
        "blk/type",
        "static_select",
        False,
    )
    first = tags(out, "option")[0]
    assert first["value"] == ""
    assert text(out).count("Choose a type") == 1


def test_a_select_with_an_initial_option_has_no_placeholder_option() -> None:
    out = in_input(
        {
            "type": "static_select",
            "action_id": "type",
            "placeholder": plain("Choose a type"),
            "options": [option("Force", "Force"), option("Thematic", "Thematic")],
            "initial_option": option("Thematic", "Thematic"),
        }
    )
    assert [(o["value"], "selected" in o) for o in tags(out, "option")] == [
        ("Force", False),
        ("Thematic", True),
    ]


def test_radio_buttons_in_a_form() -> None:
    out = in_input(
        {
            "type": "radio_buttons",
            "action_id": "r",
            "options": [option("a", "A"), option("b", "B")],
            "initial_option": option("a", "A"),
        }
    )
    radios = tags(out, "input")
    assert [(r["type"], r["name"], r["value"], "checked" in r) for r in radios] == [
        ("radio", "blk/r", "a", True),
        ("radio", "blk/r", "b", False),
    ]
    assert {r["data-type"] for r in radios} == {"radio_buttons"}


def test_checkboxes_in_a_form() -> None:
    out = in_input({"type": "checkboxes", "action_id": "c", "options": [option("x", "X")]})
    assert [(b["type"], b["name"], b["value"]) for b in tags(out, "input")] == [
        ("checkbox", "blk/c", "x")
    ]


def test_a_timepicker_in_a_form_is_a_time_field() -> None:
    field = one(
        in_input({"type": "timepicker", "action_id": "t", "initial_time": "09:30"}), "input"
    )
    assert (field["type"], field["data-type"], field["name"], field["value"]) == (
        "time",
        "timepicker",
        "blk/t",
        "09:30",
    )


def test_an_input_with_dispatch_action_dispatches() -> None:
    out = in_input({"type": "plain_text_input", "action_id": "t"}, dispatch_action=True)
    assert one(out, "input")["class"] == "bk-dispatch"


# Rich text -----------------------------------------------------------------------------------


def test_rich_text_sections_lists_code_and_quotes() -> None:
    section = {
        "type": "rich_text_section",
        "elements": [
            {"type": "text", "text": "Hello <b> ", "style": {"bold": True, "italic": True}},
            {"type": "user", "user_id": "U0JANE001"},
            {"type": "text", "text": " in "},
            {"type": "channel", "channel_id": "C0TEAM0001"},
            {"type": "text", "text": " "},
            {"type": "usergroup", "usergroup_id": "S0APPROVE"},
            {"type": "emoji", "name": "tada"},
            {"type": "emoji", "name": "thumbsup", "unicode": "1f44d"},
            {"type": "link", "url": "https://example.org", "text": "site"},
            {"type": "link", "url": "javascript:alert(1)", "text": "bad"},
        ],
    }
    out = render(
        {
            "type": "rich_text",
            "elements": [
                section,
                {
                    "type": "rich_text_list",
                    "style": "ordered",
                    "elements": [
                        {"type": "rich_text_section", "elements": [{"type": "text", "text": "one"}]}
                    ],
                },
                {"type": "rich_text_preformatted", "elements": [{"type": "text", "text": "a\nb"}]},
                {"type": "rich_text_quote", "elements": [{"type": "text", "text": "quoted"}]},
            ],
        }
    )
    assert "<b><i>Hello &lt;b&gt; </i></b>" in out
    assert "Hello <b> @Jane Doe in #s55-team @approvers🎉👍sitebad" in text(out)
    assert [a["href"] for a in tags(out, "a")] == ["https://example.org"]
    assert "<ol" in out and "<li>one</li>" in out
    assert '<pre class="bk-pre">a\nb</pre>' in out
    assert '<blockquote class="bk-quote">quoted</blockquote>' in out
    assert "bk-unknown" not in out


def test_rich_text_bullets_and_code_style() -> None:
    out = render(
        {
            "type": "rich_text",
            "elements": [
                {
                    "type": "rich_text_list",
                    "style": "bullet",
                    "elements": [
                        {
                            "type": "rich_text_section",
                            "elements": [{"type": "text", "text": "x", "style": {"code": True}}],
                        }
                    ],
                }
            ],
        }
    )
    assert "<ul" in out and "<li><code>x</code></li>" in out


class Directory(FakeNames):
    """Names that know a workspace's people and channels, as the sandbox's do."""

    def people(self) -> list[tuple[str, str]]:
        return [("U1", "Jo Ashby"), ("U2", "Sam Whitlock")]

    def channels(self) -> list[tuple[str, str]]:
        return [("C1", "#suffolk-s55")]


def test_menus_list_the_workspaces_people_and_channels_and_several_people_as_boxes() -> None:
    names = Directory()
    one_person = render_blocks(
        [
            {
                "type": "actions",
                "block_id": "a",
                "elements": [{"type": "users_select", "action_id": "who", "initial_user": "U2"}],
            }
        ],
        names,
        surface="message",
    )
    assert [(o["value"], "selected" in o) for o in tags(one_person, "option")] == [
        ("U1", False),
        ("U2", True),
    ]
    assert "lists no one" not in text(one_person)
    channel = render_blocks(
        [
            {
                "type": "actions",
                "block_id": "a",
                "elements": [{"type": "conversations_select", "action_id": "where"}],
            }
        ],
        names,
        surface="message",
    )
    assert [o["value"] for o in tags(channel, "option")] == ["", "C1"]  # nothing chosen yet
    assert "#suffolk-s55" in text(channel)
    several = render_blocks(
        [
            {
                "type": "input",
                "block_id": "b",
                "label": plain("Approvers"),
                "element": {
                    "type": "multi_users_select",
                    "action_id": "whom",
                    "initial_users": ["U1"],
                },
            }
        ],
        names,
        surface="modal",
    )
    boxes = tags(several, "input")
    assert [(b["type"], b["name"], b["value"], "checked" in b) for b in boxes] == [
        ("checkbox", "b/whom", "U1", True),
        ("checkbox", "b/whom", "U2", False),
    ]
