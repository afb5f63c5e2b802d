"""What a person's Slack client does for them: every message, click and form becomes the signed
request Slack would send to the bot's ``POST /slack/events``, and what Slack itself shows back."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.domain.slack_text import slack_escaped
from bot.standin import SignedSlackRequests, SlackStandIn
from bot.standin.limits import MAX_MESSAGE_TEXT
from bot.standin.signed import Reply

from . import cast
from .forms import action_for, client_side_errors, find_element, state_values

log = logging.getLogger(__name__)

COMMAND = "/s55"
# Slack's own words, shown by the Slack client rather than the app.
NOT_A_COMMAND = (
    '{command} is not a valid command. In Slack, all messages that start with the "/" '
    "character are interpreted as commands. If you are trying to send a message that starts "
    'with a "/" character, try adding a space first.'
)
# Slack's built-in /invite, and what it answers (only to whoever typed it).
INVITE = "/invite"
INVITE_WHOM = "Who would you like to invite? Type /invite followed by @ and their name."
ALREADY_IN = "{name} is already in this channel."
NO_SUCH_PERSON = "No one named @{name} can be found in this workspace."
COMMAND_FAILED = '{command} failed with the error "{error}"'
ACTION_FAILED = "The app did not answer this click (HTTP {status}). Try again in a moment."
FORM_FAILED = "We had some trouble connecting. Try again?"
MAX_UPLOAD_BYTES = 25 * 1024 * 1024


class Gone(Exception):
    """What the person acted on is not there (any more): a message, a thread or a form."""


class MessageTooLong(Exception):
    """A message over Slack's 40,000 characters: Slack does not send it (``msg_too_long``)."""


@dataclass(frozen=True)
class Where:
    """Where a click happened: a message (perhaps ephemeral), the Home tab, or a modal."""

    surface: str  # "message" | "ephemeral" | "home" | "modal"
    ts: str | None = None  # the message's ts
    view_id: str | None = None


class PretendSlackClient:
    """Plays Slack's side for the people of one office's workspace on the sandbox page;
    thread-safe. ``requests``: signed as that workspace's Slack signs them; ``installed``:
    whether the app is in a workspace now (by team_id)."""

    def __init__(
        self,
        standin: SlackStandIn,
        office: cast.Office,
        requests: SignedSlackRequests,
        *,
        changed: Callable[[], None],
        installed: Callable[[str], bool],
    ) -> None:
        self.standin = standin
        self.office = office
        self.workspace = standin.workspace_for(office.team_id)
        self.requests = requests
        self._changed = changed
        self._installed = installed

    @property
    def app_installed(self) -> bool:
        return self._installed(self.office.team_id)

    def message(self, ts: str) -> dict[str, Any] | None:
        """A message of the team channel (a copy), or None."""
        return self.standin.message(self.office.channel, ts, team_id=self.office.team_id)

    # ---- the message box ----------------------------------------------------------------------
    def send(self, user: str, text: str, thread_ts: str | None = None) -> None:
        """A message typed in the channel or a thread; ``/…`` is a slash command."""
        text = text.strip()
        if not text:
            return
        if len(text) > MAX_MESSAGE_TEXT:
            raise MessageTooLong(
                f"msg_too_long: Slack takes a message of up to {MAX_MESSAGE_TEXT:,} characters, "
                f"and this one has {len(text):,}. Split it, or share it as a file."
            )
        self._check_thread(thread_ts)
        if text.startswith("/"):
            self._command(user, text, thread_ts)
        else:
            self._message(user, text, thread_ts)

    def _command(self, user: str, text: str, thread_ts: str | None) -> None:
        command, _, rest = text.partition(" ")
        if command == INVITE:
            self._invite(user, rest.strip(), thread_ts)
            return
        if command != COMMAND or not self.app_installed:
            # A workspace the app is not in has no /s55: Slack answers so itself.
            self.notice(user, NOT_A_COMMAND.format(command=command), thread_ts)
            return
        reply = self.requests.slash_command(
            slack_escaped(rest.strip()),
            command=command,
            user_id=user,
            user_name=_name(user),
            channel_id=self.office.channel,
            channel_name=self.office.channel_name,
            response_url=self.standin.response_url(
                "cmd",
                channel=self.office.channel,
                user=user,
                thread_ts=thread_ts,
                team_id=self.office.team_id,
            ),
            trigger_id=self.workspace.issue_trigger(user),
        )
        if reply.status != 200:
            error = "dispatch_failed" if reply.status >= 500 else "http_service_error"
            self.notice(user, COMMAND_FAILED.format(command=command, error=error), thread_ts)
            return
        self._show_immediate_answer(user, reply, thread_ts)

    def _invite(self, user: str, named: str, thread_ts: str | None) -> None:
        """Slack's own ``/invite @someone``: adds them to the channel. The app's bot, once the
        app is in the workspace, joins, and Slack tells the app (member_joined_channel); the
        sandbox's people are in their channel already, and Slack says so."""
        name = named.removeprefix("@").strip()
        if not name:
            self.notice(user, INVITE_WHOM, thread_ts)
            return
        bot = self.workspace.ident.bot_user_id
        if name.lower() in (cast.BOT_NAME, f"<@{bot.lower()}>") and self.app_installed:
            if not self.workspace.bot_joins(self.office.channel):
                self.notice(user, ALREADY_IN.format(name=cast.BOT_NAME), thread_ts)
                return
            ts = self.workspace.next_ts()
            joined = {
                "type": "message",
                "subtype": "channel_join",
                "user": bot,
                "inviter": user,
                "text": f"<@{bot}> has joined the channel",
                "ts": ts,
            }
            self.workspace.add_message(self.office.channel, joined, None)
            self._changed()
            event = {
                "type": "member_joined_channel",
                "user": bot,
                "channel": self.office.channel,
                "channel_type": "C",
                "team": self.office.team_id,
                "inviter": user,
                "event_ts": ts,
            }
            reply = self.requests.event(event)
            if reply.status != 200:
                log.warning("the bot answered HTTP %s to member_joined_channel", reply.status)
            return
        found = next(
            (p for p in self.office.people if name.lower() in (p.name.lower(), _name(p.user_id))),
            None,
        )
        if found is None:
            self.notice(user, NO_SUCH_PERSON.format(name=name), thread_ts)
            return
        self.notice(user, ALREADY_IN.format(name=found.name), thread_ts)

    def _show_immediate_answer(self, user: str, reply: Reply, thread_ts: str | None) -> None:
        # A slash command's own HTTP answer, when it has a body, is shown as its response.
        body = reply.body.strip()
        if not body:
            return
        try:
            answer = json.loads(body)
        except ValueError:
            answer = {"text": body}
        if isinstance(answer, dict) and (answer.get("text") or answer.get("blocks")):
            self._add_ephemeral(user, answer, thread_ts)

    def _message(
        self,
        user: str,
        text: str,
        thread_ts: str | None,
        files: list[dict[str, Any]] | None = None,
    ) -> None:
        ts = self.workspace.next_ts()
        text = slack_escaped(text)
        message: dict[str, Any] = {
            "type": "message",
            "text": text,
            "user": user,
            "ts": ts,
            "team": self.office.team_id,
        }
        if files:
            message.update(files=files, upload=False, subtype="file_share")
        self.workspace.add_message(self.office.channel, message, thread_ts)
        self._changed()
        if not self.app_installed:
            return  # Slack sends events to the apps in the workspace only
        event = self.requests.message_event(
            user_id=user,
            channel_id=self.office.channel,
            text=text,
            ts=ts,
            thread_ts=thread_ts,
            files=files,
        )
        try:
            reply = self.requests.event(event)
        except OSError as failure:  # the bot closed the connection (a body over its limit)
            log.warning("the bot did not take a message event: %r", failure)
            return
        if reply.status != 200:
            log.warning("the bot answered HTTP %s to a message event", reply.status)

    def _check_thread(self, thread_ts: str | None) -> None:
        if thread_ts is not None and self.message(thread_ts) is None:
            raise Gone("that thread is not in the channel")

    def upload(
        self,
        user: str,
        filename: str,
        data: bytes,
        mimetype: str,
        *,
        thread_ts: str | None,
        comment: str = "",
    ) -> str | None:
        """A file shared in the channel or a thread; returns a refusal, or None."""
        if len(data) > MAX_UPLOAD_BYTES:
            return f"{filename} is larger than the sandbox's {MAX_UPLOAD_BYTES // 2**20} MB."
        self._check_thread(thread_ts)
        shared = self.workspace.share_file(user, filename, data, mimetype)
        self._message(user, comment, thread_ts, files=[shared])
        return None

    # ---- clicks -------------------------------------------------------------------------------
    def click(
        self,
        user: str,
        where: Where,
        *,
        block_id: str,
        action_id: str,
        chosen: Any = None,
        form: dict[str, Any] | None = None,
    ) -> None:
        """A button, a menu choice, a select or a date picked in a message, Home or a modal."""
        host, container = self._host(user, where)
        element = find_element(host.get("blocks") or [], block_id, action_id)
        if element is None:
            raise Gone("that button or menu is no longer there")
        where_it_was: dict[str, Any]
        if container["type"] == "view":
            view = dict(host)
            view["state"] = {"values": state_values(view, form or {})}
            where_it_was = {"view": view}
        else:
            where_it_was = {
                "message": None if container.get("is_ephemeral") else host,
                "response_url": self.standin.response_url(
                    "action",
                    channel=self.office.channel,
                    user=user,
                    message_ts=where.ts,
                    thread_ts=_thread_of(host),
                    team_id=self.office.team_id,
                ),
            }
        payload = self.requests.block_actions_payload(
            user_id=user,
            user_name=_name(user),
            action=action_for(element, block_id, chosen),
            container=container,
            trigger_id=self.workspace.issue_trigger(user),
            **where_it_was,
        )
        reply = self.requests.block_action(payload)
        if reply.status != 200:
            self.notice(user, ACTION_FAILED.format(status=reply.status), _thread_of(host))

    def _host(self, user: str, where: Where) -> tuple[dict[str, Any], dict[str, Any]]:
        if where.surface == "message":
            message = self.message(where.ts or "") or {}
            return message, {
                "type": "message",
                "message_ts": where.ts,
                "channel_id": self.office.channel,
                "is_ephemeral": False,
            }
        if where.surface == "ephemeral":
            found = next(
                (e for e in self.workspace.ephemerals_for(user) if e["message_ts"] == where.ts),
                {},
            )
            return found, {
                "type": "message",
                "message_ts": where.ts,
                "channel_id": self.office.channel,
                "is_ephemeral": True,
            }
        view = (
            self.workspace.home_view(user)
            if where.surface == "home"
            else next((v for v in self.workspace.modal_stack(user) if v["id"] == where.view_id), {})
        )
        return view or {}, {"type": "view", "view_id": (view or {}).get("id")}

    # ---- modals -------------------------------------------------------------------------------
    def submit(self, user: str, view_id: str, form: dict[str, Any]) -> dict[str, str] | None:
        """The person pressed the modal's submit button: errors to show under fields, or None."""
        view = self._open_view(user, view_id)
        refused = client_side_errors(view, form)
        if refused:
            return refused
        view["state"] = {"values": state_values(view, form)}
        payload = self.requests.submit_view_payload(
            callback_id=view.get("callback_id") or "",
            values={},
            user_id=user,
            user_name=_name(user),
            private_metadata=view.get("private_metadata") or "",
            view_id=view_id,
        )
        payload["view"] = view
        payload["trigger_id"] = self.workspace.issue_trigger(user)
        reply = self.requests.view_submission(payload)
        if reply.status != 200:
            return {"": FORM_FAILED}
        try:
            answer = json.loads(reply.body) if reply.body.strip() else {}
        except ValueError:
            return {"": FORM_FAILED}
        errors = self.workspace.answer_submission(user, view_id, answer)
        self._changed()
        return errors

    def close(self, user: str, view_id: str) -> None:
        """The person closed the modal (its close button, or Cancel)."""
        view = self._open_view(user, view_id)
        self.workspace.close_modal(user)
        self._changed()
        if view.get("notify_on_close"):
            payload = self.requests.view_closed_payload(
                user_id=user, user_name=_name(user), view=view
            )
            self.requests.block_action(payload)

    def _open_view(self, user: str, view_id: str) -> dict[str, Any]:
        view = next((v for v in self.workspace.modal_stack(user) if v["id"] == view_id), None)
        if view is None:
            raise Gone("that form is no longer open")
        return view

    # ---- Home ---------------------------------------------------------------------------------
    def open_home(self, user: str) -> None:
        if not self.app_installed:
            return  # no app, no Home tab to open
        self.requests.app_home_opened(user_id=user, view=self.workspace.home_view(user))

    # ---- what Slack itself says ---------------------------------------------------------------
    def notice(self, user: str, text: str, thread_ts: str | None = None) -> None:
        """A line from Slack (not the app), only visible to ``user``."""
        self._add_ephemeral(user, {"text": text, "from_slack": True}, thread_ts)

    def _add_ephemeral(self, user: str, body: dict[str, Any], thread_ts: str | None) -> None:
        with self.workspace.lock:
            ts = self.workspace.next_ts()
            self.workspace.ephemerals.append(
                {
                    **body,
                    "user": user,
                    "channel": self.office.channel,
                    "thread_ts": thread_ts,
                    "message_ts": ts,
                }
            )
        self._changed()


def _name(user: str) -> str:
    found = cast.person(user)
    return found.name.split()[0].lower() if found else "someone"


def _thread_of(host: dict[str, Any]) -> str | None:
    thread = host.get("thread_ts")
    return str(thread) if thread and thread != host.get("ts") else None
