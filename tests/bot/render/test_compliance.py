"""The compliance report's summary message and the Home tab's year so far: pure functions of
a ComplianceReport, within Slack's limits whatever the year holds."""

from __future__ import annotations

from datetime import date, timedelta

from bot import ids
from bot.domain.actions import ActionStatus, Rag
from bot.domain.compliance import ActionLine, ComplianceReport, InspectionLine, Period
from bot.domain.deadlines import DeadlineRule
from bot.render import as_dicts
from bot.render.compliance import report_message, year_so_far_blocks

YEAR = Period(date(2024, 1, 1), date(2024, 12, 31), "2024")
AS_OF = date(2025, 1, 15)


def inspection(n: int, *, days: int | None, state: str = "complete") -> InspectionLine:
    """Published on the n-th of March; ``days`` after publication it was responded to."""
    published = date(2024, 3, n)
    return InspectionLine(
        reference=f"S55-{n}",
        title=f"Inspection {n}",
        published=published,
        deadline=published + timedelta(days=55),
        responded=None if days is None else published + timedelta(days=days),
        state=state,
    )


def action(n: int, status: ActionStatus, rag: Rag, *, target: date | None) -> ActionLine:
    return ActionLine(
        reference="S55-1",
        label=f"Recommendation {n}",
        kind="recommendation",
        text="Do better.",
        owner="Head of Professional Standards",
        target=target,
        status=status,
        rag=rag,
    )


def report(
    inspections: list[InspectionLine], actions: list[ActionLine], **changes: object
) -> ComplianceReport:
    fields = dict(
        period=YEAR,
        as_of=AS_OF,
        office_rule=DeadlineRule.STATUTORY,
        inspections=tuple(inspections),
        actions=tuple(actions),
    )
    fields.update(changes)
    return ComplianceReport(**fields)


def texts(blocks: list[dict]) -> str:
    found = []
    for block in blocks:
        for part in [block.get("text"), *block.get("fields", []), *block.get("elements", [])]:
            if isinstance(part, dict) and "text" in part:
                found.append(part["text"] if isinstance(part["text"], str) else "")
    return "\n".join(found)


A_YEAR = report(
    [
        inspection(1, days=40),
        inspection(2, days=55),  # on the deadline day: on time
        inspection(3, days=60),  # 5 days late
        inspection(5, days=None, state="no response required"),
    ],
    [
        action(1, ActionStatus.IN_PROGRESS, Rag.RED, target=date(2024, 12, 1)),
        action(2, ActionStatus.NOT_STARTED, Rag.AMBER, target=None),
        action(3, ActionStatus.COMPLETE, Rag.GREEN, target=date(2024, 6, 1)),
    ],
    awaiting_answer=2,
)


def test_the_summary_says_the_rate_the_rule_the_median_the_late_and_the_overdue() -> None:
    fallback, blocks = report_message(A_YEAR, actor="U0ASKER01")
    shown = texts(as_dicts(blocks))

    assert fallback == ("Section 55 compliance report 2024: on time 2 of 3, 1 action overdue.")
    assert blocks[0].text.text == "Section 55 compliance report: 2024"
    assert (
        "Mon 1 Jan 2024 to Tue 31 Dec 2024 · figures as of Wed 15 Jan 2025 · "
        "asked for by <@U0ASKER01>"
    ) in shown
    assert "*On time:* 2 of 3 (67%)" in shown
    assert (
        "On time means the response was published on or before the statutory deadline, the last "
        "day of the 56 days beginning with the report's publication (s.55(5A)). The office's own "
        "countdown uses the same deadline."
    ) in shown
    assert "*Median days to publish:* 55 days" in shown
    assert "Not counted: 1 no response required." in shown
    assert "*Late (1)*\n• *S55-3* Inspection 3: 5 days late" in shown
    assert "Not started: 1\nIn progress: 1\nComplete: 1\nClosed — no further action: 0" in shown
    assert ":red_circle: Red: 1\n:large_orange_circle: Amber: 1\n:large_green_circle: Green: 1" in (
        shown
    )
    assert "2 more recommendations and AFIs await their answers." in shown
    assert (
        "*Overdue actions (1)*\n• *S55-1* Recommendation 1: Head of Professional Standards, "
        "target Sun 1 Dec 2024"
    ) in shown


def test_an_office_counting_to_plus_56_is_told_the_rate_still_uses_the_statutory_day() -> None:
    _fallback, blocks = report_message(
        report([inspection(1, days=56)], [], office_rule=DeadlineRule.PLUS56), actor="U0A"
    )
    shown = texts(as_dicts(blocks))
    assert "*On time:* 0 of 1 (0%)" in shown
    assert "countdown uses publication date + 56 days (S55_DEADLINE_RULE)." in shown
    assert "*Late (1)*\n• *S55-1* Inspection 1: 1 day late" in shown


def test_a_year_with_nothing_due_says_so_rather_than_nought_of_nought() -> None:
    open_one = inspection(1, days=None, state="awaiting CC response")
    fallback, blocks = report_message(report([open_one], [], as_of=date(2024, 3, 10)), actor="U0A")
    shown = texts(as_dicts(blocks))
    assert fallback == (
        "Section 55 compliance report 2024: none published or past its deadline yet, "
        "no actions overdue."
    )
    assert "*On time:* no response in this period was due by Sun 10 Mar 2024." in shown
    assert "*Median days to publish:* none published yet" in shown
    assert "Not counted: 1 not yet due." in shown
    assert "*Late:* none" in shown and "*Overdue actions:* none" in shown


def test_one_still_unpublished_after_its_deadline_is_named_late_with_its_deadline() -> None:
    _fallback, blocks = report_message(
        report([inspection(1, days=None, state="awaiting PCC response")], []), actor="U0A"
    )
    # due Thu 25 Apr 2024; the report's day is Wed 15 Jan 2025
    assert "• *S55-1* Inspection 1: 265 days late, still not published" in texts(as_dicts(blocks))


def test_typed_text_never_pings_and_a_huge_year_stays_within_slacks_limits() -> None:
    hostile = "<!channel> & <@U0BOSS> " + "very long words " * 40
    late = [
        InspectionLine(
            reference=f"S55-{n}",
            title=hostile,
            published=date(2024, 1, 1),
            deadline=date(2024, 2, 25),
            responded=None,
            state="awaiting PCC response",
        )
        for n in range(1, 400)
    ]
    overdue = [
        ActionLine(
            reference="S55-1",
            label=f"Recommendation {n}",
            kind="recommendation",
            text="",
            owner=hostile,
            target=date(2024, 6, 1),
            status=ActionStatus.IN_PROGRESS,
            rag=Rag.RED,
        )
        for n in range(1, 400)
    ]
    _fallback, blocks = report_message(report(late, overdue, notes=(hostile,) * 9), actor="U0A")
    dicts = as_dicts(blocks)  # slack_sdk's models refuse anything over Slack's limits
    shown = texts(dicts)

    assert len(dicts) <= 50
    assert "<!channel>" not in shown and "<@U0BOSS>" not in shown
    assert "&lt;!channel&gt; &amp; &lt;@U0BOSS&gt;" in shown
    assert "*Late (399)*" in shown and "…and 387 more, named in the report's files" in shown
    assert "*Overdue actions (399)*" in shown
    assert all(len(block.get("text", {}).get("text", "")) <= 3000 for block in dicts)


def test_the_home_line_and_its_button_post_this_years_report() -> None:
    line, actions = as_dicts(year_so_far_blocks(A_YEAR.figures))
    assert line["block_id"] == ids.HOME_YEAR_BLOCK
    assert line["text"]["text"] == "*The year so far:* on time 2 of 3 · 1 action overdue"
    [button] = actions["elements"]
    assert (button["action_id"], button["value"]) == (ids.POST_REPORT, "2024")
    assert button["text"]["text"] == "Post the 2024 report"


def test_the_home_line_early_in_the_year() -> None:
    line, _actions = as_dicts(year_so_far_blocks(report([], []).figures))
    assert line["text"]["text"] == (
        "*The year so far:* none published or past its deadline yet · no actions overdue"
    )
