"""What one person sees on the sandbox page, as HTML fragments: the channel, a thread, the top
modal and the Home tab, from what the pretend Slack holds."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import Markup

from bot.standin import SlackStandIn

from . import cast
from .blockkit import render_blocks
from .mrkdwn import emoji_for, to_html
from .templating import environment


class SandboxNames:
    """Mentions and user groups as names, as Slack shows them in one office's workspace."""

    def __init__(self, office: cast.Office) -> None:
        self.office = office
        self.bot_user_id = office.identity.bot_user_id

    def user(self, user_id: str) -> str:
        if user_id == self.bot_user_id:
            return cast.BOT_NAME
        found = cast.person(user_id)
        return found.name if found else user_id

    def group(self, group_id: str) -> str:
        handle, _members = self.office.groups.get(group_id, (group_id, ()))
        return handle

    def channel(self, channel_id: str) -> str:
        return self.office.channel_name if channel_id == self.office.channel else channel_id

    # What the workspace's menus list (bot.runtime.sandbox.blockkit.Directory).
    def people(self) -> list[tuple[str, str]]:
        return [(p.user_id, p.name) for p in self.office.people]

    def channels(self) -> list[tuple[str, str]]:
        return [(self.office.channel, "#" + self.office.channel_name)]


@dataclass
class Shown:
    """One message as the page lays it out."""

    ts: str
    surface: str  # "message" or "ephemeral" (what a click on it sends)
    author: str
    is_app: bool
    from_slack: bool
    when: str
    body: Markup
    files: list[dict[str, Any]] = field(default_factory=list)
    reply_count: int = 0
    edited: bool = False
    reactions: list[dict[str, Any]] = field(default_factory=list)
    # As Slack lays out a channel: a date divider before a day's first message, and a sender's
    # next message within a few minutes shown under the same name (``continued``).
    divider: str = ""
    continued: bool = False
    clock: str = ""  # "09:01", beside a continued message


# Where the app stands in a workspace, for an empty channel's hint (templates/channel.html).
ABSENT, NOT_SET_UP, READY = "absent", "not_set_up", "ready"

# Slack shows a sender's messages under one name while each follows the last within minutes.
SAME_SENDER_WINDOW_SECONDS = 5 * 60


class Screens:
    """What the people of one office's workspace see."""

    def __init__(
        self,
        standin: SlackStandIn,
        office: cast.Office,
        zone: ZoneInfo,
        today: Callable[[], date] | None = None,
    ) -> None:
        """``today``: the sandbox's date, for "Today" and "Yesterday" on the dividers."""
        self.office = office
        self.today = today or (lambda: datetime.now(zone).date())
        self.workspace = standin.workspace_for(office.team_id)
        self.zone = zone
        self.names = SandboxNames(office)
        self.templates = environment()

    def _channel_messages(self) -> list[dict[str, Any]]:
        with self.workspace.lock:
            return copy.deepcopy(self.workspace.messages.get(self.office.channel, []))

    # ---- regions ------------------------------------------------------------------------------
    def channel(self, user: str, since: float, app: Callable[[], str] = lambda: READY) -> Markup:
        """``app``: where the app stands in this workspace (ABSENT, NOT_SET_UP or READY), asked
        only of an empty channel, whose hint says what to do next."""
        messages = self._channel_messages()
        top = [m for m in messages if m.get("thread_ts", m["ts"]) == m["ts"]]
        shown = [self._message(m) for m in top] + self._ephemerals(user, since, thread_ts=None)
        return self._render(
            "channel.html", messages=self._laid_out(shown), app=app() if not shown else READY
        )

    def thread(self, user: str, since: float, thread_ts: str) -> Markup:
        messages = self._channel_messages()
        parent = next((m for m in messages if m["ts"] == thread_ts), None)
        if parent is None:
            return Markup("")
        replies = [m for m in messages if m.get("thread_ts") == thread_ts and m["ts"] != thread_ts]
        shown = [self._message(m) for m in replies] + self._ephemerals(user, since, thread_ts)
        return self._render(
            "thread.html",
            parent=self._message(parent),
            replies=self._laid_out(shown, dividers=False),
            thread_ts=thread_ts,
        )

    def modal(self, user: str) -> tuple[str, Markup]:
        """The top modal and a key that changes when it does (so typing is not lost)."""
        stack = self.workspace.modal_stack(user)
        if not stack:
            return "", Markup("")
        view = stack[-1]
        html = self._render(
            "modal.html",
            view=view,
            title=_plain(view.get("title")),
            submit=_plain(view.get("submit")),
            close=_plain(view.get("close")) or "Cancel",
            blocks=render_blocks(view.get("blocks") or [], self.names, surface="modal"),
            depth=len(stack),
        )
        return f"{view['id']}:{view.get('hash')}", html

    def home(self, user: str) -> Markup:
        view = self.workspace.home_view(user)
        blocks = (
            render_blocks(view.get("blocks") or [], self.names, surface="home") if view else None
        )
        # The app's Messages tab, beside its Home in Slack: what the bot sent this person
        # directly (a private answer with nowhere else to go, e.g. after a Home tab button).
        with self.workspace.lock:
            direct = copy.deepcopy(self.workspace.messages.get(user, []))
        messages = self._laid_out([self._message(m) for m in direct], dividers=False)
        return self._render("home.html", view=view, blocks=blocks, messages=messages)

    # ---- pieces -------------------------------------------------------------------------------
    def _laid_out(self, shown: list[Shown], *, dividers: bool = True) -> list[Shown]:
        """In time order, with Slack's date dividers (a channel's, not a thread's) and a
        sender's consecutive messages grouped under one name."""
        laid: list[Shown] = []
        today = self.today()
        for message in sorted(shown, key=_by_ts):
            moment = datetime.fromtimestamp(float(message.ts), self.zone)
            before = laid[-1] if laid else None
            before_moment = datetime.fromtimestamp(float(before.ts), self.zone) if before else None
            new_day = before_moment is None or before_moment.date() != moment.date()
            if dividers and new_day:
                message.divider = day_divider(moment.date(), today)
            message.continued = (
                before is not None
                and before_moment is not None
                and not new_day
                and (before.author, before.surface) == (message.author, message.surface)
                and (moment - before_moment).total_seconds() <= SAME_SENDER_WINDOW_SECONDS
            )
            message.clock = moment.strftime("%H:%M")
            laid.append(message)
        return laid

    def _message(self, message: dict[str, Any]) -> Shown:
        user = message.get("user") or ""
        return Shown(
            ts=message["ts"],
            surface="message",
            author=self.names.user(user),
            is_app=bool(message.get("bot_id")) or user == self.names.bot_user_id,
            from_slack=False,
            when=self._when(message["ts"]),
            body=self._body(message),
            files=[_file(f) for f in message.get("files") or []],
            reply_count=int(message.get("reply_count") or 0),
            edited=bool(message.get("edited")),
            reactions=[_reaction(r) for r in message.get("reactions") or []],
        )

    def _ephemerals(self, user: str, since: float, thread_ts: str | None) -> list[Shown]:
        return [
            Shown(
                ts=e["message_ts"],
                surface="ephemeral",
                author="Slackbot" if e.get("from_slack") else cast.BOT_NAME,
                is_app=not e.get("from_slack"),
                from_slack=bool(e.get("from_slack")),
                when=self._when(e["message_ts"]),
                body=self._body(e),
            )
            for e in self.workspace.ephemerals_for(user)
            if float(e["message_ts"]) >= since and (e.get("thread_ts") or None) == thread_ts
        ]

    def _body(self, message: dict[str, Any]) -> Markup:
        if message.get("blocks"):
            return render_blocks(message["blocks"], self.names, surface="message")
        return to_html(message.get("text") or "", self.names)

    def _when(self, ts: str) -> str:
        moment = datetime.fromtimestamp(float(ts), self.zone)
        return moment.strftime("%a %-d %b %Y, %H:%M")

    def _render(self, name: str, **values: Any) -> Markup:
        return Markup(self.templates.get_template(name).render(**values))


def _by_ts(shown: Shown) -> float:
    return float(shown.ts)


def day_divider(day: date, today: date) -> str:
    """ "Today", "Yesterday", "Monday 9 November", or with its year when not this year: the words
    on Slack's date divider, in the office's (UK) order."""
    if day == today:
        return "Today"
    if day == today - timedelta(days=1):
        return "Yesterday"
    if day.year == today.year:
        return f"{day:%A} {day.day} {day:%B}"
    return f"{day:%A} {day.day} {day:%B %Y}"


def _plain(text: dict[str, Any] | None) -> str:
    return str((text or {}).get("text") or "")


_IMAGES = (".png", ".jpg", ".jpeg", ".gif")


def _file(obj: dict[str, Any]) -> dict[str, Any]:
    name = str(obj.get("name") or obj.get("title") or "")
    return {
        "id": obj.get("id"),
        "name": name,
        "title": obj.get("title") or name,
        "alt": obj.get("alt_txt") or obj.get("title") or name,
        "size": obj.get("size"),
        # Slack shows an image in the message itself, not as a file to download.
        "image": name.lower().endswith(_IMAGES),
    }


def _reaction(reaction: dict[str, Any]) -> dict[str, Any]:
    name = str(reaction.get("name") or "")
    return {"name": name, "glyph": emoji_for(name) or f":{name}:", "count": reaction.get("count")}
