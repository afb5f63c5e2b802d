"""What the append-only audit log records: one closed set of actions (docs/rules.md#r13:
"every press … is one row with who and when").

Each member's words are in one table, ``bot.copy.AUDIT_DESCRIPTIONS``, keyed by the member's
value: ``/s55 history`` and ``s55bot audit --csv`` read every row through
``bot.audit.history.describe``, so a row is always a sentence, never the stored details. A new
action is a member here and a line in that table; tests/bot/domain/test_audit.py walks every
member, so one without words fails. The values are what the database holds: never change one.
Storage takes a member (``storage.queries.record_audit``), so no caller writes a free string;
this module imports nothing of the bot, so that storage may.
"""

from __future__ import annotations

from enum import StrEnum


class AuditAction(StrEnum):
    # logging and correcting the record (bot.inspections)
    LOGGED = "logged"
    EDITED = "edited"
    WITHDRAWN = "withdrawn"
    CONFIRMED_NONE = "confirmed none"
    # collecting the responses and the long sections in the card's thread (bot.responses)
    RESPONSE_REQUESTED = "response requested"
    RESPONSE_REQUEST_WAITING = "response request waiting"
    RESPONSE_DRAFTED = "response drafted"
    DRAFT_REVIEWED = "draft reviewed"
    DRAFT_CLEARED = "draft cleared"
    RESPONSE_CONFIRMED = "response confirmed"
    RESPONSE_REVISED = "response revised"
    SECTION_RECORDED = "section recorded"
    # recommendations and AFIs as items (bot.items)
    ITEMS_RECORDED = "items recorded"
    LIST_EXTENT_RECORDED = "list extent recorded"
    ITEM_ANSWERED = "item answered"
    PROGRESS_RECORDED = "progress recorded"
    # sign-off and the office-use steps (bot.signoff)
    STEP_CONFIRMED = "step confirmed"
    STEP_UNDONE = "step undone"
    SIGN_OFF_REOPENED = "sign-off reopened"
    MARKED_NOT_REQUIRED = "marked not required"
    # reminders (bot.reminders)
    SNOOZED = "snoozed"
    SNOOZE_ENDED = "snooze ended"
    ITEM_SNOOZED = "item snoozed"
    ITEM_SNOOZE_ENDED = "item snooze ended"
    # the compliance report (bot.compliance)
    REPORT_POSTED = "report posted"
    # the office installing and leaving the app (bot.offices)
    INSTALLED = "installed"
    UNINSTALLED = "uninstalled"
    RECORDS_ERASED = "records erased"
    # the office's settings, changed on the Home tab (bot.offices.settings): one row a setting
    SETTING_CHANGED = "setting changed"
