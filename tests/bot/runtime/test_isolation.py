"""Offices kept apart (docs/rules.md#r25), generated: one host serves Suffolk (T0001) and
Norfolk (T0002) over real HTTP. Suffolk has real records (a signed-off step, items with an
answer, a captured draft); Norfolk names them from its own workspace in every slash sub-command,
button, form and event the bot takes. Each is answered exactly as for a thing that exists
nowhere, and nothing of Suffolk's changes: its rows (every office-owned table, counted and
digested), its workspace's messages, and no Web API call is made with its token.

One host per module and database: a refusal changes nothing of Suffolk's, which each example
checks, so the next example starts from the same records.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from bot import copy, ids
from bot.domain.buttons import VALUES
from bot.standin import SignedSlackRequests
from bot.standin.wire import Call
from storage.db import Database
from storage.models import (
    Base,
    DraftMessage,
    Inspection,
    ItemReview,
    Office,
    ReportItem,
    ResponseDraft,
    StepConfirmation,
)
from tests import slack_events as events
from tests.bot.documents.test_counts_from_the_record import AS_RESPONDED
from tests.bot.items.steps import items, review
from tests.bot.publication.test_sign_off_freezes_what_is_published import (
    ready_to_sign,
    sign_off,
)
from tests.bot.responses.test_responses import CC_TEXT, receipt, say
from tests.bot.runtime.test_host import CHANNELS, NORFOLK, SUFFOLK, RunningHost, serving
from tests.conftest import BACKENDS, _empty
from tests.e2e import CHANNEL, Bot
from tests.handlers.test_inspections import form

EXAMPLES = int(os.environ.get("S55_ISOLATION_EXAMPLES", "40"))
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,  # an example is an HTTP round trip, the listeners, and two snapshots
    derandomize=bool(os.environ.get("CI")),
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
NORFOLK_CHANNEL = "C0NORFOLK1"
ACTOR = "U0NAPPROVE"  # Norfolk's approver and editor: every check of who may act is passed
NOWHERE = 987_654  # an ID no office has
EXAMPLE_NUMBER = int(copy.EXAMPLE_REFERENCE.removeprefix("S55-"))  # taught in refusals
SUFFOLK_USER = "U0APPROVE"


# ---- what one office owns -----------------------------------------------------------------
def office_tables() -> list[Any]:
    return [table for table in Base.metadata.sorted_tables if "office_id" in table.c]


def snapshot(db: Database, office: int) -> dict[str, tuple[int, str]]:
    """Every office-owned table's rows of ``office`` (read across offices, by office_id, not
    through storage.scope): their count and a digest of every column, and the office's row."""
    found: dict[str, tuple[int, str]] = {}
    with db.across_offices().session(read_only=True) as session:
        for table in office_tables():
            rows = session.execute(
                select(table).where(table.c.office_id == office).order_by(*table.primary_key)
            ).all()
            found[table.name] = (len(rows), _digest(rows))
        row = session.execute(select(Office.__table__).where(Office.id == office)).all()
        found["office"] = (len(row), _digest(row))
    return found


def _digest(rows: Any) -> str:
    return hashlib.sha256(repr([tuple(row) for row in rows]).encode()).hexdigest()


@dataclass
class Tally:
    tried: int = 0
    refused: int = 0
    changed: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str) -> None:
        self.by_kind[kind] = self.by_kind.get(kind, 0) + 1


TALLY = Tally()


@pytest.fixture(autouse=True)
def counted_afresh() -> None:
    """Each test's tally is its own: one failed example fails its test, not every later one."""
    TALLY.tried = TALLY.refused = TALLY.changed = 0
    TALLY.by_kind.clear()


@dataclass
class World:
    running: RunningHost
    suffolk: int  # office IDs
    norfolk: int
    card_ts: str  # S55-1's card, signed off in part
    draft_card_ts: str  # S55-2's card, with a captured reply
    reply_ts: str
    inspections: list[int]
    numbers: list[int]  # Suffolk's references' numbers
    norfolk_numbers: list[int]
    drafts: list[tuple[int, int]]  # (draft, version)
    draft_messages: list[int]
    items: list[int]
    reviews: list[int]
    steps: list[str]
    norfolk_inspection: int

    @property
    def slack(self) -> Any:
        return self.running.slack

    def from_norfolk(self) -> SignedSlackRequests:
        return self.running.send(NORFOLK)

    def suffolk_tokens(self) -> set[str]:
        return set(self.slack.live_tokens("T0001"))

    def observe(self) -> Observed:
        return Observed(
            tables=snapshot(self.running.db, self.suffolk),
            messages=json.dumps(self.slack.workspace_for("T0001").messages, sort_keys=True),
            calls=len(self.slack.calls),
            tokens=self.suffolk_tokens(),
        )

    def unchanged_since(self, before: Observed, what: str) -> list[Call]:
        """Assert nothing of Suffolk's changed since ``before``; the calls made since."""
        self.running.listeners.settle()
        after = self.observe()
        calls = self.slack.calls[before.calls :]
        tokens = before.tokens | after.tokens
        with_suffolks_token = [
            call.method
            for call in calls
            if call.headers.get("Authorization", "").split()[-1:] in [[t] for t in tokens]
        ]
        changed = [name for name in before.tables if before.tables[name] != after.tables[name]]
        if changed or with_suffolks_token or before.messages != after.messages:
            TALLY.changed += 1
        assert not changed, f"{what}: Suffolk's {changed} changed"
        assert before.messages == after.messages, f"{what}: Suffolk's workspace changed"
        assert not with_suffolks_token, f"{what}: called {with_suffolks_token} as Suffolk"
        return calls


@dataclass
class Observed:
    tables: dict[str, tuple[int, str]]
    messages: str
    calls: int
    tokens: set[str]


def said(calls: list[Call], *hidden: str) -> list[tuple[str, str]]:
    """What the bot said and where (method, text), each of ``hidden`` written as <ID>: the
    answer to compare with the one for a thing that exists nowhere."""
    told = []
    for call in calls:
        if call.method in ("response_url", "chat.postEphemeral", "chat.postMessage"):
            text = str(call.args.get("text", ""))
        elif call.method.startswith("views."):
            text = json.dumps((call.args.get("view") or {}).get("blocks"), sort_keys=True)
        else:
            text = ""
        # The code an apology gives is new each time (handlers/errors.py); first, since it may
        # hold the digits of an ID ("E-5A0492" for ID 5).
        text = re.sub(r"`E-[0-9A-F]{6}`", "`E-<code>`", text)
        # So are the sentences that teach the example reference ("References look like
        # `S55-7`"), the same whatever was named: kept out of reach of an ID that shares its
        # digits, or is the example itself (S55-7 named, and not found, is an <ID>).
        for taught in (
            f"References look like `{copy.EXAMPLE_REFERENCE}`",
            copy.SHOW_NEEDS_REFERENCE,
        ):
            text = text.replace(taught, "<taught>")
        for secret in sorted(hidden, key=len, reverse=True):
            text = re.sub(rf"(?<![0-9]){re.escape(secret)}(?![0-9])", "<ID>", text)
        told.append((call.method, text))
    return told


# ---- the two offices ----------------------------------------------------------------------
def _office_id(running: RunningHost, team: str) -> int:
    with running.db.across_offices().session(read_only=True) as session:
        return session.scalars(select(Office.id).where(Office.team_id == team)).one()


def _choose(running: RunningHost, team: str, chosen: dict[str, str]) -> None:
    with running.db.across_offices().session() as session:
        office = session.scalars(select(Office).where(Office.team_id == team)).one()
        office.settings = chosen


def _suffolk_as_bot(running: RunningHost, office: int) -> Bot:
    """Suffolk's office as the single-office tests' helpers drive it (tests/bot/...)."""
    with running.db.across_offices().session(read_only=True) as session:
        row = session.get(Office, office)
        assert row is not None
        session.expunge(row)
    return Bot(
        running.host.directory.services_for(row),
        running.slack,
        running.send(SUFFOLK),
        running.server,
        running.host.app,
        running.clock,
        running.listeners,
    )


def _card_ts(running: RunningHost, title: str) -> str:
    posted = running.slack.wait_for(
        "chat.postMessage",
        predicate=lambda c: title in str(c.args) and not c.args.get("thread_ts"),
    )[0].response
    assert posted is not None
    return str(posted["ts"])


def build_world(running: RunningHost) -> World:
    running.install(SUFFOLK)
    suffolk = _office_id(running, "T0001")
    _choose(running, "T0001", {"S55_CHANNEL": CHANNEL, "S55_APPROVERS": SUFFOLK_USER})
    bot = _suffolk_as_bot(running, suffolk)
    # S55-1: logged with the form, items recorded and one answered, both responses in, and
    # the first office-use step confirmed (tests/bot/publication).
    card_ts = ready_to_sign(bot)
    sign_off(bot, card_ts)
    # S55-2: its card, and a reply captured as the CC's draft, with its receipt.
    bot.command("add Custody services | 30 April 2024")
    draft_card_ts = _card_ts(running, "Custody services")
    reply_ts = say(bot, draft_card_ts, CC_TEXT)
    receipt(bot, draft_card_ts)
    # S55-3: items pasted and proposed, their review opened and not yet recorded.
    bot.command("add Police race action plan | 30 April 2024")
    third_ts = _card_ts(running, "race action")
    bot.command("none S55-3 findings")
    proposal = paste_items_to(bot, 3, third_ts)
    review(bot, proposal)
    confirm_count = len(items(bot))
    assert confirm_count >= 1
    running.install(NORFOLK)
    norfolk = _office_id(running, "T0002")
    _choose(
        running,
        "T0002",
        {"S55_CHANNEL": NORFOLK_CHANNEL, "S55_APPROVERS": ACTOR, "S55_RESPONSE_EDITORS": ACTOR},
    )
    assert "S55-1" in running.command(NORFOLK, "add Vetting | 30 April 2024", user=ACTOR)["text"]
    running.listeners.settle()
    db = running.db.across_offices()
    with db.session(read_only=True) as session:

        def of(office: int, column: Any) -> list[Any]:
            model = column.class_
            return list(
                session.scalars(
                    select(column).where(model.office_id == office).order_by(model.id)
                ).all()
            )

        drafts = [
            (row.id, row.version)
            for row in session.scalars(
                select(ResponseDraft).where(ResponseDraft.office_id == suffolk)
            ).all()
        ]
        world = World(
            running=running,
            suffolk=suffolk,
            norfolk=norfolk,
            card_ts=card_ts,
            draft_card_ts=draft_card_ts,
            reply_ts=reply_ts,
            inspections=of(suffolk, Inspection.id),
            numbers=of(suffolk, Inspection.number),
            norfolk_numbers=of(norfolk, Inspection.number),
            drafts=drafts,
            draft_messages=of(suffolk, DraftMessage.id),
            items=of(suffolk, ReportItem.id),
            reviews=of(suffolk, ItemReview.id),
            steps=sorted(set(of(suffolk, StepConfirmation.step))),
            norfolk_inspection=of(norfolk, Inspection.id)[0],
        )
    assert world.drafts and world.items and world.reviews and world.steps, world
    return world


def paste_items_to(bot: Bot, number: int, card_ts: str) -> dict[str, Any]:
    reply = bot.command(f"recs S55-{number}")[-1]["text"]
    assert "thread" in reply
    say(bot, card_ts, AS_RESPONDED, user="U0OFFICER")
    return receipt(bot, card_ts)


@pytest.fixture(scope="module", params=BACKENDS)
def world(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    migrated_sqlite_at: Callable[[Path], Database],
) -> Iterator[World]:
    if request.param == "sqlite":
        db = migrated_sqlite_at(tmp_path_factory.mktemp("isolation") / "s55bot.db")
    else:
        db = request.getfixturevalue("migrated_postgres")
        _empty(db)
    try:
        with serving(db) as running:
            yield build_world(running)
    finally:
        if request.param == "sqlite":
            db.dispose()


# ---- what Norfolk may name ----------------------------------------------------------------
def ids_of(world: World, *kinds: str) -> st.SearchStrategy[int]:
    """Suffolk's IDs of these kinds, any of Suffolk's IDs, and IDs no office has."""
    owned = {
        "inspection": world.inspections,
        "item": world.items,
        "draft": [draft for draft, _ in world.drafts],
        "review": world.reviews,
        "message": world.draft_messages,
    }
    mine = [n for kind in kinds for n in owned[kind]]
    every = sorted({n for ns in owned.values() for n in ns} - {world.norfolk_inspection})
    return st.one_of(
        st.sampled_from(mine),
        st.sampled_from(mine),
        st.sampled_from(every),
        st.integers(1, 10**6).filter(lambda n: n not in _norfolks(world)),
    )


def _norfolks(world: World) -> set[int]:
    """Norfolk's own IDs (named by no example: those would be found, rightly)."""
    found: set[int] = set()
    with world.running.db.across_offices().session(read_only=True) as session:
        for table in office_tables():
            if "id" in table.c:
                found |= set(
                    session.scalars(
                        select(table.c.id).where(table.c.office_id == world.norfolk)
                    ).all()
                )
    return found


# ---- 1. slash sub-commands ----------------------------------------------------------------
# Every sub-command that names an inspection (handlers/commands.py SUBCOMMANDS; they take a
# reference, S55-n, and no internal ID). `list`, `help`, `new`, `add` and `report` name none.
NAMING = (
    "show {ref}",
    "history {ref}",
    "edit {ref}",
    "withdraw {ref} Logged by mistake",
    "export {ref}",
    "export {ref} items",
    "revise {ref} cc",
    "revise {ref} pcc",
    "findings {ref}",
    "recs {ref}",
    "afis {ref}",
    "none {ref} afis",
    "none {ref} recommendations",
)
SPELLINGS = ("S55-{n}", "s55-{n}", "S55{n}")
_NOWHERE_ANSWERS: dict[tuple[str, ...], list[tuple[str, str]]] = {}


def command(world: World, text: str) -> tuple[list[Call], Observed]:
    before = world.observe()
    reply = world.from_norfolk().slash_command(text, user_id=ACTOR, channel_id=NORFOLK_CHANNEL)
    assert reply.status == 200, reply.body
    return world.unchanged_since(before, f"/s55 {text}"), before


def references(world: World) -> st.SearchStrategy[int]:
    theirs = [n for n in world.numbers if n not in world.norfolk_numbers]
    beyond = st.integers(1, 10**6).filter(lambda n: n not in world.norfolk_numbers)
    return st.one_of(st.sampled_from(theirs), st.sampled_from(theirs), beyond)


def test_every_sub_command_naming_another_offices_inspection_finds_nothing(world: World) -> None:
    @PROPERTY
    @given(st.sampled_from(NAMING), st.sampled_from(SPELLINGS), references(world))
    @example("show {ref}", "S55-{n}", EXAMPLE_NUMBER)  # named as the answer's own example
    def naming(template: str, spelling: str, n: int) -> None:
        ref = spelling.format(n=n)
        calls, _ = command(world, template.format(ref=ref))
        TALLY.tried += 1
        TALLY.count("command")
        key = (template, spelling)
        if key not in _NOWHERE_ANSWERS:
            nowhere_ref = spelling.format(n=NOWHERE)
            nowhere, _ = command(world, template.format(ref=nowhere_ref))
            _NOWHERE_ANSWERS[key] = said(nowhere, nowhere_ref, f"S55-{NOWHERE}")
        assert said(calls, ref, f"S55-{n}") == _NOWHERE_ANSWERS[key], template
        TALLY.refused += 1

    naming()
    assert TALLY.changed == 0 and TALLY.refused == TALLY.tried, TALLY
    # Norfolk's own S55-1 is found (the commands do find what is the office's own).
    shown, _ = command(world, "show S55-1")
    assert "Vetting" in str([call.args for call in shown])
    listed, _ = command(world, "list all")
    assert "Custody" not in str([c.args for c in listed]) and "Vetting" in str(
        [c.args for c in listed]
    )


# ---- 2. buttons and forms -----------------------------------------------------------------
Build = Callable[[World, int, int], dict[str, Any]]


def _click(
    world: World, action_id: str, value: str, *, in_suffolks_thread: int = 0, block: str = ""
) -> dict[str, Any]:
    """A click as Slack sends it from Norfolk, on a message in Suffolk's channel and card (or
    Norfolk's own channel)."""
    there = in_suffolks_thread % 2 == 0
    return world.from_norfolk().button_click_payload(
        action_id=action_id,
        value=value,
        user_id=ACTOR,
        channel_id=CHANNEL if there else NORFOLK_CHANNEL,
        message_ts=world.card_ts if there else "1714000000.000100",
        block_id=block or "actions",
    )


def _chosen(payload: dict[str, Any], kind: str, value: str) -> dict[str, Any]:
    action = payload["actions"][0]
    action.pop("value", None)
    action.update(
        type=kind, selected_option={"text": {"type": "plain_text", "text": value}, "value": value}
    )
    return payload


def _in_modal(payload: dict[str, Any], metadata: dict[str, Any]) -> dict[str, Any]:
    """A click inside one of our modals: the view (with what it carries) comes with it."""
    payload["container"] = {"type": "view", "view_id": "V0NORFOLK1"}
    payload["view"] = {
        "id": "V0NORFOLK1",
        "type": "modal",
        "hash": "1714000000.abcdef",
        "callback_id": ids.REVIEW_ITEMS_VIEW,
        "private_metadata": json.dumps(metadata),
        "state": {"values": {}},
    }
    return payload


def _snooze(world: World, n: int, x: int, prefix: str, choice: bool) -> dict[str, Any]:
    if choice:
        return _chosen(
            _click(world, ids.SNOOZE_CHOICE, "", in_suffolks_thread=x, block=f"{prefix}{n}"),
            "static_select",
            "7",
        )
    payload = _click(world, ids.SNOOZE_DATE, "", in_suffolks_thread=x, block=f"{prefix}{n}")
    action = payload["actions"][0]
    action.pop("value", None)
    action.update(type="datepicker", selected_date="2024-06-01")
    return payload


def _steps(world: World) -> list[str]:
    from bot.domain.steps import DEFAULT_STEPS

    return sorted({*world.steps, *DEFAULT_STEPS})


def _review_click(action: str) -> Build:
    """A button of the items' Review form: the review is the one its view carries."""

    def build(w: World, n: int, x: int) -> dict[str, Any]:
        return _in_modal(
            _click(w, action, str(1 + x % 3)), {"review": n, "channel": NORFOLK_CHANNEL}
        )

    return build


KINDS = ("cc", "pcc", "findings", "recs", "afis")
ITEM_KINDS = ("recommendation", "area_for_improvement", "cause_of_concern")

# action ID -> (the kinds of ID it names, how its click is built from (world, id, extra)).
BUTTONS: dict[str, tuple[tuple[str, ...], Build]] = {
    ids.USE_DRAFT: (("draft",), lambda w, n, x: _click(w, ids.USE_DRAFT, f"{n}:{x % 5}")),
    ids.START_AGAIN: (("draft",), lambda w, n, x: _click(w, ids.START_AGAIN, f"{n}:{x % 5}")),
    ids.REVIEW_DRAFT: (("draft",), lambda w, n, x: _click(w, ids.REVIEW_DRAFT, f"{n}:{x % 5}")),
    ids.REVIEW_ITEMS: (("draft",), lambda w, n, x: _click(w, ids.REVIEW_ITEMS, f"{n}:{x % 5}")),
    ids.REPLACE_RESPONSE: (
        ("inspection",),
        lambda w, n, x: _click(
            w, ids.REPLACE_RESPONSE, f"{n}:{KINDS[x % 2]}", in_suffolks_thread=x
        ),
    ),
    ids.SECTION_NONE: (
        ("inspection",),
        lambda w, n, x: _click(
            w, ids.SECTION_NONE, f"{n}:{KINDS[2 + x % 3]}", in_suffolks_thread=x
        ),
    ),
    ids.CONFIRM_STEP: (
        ("inspection",),
        lambda w, n, x: _click(
            w, ids.CONFIRM_STEP, f"{n}|{_steps(w)[x % len(_steps(w))]}", in_suffolks_thread=x
        ),
    ),
    ids.UNDO_STEP: (
        ("inspection",),
        lambda w, n, x: _click(
            w, ids.UNDO_STEP, f"{n}|{_steps(w)[x % len(_steps(w))]}", in_suffolks_thread=x
        ),
    ),
    ids.LIST_EXTENT_BUTTON: (
        ("inspection",),
        lambda w, n, x: _click(
            w,
            ids.LIST_EXTENT_BUTTON,
            f"{n}:{ITEM_KINDS[x % 3]}:{('complete', 'partial')[x % 2]}",
            in_suffolks_thread=x,
        ),
    ),
    ids.CARD_MENU: (
        ("inspection",),
        lambda w, n, x: _chosen(
            _click(w, ids.CARD_MENU, "", in_suffolks_thread=x),
            "overflow",
            (f"edit:{n}", f"withdraw:{n}", f"ask:{KINDS[x % 5]}:{n}")[x % 3],
        ),
    ),
    ids.NOT_REQUIRED: (
        ("inspection",),
        lambda w, n, x: _click(w, ids.NOT_REQUIRED, str(n), in_suffolks_thread=x),
    ),
    ids.ASK_FOR_ITEMS: (
        ("inspection",),
        lambda w, n, x: _click(w, ids.ASK_FOR_ITEMS, str(n), in_suffolks_thread=x),
    ),
    ids.RESUME_NUDGES: (
        ("inspection",),
        lambda w, n, x: _click(w, ids.RESUME_NUDGES, str(n), in_suffolks_thread=x),
    ),
    ids.ANSWER_ITEM: (
        ("item",),
        lambda w, n, x: _click(w, ids.ANSWER_ITEM, str(n), in_suffolks_thread=x),
    ),
    ids.UPDATE_PROGRESS: (
        ("item",),
        lambda w, n, x: _click(w, ids.UPDATE_PROGRESS, str(n), in_suffolks_thread=x),
    ),
    ids.RESUME_ITEM_NUDGES: (
        ("item",),
        lambda w, n, x: _click(w, ids.RESUME_ITEM_NUDGES, str(n), in_suffolks_thread=x),
    ),
    ids.SNOOZE_CHOICE: (
        ("inspection", "item"),
        lambda w, n, x: _snooze(
            w, n, x, (ids.SNOOZE_BLOCK_PREFIX, ids.ITEM_SNOOZE_BLOCK_PREFIX)[x % 2], True
        ),
    ),
    ids.SNOOZE_DATE: (
        ("inspection", "item"),
        lambda w, n, x: _snooze(
            w, n, x, (ids.SNOOZE_BLOCK_PREFIX, ids.ITEM_SNOOZE_BLOCK_PREFIX)[x % 2], False
        ),
    ),
    **{
        action: (("review",), _review_click(action))
        for action in (
            ids.REVIEW_EDIT,
            ids.REVIEW_SPLIT,
            ids.REVIEW_JOIN,
            ids.REVIEW_ADD,
            ids.REVIEW_PAGE_PREVIOUS,
            ids.REVIEW_PAGE_NEXT,
        )
    },
    ids.ANSWER_RESPONSE_INPUT: (
        ("item",),
        lambda w, n, x: _in_modal(
            _chosen(_click(w, ids.ANSWER_RESPONSE_INPUT, ""), "static_select", "accepted"),
            {"item": n, "channel": NORFOLK_CHANNEL, "published": "2024-04-30"},
        ),
    ),
}
# Buttons that carry no ID of any office: acknowledged and nothing more (DIRECTED_AT_SELECT,
# LIST_EXTENT_INPUT, INCLUDE_PART: choices inside a form, read when it is submitted), and the
# Home tab's POST_REPORT (a year: the report of the office whose Home it is).
CARRY_NO_ID = {ids.DIRECTED_AT_SELECT, ids.LIST_EXTENT_INPUT, ids.INCLUDE_PART, ids.POST_REPORT}


def test_every_button_with_a_value_is_in_the_isolation_suite() -> None:
    assert set(VALUES) - CARRY_NO_ID <= set(BUTTONS)


REASON = {ids.REASON_BLOCK: {ids.REASON_INPUT: "Norfolk says so"}}
ANSWER = {
    ids.ANSWER_RESPONSE_BLOCK: {
        ids.ANSWER_RESPONSE_INPUT: {
            "type": "static_select",
            "selected_option": {"value": "accepted"},
        }
    },
    ids.ANSWER_ACTION_BLOCK: {ids.ANSWER_ACTION_INPUT: "We already comply."},
    ids.ANSWER_OWNER_BLOCK: {ids.ANSWER_OWNER_INPUT: "Head of Professional Standards"},
    ids.ANSWER_TARGET_BLOCK: {
        ids.ANSWER_TARGET_INPUT: {"type": "datepicker", "selected_date": "2024-06-30"}
    },
}
UPDATE = {
    ids.PROGRESS_STATUS_BLOCK: {
        ids.PROGRESS_STATUS_INPUT: {
            "type": "static_select",
            "selected_option": {"value": "in_progress"},
        }
    },
    ids.PROGRESS_NOTE_BLOCK: {
        ids.PROGRESS_NOTE_INPUT: {"type": "plain_text_input", "value": "Started."}
    },
    ids.PROGRESS_TARGET_BLOCK: {
        ids.PROGRESS_TARGET_INPUT: {"type": "datepicker", "selected_date": None}
    },
}
ITEM = {
    ids.ITEM_KIND_BLOCK: {
        ids.ITEM_KIND_INPUT: {
            "type": "static_select",
            "selected_option": {"value": "recommendation"},
        }
    },
    ids.ITEM_NUMBER_BLOCK: {ids.ITEM_NUMBER_INPUT: "9"},
    ids.ITEM_TEXT_BLOCK: {ids.ITEM_TEXT_INPUT: "Norfolk's words for Suffolk's item."},
    ids.ITEM_DIRECTED_BLOCK: {ids.ITEM_DIRECTED_INPUT: "Chief constables"},
    ids.ITEM_DUE_BLOCK: {ids.ITEM_DUE_INPUT: {"type": "datepicker", "selected_date": None}},
}
SPLIT = {
    ids.SPLIT_FIRST_BLOCK: {ids.SPLIT_FIRST_INPUT: "The first part."},
    ids.ITEM_TEXT_BLOCK: {ids.ITEM_TEXT_INPUT: "The second part."},
}
FormBuild = Callable[[World, int, int], tuple[dict[str, Any], dict[str, Any]]]


def _parts(w: World) -> dict[str, Any]:
    return {
        f"{ids.PART_BLOCK_PREFIX}{m}": {
            ids.INCLUDE_PART: {"type": "checkboxes", "selected_options": [{"value": "include"}]}
        }
        for m in w.draft_messages
    }


def _pushed(n: int, x: int) -> dict[str, Any]:
    return {"review": n, "item": 1 + x % 3, "parent": "V0NORFOLK1", "channel": NORFOLK_CHANNEL}


# callback ID -> (the kinds of ID its metadata names, (values, metadata) from (world, id, extra)).
FORMS: dict[str, tuple[tuple[str, ...], FormBuild]] = {
    ids.EDIT_INSPECTION_VIEW: (
        ("inspection",),
        lambda w, n, x: (form(), {"inspection": n, "channel": NORFOLK_CHANNEL}),
    ),
    ids.WITHDRAW_VIEW: (
        ("inspection",),
        lambda w, n, x: (REASON, {"inspection": n, "channel": NORFOLK_CHANNEL}),
    ),
    ids.UNDO_STEP_VIEW: (
        ("inspection",),
        lambda w, n, x: (REASON, {"inspection": n, "step": _steps(w)[x % len(_steps(w))]}),
    ),
    ids.NOT_REQUIRED_VIEW: (("inspection",), lambda w, n, x: (REASON, {"inspection": n})),
    ids.REVIEW_DRAFT_VIEW: (
        ("draft",),
        lambda w, n, x: (_parts(w), {"draft": n, "version": x % 5, "channel": NORFOLK_CHANNEL}),
    ),
    ids.REVIEW_ITEMS_VIEW: (
        ("review",),
        lambda w, n, x: ({}, {"review": n, "channel": NORFOLK_CHANNEL}),
    ),
    ids.ITEM_EDIT_VIEW: (("review",), lambda w, n, x: (ITEM, _pushed(n, x))),
    ids.ITEM_ADD_VIEW: (("review",), lambda w, n, x: (ITEM, _pushed(n, x))),
    ids.ITEM_SPLIT_VIEW: (("review",), lambda w, n, x: (SPLIT, _pushed(n, x))),
    ids.ANSWER_ITEM_VIEW: (
        ("item",),
        lambda w, n, x: (
            ANSWER,
            {"item": n, "channel": NORFOLK_CHANNEL, "published": "2024-04-30"},
        ),
    ),
    ids.UPDATE_PROGRESS_VIEW: (
        ("item",),
        lambda w, n, x: (
            UPDATE,
            {
                "item": n,
                "channel": NORFOLK_CHANNEL,
                "published": "2024-04-30",
                "status": "accepted",
                "target": "2024-06-30",
                "last_note": None,
            },
        ),
    ),
}
# NEW_INSPECTION_VIEW names nothing that exists: it makes a new inspection, the office's own.
# Forms that name no record: a new inspection is the sender's office's; the settings form
# writes the sender's office's own settings (tests/bot/home/test_office_settings.py, on a host).
NAMES_NOTHING = {ids.NEW_INSPECTION_VIEW, ids.SETTINGS_VIEW}


def test_every_form_is_in_the_isolation_suite() -> None:
    callbacks = {
        value
        for name, value in vars(ids).items()
        if name.endswith("_VIEW") and isinstance(value, str)
    }
    assert callbacks - NAMES_NOTHING == set(FORMS)


def _send(world: World, payload: dict[str, Any]) -> None:
    reply = world.from_norfolk()._post_payload(payload)
    assert reply.status == 200, reply.body


def _form_payload(world: World, callback: str, n: int, x: int) -> dict[str, Any]:
    values, metadata = FORMS[callback][1](world, n, x)
    return world.from_norfolk().submit_view_payload(
        callback_id=callback,
        values=values,
        user_id=ACTOR,
        private_metadata=json.dumps(metadata),
        view_id=f"V0NORFOLK{x % 7}",
    )


_NOWHERE_CLICKS: dict[tuple[str, int], list[tuple[str, str]]] = {}


def _tried(
    world: World, kind: str, key: tuple[str, int], n: int, send: Callable[[int], None]
) -> None:
    before = world.observe()
    send(n)
    calls = world.unchanged_since(before, f"{key} naming {n}")
    TALLY.tried += 1
    TALLY.count(kind)
    if key not in _NOWHERE_CLICKS:
        before = world.observe()
        send(NOWHERE)
        _NOWHERE_CLICKS[key] = said(world.unchanged_since(before, f"{key}"), str(NOWHERE))
    assert said(calls, str(n)) == _NOWHERE_CLICKS[key], key
    TALLY.refused += 1


def test_every_button_naming_another_offices_objects_finds_nothing(world: World) -> None:
    @PROPERTY
    @given(st.data(), st.sampled_from(sorted(BUTTONS)), st.integers(0, 5))
    def clicking(data: st.DataObject, action: str, x: int) -> None:
        kinds, build = BUTTONS[action]
        n = data.draw(ids_of(world, *kinds))
        _tried(world, "button", (action, x), n, lambda m: _send(world, build(world, m, x)))

    clicking()
    assert TALLY.changed == 0 and TALLY.refused == TALLY.tried, TALLY


def test_every_form_naming_another_offices_objects_finds_nothing(world: World) -> None:
    @PROPERTY
    @given(st.data(), st.sampled_from(sorted(FORMS)), st.integers(0, 5))
    def submitting(data: st.DataObject, callback: str, x: int) -> None:
        kinds, _ = FORMS[callback]
        n = data.draw(ids_of(world, *kinds))
        _tried(
            world,
            "form",
            (callback, x),
            n,
            lambda m: _send(world, _form_payload(world, callback, m, x)),
        )

    submitting()
    assert TALLY.changed == 0 and TALLY.refused == TALLY.tried, TALLY


# ---- 3. events ----------------------------------------------------------------------------
# A message's ts names it only within its channel and workspace: Norfolk's own card may have
# Suffolk's card's ts, so replies, edits and deletions name Suffolk's channel with Suffolk's ts.
EVENT_KINDS = (
    "reply_on_card",
    "reply_on_draft_card",
    "reply_on_captured_reply",
    "message_changed",
    "message_deleted",
    "member_joined_channel",
    "app_home_opened",
)


def _event(world: World, kind: str, ts: str, channel: str) -> None:
    send = world.from_norfolk()
    if kind == "app_home_opened":
        user = ACTOR if channel == NORFOLK_CHANNEL else SUFFOLK_USER
        assert send.app_home_opened(user_id=user, view=None).status == 200
        return
    fresh = world.slack.workspace_for("T0002").next_ts()
    inner: dict[str, Any]
    if kind.startswith("reply"):
        inner = send.message_event(
            user_id=ACTOR, channel_id=channel, text=CC_TEXT, ts=fresh, thread_ts=ts
        )
    elif kind == "message_changed":
        inner = events.edited(channel, ts, world.draft_card_ts, "Norfolk's words instead.")
    elif kind == "message_deleted":
        inner = events.deleted(channel, ts, world.draft_card_ts)
    else:
        inner = events.bot_joined(channel, bot_user=NORFOLK.bot_user_id, inviter=ACTOR)
        inner["team"] = "T0002"
    assert send.event(inner).status == 200


def test_every_event_naming_another_offices_channel_and_messages_changes_nothing(
    world: World,
) -> None:
    suffolks = {
        "reply_on_card": world.card_ts,
        "reply_on_draft_card": world.draft_card_ts,
        "reply_on_captured_reply": world.reply_ts,
        "message_changed": world.reply_ts,
        "message_deleted": world.reply_ts,
        "member_joined_channel": "",
        "app_home_opened": "",
    }

    @PROPERTY
    @given(st.sampled_from(EVENT_KINDS), st.booleans())
    def delivering(kind: str, in_suffolks_channel: bool) -> None:
        channel = CHANNEL if in_suffolks_channel or suffolks[kind] else NORFOLK_CHANNEL
        before = world.observe()
        _event(world, kind, suffolks[kind], channel)
        calls = world.unchanged_since(before, kind)
        TALLY.tried += 1
        TALLY.count("event")
        if suffolks[kind]:  # the same event naming a message that exists nowhere
            before = world.observe()
            _event(world, kind, "1700000001.000001", channel)
            assert said(calls) == said(world.unchanged_since(before, kind)), kind
        TALLY.refused += 1

    delivering()
    assert TALLY.changed == 0 and TALLY.refused == TALLY.tried, TALLY


# ---- 4. reminders -------------------------------------------------------------------------
def test_one_offices_revoked_token_never_stops_anothers_reminders(database: Database) -> None:
    with serving(database) as running:
        for office, title in ((SUFFOLK, "Custody services"), (NORFOLK, "Vetting")):
            running.install(office)
            running.set_channel(office)
            running.command(office, f"add {title} | 30 April 2024")
        running.slack.revoke_tokens("T0001")  # Suffolk's token no longer works
        assert running.slack.live_tokens("T0001") == []
        running.host.scheduler.serve_every_office(wait=True)
        running.listeners.settle()
        digests = [
            call
            for call in running.slack.calls_to("chat.postMessage")
            if str(call.args.get("text", "")).startswith("Section 55 deadlines:")
        ]
        delivered = [call for call in digests if call.outcome == "ok"]
        assert [call.args["channel"] for call in delivered] == [CHANNELS["T0002"]]
        assert "Vetting" in str(delivered[0].args) and "Custody" not in str(delivered[0].args)
        token = delivered[0].headers["Authorization"].split()[-1]
        assert token in running.slack.live_tokens("T0002")
