"""In-memory Slack workspace: stored messages, views, files, and the Web API method handlers."""

from __future__ import annotations

import base64
import copy
import secrets
import threading
import time
from collections.abc import Callable
from typing import Any

from . import limits
from . import responses as r
from .responses import Identity

TRIGGER_SECONDS = 3.0  # Slack: "trigger_id ... expires in 3 seconds"
MAX_MODAL_STACK = 3  # Slack: "you can only push up to 3 views into a view stack"
# files.getUploadURLExternal: "Description for the image is longer than the limit of 1000
# character" (alt_txt_too_large).
ALT_TXT_LIMIT = 1000


_ID_CHARACTERS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class SlackError(Exception):
    """An ``ok: false`` answer."""

    def __init__(self, error: str, messages: list[str] | None = None, errors: bool = False) -> None:
        super().__init__(error)
        self.error = error
        self.messages = messages or []
        self.errors = errors  # chat.* also list the lines (without "[ERROR] ") under "errors"

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error": self.error}
        if self.errors and self.messages:
            body["errors"] = [m.removeprefix("[ERROR] ") for m in self.messages]
        if self.messages:
            body["response_metadata"] = {"messages": self.messages}
        return body


def _present(value: Any) -> bool:
    # Present even when empty-ish JSON ("{}" for view): Slack then reports the schema error.
    return value is not None and value != ""


class Workspace:
    """State behind the stand-in. All public methods are thread-safe."""

    def __init__(
        self,
        ident: Identity,
        methods: dict[str, dict[str, Any]],
        base_url: Callable[[], str],
        message_clock: Callable[[], float] | None = None,
    ) -> None:
        self.ident = ident
        self.message_clock = message_clock
        self.methods = methods
        self._base_url = base_url
        self.lock = threading.RLock()
        self.reset()
        self._handlers: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
            name: getattr(self, "_" + name.replace(".", "_"))
            for name in [
                "auth.test",
                "chat.postMessage",
                "chat.update",
                "chat.postEphemeral",
                "chat.getPermalink",
                "chat.delete",
                "users.info",
                "conversations.info",
                "conversations.history",
                "conversations.replies",
                "usergroups.users.list",
                "reactions.add",
                "views.open",
                "views.publish",
                "views.update",
                "views.push",
                "files.getUploadURLExternal",
                "files.completeUploadExternal",
                "files.info",
            ]
        }

    def reset(self) -> None:
        with self.lock:
            self.messages: dict[str, list[dict[str, Any]]] = {}
            self.ephemerals: list[dict[str, Any]] = []
            self.reactions: list[dict[str, Any]] = []
            self.views: dict[str, dict[str, Any]] = {}
            self.files: dict[str, dict[str, Any]] = {}
            self.users: dict[str, dict[str, Any]] = {}
            self.channels: dict[str, dict[str, Any]] = {}
            self.usergroups: dict[str, list[str]] = {}
            # Slack Connect: people of another workspace seen from this one, user_id ->
            # {"team_id": their own team, "channels": shared channels they are in here}.
            self.external: dict[str, dict[str, Any]] = {}
            self.canned: dict[str, dict[str, Any]] = {}
            self.response_urls: dict[str, dict[str, Any]] = {}
            self._seq = 0
            self._last_micros = 0
            self._home_views: dict[str, str] = {}
            # The people's side, as a Slack client keeps it: trigger_ids handed to a user's
            # click, and the stack of modals each user has open (at most three, bottom first).
            self.triggers: dict[str, dict[str, Any]] = {}
            self.modal_stacks: dict[str, list[str]] = {}

    # ---- helpers ------------------------------------------------------------------------------
    def next_ts(self) -> str:
        """Strictly increasing message ts in Slack's "seconds.micros" format: from the
        ``message_clock`` when there is one (the sandbox's moved clock), as Slack's are."""
        with self.lock:
            self._seq += 1
            if self.message_clock is None:
                return f"{1700000000 + self._seq // 10000}.{(self._seq % 10000) * 100:06d}"
            micros = max(int(self.message_clock() * 1_000_000), self._last_micros + 1)
            self._last_micros = micros
            return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _next_id(self, prefix: str) -> str:
        with self.lock:
            self._seq += 1
            return f"{prefix}{self._seq:010X}"

    def _file_id(self) -> str:
        """A new file's ID, unguessable as Slack's are (the sandbox serves files by ID: a
        sequential one would let anyone on the machine walk through every file)."""
        with self.lock:
            while True:
                file_id = "F" + "".join(secrets.choice(_ID_CHARACTERS) for _ in range(10))
                if file_id not in self.files:
                    return file_id

    def find(self, channel: str, ts: str) -> dict[str, Any] | None:
        for msg in self.messages.get(channel, []):
            if msg["ts"] == ts:
                return msg
        return None

    def add_message(
        self, channel: str, msg: dict[str, Any], thread_ts: str | None = None
    ) -> dict[str, Any]:
        """Store a message (top level or thread reply) and keep the parent's reply bookkeeping."""
        with self.lock:
            if thread_ts:
                msg["thread_ts"] = thread_ts
                parent = self.find(channel, thread_ts)
                if parent is not None:
                    msg["parent_user_id"] = parent.get("user")
                    parent["thread_ts"] = thread_ts
                    parent["reply_count"] = parent.get("reply_count", 0) + 1
                    users = parent.setdefault("reply_users", [])
                    if msg.get("user") not in users:
                        users.append(msg.get("user"))
                    parent["reply_users_count"] = len(users)
                    parent["latest_reply"] = msg["ts"]
            self.messages.setdefault(channel, []).append(msg)
            return msg

    def store_upload(self, file_id: str, data: bytes) -> bool:
        with self.lock:
            if file_id not in self.files:
                return False
            self.files[file_id]["data"] = data
            return True

    # ---- the people's side: what a Slack client does for the person using it ---------------
    def issue_trigger(self, user: str) -> str:
        """A trigger_id for ``user``'s click or command: views.open with it opens their modal."""
        with self.lock:
            self._seq += 1
            trigger = f"{self._seq}.{int(time.time())}.{secrets.token_hex(16)}"
            now = time.monotonic()
            stale = [t for t, v in self.triggers.items() if now - v["at"] > 60]
            for old in stale:  # long expired: keep the map small in a long-running sandbox
                del self.triggers[old]
            self.triggers[trigger] = {"user": user, "at": now, "used": False}
            return trigger

    def modal_stack(self, user: str) -> list[dict[str, Any]]:
        """The modals ``user`` has open, bottom first (copies)."""
        with self.lock:
            ids = self.modal_stacks.get(user, [])
            return [copy.deepcopy(self.views[v]) for v in ids if v in self.views]

    def close_modal(self, user: str, *, clear: bool = False) -> None:
        """The person closed the top modal (or Slack cleared the whole stack)."""
        with self.lock:
            stack = self.modal_stacks.get(user, [])
            if clear:
                stack.clear()
            elif stack:
                stack.pop()

    def answer_submission(
        self, user: str, view_id: str, answer: dict[str, Any]
    ) -> dict[str, str] | None:
        """Apply the app's answer to a view_submission as Slack does; returns the field errors
        of ``response_action: errors`` (the modal stays open), else None."""
        with self.lock:
            action = answer.get("response_action")
            stack = self.modal_stacks.setdefault(user, [])
            if action == "errors":
                return {str(k): str(v) for k, v in (answer.get("errors") or {}).items()}
            if action in ("update", "push"):
                problems = limits.check_view(answer.get("view"))
                if problems:
                    raise SlackError("invalid_arguments", problems)
            if action == "clear":
                stack.clear()
            elif action == "update":
                old = self.views[view_id]
                self._new_view(answer["view"], view_id=view_id, root=old["root_view_id"])
            elif action == "push":
                stack.append(self._new_view(answer["view"])["view"]["id"])
            elif view_id in stack:
                stack.remove(view_id)
            return None

    def home_view(self, user: str) -> dict[str, Any] | None:
        with self.lock:
            view_id = self._home_views.get(user)
            return copy.deepcopy(self.views[view_id]) if view_id else None

    def share_file(self, user: str, filename: str, data: bytes, mimetype: str) -> dict[str, Any]:
        """A file a person uploads: stored, and described as a file_share event carries it."""
        with self.lock:
            file_id = self._file_id()
            self.files[file_id] = {"filename": filename, "length": len(data), "data": data}
            obj = r.file_object(
                self.ident, self._base_url(), file_id, filename, filename, len(data)
            )
            obj.update(user=user, mimetype=mimetype, filetype=filename.rsplit(".", 1)[-1])
            self.files[file_id]["object"] = copy.deepcopy(obj)
            return obj

    def ephemerals_for(self, user: str) -> list[dict[str, Any]]:
        with self.lock:
            return [copy.deepcopy(e) for e in self.ephemerals if e.get("user") == user]

    # ---- keeping the workspace between runs (the sandbox) ------------------------------------
    _KEPT = ("messages", "ephemerals", "views", "files", "users", "channels", "usergroups")

    def snapshot(self) -> dict[str, Any]:
        """Everything a restart must not lose, as JSON-able values (file bytes in base64)."""
        with self.lock:
            kept = {name: copy.deepcopy(getattr(self, name)) for name in self._KEPT}
            for stored in kept["files"].values():
                data = stored.get("data")
                stored["data"] = base64.b64encode(data).decode() if data is not None else None
            return {
                **kept,
                "seq": self._seq,
                "last_micros": self._last_micros,
                "home_views": dict(self._home_views),
            }

    def restore(self, saved: dict[str, Any]) -> None:
        with self.lock:
            self.reset()
            for name in self._KEPT:
                setattr(self, name, copy.deepcopy(saved.get(name, getattr(self, name))))
            for stored in self.files.values():
                if stored.get("data") is not None:
                    stored["data"] = base64.b64decode(stored["data"])
            self._seq = int(saved.get("seq", 0))
            self._last_micros = int(saved.get("last_micros", 0))
            self._home_views = dict(saved.get("home_views", {}))

    # ---- dispatch -----------------------------------------------------------------------------
    def call(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        """Run a known method; returns the answer body (ok or not)."""
        with self.lock:
            try:
                self._validate(method, args)
                if method in self.canned:
                    return copy.deepcopy(self.canned[method])
                handler = self._handlers.get(method)
                # Known to the spec but not modelled: Slack would answer ok, so do we.
                return handler(args) if handler else {"ok": True}
            except SlackError as exc:
                return exc.body()
            except (KeyError, ValueError, TypeError, AttributeError) as exc:
                # Malformed values: Slack says invalid_arguments; the detail exposes stand-in bugs.
                return SlackError("invalid_arguments", [f"[ERROR] {exc!r}"]).body()

    def _validate(self, method: str, args: dict[str, Any]) -> None:
        if method in ("chat.postMessage", "chat.postEphemeral") and not _present(
            args.get("channel")
        ):
            raise SlackError("channel_not_found")
        missing = [
            name for name in self.methods[method]["required"] if not _present(args.get(name))
        ]
        if missing:
            raise SlackError(
                "invalid_arguments", [f"[ERROR] missing required field: {m}" for m in missing]
            )
        if method in ("chat.postMessage", "chat.postEphemeral", "chat.update"):
            if isinstance(args.get("blocks"), str):
                raise SlackError("invalid_blocks_format")
            if method != "chat.update" and not any(
                bool(args.get(k)) for k in ("text", "blocks", "attachments")
            ):
                raise SlackError("no_text")
            if len(args.get("attachments") or []) > 100:
                raise SlackError("too_many_attachments")
            problem = limits.check_message(args.get("text"), args.get("blocks"))
            if problem:
                raise SlackError(problem[0], problem[1], errors=True)
        if method in ("views.open", "views.publish", "views.update", "views.push"):
            errors = limits.check_view(args.get("view"))
            if errors:
                raise SlackError("invalid_arguments", errors)

    def _check_member(self, channel: str) -> None:
        """The app's scopes have chat:write, not chat:write.public: Slack refuses a post in a
        channel the bot is not in with not_in_channel (chat.postMessage, chat.postEphemeral).
        A channel known to say ``is_member: false`` is one; any other is taken as one the bot
        is in, as tests that set up no channel expect."""
        if self.channels.get(channel, {}).get("is_member") is False:
            raise SlackError("not_in_channel")

    def bot_joins(self, channel: str) -> bool:
        """The bot added to ``channel`` (someone's ``/invite``): False if it was in already."""
        with self.lock:
            known = self.channels.get(channel)
            if known is None or known.get("is_member") is not False:
                return False  # in it already (as _check_member takes it)
            known["is_member"] = True
            return True

    # ---- methods ------------------------------------------------------------------------------
    def _auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return r.auth_test(self.ident)

    def _chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = str(args["channel"])
        self._check_member(channel)
        msg = r.bot_message(self.ident, self.next_ts(), args)
        self.add_message(channel, msg, str(args["thread_ts"]) if args.get("thread_ts") else None)
        return {"ok": True, "channel": channel, "ts": msg["ts"], "message": copy.deepcopy(msg)}

    def _chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        channel, ts = str(args["channel"]), str(args["ts"])
        msg = self.find(channel, ts)
        if msg is None:
            raise SlackError("message_not_found")
        if msg.get("user") != self.ident.bot_user_id:
            raise SlackError("cant_update_message")
        # Fields left out keep their previous value (Slack docs for chat.update).
        if "text" in args:
            msg["text"] = args["text"]
        if "blocks" in args:
            msg["blocks"] = r.with_block_ids(args["blocks"] or [], f"{ts}/edit")
        for key in ("attachments", "metadata"):
            if key in args:
                msg[key] = args[key]
        if not msg["text"] and msg.get("blocks"):
            msg["text"] = "This content can't be displayed."
        msg["edited"] = {"user": self.ident.bot_user_id, "ts": self.next_ts()}
        return {
            "ok": True,
            "channel": channel,
            "ts": ts,
            "text": msg["text"],
            "message": copy.deepcopy(msg),
        }

    def _chat_postEphemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        self._check_member(str(args["channel"]))
        ts = self.next_ts()
        self.ephemerals.append({**copy.deepcopy(args), "message_ts": ts})
        return {"ok": True, "message_ts": ts}

    def _chat_getPermalink(self, args: dict[str, Any]) -> dict[str, Any]:
        channel, ts = str(args["channel"]), str(args["message_ts"])
        msg = self.find(channel, ts) or {}
        return {
            "ok": True,
            "channel": channel,
            "permalink": r.permalink(self.ident, channel, ts, msg.get("thread_ts")),
        }

    def _chat_delete(self, args: dict[str, Any]) -> dict[str, Any]:
        channel, ts = str(args["channel"]), str(args["ts"])
        msg = self.find(channel, ts)
        if msg is None:
            raise SlackError("message_not_found")
        if msg.get("user") != self.ident.bot_user_id:
            raise SlackError("cant_delete_message")
        self.messages[channel].remove(msg)
        parent = (
            self.find(channel, msg.get("thread_ts", "")) if msg.get("thread_ts") != ts else None
        )
        if parent is not None:
            parent["reply_count"] = max(0, parent.get("reply_count", 1) - 1)
        return {"ok": True, "channel": channel, "ts": ts}

    def _users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        user_id = str(args["user"])
        if user_id not in self.users and user_id[:1] not in ("U", "W"):
            raise SlackError("user_not_found")
        user = r.user(self.ident, user_id, self.users.get(user_id, {}))
        outside = self.external.get(user_id)
        if outside is not None:
            # A person of another workspace keeps their own team_id (and profile.team);
            # "is_stranger: If true, this user belongs to a different workspace than the one
            # associated with your app's token, and isn't in any shared channels visible to
            # your app. Absent otherwise." (docs.slack.dev/reference/objects/user-object;
            # docs.slack.dev/apis/slack-connect, "External members").
            user["team_id"] = outside["team_id"]
            user["profile"]["team"] = outside["team_id"]
            user.update(is_admin=False, is_owner=False, is_primary_owner=False)
            if not outside["channels"]:
                user["is_stranger"] = True
        return {"ok": True, "user": user}

    def _conversations_info(self, args: dict[str, Any]) -> dict[str, Any]:
        channel_id = str(args["channel"])
        if channel_id not in self.channels and channel_id[:1] not in ("C", "G", "D"):
            raise SlackError("channel_not_found")
        return {"ok": True, "channel": r.channel(channel_id, self.channels.get(channel_id, {}))}

    def _conversations_history(self, args: dict[str, Any]) -> dict[str, Any]:
        top = [
            _as_listed(m, args)
            for m in self.messages.get(str(args["channel"]), [])
            if (m.get("thread_ts", m["ts"]) == m["ts"] or m.get("subtype") == "thread_broadcast")
            and _after_oldest(m, args)
        ]
        limit = int(args.get("limit") or 100)
        top.reverse()  # newest first, like Slack
        return {
            "ok": True,
            "messages": top[:limit],
            "has_more": len(top) > limit,
            "pin_count": 0,
            "response_metadata": {"next_cursor": ""},
        }

    def _conversations_replies(self, args: dict[str, Any]) -> dict[str, Any]:
        channel, ts = str(args["channel"]), str(args["ts"])
        thread = [
            _as_listed(m, args)
            for m in self.messages.get(channel, [])
            if (m["ts"] == ts or m.get("thread_ts") == ts)
        ]
        if not thread:
            raise SlackError("thread_not_found")
        # The parent always comes first; `oldest` filters the replies (Slack docs).
        thread = thread[:1] + [m for m in thread[1:] if _after_oldest(m, args)]
        return {"ok": True, "messages": thread, "has_more": False}

    def _usergroups_users_list(self, args: dict[str, Any]) -> dict[str, Any]:
        group = str(args["usergroup"])
        if group not in self.usergroups:
            raise SlackError("no_such_subteam")
        return {"ok": True, "users": list(self.usergroups[group])}

    def _reactions_add(self, args: dict[str, Any]) -> dict[str, Any]:
        channel, ts, name = (
            str(args["channel"]),
            str(args["timestamp"]),
            str(args["name"]).strip(":"),
        )
        msg = self.find(channel, ts)
        # Messages never seen here (e.g. from synthetic events) are accepted, not message_not_found.
        if msg is not None:
            reactions = msg.setdefault("reactions", [])
            entry = next((x for x in reactions if x["name"] == name), None)
            if entry and self.ident.bot_user_id in entry["users"]:
                raise SlackError("already_reacted")
            if entry is None:
                entry = {"name": name, "users": [], "count": 0}
                reactions.append(entry)
            entry["users"].append(self.ident.bot_user_id)
            entry["count"] += 1
        self.reactions.append({"channel": channel, "timestamp": ts, "name": name})
        return {"ok": True}

    def _new_view(
        self, given: dict[str, Any], view_id: str | None = None, root: str | None = None
    ) -> dict[str, Any]:
        view_id = view_id or self._next_id("V")
        self._seq += 1  # a new hash on every change, as views.update callers rely on
        view_hash = f"{int(time.time())}.{self._seq:08x}"
        view = r.view(self.ident, given, view_id, view_hash, root or view_id)
        self.views[view_id] = view
        return {"ok": True, "view": copy.deepcopy(view)}

    def _views_open(self, args: dict[str, Any]) -> dict[str, Any]:
        user = self._exchange_trigger(str(args["trigger_id"]))
        answer = self._new_view(args["view"])
        if user is not None:
            self.modal_stacks[user] = [answer["view"]["id"]]
        return answer

    def _views_push(self, args: dict[str, Any]) -> dict[str, Any]:
        user = self._exchange_trigger(str(args["trigger_id"]))
        stack = self.modal_stacks.get(user or "", [])
        if user is not None and len(stack) >= MAX_MODAL_STACK:
            raise SlackError("push_limit_reached")
        answer = self._new_view(args["view"])
        if user is not None:
            stack.append(answer["view"]["id"])
            self.modal_stacks[user] = stack
        return answer

    def _exchange_trigger(self, trigger_id: str) -> str | None:
        """The user a trigger_id was issued to (see :meth:`issue_trigger`); None for one this
        workspace never issued (tests make their own). Slack's trigger_ids work once, for
        three seconds."""
        issued = self.triggers.get(trigger_id)
        if issued is None:
            return None
        if issued["used"]:
            raise SlackError("exchanged_trigger_id")
        if time.monotonic() - issued["at"] > TRIGGER_SECONDS:
            raise SlackError("expired_trigger_id")
        issued["used"] = True
        return str(issued["user"])

    def _views_publish(self, args: dict[str, Any]) -> dict[str, Any]:
        user_id = str(args["user_id"])
        old = self._home_views.get(user_id)
        if old and args.get("hash") and args["hash"] != self.views[old]["hash"]:
            raise SlackError("hash_conflict")
        answer = self._new_view(args["view"], view_id=old)
        self._home_views[user_id] = answer["view"]["id"]
        return answer

    def _views_update(self, args: dict[str, Any]) -> dict[str, Any]:
        view_id = args.get("view_id")
        if not view_id and args.get("external_id"):
            view_id = next(
                (v["id"] for v in self.views.values() if v["external_id"] == args["external_id"]),
                None,
            )
        old = self.views.get(str(view_id)) if view_id else None
        if old is None:
            raise SlackError("not_found")
        if args.get("hash") and args["hash"] != old["hash"]:
            raise SlackError("hash_conflict")
        return self._new_view(args["view"], view_id=old["id"], root=old["root_view_id"])

    def _files_getUploadURLExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        if len(str(args.get("alt_txt") or "")) > ALT_TXT_LIMIT:
            raise SlackError("alt_txt_too_large")
        file_id = self._file_id()
        self.files[file_id] = {
            "filename": str(args["filename"]),
            "length": int(args["length"]),
            "alt_txt": str(args.get("alt_txt") or ""),
            "data": None,
        }
        body = r.template("files.getUploadURLExternal")
        body.update(upload_url=f"{self._base_url()}upload/{file_id}", file_id=file_id)
        return body

    def _files_completeUploadExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        items = args["files"]
        if not isinstance(items, list) or not all(
            isinstance(f, dict) and f.get("id") for f in items
        ):
            raise SlackError(
                "invalid_arguments",
                ["[ERROR] failed to match all allowed schemas [json-pointer:/files]"],
            )
        objs = []
        for item in items:
            stored = self.files.get(item["id"])
            if stored is None or stored["data"] is None:
                raise SlackError("file_not_found")
            stored["title"] = item.get("title") or stored["filename"]
            obj = r.file_object(
                self.ident,
                self._base_url(),
                item["id"],
                stored["filename"],
                stored["title"],
                len(stored["data"]),
            )
            if stored.get("alt_txt"):  # an image's description, as the file's shape carries it
                obj["alt_txt"] = stored["alt_txt"]
            stored["object"] = copy.deepcopy(obj)
            objs.append(obj)
        channels = [args["channel_id"]] if args.get("channel_id") else []
        if args.get("channels"):
            channels += str(args["channels"]).split(",")
        # Slack shares asynchronously (answer's "shares" stays {}); the channel gets a file message.
        for channel in channels:
            msg = {
                "type": "message",
                "text": args.get("initial_comment") or "",
                "files": copy.deepcopy(objs),
                "upload": True,
                "user": self.ident.bot_user_id,
                "bot_id": self.ident.bot_id,
                "display_as_bot": False,
                "ts": self.next_ts(),
            }
            self.add_message(
                channel, msg, str(args["thread_ts"]) if args.get("thread_ts") else None
            )
        for obj in objs:
            self.files[obj["id"]]["channels"] = channels
        return {"ok": True, "files": objs}

    def _files_info(self, args: dict[str, Any]) -> dict[str, Any]:
        obj = self._file_object(str(args["file"]))
        if obj is None:
            raise SlackError("file_not_found")
        # Shape of Slack's "files.info schema" (OpenAPI spec): ok, file and comments required.
        return {
            "ok": True,
            "file": obj,
            "comments": [],
            "response_metadata": {"next_cursor": ""},
        }

    def _file_object(self, file_id: str) -> dict[str, Any] | None:
        """A complete file's object, its private URLs on today's address (a restored sandbox
        may listen on another port than the one that stored it); None before the upload ends."""
        stored = self.files.get(file_id)
        if stored is None or "object" not in stored or stored.get("data") is None:
            return None
        obj = copy.deepcopy(stored["object"])
        obj.update(r.private_urls(self.ident, self._base_url(), file_id, obj["name"]))
        return obj

    def file_download(self, file_id: str) -> tuple[bytes, str] | None:
        """The bytes and Content-Type served at a file's private URL; None for no such file."""
        with self.lock:
            obj = self._file_object(file_id)
            if obj is None:
                return None
            return self.files[file_id]["data"], obj.get("mimetype") or "application/octet-stream"

    # ---- response_url (hooks.slack.com) -------------------------------------------------------
    def _edit_ephemeral(self, target: str, body: dict[str, Any]) -> bool:
        """An action's response_url may replace or delete the ephemeral message it came from."""
        return _edit_ephemeral_in(self.ephemerals, target, body)

    def issue_response_url(self, tag: str, context: dict[str, Any]) -> str:
        with self.lock:
            self._seq += 1
            # The team in the path: each workspace counts on its own, and a URL names one.
            path = f"/response/{tag}/{self.ident.team_id}.{self._seq}"
            self.response_urls[path] = context
            return path

    def issued_response_url(self, path: str) -> bool:
        with self.lock:
            return path in self.response_urls

    def respond(self, path: str, body: Any) -> tuple[int, str]:
        """Apply a response_url POST; answers (status, text) like hooks.slack.com."""
        with self.lock:
            ctx = self.response_urls.get(path)
            if ctx is None:
                return 404, "no_service"
            if not isinstance(body, dict):
                return 400, "invalid_payload"
            if not any(
                bool(body.get(k)) for k in ("text", "blocks", "attachments")
            ) and not body.get("delete_original"):
                return 400, "no_text"
            if limits.check_message(body.get("text"), body.get("blocks")):
                return 400, "invalid_blocks"
            channel, target = str(ctx.get("channel") or ""), str(ctx.get("message_ts") or "")
            original = self.find(channel, target) if channel and target else None
            if original is None and target and self._edit_ephemeral(target, body):
                return 200, "ok"
            if body.get("delete_original"):
                if original is not None:
                    self.messages[channel].remove(original)
            elif body.get("replace_original") and original is not None:
                original["text"] = body.get("text") or original["text"]
                if "blocks" in body:
                    original["blocks"] = r.with_block_ids(body["blocks"] or [], f"{target}/respond")
            elif body.get("response_type") == "in_channel" and channel:
                msg = r.bot_message(self.ident, self.next_ts(), body)
                self.add_message(channel, msg, body.get("thread_ts"))
            else:
                # Default response_type is ephemeral: only the invoking user sees it.
                self.ephemerals.append(
                    {
                        **copy.deepcopy(body),
                        "channel": channel,
                        "user": ctx.get("user"),
                        "thread_ts": body.get("thread_ts") or ctx.get("thread_ts"),
                        "message_ts": self.next_ts(),
                        "via": path,
                    }
                )
            return 200, "ok"


def _edit_ephemeral_in(ephemerals: list[dict[str, Any]], target: str, body: dict[str, Any]) -> bool:
    found = next((e for e in ephemerals if e.get("message_ts") == target), None)
    if found is None or not (body.get("replace_original") or body.get("delete_original")):
        return False
    if body.get("delete_original"):
        ephemerals.remove(found)
    else:
        found.update({k: copy.deepcopy(v) for k, v in body.items() if k in ("text", "blocks")})
    return True


def _as_listed(message: dict[str, Any], args: dict[str, Any]) -> dict[str, Any]:
    """A message as history/replies list it: metadata only with include_all_metadata."""
    listed = copy.deepcopy(message)
    if str(args.get("include_all_metadata")).lower() not in ("true", "1"):
        listed.pop("metadata", None)
    return listed


def _after_oldest(message: dict[str, Any], args: dict[str, Any]) -> bool:
    oldest = args.get("oldest")
    return not oldest or float(message["ts"]) >= float(oldest)
