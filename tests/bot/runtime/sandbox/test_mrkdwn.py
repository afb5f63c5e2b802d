"""Slack mrkdwn in the sandbox reads as it does in Slack, and nothing typed becomes markup."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from bot.runtime.sandbox.mrkdwn import to_html
from tests.bot.runtime.sandbox.parsing import FakeNames, tags, text

NAMES = FakeNames()


def html(source: str) -> str:
    return str(to_html(source, NAMES))


def test_the_result_is_markup_for_jinja_to_insert_as_is() -> None:
    assert isinstance(to_html("plain", NAMES), Markup)


# Escaping ------------------------------------------------------------------------------------


def test_escaped_angle_brackets_show_as_text_never_as_markup() -> None:
    out = html("&lt;script&gt;alert(1)&lt;/script&gt;")
    assert "<script" not in out
    assert text(out) == "<script>alert(1)</script>"


def test_an_escaped_broadcast_is_text_not_a_mention() -> None:
    out = html("Vetting &lt;!channel&gt; part 2")
    assert 'class="mention"' not in out
    assert text(out) == "Vetting <!channel> part 2"


def test_slack_entities_are_never_escaped_twice() -> None:
    assert html("police&apos;s &amp; public&#39;s") == "police&amp;apos;s &amp; public&amp;#39;s"
    assert text(html("Tom &amp; Jerry")) == "Tom & Jerry"
    assert text(html("&amp;lt;")) == "&lt;"  # a typed "&lt;" stays as typed


def test_raw_angle_brackets_that_are_no_link_show_as_typed() -> None:
    out = html("<script>")
    assert tags(out) == []
    assert text(out) == "<script>"


def test_quotes_in_text_cannot_break_out_of_an_attribute() -> None:
    out = html('<https://example.org/?q="><img src=x>|label>')
    assert [tag["<tag>"] for tag in tags(out)] == ["a"]


# Formatting ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("*bold*", "<b>bold</b>"),
        ("_italic_", "<i>italic</i>"),
        ("~struck~", "<s>struck</s>"),
        ("`a < b`", "<code>a &lt; b</code>"),
        ("*two words*", "<b>two words</b>"),
        ("*_both_*", "<b><i>both</i></b>"),
    ],
)
def test_inline_formatting(source: str, expected: str) -> None:
    assert html(source) == expected


@pytest.mark.parametrize("source", ["snake_case_name", "2*3*4", "* not bold *", "a_b_c", "~ x ~"])
def test_formatting_marks_inside_words_or_spaced_stay_as_typed(source: str) -> None:
    assert html(source) == source


def test_no_formatting_inside_code() -> None:
    assert html("`*not bold* _nor italic_ :tada:`") == (
        "<code>*not bold* _nor italic_ :tada:</code>"
    )


def test_a_pre_block_keeps_its_lines_and_is_not_formatted() -> None:
    out = html("before\n```\nline *one*\n<@U0JANE001>  two\n```\nafter")
    assert out == 'before<pre class="bk-pre">line *one*\n&lt;@U0JANE001&gt;  two</pre>after'


def test_newlines_become_line_breaks() -> None:
    assert html("*Reference*\nS55-3") == "<b>Reference</b><br>S55-3"


def test_block_quotes_at_the_start_of_a_line() -> None:
    out = html("&gt; quoted *here*\n> and here\nnot quoted > this")
    assert out == (
        '<blockquote class="bk-quote">quoted <b>here</b><br>and here</blockquote>'
        "not quoted &gt; this"
    )


def test_a_quote_between_lines_adds_no_empty_lines() -> None:
    assert html("one\n> two\nthree") == ('one<blockquote class="bk-quote">two</blockquote>three')


# Links ---------------------------------------------------------------------------------------


def test_a_labelled_link_opens_in_a_new_tab() -> None:
    (link,) = tags(html("<https://example.org/report?a=1&amp;b=2|the report>"), "a")
    assert link["href"] == "https://example.org/report?a=1&b=2"
    assert link["target"] == "_blank"
    assert link["rel"] == "noopener"
    assert text(html("<https://example.org|the report>")) == "the report"


def test_a_links_label_shows_emoji_but_no_formatting() -> None:
    assert text(html("<https://example.org|:page_facing_up: *Read* the report>")) == (
        "📄 *Read* the report"
    )


def test_a_bare_link_shows_its_address() -> None:
    out = html("<http://example.org/x>")
    assert tags(out, "a")[0]["href"] == "http://example.org/x"
    assert text(out) == "http://example.org/x"


def test_a_mailto_link_shows_the_address() -> None:
    out = html("<mailto:opcc@example.org>")
    assert tags(out, "a")[0]["href"] == "mailto:opcc@example.org"
    assert text(out) == "opcc@example.org"


@pytest.mark.parametrize(
    "source",
    ["<javascript:alert(1)|click me>", "<data:text/html,hi|click me>", "<ftp://x|click me>"],
)
def test_links_with_other_schemes_are_shown_as_text(source: str) -> None:
    out = html(source)
    assert tags(out) == []
    assert text(out) == "click me"


def test_formatting_does_not_reach_into_a_url() -> None:
    (link,) = tags(html("*<https://example.org/a_b_c/*x*|S55-3>*"), "a")
    assert link["href"] == "https://example.org/a_b_c/*x*"


def test_a_link_inside_bold_is_bold() -> None:
    assert html("*<https://example.org|S55-3>*").startswith('<b><a href="https://example.org"')


# Mentions ------------------------------------------------------------------------------------


def mentions(source: str) -> list[str]:
    out = html(source)
    return [text(part) for part in out.split('<span class="mention">')[1:]]


def test_users_are_shown_by_display_name() -> None:
    assert mentions("<@U0JANE001>") == ["@Jane Doe"]
    assert mentions("<@U0JANE001|jane>") == ["@Jane Doe"]


def test_a_display_name_is_escaped() -> None:
    out = html("<@U0EVIL>")
    assert "<b>" not in out
    assert text(out) == "@<b>Eve</b>"


def test_user_groups_by_label_or_by_handle() -> None:
    assert mentions("<!subteam^S0APPROVE>") == ["@approvers"]
    assert mentions("<!subteam^S0APPROVE|@signers>") == ["@signers"]


def test_channels_by_label_or_by_name() -> None:
    assert mentions("<#C0TEAM0001>") == ["#s55-team"]
    assert mentions("<#C0TEAM0001|team>") == ["#team"]


@pytest.mark.parametrize("who", ["here", "channel", "everyone"])
def test_broadcasts_are_mentions(who: str) -> None:
    assert mentions(f"<!{who}>") == [f"@{who}"]
    assert mentions(f"<!{who}|{who}>") == [f"@{who}"]


def test_a_date_shows_its_fallback() -> None:
    assert html("Due <!date^1719183600^{date_short}|24 Jun 2024>.") == "Due 24 Jun 2024."


# Emoji ---------------------------------------------------------------------------------------


def test_emoji_shortcodes_become_characters() -> None:
    assert html(":white_check_mark: :hourglass_flowing_sand: :warning:") == "✅ ⏳ ⚠️"


@pytest.mark.parametrize(
    ("code", "char"),
    [
        ("large_green_circle", "🟢"),
        ("large_yellow_circle", "🟡"),
        ("large_orange_circle", "🟠"),
        ("large_blue_circle", "🔵"),
    ],
)
def test_slacks_own_names_that_the_library_lacks(code: str, char: str) -> None:
    assert html(f":{code}:") == char


def test_unknown_shortcodes_stay_as_typed_and_are_not_italicised() -> None:
    assert html(":not_an_emoji_here:") == ":not_an_emoji_here:"


def test_times_are_not_emoji() -> None:
    assert html("at 10:30:45") == "at 10:30:45"
