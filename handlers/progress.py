"""An answered item's progress after the response: the list's Update button and its form."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot import ids
from bot.items.progress import check_progress, record_progress, to_update
from bot.render.progress import PROGRESS_FIELDS, progress_modal, submitted_progress
from bot.services import CONTEXT_KEY, Services
from handlers.errors import acked
from handlers.forms import ack_field_errors, after_form, channel_of
from handlers.values import button_number, modal_metadata


def register(app: App) -> None:
    app.action(ids.UPDATE_PROGRESS)(**acked(open_update))
    app.view(ids.UPDATE_PROGRESS_VIEW)(ack=check_update_form, lazy=[save_update])


def open_update(services: Services, body: dict[str, Any], respond: Respond) -> None:
    item_id = button_number(body)
    found = to_update(services, item_id, actor=body["user"]["id"])
    modal = progress_modal(
        reference=found.reference,
        item=found.item,
        state=found.state,
        now_line=found.now_line,
        private_metadata=json.dumps({"item": item_id, "channel": channel_of(body)}),
    )
    services.client.views_open(trigger_id=body["trigger_id"], view=modal)


def check_update_form(ack: Ack, view: dict, context: BoltContext) -> None:
    ack_field_errors(
        ack,
        lambda: check_progress(
            context[CONTEXT_KEY],
            modal_metadata(view, "item")["item"],
            submitted_progress(view["state"]["values"]),
        ),
        PROGRESS_FIELDS,
    )


def save_update(body: dict, view: dict, context: BoltContext) -> None:
    services = context[CONTEXT_KEY]
    after_form(
        services,
        body,
        view,
        lambda: record_progress(
            services,
            modal_metadata(view, "item")["item"],
            submitted_progress(view["state"]["values"]),
            actor=body["user"]["id"],
        ),
    )
