"""What Slack must show after a response changes: the card, the receipts, the prompt for the
draft being collected and the approvers' turn. Each is asked for in the change's own
transaction (``request``) and delivered once afterwards (``catch_up_responses``), or by the
next reminder pass."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from bot import copy
from bot.cards import followups as card_followups
from bot.changes.followups import request
from bot.domain import followups
from bot.domain.followups import Stored
from bot.domain.inspection import format_reference
from bot.domain.responses import DraftStatus, ResponseKind
from bot.publication.notes import NOTES as PUBLICATION_NOTES
from bot.publication.notes import post_reopened_note
from bot.render import as_dicts
from bot.render.thread import section_prompt_blocks
from bot.responses.item_notes import NOTES, post_item_note
from bot.responses.receipts import refresh_receipt
from bot.responses.turn import post_turn
from bot.services import Services
from bot.slack.delivery import find_post, post_once
from bot.slack.followups import NotYet, deliver_follow_ups
from storage import drafts
from storage.models import Inspection

HANDLED = (*card_followups.HANDLED, "edit:receipt", "prompt", "turn", *NOTES, *PUBLICATION_NOTES)


def catch_up_responses(services: Services, inspection_id: int, keys: Collection[str]) -> bool:
    """Deliver these follow-ups now; True when none is left for the reminder pass."""
    if not keys:
        return True
    return deliver_follow_ups(
        services, inspection_id, lambda key, look: perform(services, key, look), keys=keys
    )


def stored_and_caught_up(services: Services, result: dict[str, Any]) -> Stored:
    """The reply a keyed change stored (storage.changes: ``reply``, ``inspection``,
    ``follow_ups``), once Slack has been brought in line with it, or as far as it would go."""
    caught_up = catch_up_responses(services, int(result["inspection"]), result["follow_ups"])
    return Stored(str(result["reply"]), caught_up)


def request_missing_prompts(services: Services) -> int:
    """Drafts being collected whose prompt is not in Slack and not asked for (opened before
    prompts were follow-ups): asked for now, so that the pass posts them."""
    with services.db.session() as session:
        waiting = drafts.collecting_without_prompt(session)
        for draft_id in waiting:
            draft = drafts.draft_by_id(session, draft_id)
            request(services, session, draft.inspection_id, [followups.prompt(draft_id)])
    return len(waiting)


def perform(services: Services, key: str, look_first: bool) -> dict[str, str] | None:
    """Deliver one follow-up of this package (see HANDLED)."""
    name, args = followups.parse(key)
    if name in card_followups.HANDLED:
        return card_followups.perform(services, key, look_first)
    if name == "edit:receipt":
        refresh_receipt(services, int(args[0]))
        return None
    if name == "prompt":
        return post_prompt(services, int(args[0]), look_first=look_first)
    if name == "turn":
        return post_turn(services, int(args[0]), look_first=look_first)
    if name in NOTES:
        return post_item_note(services, key, look_first)
    if name in PUBLICATION_NOTES:
        return post_reopened_note(services, key, look_first)
    raise ValueError(f"not a response follow-up: {key}")


def post_prompt(services: Services, draft_id: int, *, look_first: bool) -> dict[str, str] | None:
    """The prompt for a draft still being collected; None when there is nothing to ask."""
    with services.db.session(read_only=True) as session:
        draft = drafts.draft_by_id(session, draft_id)
        if draft is None or draft.status != DraftStatus.COLLECTING or draft.prompt_ts:
            return None
        inspection, kind = draft.inspection, ResponseKind(draft.kind)
        if inspection.card_ts is None:
            raise NotYet(f"prompt {draft_id}: the card is not posted yet")
        replacing = kind.value in drafts.confirmed_kinds(session, inspection.id)
        prompt = _prompt(services, inspection, kind, actor=draft.opened_by, replacing=replacing)
    where = {
        "key": followups.prompt(draft_id),
        "channel": inspection.channel_id,
        "thread_ts": inspection.card_ts,
    }
    blocks = (
        as_dicts(section_prompt_blocks(prompt, inspection_id=inspection.id, kind=kind))
        if kind.section is not None
        else None
    )
    posted = (find_post(services.poster, **where) if look_first else None) or post_once(
        services.poster, text=prompt, blocks=blocks, **where
    )
    with services.db.session() as session:
        drafts.draft_by_id(session, draft_id).prompt_ts = posted["ts"]
    return posted


def _prompt(
    services: Services, inspection: Inspection, kind: ResponseKind, *, actor: str, replacing: bool
) -> str:
    reference = format_reference(inspection.number)
    if kind.section is not None:
        return copy.ask_for_section(kind.label, reference)
    if replacing:
        return copy.ask_for_replacement(kind.label, reference, actor)
    if kind is ResponseKind.CC:
        return copy.ask_for_cc(reference, services.settings.cc_contact, inspection.cc_due)
    return copy.ask_for_pcc(reference, services.settings.pcc_contact, inspection.statutory_deadline)
