"""``/s55`` and its sub-commands (docs/rules.md#r8). Every reply is ephemeral."""

from __future__ import annotations

import json
from collections.abc import Callable

from slack_bolt import App, Respond

from bot import copy, ids
from bot.audit.history import history_text, settings_history_text
from bot.cards.standing import card_url
from bot.documents.files import parse_format
from bot.domain.errors import InvalidInput
from bot.domain.parsing import parse_add_command
from bot.domain.responses import ResponseKind, parse_kind
from bot.exports.upload import upload_items_to_thread, upload_to_thread
from bot.inspections.corrections import record_none_typed, withdraw_inspection
from bot.inspections.flows import log_new_inspection
from bot.inspections.records import find_inspection, list_inspections, list_request
from bot.items.listing import items_as_csv
from bot.render import as_dicts
from bot.render.listing import list_blocks, show_blocks
from bot.render.modal import new_inspection_modal
from bot.render.replies import logged_reply
from bot.responses.collection import ask_for_section, replace_response
from bot.responses.proposals import collects_items
from bot.services import Services
from handlers.compliance import report
from handlers.errors import acked
from handlers.inspections import open_edit_form
from handlers.items import list_or_ask
from handlers.values import request_key

Subcommand = Callable[[Services, dict, str, Respond], None]


def register(app: App) -> None:
    app.command(ids.COMMAND)(**acked(on_s55))


def on_s55(services: Services, command: dict, respond: Respond) -> None:
    word, _, rest = (command.get("text") or "").strip().partition(" ")
    subcommand = SUBCOMMANDS.get(word.lower(), unknown)
    subcommand(services, command, rest.strip(), respond)


def show_help(services: Services, command: dict, text: str, respond: Respond) -> None:
    respond(text=copy.HELP)


def unknown(services: Services, command: dict, text: str, respond: Respond) -> None:
    word = (command.get("text") or "").split()[0]
    respond(text=copy.unknown_subcommand(word))


def add(services: Services, command: dict, text: str, respond: Respond) -> None:
    draft = parse_add_command(text, today=services.today())
    logged = log_new_inspection(
        services, draft, actor=command["user_id"], key=request_key("add", command)
    )
    respond(text=logged_reply(logged, now=services.now(), tz=services.settings.timezone))


def new(services: Services, command: dict, text: str, respond: Respond) -> None:
    modal = new_inspection_modal(
        today=services.today(), private_metadata=json.dumps({"channel": command["channel_id"]})
    )
    services.client.views_open(trigger_id=command["trigger_id"], view=modal)


def list_(services: Services, command: dict, text: str, respond: Respond) -> None:
    which, page = list_request(text)
    listing = list_inspections(services.db, which, today=services.today(), page=page)
    fallback, blocks = list_blocks(
        listing.inspections,
        which,
        listing.page,
        now=services.now(),
        tz=services.settings.timezone,
        steps=services.settings.steps,
        card_url={i.id: url for i in listing.inspections if (url := card_url(services, i))},
    )
    respond(text=fallback, blocks=as_dicts(blocks))


def show(services: Services, command: dict, text: str, respond: Respond) -> None:
    inspection = find_inspection(services.db, text)
    fallback, blocks = show_blocks(
        inspection,
        now=services.now(),
        tz=services.settings.timezone,
        steps=services.settings.steps,
        card_url=card_url(services, inspection),
    )
    respond(text=fallback, blocks=as_dicts(blocks))


def revise(services: Services, command: dict, text: str, respond: Respond) -> None:
    reference, _, kind = text.partition(" ")
    if not kind.strip():
        raise InvalidInput(copy.REVISE_USAGE)
    inspection = find_inspection(services.db, reference)
    reply = replace_response(
        services, inspection_id=inspection.id, kind=parse_kind(kind), actor=command["user_id"]
    )
    respond(text=reply)


def history(services: Services, command: dict, text: str, respond: Respond) -> None:
    if text.lower() == "settings":  # the office's own history, not an inspection's
        respond(text=settings_history_text(services.db, tz=services.settings.timezone))
        return
    inspection = find_inspection(services.db, text)
    respond(text=history_text(services.db, inspection, tz=services.settings.timezone))


def export(services: Services, command: dict, text: str, respond: Respond) -> None:
    reference, _, fmt = text.partition(" ")
    if not reference:
        raise InvalidInput(copy.EXPORT_USAGE)
    inspection = find_inspection(services.db, reference)
    if fmt.strip().lower() == "items":
        csv_text = items_as_csv(services.db, inspection.id, steps=services.settings.steps)
        respond(text=copy.exported([upload_items_to_thread(services, inspection, csv_text)]))
        return
    names = upload_to_thread(services, inspection, (parse_format(fmt or None),))
    respond(text=copy.exported(names))


def edit(services: Services, command: dict, text: str, respond: Respond) -> None:
    if not text:
        raise InvalidInput(copy.EDIT_USAGE)
    inspection = find_inspection(services.db, text)
    open_edit_form(
        services,
        inspection,
        actor=command["user_id"],
        trigger_id=command["trigger_id"],
        channel=command["channel_id"],
    )


def withdraw(services: Services, command: dict, text: str, respond: Respond) -> None:
    reference, reason = [*text.split(None, 1), "", ""][:2]
    if not reference or not reason.strip():
        raise InvalidInput(copy.WITHDRAW_USAGE)
    inspection = find_inspection(services.db, reference)
    respond(
        text=withdraw_inspection(
            services, inspection_id=inspection.id, reason=reason, actor=command["user_id"]
        )
    )


def none(services: Services, command: dict, text: str, respond: Respond) -> None:
    respond(text=record_none_typed(services, text=text, actor=command["user_id"]))


def section(kind: ResponseKind) -> Subcommand:
    """``/s55 findings|recs|afis S55-3``: the bot asks for that section in the card's thread."""

    def ask(services: Services, command: dict, text: str, respond: Respond) -> None:
        if not text:
            raise InvalidInput(copy.SECTION_USAGE[kind.value])
        inspection = find_inspection(services.db, text)
        if collects_items(kind):
            respond(**list_or_ask(services, inspection.id, kind, command["user_id"]))
            return
        respond(text=ask_for_section(services, inspection.id, kind, actor=command["user_id"]))

    return ask


SUBCOMMANDS: dict[str, Subcommand] = {
    "": show_help,
    "help": show_help,
    "add": add,
    "new": new,
    "list": list_,
    "show": show,
    "revise": revise,
    "history": history,
    "export": export,
    "edit": edit,
    "withdraw": withdraw,
    "none": none,
    "findings": section(ResponseKind.FINDINGS),
    "recs": section(ResponseKind.RECS),
    "afis": section(ResponseKind.AFIS),
    "report": report,
}
