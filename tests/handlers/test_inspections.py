"""`/s55 new`: the modal opens, and submitting it logs the inspection like `/s55 add`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot import ids
from bot.standin import Reply
from storage.models import Inspection
from tests.e2e import CHANNEL, Bot


def form(**overrides: Any) -> dict[str, dict[str, Any]]:
    """The modal's state.values, as Slack sends them, with the 2024 seed's inspection."""
    values: dict[str, Any] = {
        ids.TITLE_BLOCK: {
            ids.TITLE_INPUT: {
                "type": "plain_text_input",
                "value": "Vetting and anti-corruption part 2",
            }
        },
        ids.PUBLISHED_BLOCK: {
            ids.PUBLISHED_INPUT: {"type": "datepicker", "selected_date": "2024-04-30"}
        },
        ids.LINK_BLOCK: {
            ids.LINK_INPUT: {"type": "url_text_input", "value": "https://example.org/vetting-2"}
        },
        ids.TYPE_BLOCK: {
            ids.TYPE_INPUT: {
                "type": "static_select",
                "selected_option": {
                    "text": {"type": "plain_text", "text": "National thematic"},
                    "value": "National thematic",
                },
            }
        },
        ids.FINDINGS_BLOCK: {
            ids.FINDINGS_INPUT: {
                "type": "plain_text_input",
                "value": "Vetting decisions were not always well recorded.",
            }
        },
        ids.RECOMMENDATIONS_BLOCK: {
            ids.RECOMMENDATIONS_INPUT: {
                "type": "plain_text_input",
                "value": "Recommendation 4: by October 2024 …",
            }
        },
        ids.AFIS_BLOCK: {ids.AFIS_INPUT: {"type": "plain_text_input", "value": None}},
    }
    values.update(overrides)
    return values


def submit(bot: Bot, values: dict[str, Any]) -> Reply:
    return bot.send.submit_view(
        callback_id=ids.NEW_INSPECTION_VIEW,
        values=values,
        user_id="U0002",
        private_metadata='{"channel": "C0HERE001"}',
    )


def test_new_opens_the_modal_with_every_field(bot: Bot) -> None:
    bot.send.slash_command("new", trigger_id="12345.98765.abcdef")
    call = bot.slack.wait_for("views.open")[0]
    assert call.outcome == "ok"
    assert call.args["trigger_id"] == "12345.98765.abcdef"
    view = call.args["view"]
    assert view["callback_id"] == ids.NEW_INSPECTION_VIEW
    assert view["private_metadata"] == '{"channel": "C0001"}'  # where the command was typed
    labels = [block["label"]["text"] for block in view["blocks"] if "label" in block]
    assert labels == [
        "Inspection title",
        "Date published",
        "Link to report",
        "Type of inspection",
        "Key findings",
    ]
    note = view["blocks"][-1]["elements"][0]["text"]
    assert "Recommendations and areas for improvement are recorded item by item" in note
    assert view["blocks"][1]["element"]["initial_date"] == "2024-05-02"


def test_submitting_the_modal_logs_the_inspection_and_posts_its_card(bot: Bot) -> None:
    reply = submit(bot, form())
    assert reply.status == 200 and reply.body == ""
    post = bot.slack.wait_for("chat.postMessage")[0]
    assert post.args["channel"] == CHANNEL
    ephemeral = bot.slack.wait_for("chat.postEphemeral")[0]
    assert (ephemeral.args["channel"], ephemeral.args["user"]) == ("C0HERE001", "U0002")
    assert ephemeral.args["text"].startswith("Logged *S55-1*")
    with bot.db.session() as session:
        inspection = session.scalars(select(Inspection)).one()
        sections = {r.section: (r.text, r.says_none, r.source) for r in inspection.sections}
    assert inspection.inspection_type == "National thematic"
    # Typed key findings are recorded. Recommendations sent as a field (the form of an older
    # version) record nothing: they are items, given in the thread, each to be answered.
    assert sections == {
        "findings": ("Vetting decisions were not always well recorded.", False, "form"),
    }
    assert inspection.logged_by == "U0002"


def test_wrong_fields_are_shown_in_the_modal_and_nothing_is_stored(bot: Bot) -> None:
    reply = submit(
        bot,
        form(
            **{
                ids.PUBLISHED_BLOCK: {
                    ids.PUBLISHED_INPUT: {"type": "datepicker", "selected_date": "2025-01-01"}
                },
                ids.LINK_BLOCK: {
                    ids.LINK_INPUT: {"type": "url_text_input", "value": "javascript:alert(1)"}
                },
            }
        ),
    )
    assert reply.status == 200
    answer = reply.json()
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {ids.PUBLISHED_BLOCK, ids.LINK_BLOCK}
    assert "in the future" in answer["errors"][ids.PUBLISHED_BLOCK]
    with bot.db.session() as session:
        assert session.scalars(select(Inspection)).all() == []
    assert bot.slack.calls_to("chat.postMessage") == []


def test_a_duplicate_is_refused_inside_the_modal(bot: Bot) -> None:
    submit(bot, form())
    bot.slack.wait_for("chat.postMessage")
    reply = submit(
        bot,
        form(
            **{
                ids.LINK_BLOCK: {
                    ids.LINK_INPUT: {"type": "url_text_input", "value": "https://example.org/other"}
                }
            }
        ),
    )
    answer = reply.json()
    assert answer["response_action"] == "errors"
    assert "already logged as *S55-1*" in answer["errors"][ids.TITLE_BLOCK]


def test_a_link_with_a_user_group_mention_in_it_is_refused_in_the_modal(bot: Bot) -> None:
    hostile = "https://x.example/a<!subteam^S0TEAM01|@everyone-team>"
    reply = submit(
        bot,
        form(**{ids.LINK_BLOCK: {ids.LINK_INPUT: {"type": "url_text_input", "value": hostile}}}),
    )
    answer = reply.json()
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {ids.LINK_BLOCK}
    assert "cannot contain" in answer["errors"][ids.LINK_BLOCK]
    assert "<!subteam^" not in answer["errors"][ids.LINK_BLOCK]
    with bot.db.session() as session:
        assert session.scalars(select(Inspection)).all() == []
    assert bot.slack.calls_to("chat.postMessage") == []


def test_nul_characters_in_the_modals_fields_are_dropped_and_the_inspection_logged(
    bot: Bot,
) -> None:
    findings = "Line one\x00\nLine two\ttabbed"
    reply = submit(
        bot,
        form(
            **{
                ids.TITLE_BLOCK: {
                    ids.TITLE_INPUT: {"type": "plain_text_input", "value": "PEEL\x00"}
                },
                ids.FINDINGS_BLOCK: {
                    ids.FINDINGS_INPUT: {"type": "plain_text_input", "value": findings}
                },
            }
        ),
    )
    assert reply.status == 200
    bot.slack.wait_for("chat.postMessage")
    with bot.db.session() as session:
        inspection = session.scalars(select(Inspection)).one()
        findings = {r.section: r.text for r in inspection.sections}["findings"]
    assert inspection.title == "PEEL"
    assert findings == "Line one\nLine two\ttabbed"
