"""The fixture year: the inspections an office published in 2024, with their items and the
progress recorded since, built through the real logging function and storage; and the report's
figures for it, counted by hand (see the comments), judged on AS_OF.

The office counts down to "published + 56 days" (OFFICE_RULE): S55-4 was published on the
56th day, on time by the office's countdown and one day late by the Act's, which the report
judges against. Progress is stored as the Update form stores it (storage.items.add_progress),
on the day each update was recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from bot.domain.deadlines import DeadlineRule
from bot.domain.inspection import InspectionDraft
from bot.domain.steps import DEFAULT_STEPS
from bot.inspections.records import log_inspection
from storage import items as item_store
from storage.db import Database
from storage.items import ItemFacts
from storage.models import Inspection, ReportItem, StepConfirmation

AS_OF = date(2025, 1, 31)
OFFICE_RULE = DeadlineRule.PLUS56
CC_DAYS = 21
APPROVER = "U0APPROVER"
OFFICER = "U0OFFICER1"
PUBLISHING = DEFAULT_STEPS[3]  # "Response published on the OPCC website"


@dataclass(frozen=True)
class Item:
    kind: str  # recommendation, afi
    number: str
    directed_at: str  # force, chief_constable, all_chief_constables, pcc, others
    answer: tuple[str, str, date | None] | None = None  # response, owner, target date
    progress: tuple[tuple[date, str, date | None], ...] = ()  # day, status, revised target
    removed: bool = False


@dataclass(frozen=True)
class Logged:
    title: str
    published: date
    state: str
    days_to_publish: int | None = None  # the publishing step's local day - published
    steps_done: int = 0  # of DEFAULT_STEPS, confirmed in order on the publishing day
    items: tuple[Item, ...] = field(default_factory=tuple)


def _answered(response: str, owner: str, target: date | None) -> tuple[str, str, date | None]:
    return (response, owner, target)


ALL = len(DEFAULT_STEPS)
# In logging order, so S55-n is the n-th. Deadlines are statutory: published + 55 days.
YEAR: tuple[Logged, ...] = (
    # S55-1: published in 2023, outside the period; its overdue item is not the year's.
    Logged(
        "PEEL 2021/22: An inspection of Norfolk Constabulary",
        date(2023, 12, 12),
        "complete",
        40,
        ALL,
        (Item("recommendation", "1", "force", _answered("accepted", "ACC", date(2024, 6, 30))),),
    ),
    # S55-2: deadline 13 Mar 2024, published 1 Mar (43 days): on time, 12 days early.
    Logged(
        "PEEL 2023\u20132025: An inspection of Norfolk Constabulary",
        date(2024, 1, 18),
        "complete",
        43,
        ALL,
        (
            Item(
                "recommendation",
                "1",
                "force",
                _answered("accepted", "ACC Local Policing", date(2024, 9, 30)),
                (
                    (date(2024, 4, 15), "in_progress", None),
                    (date(2024, 10, 2), "in_progress", date(2025, 6, 30)),
                ),
            ),
            Item(
                "afi",
                "1",
                "force",
                _answered("accepted", "Head of Contact and Control", date(2024, 12, 31)),
                ((date(2024, 5, 1), "in_progress", None),),
            ),
            Item(
                "afi",
                "2",
                "force",
                _answered("accepted", "Head of Professional Standards", date(2024, 8, 31)),
                ((date(2024, 6, 10), "in_progress", None), (date(2024, 8, 20), "complete", None)),
            ),
        ),
    ),
    # S55-3: deadline Mon 1 Apr 2024; the publishing step was pressed at 23:30 UTC on 31 March,
    # 00:30 on 1 April in London (BST): on the day, 0 days early (55 days).
    Logged(
        "An inspection of how well the police tackle serious youth violence",
        date(2024, 2, 6),
        "complete",
        55,
        ALL,
        (
            Item(
                "recommendation",
                "1",
                "chief_constable",
                _answered("partially_accepted", "Supt Safeguarding", date(2025, 2, 10)),
            ),
            Item("recommendation", "2", "others"),
            Item("recommendation", "3", "force", _answered("not_accepted", "", None)),
        ),
    ),
    # S55-4: deadline 24 Jun 2024 (the office's own countdown: 25 June), published 25 June
    # (56 days): one day late.
    Logged(
        "Vetting and anti-corruption part 2: How effective is the National Crime Agency at "
        "dealing with corruption?",
        date(2024, 4, 30),
        "complete",
        56,
        ALL,
        (
            Item(
                "recommendation",
                "1",
                "all_chief_constables",
                _answered("already_complies", "Head of Vetting", None),
            ),
            Item("afi", "1", "force", _answered("accepted", "Head of Vetting", date(2024, 11, 30))),
        ),
    ),
    # S55-5: logged by mistake and withdrawn: in no table or figure of the report.
    Logged(
        "An inspection into activism and impartiality in policing",
        date(2024, 5, 14),
        "withdrawn",
        items=(
            Item("recommendation", "1", "force", _answered("accepted", "ACC", date(2024, 6, 30))),
        ),
    ),
    # S55-6: no response required: listed, not counted; its unanswered item awaits nothing.
    Logged(
        "State of Policing: The Annual Assessment of Policing in England and Wales 2023",
        date(2024, 6, 27),
        "no response required",
        items=(Item("recommendation", "1", "force"),),
    ),
    # S55-7: published on day 45, that step undone the next day and pressed again on day 50:
    # 50 days, on time.
    Logged(
        "An inspection of the police's response to stalking and harassment",
        date(2024, 7, 9),
        "complete",
        50,
        ALL,
        (
            Item(
                "recommendation",
                "1",
                "pcc",
                _answered("accepted", "OPCC Chief Executive", None),
                ((date(2024, 10, 1), "in_progress", None),),
            ),
            Item(
                "recommendation",
                "2",
                "force",
                _answered("accepted", "Head of Public Protection", date(2025, 3, 31)),
                ((date(2024, 10, 1), "in_progress", None), (date(2024, 12, 1), "closed", None)),
            ),
            Item(
                "afi",
                "1",
                "force",
                _answered("accepted", "Head of Public Protection", date(2024, 1, 1)),
                removed=True,
            ),
        ),
    ),
    # S55-8: 30 days, on time.
    Logged(
        "Race and policing: an inspection of race disproportionality in police processes",
        date(2024, 8, 1),
        "complete",
        30,
        ALL,
    ),
    # S55-9: 52 days, on time.
    Logged(
        "An inspection of how well the police tackle violence against women and girls",
        date(2024, 8, 20),
        "complete",
        52,
        ALL,
        (
            Item(
                "afi",
                "1",
                "force",
                _answered("accepted", "DCI VAWG Lead", date(2025, 1, 15)),
                ((date(2024, 11, 20), "in_progress", None),),
            ),
            Item("afi", "2", "force", _answered("accepted", "Head of Crime", date(2025, 1, 31))),
        ),
    ),
    # S55-10: 41 days, on time.
    Logged(
        "Custody services in Norfolk: an unannounced inspection of police custody",
        date(2024, 9, 3),
        "complete",
        41,
        ALL,
    ),
    # S55-11: the publishing step confirmed on day 54, the Monitoring Portal step still to do:
    # published, on time.
    Logged(
        "An inspection of how well the police and other agencies use digital forensics",
        date(2024, 9, 24),
        "publishing",
        54,
        ALL - 1,
    ),
    # S55-12: 47 days, on time.
    Logged(
        "An inspection of the police's contribution to neighbourhood policing",
        date(2024, 10, 8),
        "complete",
        47,
        ALL,
    ),
    # S55-13: deadline 9 Dec 2024 passed, the response still waits for sign-off: late.
    Logged(
        "An inspection of how effectively the police respond to serious and organised crime",
        date(2024, 10, 15),
        "awaiting PCC sign-off",
        items=(
            Item("recommendation", "1", "force"),
            Item(
                "recommendation",
                "2",
                "force",
                _answered("accepted", "ACC Crime", date(2025, 4, 30)),
            ),
        ),
    ),
    # S55-14: deadline 5 Feb 2025, after AS_OF: not yet due.
    Logged(
        "An inspection of the police response to the public disorder in July and August 2024",
        date(2024, 12, 12),
        "awaiting CC response",
        items=(Item("afi", "1", "force"),),
    ),
    # S55-15: published in 2025, outside the period.
    Logged(
        "An inspection of the Metropolitan Police Service's counter-terrorism policing",
        date(2025, 1, 10),
        "awaiting PCC response",
    ),
)


def build_year(db: Database) -> None:
    """Store YEAR: S55-1 … S55-15, each as the office left it on AS_OF."""
    for logged in YEAR:
        stored = log_inspection(
            db,
            draft=InspectionDraft(title=logged.title, published=logged.published),
            actor=OFFICER,
            channel="C0TEAM001",
            rule=OFFICE_RULE,
            cc_days=CC_DAYS,
            now=_at(logged.published, 9),
        )
        with db.session() as session:
            inspection = session.get(Inspection, stored.id)
            inspection.state = logged.state
            _confirm_steps(session, inspection, logged)
            for kind in ("recommendation", "afi"):
                _record_items(session, inspection, logged, kind)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def _confirm_steps(session: Session, inspection: Inspection, logged: Logged) -> None:
    if logged.days_to_publish is None:
        return
    day = logged.published + timedelta(days=logged.days_to_publish)
    at = _at(day, 10)
    if inspection.number == 3:  # 23:30 UTC the day before: 00:30 on ``day`` in London (BST)
        at = _at(day - timedelta(days=1), 23, 30)
    if inspection.number == 7:  # published on day 45, undone on day 46, published again
        first = logged.published + timedelta(days=45)
        session.add(
            StepConfirmation(
                inspection_id=inspection.id,
                step=PUBLISHING,
                confirmed_by=APPROVER,
                confirmed_at=_at(first, 10),
                undone_by=APPROVER,
                undone_at=_at(first + timedelta(days=1), 10),
                undo_reason="the page went up unfinished",
            )
        )
        session.flush()
    for step in DEFAULT_STEPS[: logged.steps_done]:
        session.add(
            StepConfirmation(
                inspection_id=inspection.id, step=step, confirmed_by=APPROVER, confirmed_at=at
            )
        )
    if logged.state == "complete":
        inspection.completed_at = at


def _record_items(session: Session, inspection: Inspection, logged: Logged, kind: str) -> None:
    mine = [item for item in logged.items if item.kind == kind]
    if not mine:
        return
    recorded_at = _at(logged.published, 11)
    facts = [ItemFacts(kind, i.number, _words(logged, i), None, i.directed_at, "") for i in mine]
    item_store.record_items(session, inspection, kind, facts, actor=OFFICER, now=recorded_at)
    stored = {
        row.number: row
        for row in session.query(ReportItem).filter_by(inspection_id=inspection.id, kind=kind)
    }
    for item in mine:
        row = stored[item.number]
        if item.answer:
            response, owner, target = item.answer
            item_store.add_answer(
                session,
                row,
                response=response,
                action=f"The force will act on {kind} {item.number}.",
                owner=owner,
                target_date=target,
                actor=OFFICER,
                now=_at(logged.published + timedelta(days=20), 12),
            )
        for revision, (day, status, target) in enumerate(item.progress, start=1):
            item_store.add_progress(
                session,
                row,
                status=status,
                note=f"Update {revision}",
                target_date=target,
                actor=OFFICER,
                now=_at(day, 14),
            )
    if any(item.removed for item in mine):
        item_store.remove_items(session, inspection.id, kind)


def _words(logged: Logged, item: Item) -> str:
    whom = {
        "force": "Norfolk Constabulary should",
        "chief_constable": "The chief constable should",
        "all_chief_constables": "All chief constables should",
        "pcc": "The police and crime commissioner should",
        "others": "The Home Office should",
    }[item.directed_at]
    return f"{whom} act on {logged.title[:40]} ({item.kind} {item.number})."


# --- The figures, counted by hand from YEAR on AS_OF -------------------------------------------

# Published in 2024: S55-2 … S55-14, but S55-5, withdrawn, which the report leaves out.
WITHDRAWN = "S55-5"
REFERENCES_2024 = tuple(f"S55-{n}" for n in range(2, 15) if n != 5)  # 12 inspections
# Counted: not S55-6 (no response required), S55-14 (not yet due):
# S55-2, 3, 4, 7, 8, 9, 10, 11, 12, 13 = 10.
COUNTED = 10
# On time: S55-2, 3, 7, 8, 9, 10, 11, 12 = 8; late: S55-4 (published a day late), S55-13 (not
# published, its deadline passed).
ON_TIME = 8
LATE = ("S55-4", "S55-13")
NOT_COUNTED = {"no response required": 1, "not yet due": 1}
# Days to publish: 43, 55, 56, 50, 30, 52, 41, 54, 47 → 30 41 43 47 [50] 52 54 55 56.
MEDIAN_DAYS = 50
# Items followed up (answered, needing an answer, of an inspection neither withdrawn nor needing
# no response, not removed): S55-2 R1 A1 A2, S55-3 R1 R3, S55-4 R1 A1, S55-7 R1 R2,
# S55-9 A1 A2, S55-13 R2 = 12.
# not started: S55-3 R1, S55-4 A1, S55-9 A2, S55-13 R2 = 4
# in progress: S55-2 R1, S55-2 A1, S55-7 R1, S55-9 A1 = 4
# complete: S55-2 A2, S55-4 R1 (already complies) = 2
# closed: S55-3 R3 (not accepted), S55-7 R2 (closed by an update) = 2
STATUS_COUNTS = {"not_started": 4, "in_progress": 4, "complete": 2, "closed": 2}
# red (open, target passed): S55-2 A1 (31 Dec), S55-4 A1 (30 Nov), S55-9 A1 (15 Jan) = 3
# amber: S55-3 R1 (10 Feb, within 14 days), S55-7 R1 (no target), S55-9 A2 (31 Jan, the day
# itself) = 3
# green: S55-2 R1 (revised to 30 Jun 2025), S55-2 A2, S55-3 R3, S55-4 R1, S55-7 R2, S55-13 R2 = 6
RAG_COUNTS = {"red": 3, "amber": 3, "green": 6}
# Overdue, in the report's order: (reference, item, owner, target).
OVERDUE = (
    ("S55-2", "AFI 1", "Head of Contact and Control", date(2024, 12, 31)),
    ("S55-4", "AFI 1", "Head of Vetting", date(2024, 11, 30)),
    ("S55-9", "AFI 1", "DCI VAWG Lead", date(2025, 1, 15)),
)
# Needing an answer and unanswered: S55-13 R1, S55-14 A1 (S55-6's is not needed) = 2.
AWAITING_ANSWER = 2
