"""A hand-made compliance report for 2024, read on 20 November 2024 (the charts' and documents'
specifications use it until the fixture year built through storage is merged).

Twelve inspections: eight published on time (S55-2 on the deadline day), S55-3 published four
days late, S55-10 still open past its deadline (late too), S55-12 open and not yet due, and S55-7
needing no response (not counted); S55-5, withdrawn, is in no report (storage leaves it out).
Counted 10, on time 8, late 2.
Days to publish: 45, 55, 59, 36, 49, 27, 49, 52, 27 → median 49.
Nine actions in every status and every RAG; two overdue (S55-1 AFI 1, S55-9 Recommendation 3).
"""

from __future__ import annotations

from datetime import date, timedelta

from bot.domain.actions import ActionStatus, Rag
from bot.domain.compliance import ActionLine, ComplianceReport, InspectionLine, Period
from bot.domain.deadlines import DeadlineRule

NS, IP, DONE, CLOSED = (
    ActionStatus.NOT_STARTED,
    ActionStatus.IN_PROGRESS,
    ActionStatus.COMPLETE,
    ActionStatus.CLOSED,
)
AS_OF = date(2024, 11, 20)
TRICKY_TITLE = "Stop & search: <b>disproportionality</b> in 2024"


def line(
    number: int, published: date, responded: date | None, state: str, title: str = ""
) -> InspectionLine:
    return InspectionLine(
        reference=f"S55-{number}",
        title=title or f"Inspection number {number}",
        published=published,
        deadline=published + timedelta(days=55),
        responded=responded,
        state=state,
    )


INSPECTIONS = (
    line(
        1,
        date(2024, 1, 16),
        date(2024, 3, 1),
        "complete",
        "PEEL 2023\u201325: Norfolk Constabulary",
    ),
    line(2, date(2024, 2, 6), date(2024, 4, 1), "complete"),
    line(3, date(2024, 2, 20), date(2024, 4, 19), "complete", "Race and policing"),
    line(4, date(2024, 3, 5), date(2024, 4, 10), "complete"),
    line(6, date(2024, 4, 9), date(2024, 5, 28), "complete", TRICKY_TITLE),
    line(7, date(2024, 5, 14), None, "no response required"),
    line(8, date(2024, 6, 4), date(2024, 7, 1), "complete"),
    line(9, date(2024, 7, 2), date(2024, 8, 20), "complete"),
    line(10, date(2024, 8, 1), None, "awaiting PCC response", "Custody services"),
    line(11, date(2024, 9, 10), date(2024, 11, 1), "complete"),
    line(12, date(2024, 10, 15), None, "awaiting CC response"),
    line(13, date(2024, 10, 22), date(2024, 11, 18), "complete"),
)


def action(
    reference: str,
    label: str,
    target: date | None,
    rag: Rag,
    *history: tuple[date, ActionStatus],
    owner: str = "Head of Performance",
    text: str = "Make sure the force tells the NCA the outcome of each investigation.",
) -> ActionLine:
    return ActionLine(
        reference=reference,
        label=label,
        kind="afi" if label.startswith("AFI") else "recommendation",
        text=text,
        owner=owner,
        target=target,
        status=history[-1][1],
        rag=rag,
        history=tuple(history),
    )


ACTIONS = (
    action(
        "S55-1",
        "Recommendation 1",
        date(2024, 6, 30),
        Rag.GREEN,
        (date(2024, 3, 1), NS),
        (date(2024, 4, 10), IP),
        (date(2024, 6, 20), DONE),
    ),
    action(
        "S55-1",
        "AFI 1",
        date(2024, 9, 30),
        Rag.RED,
        (date(2024, 3, 1), NS),
        (date(2024, 5, 2), IP),
        owner="Chief Inspector <Jo> Bloggs",
    ),
    action("S55-3", "Recommendation 1", None, Rag.GREEN, (date(2024, 4, 19), CLOSED)),
    action("S55-4", "Recommendation 2", date(2024, 12, 1), Rag.AMBER, (date(2024, 4, 10), NS)),
    action("S55-6", "AFI 2", None, Rag.AMBER, (date(2024, 5, 28), IP)),
    action("S55-8", "Recommendation 1", date(2025, 3, 31), Rag.GREEN, (date(2024, 7, 1), NS)),
    action(
        "S55-9",
        "Recommendation 3",
        date(2024, 10, 31),
        Rag.RED,
        (date(2024, 8, 20), NS),
        owner="Director of Intelligence",
    ),
    action("S55-11", "AFI 1", None, Rag.GREEN, (date(2024, 11, 1), DONE)),
    action(
        "S55-13",
        "Recommendation 1",
        date(2025, 6, 30),
        Rag.GREEN,
        (date(2024, 11, 18), NS),
        (date(2024, 11, 19), IP),
    ),
)


def sample_report(**changes: object) -> ComplianceReport:
    report = ComplianceReport(
        period=Period(date(2024, 1, 1), date(2024, 12, 31), "2024"),
        as_of=AS_OF,
        office_rule=DeadlineRule.PLUS56,
        inspections=INSPECTIONS,
        actions=ACTIONS,
        awaiting_answer=2,
        area="Norfolk",
    )
    return report if not changes else _replace(report, changes)


def _replace(report: ComplianceReport, changes: dict[str, object]) -> ComplianceReport:
    import dataclasses

    return dataclasses.replace(report, **changes)  # type: ignore[arg-type]
