"""**Review** of a draft's items: the proposal's button opens the form at once (a loading view,
within Slack's 3-second trigger_id) and fills it when the items are read; its pages, Edit,
Split, Join and Add an item; **Record them**."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk.models.views import View

from bot import copy, ids
from bot.changes.permission import Refused
from bot.domain.answers import item_label
from bot.domain.buttons import DraftVersion
from bot.domain.item_review import (
    MAX_TEXT_CHARS,
    ItemWords,
    ReviewedItem,
    ReviewPage,
    first_part,
    word_problems,
)
from bot.items import reviewing
from bot.items.recording import record_review
from bot.render.item_review import (
    ITEM_FIELDS,
    item_form,
    notice_modal,
    review_modal,
    reviewed_choices,
    split_form,
    submitted_words,
)
from bot.render.list_extent import submitted_list_extent
from bot.services import CONTEXT_KEY, Services
from handlers.errors import acked
from handlers.forms import after_form, channel_of
from handlers.values import button_number, modal_metadata, pressed

PAGE_ACTIONS = (ids.REVIEW_PAGE_PREVIOUS, ids.REVIEW_PAGE_NEXT)


def register(app: App) -> None:
    app.action(ids.REVIEW_ITEMS)(**acked(open_review))
    for action in PAGE_ACTIONS:
        app.action(action)(**acked(turn_page))
    app.action(ids.REVIEW_JOIN)(**acked(join_items))
    app.action(ids.REVIEW_EDIT)(**acked(open_edit))
    app.action(ids.REVIEW_SPLIT)(**acked(open_split))
    app.action(ids.REVIEW_ADD)(**acked(open_add))
    app.view(ids.REVIEW_ITEMS_VIEW)(ack=ack_review, lazy=[save_items])
    app.view(ids.ITEM_EDIT_VIEW)(ack=check_words, lazy=[save_edit])
    app.view(ids.ITEM_ADD_VIEW)(ack=check_words, lazy=[save_added])
    app.view(ids.ITEM_SPLIT_VIEW)(ack=check_words, lazy=[save_split])
    # Choices made inside the form count when a button is pressed or it is submitted.
    app.action(ids.DIRECTED_AT_SELECT)(ack_only)
    app.action(ids.LIST_EXTENT_INPUT)(ack_only)


def ack_only(ack: Ack) -> None:
    ack()


def open_review(services: Services, body: dict[str, Any], respond: Respond) -> None:
    """The form first ("Reading the items…"), whatever the paste's size; then its first page."""
    clicked = pressed(body, DraftVersion)
    draft_id, version = clicked.draft, clicked.version
    opened = services.client.views_open(
        trigger_id=body["trigger_id"], view=notice_modal(copy.REVIEW_LOADING)
    )
    view_id = opened["view"]["id"]
    channel = channel_of(body)
    _show(
        services,
        view_id,
        lambda: reviewing.start_review(
            services, draft_id=draft_id, version=version, actor=body["user"]["id"]
        ),
        channel,
    )


def turn_page(services: Services, body: dict[str, Any], respond: Respond) -> None:
    review, channel = _review_of(body)
    page = button_number(body)
    chosen = _chosen(body)
    _show(
        services,
        body["view"]["id"],
        lambda: reviewing.show_page(services, review, page, chosen),
        channel,
    )


def join_items(services: Services, body: dict[str, Any], respond: Respond) -> None:
    review, channel = _review_of(body)
    uid, chosen = _uid(body), _chosen(body)
    _show(
        services,
        body["view"]["id"],
        lambda: reviewing.join_items(services, review, uid, chosen),
        channel,
    )


def open_edit(services: Services, body: dict[str, Any], respond: Respond) -> None:
    review, _channel = _review_of(body)
    uid = _uid(body)
    _keep_choices(services, review, body)
    item = reviewing.review_item(services, review, uid)
    metadata = _pushed_metadata(body, review, uid)
    form = item_form(
        callback_id=ids.ITEM_EDIT_VIEW, title=copy.EDIT_ITEM_TITLE, metadata=metadata, item=item
    )
    services.client.views_push(trigger_id=body["trigger_id"], view=_fits(item, form))


def open_split(services: Services, body: dict[str, Any], respond: Respond) -> None:
    review, _channel = _review_of(body)
    uid = _uid(body)
    _keep_choices(services, review, body)
    item = reviewing.review_item(services, review, uid)
    first, second = first_part(item.text)
    form = split_form(
        metadata=_pushed_metadata(body, review, uid), item=item, first=first, second=second
    )
    services.client.views_push(trigger_id=body["trigger_id"], view=_fits(item, form))


def open_add(services: Services, body: dict[str, Any], respond: Respond) -> None:
    review, _channel = _review_of(body)
    _keep_choices(services, review, body)
    form = item_form(
        callback_id=ids.ITEM_ADD_VIEW,
        title=copy.ADD_ITEM_TITLE,
        metadata=_pushed_metadata(body, review, 0),
    )
    services.client.views_push(trigger_id=body["trigger_id"], view=form)


def check_words(ack: Ack, view: dict) -> None:
    """The typed item checked in the ack (errors under each field); closing the pushed form
    goes back to the review, which the work after the ack updates."""
    words, first = submitted_words(view["state"]["values"])
    problems = word_problems(words)
    if view.get("callback_id") == ids.ITEM_SPLIT_VIEW and not first.strip():
        problems["first"] = copy.ITEM_NO_TEXT
    if problems:
        errors = {ITEM_FIELDS[name]: text[:150] for name, text in problems.items()}
        ack(response_action="errors", errors=errors)
        return
    ack()


def save_edit(body: dict, view: dict, context: BoltContext) -> None:
    services = context[CONTEXT_KEY]
    review, uid, parent, channel = _pushed_from(view)
    words, _first = submitted_words(view["state"]["values"])
    if not word_problems(words):
        _show(services, parent, lambda: reviewing.edit_item(services, review, uid, words), channel)


def save_added(body: dict, view: dict, context: BoltContext) -> None:
    services = context[CONTEXT_KEY]
    review, _uid, parent, channel = _pushed_from(view)
    words, _first = submitted_words(view["state"]["values"])
    if not word_problems(words):
        _show(services, parent, lambda: reviewing.add_item(services, review, words), channel)


def save_split(body: dict, view: dict, context: BoltContext) -> None:
    services = context[CONTEXT_KEY]
    review, uid, parent, channel = _pushed_from(view)
    item = reviewing.review_item(services, review, uid)
    words, first = submitted_words(view["state"]["values"], kind=item.kind)
    second = ItemWords(item.kind, words.number, words.text)
    if first.strip() and not word_problems(second):
        _show(
            services,
            parent,
            lambda: reviewing.split_item(services, review, uid, first, second),
            channel,
        )


def ack_review(ack: Ack, view: dict) -> None:
    """**Record them**: the modal closes at once; what was stored is said after, privately."""
    ack()


def save_items(body: dict, view: dict, context: BoltContext) -> None:
    services = context[CONTEXT_KEY]
    metadata = json.loads(view.get("private_metadata") or "{}")
    if "review" not in metadata:
        return  # the loading or refusal view has no submit button: nothing to record
    review = modal_metadata(view, "review")["review"]
    after_form(
        services,
        body,
        view,
        lambda: record_review(
            services,
            review_id=review,
            chosen=reviewed_choices(view["state"]["values"]),
            actor=body["user"]["id"],
            complete=submitted_list_extent(view["state"]["values"]),
        ),
    )


# --- pieces ---------------------------------------------------------------------------------------
def _show(
    services: Services, view_id: str, work: Callable[[], ReviewPage], channel: str | None
) -> None:
    """Do ``work`` and show its page in the review (or what stopped it, in its place)."""
    view: View
    try:
        view = review_modal(work(), channel=channel)
    except Refused as refusal:
        view = notice_modal(refusal.reply)
    except Exception:
        # Never left "Reading the items…": the form says it failed; the reply that follows
        # (handlers.errors) says why, with a code the log has too.
        services.client.views_update(view_id=view_id, view=notice_modal(copy.REVIEW_FAILED))
        raise
    services.client.views_update(view_id=view_id, view=view)


def _fits(item: ReviewedItem, form: View) -> View:
    """The form, if the item's words fit a form's box; else a notice (a box would cut them)."""
    if len(item.text) <= MAX_TEXT_CHARS:
        return form
    label = item_label(item.kind, item.number)
    return notice_modal(copy.review_item_too_long(label, len(item.text), MAX_TEXT_CHARS))


def _review_of(body: dict[str, Any]) -> tuple[int, str | None]:
    view = body["view"]
    review = modal_metadata(view, "review")["review"]
    return review, json.loads(view.get("private_metadata") or "{}").get("channel")


def _uid(body: dict[str, Any]) -> int:
    return button_number(body)


def _chosen(body: dict[str, Any]) -> dict[int, str]:
    return reviewed_choices(((body.get("view") or {}).get("state") or {}).get("values") or {})


def _keep_choices(services: Services, review: int, body: dict[str, Any]) -> None:
    """What was chosen on the page before a form is pushed on top of it, so that none is lost
    when the page is drawn again."""
    chosen = _chosen(body)
    if chosen:
        reviewing.change_review(services, review, lambda items: items, chosen=chosen)


def _pushed_metadata(body: dict[str, Any], review: int, uid: int) -> dict[str, Any]:
    view = body["view"]
    channel = json.loads(view.get("private_metadata") or "{}").get("channel")
    return {"review": review, "item": uid, "parent": view["id"], "channel": channel}


def _pushed_from(view: dict[str, Any]) -> tuple[int, int, str, str | None]:
    metadata = json.loads(view.get("private_metadata") or "{}")
    review = modal_metadata(view, "review")["review"]
    return review, int(metadata.get("item") or 0), str(metadata["parent"]), metadata.get("channel")
