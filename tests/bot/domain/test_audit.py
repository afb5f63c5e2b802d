"""Every audit action is a member of one closed set, and every member has words
(bot.domain.audit, bot.copy.AUDIT_DESCRIPTIONS): a new action without them fails here."""

from __future__ import annotations

import ast
from typing import Any

import pytest

from bot import copy
from bot.audit.history import describe
from bot.domain.audit import AuditAction
from tests.paths import REPOSITORY

# What each action's details hold when the bot records it: a row as the flows write it.
RECORDED: dict[AuditAction, dict[str, Any]] = {
    AuditAction.LOGGED: {"title": "Vetting and anti-corruption part 2"},
    AuditAction.EDITED: {"changes": {"link": ["https://a.example", "https://b.example"]}},
    AuditAction.WITHDRAWN: {"reason": "logged twice"},
    AuditAction.CONFIRMED_NONE: {"section": "afis", "items removed": 2},
    AuditAction.RESPONSE_REQUESTED: {"kind": "pcc", "replacing": False, "after": "U0EDITOR1"},
    AuditAction.RESPONSE_REQUEST_WAITING: {"kind": "pcc", "waiting for": "cc"},
    AuditAction.RESPONSE_DRAFTED: {"kind": "cc"},
    AuditAction.DRAFT_REVIEWED: {"kind": "cc", "included": 2, "changed": 1},
    AuditAction.DRAFT_CLEARED: {"kind": "cc"},
    AuditAction.RESPONSE_CONFIRMED: {"kind": "cc", "revision": 1, "words": 812},
    AuditAction.RESPONSE_REVISED: {"kind": "pcc", "revision": 2, "words": 90},
    AuditAction.SECTION_RECORDED: {"section": "findings", "revision": 1},
    AuditAction.ITEMS_RECORDED: {
        "kind": "recommendation",
        "items": 1,
        "added": 1,
        "changed": 0,
        "removed": 0,
    },
    AuditAction.LIST_EXTENT_RECORDED: {"kind": "recommendation", "complete": True},
    AuditAction.ITEM_ANSWERED: {
        "item": "Recommendation 4",
        "revision": 1,
        "response": "accepted",
    },
    AuditAction.PROGRESS_RECORDED: {
        "item": "AFI 1",
        "update": 2,
        "status": "in_progress",
        "target": "2024-09-30",
        "rag": "amber",
    },
    AuditAction.STEP_CONFIRMED: {"step": "PCC response signed off"},
    AuditAction.STEP_UNDONE: {"step": "PCC response signed off", "reason": "wrong file"},
    AuditAction.SIGN_OFF_REOPENED: {
        "what": "the link",
        "steps": ["PCC response signed off"],
        "revision": 9,
    },
    AuditAction.MARKED_NOT_REQUIRED: {"reason": "a national report with no local content"},
    AuditAction.SNOOZED: {"until": "2024-06-10", "asked": "2024-06-10", "overdue": False},
    AuditAction.SNOOZE_ENDED: {"until": "2024-06-10"},
    AuditAction.ITEM_SNOOZED: {"item": "AFI 1", "until": "2024-07-03", "asked": "2024-07-03"},
    AuditAction.ITEM_SNOOZE_ENDED: {"item": "AFI 1", "until": "2024-07-03"},
    AuditAction.REPORT_POSTED: {"period": "2024", "channel": "C0TEAM0001"},
    AuditAction.INSTALLED: {"team": "Norfolk OPCC"},
    AuditAction.UNINSTALLED: {"erase after": "2024-07-31"},
    AuditAction.RECORDS_ERASED: {"rows": 1234},
    AuditAction.SETTING_CHANGED: {
        "setting": "S55_APPROVERS",
        "from": "U0APPROVE",
        "to": "U0APPROVE,S0APPROVE",
    },
}


def test_every_action_has_words_and_every_line_of_words_is_an_action() -> None:
    assert set(copy.AUDIT_DESCRIPTIONS) == {action.value for action in AuditAction}


@pytest.mark.parametrize("action", list(AuditAction), ids=lambda a: a.value)
def test_each_action_reads_as_a_sentence_never_as_its_details(action: AuditAction) -> None:
    details = RECORDED[action]
    said = describe(action.value, details)
    assert said and said[0].islower()  # "<who> <said>": the sentence goes on from its subject
    assert "{" not in said and "}" not in said and "[" not in said
    assert repr(details) not in said
    # An old row whose details lack a key today's code writes still reads as words.
    assert "{" not in describe(action.value, {})


def test_an_action_this_version_does_not_know_is_named_without_its_details() -> None:
    said = describe("stamp collected", {"secret": {"nested": 1}})
    assert said == "recorded “stamp collected”"


def test_every_recorded_action_has_an_example_here_so_the_walk_reads_real_details() -> None:
    assert set(RECORDED) == set(AuditAction)


def test_no_flow_records_an_action_as_a_free_string() -> None:
    """``record_audit(action=…)`` is given a member (mypy checks the type in CI; this catches
    the literal a reader would write without it)."""
    found = []
    for path in [
        *REPOSITORY.joinpath("bot").rglob("*.py"),
        *REPOSITORY.joinpath("handlers").rglob("*.py"),
    ]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "record_audit":
                for keyword in node.keywords:
                    if keyword.arg == "action" and isinstance(keyword.value, ast.Constant):
                        found.append(f"{path.relative_to(REPOSITORY)}:{node.lineno}")
    assert found == []


@pytest.mark.parametrize(
    ("details", "said"),
    [
        (
            {"setting": "S55_CHANNEL", "from": "C0TEAM0001", "to": "C0OTHER01"},
            "changed the team channel from <#C0TEAM0001> to <#C0OTHER01>",
        ),
        (
            {"setting": "S55_APPROVERS", "from": "", "to": "U0APPROVE,S0APPROVE"},
            "changed the approvers from nobody to <@U0APPROVE> and <!subteam^S0APPROVE>",
        ),
        (
            {"setting": "S55_CC_DAYS", "from": "28", "to": "21"},
            "changed the days the Chief Constable's comments are due after publication from "
            "28 days to 21 days",
        ),
        (
            {"setting": "S55_FORCE_NAME", "from": "", "to": "<!channel> Constabulary"},
            "changed the force name from none to “&lt;!channel&gt; Constabulary”",
        ),
        (
            {"setting": "S55_STEPS", "from": "A\nB", "to": "A"},
            "changed the office-use steps from “A”; “B” to “A”",
        ),
        (
            {"setting": "S55_DEADLINE_RULE", "from": "statutory", "to": "plus56"},
            "changed the deadline from 56 days including publication day (published + 55) to "
            "published + 56 days",
        ),
    ],
)
def test_a_setting_changed_reads_as_what_changed_in_words(
    details: dict[str, Any], said: str
) -> None:
    assert describe(AuditAction.SETTING_CHANGED.value, details) == said
