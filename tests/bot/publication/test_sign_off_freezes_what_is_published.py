"""Sign-off freezes what is published (docs/rules.md#r12), told as the office's story on
both databases: once the PCC response is signed off, what the document says can be changed only
by an approver; an approver's change reopens sign-off (the step undone with its reason, the later
steps waiting, the approvers told in the thread, the card showing it); and the document posted at
completion is the one signed off, revision for revision."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from bot import ids
from bot.domain.steps import DEFAULT_STEPS
from storage.models import Inspection, StepConfirmation
from tests.bot.documents.test_counts_from_the_record import AS_RESPONDED
from tests.bot.items.steps import confirm, items, listing, paste_items, review
from tests.bot.responses.test_responses import CC_TEXT, press, receipt, say
from tests.bot.signoff.test_signoff import APPROVER, card, click, step_button, with_approvers
from tests.bot.signoff.test_turn import file_messages, keyed, shared_bytes
from tests.e2e import CHANNEL, Bot
from tests.handlers.test_inspections import form, submit

OFFICER = "U0EDITOR1"  # a policy officer: may edit and answer, is not an approver
REFUSAL = (
    "*S55-1* is signed off, so what its response publishes can be changed only by an approver: "
    "<@U0APPROVE> or a member of <!subteam^S0APPROVE>. Nothing was changed."
)
NEW_LINK = "https://example.org/vetting-2-corrected"


# --- the story's steps ---------------------------------------------------------------------
def ready_to_sign(bot: Bot) -> str:
    """The 2024 inspection logged with the form, Recommendation 4 recorded and answered, the
    report said to make no AFIs, both responses confirmed: the card's ts."""
    with_approvers(bot)
    submit(bot, form())
    bot.settle()
    card_ts = bot.slack.wait_for("chat.postMessage")[0].response["ts"]
    bot.command("none S55-1 afis", user_id=OFFICER)
    confirm(bot, review(bot, paste_items(bot, card_ts, AS_RESPONDED)))
    [item] = items(bot)
    answer_as(bot, item.id, OFFICER, "Norfolk Constabulary already complies.")
    for text in (CC_TEXT, "The PCC notes the report and accepts recommendation 4."):
        say(bot, card_ts, text)
        press(bot, receipt(bot, card_ts), ids.USE_DRAFT, user=OFFICER)
    return card_ts


def sign_off(bot: Bot, card_ts: str, *steps: str) -> int:
    """Confirm these steps (sign-off by default) as an approver; the last click's status."""
    status = 0
    for step in steps or DEFAULT_STEPS[:1]:
        status = click(bot, card_ts, step_button(card(bot, card_ts), step))
    return status


def edit_link(bot: Bot, user: str, link: str = NEW_LINK) -> None:
    reply = bot.send.submit_view(
        callback_id=ids.EDIT_INSPECTION_VIEW,
        values=form(
            **{ids.LINK_BLOCK: {ids.LINK_INPUT: {"type": "url_text_input", "value": link}}}
        ),
        user_id=user,
        private_metadata=json.dumps({"inspection": record(bot).id, "channel": CHANNEL}),
    )
    assert reply.status == 200 and reply.body == "", reply.body
    bot.settle()


def answer_as(bot: Bot, item_id: int, user: str, action: str) -> None:
    values = {
        ids.ANSWER_RESPONSE_BLOCK: {
            ids.ANSWER_RESPONSE_INPUT: {
                "type": "static_select",
                "selected_option": {"value": "already_complies"},
            }
        },
        ids.ANSWER_ACTION_BLOCK: {ids.ANSWER_ACTION_INPUT: action},
        ids.ANSWER_OWNER_BLOCK: {ids.ANSWER_OWNER_INPUT: "Head of Professional Standards"},
        ids.ANSWER_TARGET_BLOCK: {ids.ANSWER_TARGET_INPUT: {"type": "datepicker"}},
    }
    bot.send.submit_view(
        callback_id=ids.ANSWER_ITEM_VIEW,
        values=values,
        user_id=user,
        private_metadata=json.dumps({"item": item_id, "channel": CHANNEL}),
    )
    bot.settle()


def record(bot: Bot) -> Inspection:
    with bot.db.session(read_only=True) as session:
        found = session.scalars(select(Inspection)).one()
        session.expunge(found)
        return found


def steps_on_record(bot: Bot) -> list[tuple[str, bool, str | None, bool]]:
    """(step, standing, undo reason, undone by a change) of every confirmation, in order."""
    with bot.db.session(read_only=True) as session:
        rows = session.scalars(select(StepConfirmation).order_by(StepConfirmation.id)).all()
        return [(r.step, r.undone_at is None, r.undo_reason, r.undone_by_change) for r in rows]


def said_privately(bot: Bot, since: int) -> list[str]:
    """What the bot told people privately (command replies, ephemeral messages) since the
    ``since``-th call to the stand-in."""
    bot.settle()
    return [
        c.args.get("text", "")
        for c in bot.slack.calls[since:]
        if c.method in ("response_url", "chat.postEphemeral")
    ]


def document_parts(page: bytes) -> tuple[str, str, str]:
    """An HTML document as (what it says above "For Office Use Only", the office-use ticks, its
    revision line): the content compared between drafts and the final, bar the ticks."""
    text = html.unescape(page.decode())
    body, _, office = text.partition("<h2>For Office Use Only</h2>")
    ticks = "".join(re.findall(r"<p>[✓☐] .*?</p>", office))
    revision = re.search(r"Made from revision \d+ of the record\.", office)
    assert revision is not None
    return body, ticks, revision.group(0)


def posted_documents(bot: Bot, card_ts: str) -> dict[str, bytes]:
    """The HTML of each document posted unasked in the thread, by its file's name."""
    return {
        f["name"]: shared_bytes(bot, f["id"])
        for m in file_messages(bot, card_ts)
        for f in m["files"]
        if f["name"].endswith(".html")
    }


# --- the specifications ---------------------------------------------------------------------
def test_an_approvers_edit_reopens_sign_off_and_the_final_document_is_the_second_draft(
    bot: Bot,
) -> None:
    card_ts = ready_to_sign(bot)
    sign_off(bot, card_ts)
    signed_revision = record(bot).document_revision
    [first_draft] = file_messages(bot, card_ts)
    assert f"made from revision {signed_revision} of the record" in first_draft["text"]

    # A policy officer's correction after sign-off: refused privately, naming who can.
    since = len(bot.slack.calls)
    bot.command("edit S55-1", user_id=OFFICER, trigger_id="1.2.3")
    edit_link(bot, OFFICER)  # a form opened before sign-off, submitted after it
    refusals = [text for text in said_privately(bot, since) if text.startswith(REFUSAL)]
    assert len(refusals) == 2
    assert "S55_APPROVERS" not in refusals[0]  # people, not a setting
    assert (record(bot).link, record(bot).state) == ("https://example.org/vetting-2", "publishing")
    assert record(bot).document_revision == signed_revision

    # An approver's: stored, and sign-off reopened; they are told so privately.
    since = len(bot.slack.calls)
    edit_link(bot, APPROVER)
    assert said_privately(bot, since) == [
        "Corrected *S55-1*: link. The card shows the new details. Sign-off is reopened: the "
        "approvers are asked in the card's thread to sign it off again."
    ]
    now = record(bot)
    assert (now.link, now.state) == (NEW_LINK, "awaiting PCC sign-off")
    assert now.document_revision == signed_revision + 1
    assert steps_on_record(bot) == [
        (DEFAULT_STEPS[0], False, "changed after sign-off: the link", True)
    ]
    [note] = keyed(bot, "reopened:")
    assert note["thread_ts"] == card_ts
    assert note["text"] == (
        ":rewind: *S55-1*: sign-off reopened. <@U0APPROVE> changed the link after sign-off, so "
        "“PCC response signed off” is undone. <@U0APPROVE> <!subteam^S0APPROVE>: please check "
        "the document (`/s55 export S55-1`) and sign off again; the later steps wait until then."
    )
    shown = json.dumps(card(bot, card_ts)["blocks"], ensure_ascii=False)
    assert ":rewind: *sign-off reopened*" in shown
    assert "Sign-off reopened (changed after sign-off: the link) by <@U0APPROVE>" in shown

    # The later steps wait: out of order until sign-off is given again.
    since = len(bot.slack.calls)
    sign_off(bot, card_ts, DEFAULT_STEPS[1])
    waits = (
        f"“{DEFAULT_STEPS[1]}” waits: sign-off was reopened (changed after sign-off: the link), "
        "so “PCC response signed off” must be given again first."
    )
    assert waits in said_privately(bot, since)
    assert len(steps_on_record(bot)) == 1

    # Signed off again: a second draft, then every step: the final is the second draft.
    sign_off(bot, card_ts, *DEFAULT_STEPS)
    assert record(bot).state == "complete"
    posted = posted_documents(bot, card_ts)
    first = document_parts(posted["S55-1-section-55-response-draft-for-publication.html"])
    second = document_parts(posted["S55-1-section-55-response-draft-2-for-publication.html"])
    final = document_parts(posted["S55-1-section-55-response.html"])
    assert final[0] == second[0] and final[2] == second[2]  # bar the office-use ticks
    assert final[0] != first[0] and NEW_LINK in final[0] and NEW_LINK not in first[0]
    assert final[2] == f"Made from revision {signed_revision + 1} of the record."
    assert final[1].count("✓") == len(DEFAULT_STEPS) and second[1].count("✓") == 1
    with bot.db.session(read_only=True) as session:
        given = session.scalars(
            select(StepConfirmation.document_revision).where(StepConfirmation.undone_at.is_(None))
        ).all()
    assert set(given) == {signed_revision + 1}  # every standing step was given on it


def test_without_a_change_the_final_document_is_the_first_signed_off_draft(bot: Bot) -> None:
    card_ts = ready_to_sign(bot)
    sign_off(bot, card_ts, *DEFAULT_STEPS)
    posted = posted_documents(bot, card_ts)
    draft = document_parts(posted["S55-1-section-55-response-draft-for-publication.html"])
    final = document_parts(posted["S55-1-section-55-response.html"])
    assert (final[0], final[2]) == (draft[0], draft[2])
    assert final[1] != draft[1]  # only the ticks differ


def test_a_change_after_completion_reopens_sign_off_and_the_publishing_steps(bot: Bot) -> None:
    card_ts = ready_to_sign(bot)
    sign_off(bot, card_ts, *DEFAULT_STEPS)
    edit_link(bot, APPROVER)
    assert record(bot).state == "awaiting PCC sign-off" and record(bot).completed_at is None
    assert [(step, standing, why) for step, standing, why, _ in steps_on_record(bot)] == [
        (step, False, "changed after sign-off: the link") for step in DEFAULT_STEPS
    ]
    [note] = keyed(bot, "reopened:")
    assert "and the 4 steps after it" in note["text"]
    assert "What was published no longer matches the record" in note["text"]


# Every way the record's published parts change, as (what the document calls it, the change
# made by ``user``): each is refused to a policy officer after sign-off and reopens it for an
# approver.
def _edit_title(bot: Bot, card_ts: str, user: str) -> None:
    title = {"type": "plain_text_input", "value": "Vetting and anti-corruption: part 2"}
    reply = bot.send.submit_view(
        callback_id=ids.EDIT_INSPECTION_VIEW,
        values=form(**{ids.TITLE_BLOCK: {ids.TITLE_INPUT: title}}),
        user_id=user,
        private_metadata=json.dumps({"inspection": record(bot).id, "channel": CHANNEL}),
    )
    assert reply.status == 200
    bot.settle()


def _findings_in_thread(bot: Bot, card_ts: str, user: str) -> None:
    bot.command("findings S55-1", user_id=user)
    bot.settle()
    if user == APPROVER:
        say(bot, card_ts, "The inspectorate found the register comprehensive.", user=user)
        press(bot, receipt(bot, card_ts), ids.USE_DRAFT, user=user)


def _answer(bot: Bot, card_ts: str, user: str) -> None:
    [item] = items(bot)
    answer_as(bot, item.id, user, "The force already tells the NCA of each outcome.")


def _list_complete(bot: Bot, card_ts: str, user: str) -> None:
    bot.send.button_click(
        action_id=ids.LIST_EXTENT_BUTTON,
        value=f"{record(bot).id}:recommendation:complete",
        user_id=user,
        channel_id=CHANNEL,
    )
    bot.settle()


def _items_again(bot: Bot, card_ts: str, user: str) -> None:
    more = {"action_id": ids.ASK_FOR_ITEMS, "value": str(record(bot).id)}
    bot.send.button_click(action_id=more["action_id"], value=more["value"], user_id=user)
    bot.settle()
    if user == APPROVER:
        say(bot, card_ts, AS_RESPONDED.replace("officers or staff", "officers and staff"))
        confirm(bot, review(bot, receipt(bot, card_ts), user=user), user=user)


def _revise_pcc(bot: Bot, card_ts: str, user: str) -> None:
    bot.command("revise S55-1 pcc", user_id=user)
    bot.settle()
    if user == APPROVER:
        say(bot, card_ts, "The PCC accepts recommendation 4, with thanks to the inspectorate.")
        press(bot, receipt(bot, card_ts), ids.USE_DRAFT, user=user)


def _none_afis_over_items(bot: Bot, card_ts: str, user: str) -> None:
    bot.command("none S55-1 recommendations", user_id=user)


CHANGES: dict[str, tuple[str, Callable[[Bot, str, str], None]]] = {
    "title": ("the title", _edit_title),
    "findings": ("the key findings", _findings_in_thread),
    "answer": ("the recommendations", _answer),
    "complete list": ("the recommendations", _list_complete),
    "items again": ("the recommendations", _items_again),
    "none": ("the recommendations", _none_afis_over_items),
    "pcc response": ("the PCC's response", _revise_pcc),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_every_change_to_what_is_published_is_an_approvers_and_reopens_sign_off(
    bot: Bot, change: str
) -> None:
    what, make = CHANGES[change]
    card_ts = ready_to_sign(bot)
    sign_off(bot, card_ts)
    signed = record(bot).document_revision

    since = len(bot.slack.calls)
    make(bot, card_ts, OFFICER)
    assert any(t.startswith(REFUSAL) for t in said_privately(bot, since)), change
    assert (record(bot).state, record(bot).document_revision) == ("publishing", signed)
    assert [standing for _, standing, _, _ in steps_on_record(bot)] == [True]

    make(bot, card_ts, APPROVER)
    assert (record(bot).state, record(bot).document_revision) == (
        "awaiting PCC sign-off",
        signed + 1,
    ), change
    assert steps_on_record(bot) == [
        (DEFAULT_STEPS[0], False, f"changed after sign-off: {what}", True)
    ]
    assert len(keyed(bot, "reopened:")) == 1


def test_the_answer_form_warns_an_approver_that_saving_reopens_sign_off(bot: Bot) -> None:
    card_ts = ready_to_sign(bot)
    sign_off(bot, card_ts)
    shown = listing(bot)
    assert ids.ANSWER_ITEM not in json.dumps(shown)  # a policy officer sees no Answer button
    listed = bot.command("recs S55-1", user_id=APPROVER)[-1]
    button = next(
        element
        for b in listed["blocks"]
        for element in [b.get("accessory") or {}, *b.get("elements", [])]
        if element.get("action_id") == ids.ANSWER_ITEM
    )
    before = len(bot.slack.calls_to("views.open"))
    bot.send.button_click(
        action_id=ids.ANSWER_ITEM, value=button["value"], user_id=APPROVER, channel_id=CHANNEL
    )
    bot.settle()
    view: dict[str, Any] = bot.slack.wait_for("views.open", count=before + 1)[-1].args["view"]
    assert "saving a changed answer reopens sign-off" in json.dumps(view)


def test_a_paste_after_sign_off_by_an_approver_is_reviewed_and_reopens(bot: Bot) -> None:
    card_ts = ready_to_sign(bot)
    sign_off(bot, card_ts)
    form_ = review(bot, paste_more_as(bot, card_ts, APPROVER), user=APPROVER)
    confirm(bot, form_, user=APPROVER)
    assert record(bot).state == "awaiting PCC sign-off"


def paste_more_as(bot: Bot, card_ts: str, user: str) -> dict[str, Any]:
    listed = bot.command("recs S55-1", user_id=user)[-1]
    more = next(
        e
        for b in listed["blocks"]
        for e in b.get("elements", [])
        if e.get("action_id") == ids.ASK_FOR_ITEMS
    )
    bot.send.button_click(
        action_id=ids.ASK_FOR_ITEMS, value=more["value"], user_id=user, channel_id=CHANNEL
    )
    bot.settle()
    say(bot, card_ts, AS_RESPONDED.replace("officers or staff", "officers and staff"))
    return receipt(bot, card_ts)
