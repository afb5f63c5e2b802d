"""What Slack must show after a response changes, beside the card (bot.cards.refresh): the
receipts, the prompt for the draft being collected and the approvers' turn. Each is asked for in
the change's own transaction (bot.changes.followups.request) and delivered once afterwards
(bot.followups.delivery.deliver_owed), or by the next reminder pass; ``DELIVERERS`` says which
kinds this package delivers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot import copy
from bot.changes.followups import request
from bot.domain import followups
from bot.domain.followups import FollowUp, Kind, Stored
from bot.domain.inspection import format_reference
from bot.domain.responses import DraftStatus, ResponseKind
from bot.followups.delivery import deliver_owed
from bot.followups.registry import Deliver, NotYet, Posted
from bot.render import as_dicts
from bot.render.thread import section_prompt_blocks
from bot.responses.receipts import refresh_receipt
from bot.responses.turn import post_turn
from bot.services import Services
from bot.slack.delivery import find_post, post_once
from storage import drafts
from storage.models import Inspection, ResponseDraft


def stored_and_caught_up(services: Services, result: dict[str, Any]) -> Stored:
    """The reply a keyed change stored (storage.changes: ``reply``, ``inspection``,
    ``follow_ups``), once Slack has been brought in line with it, or as far as it would go."""
    caught_up = deliver_owed(services, int(result["inspection"]), result["follow_ups"])
    return Stored(str(result["reply"]), caught_up)


def request_missing_prompts(services: Services) -> int:
    """Drafts being collected whose prompt is not in Slack and not asked for (opened before
    prompts were follow-ups): asked for now, so that the pass posts them."""
    with services.db.session() as session:
        waiting = drafts.collecting_without_prompt(session)
        for draft_id in waiting:
            draft = session.get(ResponseDraft, draft_id)
            if draft is not None:
                request(services, session, draft.inspection_id, [followups.prompt(draft_id)])
    return len(waiting)


def _edit_receipt(services: Services, follow_up: FollowUp, *, look_first: bool) -> None:
    refresh_receipt(services, follow_up.id())


def _post_prompt(services: Services, follow_up: FollowUp, *, look_first: bool) -> Posted | None:
    return post_prompt(services, follow_up.id(), look_first=look_first)


def _post_turn(services: Services, follow_up: FollowUp, *, look_first: bool) -> Posted | None:
    return post_turn(services, follow_up.id(), look_first=look_first)


def post_prompt(services: Services, draft_id: int, *, look_first: bool) -> Posted | None:
    """The prompt for a draft still being collected; None when there is nothing to ask."""
    with services.db.session(read_only=True) as session:
        draft = drafts.draft_row(session, draft_id)  # not its messages: a prompt reads none
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
        if (stored := session.get(ResponseDraft, draft_id)) is not None:
            stored.prompt_ts = posted["ts"]
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


DELIVERERS: Mapping[Kind, Deliver] = {
    Kind.RECEIPT_EDIT: _edit_receipt,
    Kind.PROMPT: _post_prompt,
    Kind.TURN: _post_turn,
}
