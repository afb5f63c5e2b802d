"""The reminder log written in bulk: claims, take-overs, marks and releases of thousands of
reminders, each exactly as asked, in one statement each on PostgreSQL (arrays as parameters)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import DataError

from storage.db import Database
from storage.models import Reminder
from storage.reminders import claim_new, mark_sent, release, renew, take_over
from tests.history import statements

NOW = datetime(2024, 5, 2, 9, 30, tzinfo=UTC)
MANY = 1_200  # more than a SQLite chunk (storage.reminders.CHUNK) twice over


def rows(keys: list[str], claimer: str) -> list[dict]:
    return [
        {
            "key": key,
            "inspection_id": None,
            "kind": "nudge",
            "day": date(2024, 5, 2),
            "claimed_at": NOW,
            "claimed_by": claimer,
            "attempts": 0,
        }
        for key in keys
    ]


def test_thousands_of_reminders_are_claimed_marked_and_released_exactly_as_asked(
    database: Database,
) -> None:
    keys = [f"nudge:{n}" for n in range(MANY)]
    covered = {**rows(["nudge:covered"], "covered")[0], "sent_at": NOW, "message_ts": "1.5"}
    with database.session() as session, statements(database) as claims:
        assert claim_new(session, rows(keys[:100], "p1")) == set(keys[:100])
        # Rows setting other columns (a countdown nudge another stood in for) beside the rest.
        assert claim_new(session, [*rows(keys, "p2"), covered]) == {
            *keys[100:],
            "nudge:covered",
        }
    with database.session() as session, statements(database) as updates:
        sent = [
            {"key": key, "sent_at": NOW, "channel_id": "C1", "message_ts": f"1.{n}"}
            for n, key in enumerate(keys)
        ]
        mark_sent(session, sent, claimer="p2")  # only p2's: p1's 100 stay unmarked
        release(session, [{"key": keys[0], "error": "channel_not_found"}], claimer="p1")
        later = NOW + timedelta(minutes=20)
        held = renew(session, keys, claimer="p1", now=later)
        taken = take_over(
            session, keys, claimer="p3", now=later, stale_before=NOW, dead_claimers=["p1"]
        )
    assert held == set(keys[1:100])  # the released one is no longer p1's
    assert taken == set(keys[:100])  # the released one and the dead claimer's, never a sent one
    with database.session(read_only=True) as session:
        stored = {r.key: r for r in session.scalars(select(Reminder))}
    assert len(stored) == MANY + 1
    assert stored[keys[0]].last_error == "channel_not_found" and stored[keys[0]].attempts == 1
    assert all(stored[k].sent_at is None and stored[k].claimed_by == "p3" for k in keys[:100])
    assert [stored[k].message_ts for k in keys[100:]] == [f"1.{n}" for n in range(100, MANY)]
    assert (stored["nudge:covered"].sent_at, stored["nudge:covered"].claimed_by) == (NOW, "covered")
    if database.engine.dialect.name == "postgresql":
        assert len(claims) == 3  # one per set of columns, however many rows
        assert len(updates) == 4


def test_a_value_longer_than_its_column_is_refused_never_stored_cut_short(
    database: Database,
) -> None:
    """PostgreSQL refuses a value too long for its column; an array parameter typed with the
    column's length would instead cut it short without a word (an explicit cast does), and two
    keys alike in their first 200 characters would then be one."""
    claimer = "p" * 150  # claimed_by holds 100
    postgres = database.engine.dialect.name == "postgresql"
    try:
        with database.session() as session:
            claim_new(session, rows(["nudge:1", "nudge:2"], claimer))
        refused = False
    except DataError:
        refused = True
    with database.session(read_only=True) as session:
        stored = session.scalars(select(Reminder.claimed_by)).all()
    assert refused == postgres  # SQLite keeps text whole whatever the declared length
    assert stored == ([] if postgres else [claimer, claimer])

    with database.session() as session:
        claim_new(session, rows(["nudge:3", "nudge:4"], "p1"))
    sent = [
        {"key": k, "sent_at": NOW, "channel_id": "C1", "message_ts": "9" * 60}
        for k in ("nudge:3", "nudge:4")
    ]
    try:
        with database.session() as session:
            mark_sent(session, sent, claimer="p1")  # message_ts holds 40
        refused = False
    except DataError:
        refused = True
    with database.session(read_only=True) as session:
        marked = session.scalars(
            select(Reminder.message_ts).where(Reminder.claimed_by == "p1")
        ).all()
    assert refused == postgres
    assert marked == ([None, None] if postgres else ["9" * 60, "9" * 60])
