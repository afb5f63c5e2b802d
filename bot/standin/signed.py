"""``SignedSlackRequests``: plays Slack calling the bot's ``POST /slack/events``, signed."""

from __future__ import annotations

import copy
import hashlib
import hmac
import http.client
import itertools
import json
import secrets
import string
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

_PAYLOADS = Path(__file__).with_name("payloads")


def sign(secret: str, timestamp: int | str, body: str | bytes) -> str:
    """Slack's request signature: ``v0=hex(HMAC_SHA256(secret, "v0:" + ts + ":" + body))``."""
    raw = body.encode() if isinstance(body, str) else body
    base = b"v0:" + str(timestamp).encode() + b":" + raw
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


@dataclass
class Reply:
    """What the bot answered."""

    status: int
    headers: dict[str, str]
    body: str
    elapsed: float
    request_headers: dict[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        return json.loads(self.body)


def _template(name: str) -> dict[str, Any]:
    return json.loads((_PAYLOADS / name).read_text())


def _value_state(value: Any) -> dict[str, Any]:
    # Shorthand: a bare string means a plain_text_input value.
    return {"type": "plain_text_input", "value": value} if isinstance(value, str) else value


class SignedSlackRequests:
    """Sends slash commands, interactivity payloads and events encoded and signed like Slack."""

    def __init__(
        self,
        endpoint_url: str,
        signing_secret: str,
        *,
        response_url_factory: Callable[..., str] | None = None,
        team_id: str = "T0001",
        team_domain: str = "example",
        api_app_id: str = "A0APP0001",
        bot_user_id: str = "U0BOT0001",
        verification_token: str = "legacy-verification-token",
        timeout: float = 10.0,
    ) -> None:
        self.endpoint_url = endpoint_url
        self.signing_secret = signing_secret
        self.response_url_factory = response_url_factory
        self.team_id, self.team_domain, self.api_app_id = team_id, team_domain, api_app_id
        self.bot_user_id, self.verification_token, self.timeout = (
            bot_user_id,
            verification_token,
            timeout,
        )
        self._seq = itertools.count(1)

    def for_team(
        self,
        team_id: str,
        team_domain: str,
        *,
        bot_user_id: str | None = None,
        response_url_factory: Callable[..., str] | None = None,
    ) -> SignedSlackRequests:
        """The same app (endpoint, signing secret, app id) as another workspace's Slack sends
        it: every request built by the copy carries ``team_id`` (an app distributed to several
        workspaces gets them all on one Request URL). ``bot_user_id``: the app's bot user in
        that workspace (each installation has its own)."""
        other = copy.copy(self)
        other.team_id, other.team_domain = team_id, team_domain
        if bot_user_id is not None:
            other.bot_user_id = bot_user_id
        if response_url_factory is not None:
            other.response_url_factory = response_url_factory
        return other

    # ---- transport ----------------------------------------------------------------------------
    def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        forge: bool = False,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        """POST a raw body, signed (or deliberately mis-signed with ``forge``)."""
        ts = int(time.time()) if timestamp is None else timestamp
        secret = self.signing_secret + ("-forged" if forge else "")
        sent = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": str(ts),
            "X-Slack-Signature": sign(secret, ts, body),
            "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
            **(headers or {}),
        }
        url = urlsplit(self.endpoint_url)
        conn_cls = (
            http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
        )
        conn = conn_cls(url.hostname or "127.0.0.1", url.port, timeout=self.timeout)
        started = time.monotonic()
        try:
            conn.request(
                "POST",
                url.path + (f"?{url.query}" if url.query else ""),
                body=body.encode(),
                headers=sent,
            )
            resp = conn.getresponse()
            text = resp.read().decode("utf-8", "replace")
            return Reply(
                resp.status, dict(resp.getheaders()), text, time.monotonic() - started, sent
            )
        finally:
            conn.close()

    def _post_payload(self, payload: dict[str, Any], **kw: Any) -> Reply:
        body = "payload=" + quote(json.dumps(payload, separators=(",", ":")), safe="")
        return self.post(body, "application/x-www-form-urlencoded", **kw)

    def _response_url(self, tag: str, **ctx: Any) -> str:
        if self.response_url_factory is not None:
            return self.response_url_factory(tag=tag, **ctx)
        return f"https://hooks.slack.com/{tag}/{self.team_id}/{next(self._seq)}/standin"

    def _trigger_id(self) -> str:
        return f"{next(self._seq)}.738474920.{secrets.token_hex(16)}"

    # ---- slash commands -----------------------------------------------------------------------
    def slash_command(
        self, text: str, *, timestamp: int | None = None, forge: bool = False, **fields: Any
    ) -> Reply:
        """Form-encoded command, same fields as commands/slash_command.txt; keyword arguments
        as for :meth:`slash_command_fields`."""
        body = urlencode(self.slash_command_fields(text, **fields))
        return self.post(
            body, "application/x-www-form-urlencoded", timestamp=timestamp, forge=forge
        )

    def slash_command_fields(
        self,
        text: str,
        *,
        command: str = "/s55",
        user_id: str = "U0001",
        user_name: str = "jane",
        channel_id: str = "C0001",
        channel_name: str = "general",
        response_url: str | None = None,
        trigger_id: str | None = None,
    ) -> dict[str, str]:
        """A slash command's fields: form-encoded over HTTP, the envelope's payload in Socket
        Mode (socket-mode/envelope_slash_commands.json has the same fields)."""
        return {
            "token": self.verification_token,
            "team_id": self.team_id,
            "team_domain": self.team_domain,
            "channel_id": channel_id,
            "channel_name": channel_name,
            "user_id": user_id,
            "user_name": user_name,
            "command": command,
            "text": text,
            "response_url": response_url
            or self._response_url("cmd", channel=channel_id, user=user_id),
            "trigger_id": trigger_id or self._trigger_id(),
            "api_app_id": self.api_app_id,
        }

    # ---- interactivity ------------------------------------------------------------------------
    def block_action(
        self, payload: dict[str, Any], *, timestamp: int | None = None, forge: bool = False
    ) -> Reply:
        return self._post_payload(payload, timestamp=timestamp, forge=forge)

    def view_submission(
        self, payload: dict[str, Any], *, timestamp: int | None = None, forge: bool = False
    ) -> Reply:
        return self._post_payload(payload, timestamp=timestamp, forge=forge)

    def button_click_payload(
        self,
        *,
        action_id: str,
        value: str,
        user_id: str = "U0001",
        channel_id: str = "C0001",
        message_ts: str = "1700000000.000100",
        block_id: str = "actions",
        message: dict[str, Any] | None = None,
        text: str = "Button",
        user_name: str = "jane",
    ) -> dict[str, Any]:
        """block_actions payload from interactivity/block_actions_button_in_channel_message.json."""
        p = _template("block_actions_button_in_channel_message.json")
        p["user"] = {
            "id": user_id,
            "username": user_name,
            "name": user_name,
            "team_id": self.team_id,
        }
        p.update(
            api_app_id=self.api_app_id, token=self.verification_token, trigger_id=self._trigger_id()
        )
        p["team"] = {"id": self.team_id, "domain": self.team_domain}
        p["container"].update(message_ts=message_ts, channel_id=channel_id)
        p["channel"] = {"id": channel_id, "name": "general"}
        button = {
            "type": "button",
            "action_id": action_id,
            "text": {"type": "plain_text", "text": text, "emoji": True},
            "value": value,
        }
        p["message"] = (
            copy.deepcopy(message)
            if message is not None
            else {
                "user": self.bot_user_id,
                "type": "message",
                "ts": message_ts,
                "app_id": self.api_app_id,
                "text": text,
                "team": self.team_id,
                "blocks": [{"type": "actions", "block_id": block_id, "elements": [button]}],
            }
        )
        p["state"] = {"values": {}}
        p["response_url"] = self._response_url(
            "action", channel=channel_id, user=user_id, message_ts=message_ts
        )
        p["actions"] = [{**button, "block_id": block_id, "action_ts": f"{time.time():.6f}"}]
        return p

    def button_click(
        self, *, timestamp: int | None = None, forge: bool = False, **kw: Any
    ) -> Reply:
        """Click a button; keyword arguments as for :meth:`button_click_payload`."""
        return self.block_action(self.button_click_payload(**kw), timestamp=timestamp, forge=forge)

    def submit_view_payload(
        self,
        *,
        callback_id: str,
        values: dict[str, dict[str, Any]],
        user_id: str = "U0001",
        private_metadata: str = "",
        view_id: str = "V0000000001",
        user_name: str = "jane",
    ) -> dict[str, Any]:
        """A view_submission payload built on interactivity/view_submission_plain_text_input.json.

        ``values`` is ``{block_id: {action_id: state}}``; a bare string is a plain_text_input value.
        """
        p = _template("view_submission_plain_text_input.json")
        p["team"] = {"id": self.team_id, "domain": self.team_domain}
        p["user"] = {
            "id": user_id,
            "username": user_name,
            "name": user_name,
            "team_id": self.team_id,
        }
        p.update(
            api_app_id=self.api_app_id, token=self.verification_token, trigger_id=self._trigger_id()
        )
        view = p["view"]
        view.update(
            id=view_id,
            team_id=self.team_id,
            root_view_id=view_id,
            app_id=self.api_app_id,
            app_installed_team_id=self.team_id,
            callback_id=callback_id,
            private_metadata=private_metadata,
            bot_id="B0BOT0001",
            hash=f"{int(time.time())}.{next(self._seq):08x}",
        )
        view["state"] = {
            "values": {
                b: {a: _value_state(v) for a, v in acts.items()} for b, acts in values.items()
            }
        }
        view["blocks"] = [
            {
                "type": "input",
                "block_id": b,
                "label": {"type": "plain_text", "text": b, "emoji": True},
                "optional": False,
                "element": {"type": state.get("type", "plain_text_input"), "action_id": a},
            }
            for b, acts in view["state"]["values"].items()
            for a, state in acts.items()
        ]
        return p

    def submit_view(self, *, timestamp: int | None = None, forge: bool = False, **kw: Any) -> Reply:
        """Submit a modal; keyword arguments as for :meth:`submit_view_payload`."""
        return self.view_submission(
            self.submit_view_payload(**kw), timestamp=timestamp, forge=forge
        )

    # ---- events -------------------------------------------------------------------------------
    def event_envelope(
        self, inner_event: dict[str, Any], *, event_id: str | None = None
    ) -> dict[str, Any]:
        """The ``event_callback`` envelope of events/app_mention.json around ``inner_event``."""
        env = _template("app_mention.json")
        env.pop("enterprise_id", None)
        env.update(
            token=self.verification_token,
            team_id=self.team_id,
            api_app_id=self.api_app_id,
            event=copy.deepcopy(inner_event),
            event_id=event_id or new_event_id(),
            event_time=int(time.time()),
            # Slack Connect: an event from a person of another workspace comes in a channel
            # shared with it (docs.slack.dev/apis/slack-connect).
            is_ext_shared_channel=inner_event.get("user_team", self.team_id) != self.team_id,
            authorizations=[
                {
                    "enterprise_id": None,
                    "team_id": self.team_id,
                    "user_id": self.bot_user_id,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
        )
        return env

    def event(
        self,
        inner_event: dict[str, Any],
        *,
        event_id: str | None = None,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
        timestamp: int | None = None,
        forge: bool = False,
    ) -> Reply:
        """POST an Events API callback as JSON; ``retry_num`` adds Slack's retry headers."""
        headers = {}
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": retry_reason}
        body = json.dumps(self.event_envelope(inner_event, event_id=event_id))
        return self.post(
            body, "application/json", timestamp=timestamp, forge=forge, headers=headers
        )

    def thread_reply_event(
        self,
        *,
        text: str,
        thread_ts: str,
        user_id: str = "U0001",
        channel_id: str = "C0001",
        ts: str | None = None,
        parent_user_id: str | None = None,
        user_team: str | None = None,
    ) -> dict[str, Any]:
        """Inner ``message`` event for a thread reply (events/message_in_thread_channel.json);
        ``user_team`` as for :meth:`message_event`."""
        ev = _template("message_in_thread_channel.json")["event"]
        ts = ts or f"{time.time():.6f}"
        ev.update(
            user=user_id,
            ts=ts,
            text=text,
            team=user_team or self.team_id,
            user_team=user_team or self.team_id,
            source_team=user_team or self.team_id,
            thread_ts=thread_ts,
            parent_user_id=parent_user_id or self.bot_user_id,
            channel=channel_id,
            event_ts=ts,
        )
        return ev

    def thread_reply(
        self,
        *,
        event_id: str | None = None,
        retry_num: int | None = None,
        timestamp: int | None = None,
        forge: bool = False,
        **fields: Any,
    ) -> Reply:
        """Send a user's reply in a thread as a ``message`` event; ``fields`` as for
        :meth:`thread_reply_event`."""
        return self.event(
            self.thread_reply_event(**fields),
            event_id=event_id,
            retry_num=retry_num,
            timestamp=timestamp,
            forge=forge,
        )

    # ---- the people's side: every kind of request a person's click can cause -------------------
    def block_actions_payload(
        self,
        *,
        user_id: str,
        user_name: str,
        action: dict[str, Any],
        container: dict[str, Any],
        trigger_id: str,
        message: dict[str, Any] | None = None,
        view: dict[str, Any] | None = None,
        response_url: str | None = None,
    ) -> dict[str, Any]:
        """A block_actions payload for a click in a message (``container.type == "message"``,
        ephemeral or not), the Home tab or a modal (``"view"``), on Slack's own samples."""
        if container["type"] == "view":
            home = (view or {}).get("type") == "home"
            p = _template(
                "block_actions_button_home_tab.json" if home else "block_actions_in_modal.json"
            )
            p.pop("enterprise", None)
            p["view"] = copy.deepcopy(view)
        else:
            ephemeral = container.get("is_ephemeral", False)
            p = _template(
                "block_actions_button_ephemeral.json"
                if ephemeral
                else "block_actions_button_in_channel_message.json"
            )
            p["channel"] = {"id": container["channel_id"], "name": "s55"}
            p["response_url"] = response_url or self._response_url("action")
            if message is not None:
                p["message"] = copy.deepcopy(message)
            p["state"] = {"values": {}}
        p.update(
            user={"id": user_id, "username": user_name, "name": user_name, "team_id": self.team_id},
            team={"id": self.team_id, "domain": self.team_domain},
            api_app_id=self.api_app_id,
            token=self.verification_token,
            container=copy.deepcopy(container),
            trigger_id=trigger_id,
            actions=[{**copy.deepcopy(action), "action_ts": f"{time.time():.6f}"}],
        )
        return p

    def view_closed_payload(
        self, *, user_id: str, user_name: str, view: dict[str, Any]
    ) -> dict[str, Any]:
        """The person closed a modal that asked to be told (``notify_on_close``)."""
        p = _template("view_closed.json")
        p.update(
            user={"id": user_id, "username": user_name, "name": user_name, "team_id": self.team_id},
            team={"id": self.team_id, "domain": self.team_domain},
            api_app_id=self.api_app_id,
            token=self.verification_token,
            view=copy.deepcopy(view),
            is_cleared=False,
        )
        return p

    def message_event(
        self,
        *,
        user_id: str,
        channel_id: str,
        text: str,
        ts: str,
        thread_ts: str | None = None,
        files: list[dict[str, Any]] | None = None,
        user_team: str | None = None,
    ) -> dict[str, Any]:
        """The inner ``message`` event for a person's message: top level, in a thread, or a
        file share (events/message_channel_top_level, message_in_thread_channel,
        message_file_share). ``user_team``: the person's own workspace when it is not this
        one (Slack Connect): ``team``, ``user_team`` and ``source_team`` name it, while the
        envelope's ``team_id`` stays the receiving workspace."""
        if files:
            ev = _template("message_file_share.json")["event"]
            ev.update(files=copy.deepcopy(files), upload=False)
        elif thread_ts:
            ev = _template("message_in_thread_channel.json")["event"]
        else:
            ev = _template("message_channel_top_level.json")["event"]
        ev.update(
            user=user_id,
            text=text,
            ts=ts,
            event_ts=ts,
            channel=channel_id,
            team=user_team or self.team_id,
            client_msg_id=secrets.token_hex(16),
            blocks=[_rich_text(text)] if text else [],
        )
        for key in ("user_team", "source_team"):
            if key in ev or user_team:
                ev[key] = user_team or self.team_id
        if thread_ts:
            ev.update(thread_ts=thread_ts, parent_user_id=self.bot_user_id)
        else:
            for key in ("thread_ts", "parent_user_id"):
                ev.pop(key, None)
        return ev

    # ---- leaving: the app removed, tokens revoked ----------------------------------------------
    def app_uninstalled_event(self) -> dict[str, Any]:
        """Inner ``app_uninstalled`` event: "sent via subscription whenever a Slack app is
        completely uninstalled"; ``team_id`` of the envelope names the workspace
        (docs.slack.dev/reference/events/app_uninstalled)."""
        return {"type": "app_uninstalled"}

    def tokens_revoked_event(
        self, *, bot: list[str] | None = None, oauth: list[str] | None = None
    ) -> dict[str, Any]:
        """Inner ``tokens_revoked`` event: ``tokens`` keyed "bot" / "oauth", each a list of
        user IDs, not tokens (docs.slack.dev/reference/events/tokens_revoked)."""
        tokens: dict[str, list[str]] = {}
        if oauth:
            tokens["oauth"] = list(oauth)
        if bot:
            tokens["bot"] = list(bot)
        return {"type": "tokens_revoked", "tokens": tokens}

    def app_uninstalled(self, **kw: Any) -> Reply:
        """Send ``app_uninstalled`` for this team; keyword arguments as for :meth:`event`."""
        return self.event(self.app_uninstalled_event(), **kw)

    def tokens_revoked(
        self, *, bot: list[str] | None = None, oauth: list[str] | None = None, **kw: Any
    ) -> Reply:
        """Send ``tokens_revoked`` for this team; ``kw`` as for :meth:`event`."""
        return self.event(self.tokens_revoked_event(bot=bot, oauth=oauth), **kw)

    def app_home_opened(self, *, user_id: str, view: dict[str, Any] | None) -> Reply:
        """The person opened the app's Home tab."""
        ev = json.loads((_PAYLOADS / "app_home_opened_home_tab_inner_event.json").read_text())
        ev.update(user=user_id, channel="D0S55HOME", event_ts=f"{time.time():.6f}", view=view)
        if view is None:
            ev.pop("view")
        return self.event(ev)


def _rich_text(text: str) -> dict[str, Any]:
    # What a Slack client sends beside the text; plain text is enough for the bot's reading.
    return {
        "type": "rich_text",
        "block_id": secrets.token_hex(3),
        "elements": [{"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}],
    }


def new_event_id() -> str:
    """An id no other event has had, as Slack's are (``Ev`` and ten capitals or digits): the bot
    keeps the ids it has processed for a month and drops an event whose id it has seen (a
    redelivery), so ids counted from 1 again in a new process (a restarted sandbox) would be
    taken for redeliveries."""
    return "Ev" + "".join(secrets.choice(_EVENT_ID_LETTERS) for _ in range(10))


_EVENT_ID_LETTERS = string.ascii_uppercase + string.digits
