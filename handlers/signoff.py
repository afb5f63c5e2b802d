"""The approvers' buttons on the card and the modals that ask for a reason."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot import copy, ids
from bot.changes.permission import check_approver
from bot.domain.buttons import InspectionStep
from bot.domain.errors import S55Error
from bot.domain.inspection import format_reference
from bot.home.publish import republish_home
from bot.inspections.records import inspection_or_none
from bot.render.modal import reason_modal, submitted_reason
from bot.services import CONTEXT_KEY, Services
from bot.signoff.steps import confirm_step, mark_not_required, undo_step
from handlers.errors import acked, reply_privately, report_error
from handlers.values import (
    button_number,
    modal_metadata,
    pressed,
    pressed_on_home,
    request_key,
)


def register(app: App) -> None:
    app.action(ids.CONFIRM_STEP)(**acked(on_confirm_step))
    app.action(ids.UNDO_STEP)(**acked(on_undo_step))
    app.action(ids.NOT_REQUIRED)(**acked(on_not_required))
    for callback_id in (ids.UNDO_STEP_VIEW, ids.NOT_REQUIRED_VIEW):
        app.view(callback_id)(ack=check_reason, lazy=[on_reason_given])


def on_confirm_step(services: Services, body: dict[str, Any], respond: Respond) -> None:
    """From the card or from an approver's Home tab: the same checks and the same change."""
    inspection_id, step = _step_value(body)
    actor = body["user"]["id"]
    try:
        stored = confirm_step(
            services,
            inspection_id=inspection_id,
            step=step,
            actor=actor,
            key=request_key("step", body),
        )
        if not stored.caught_up:  # the card cannot say it yet: say what was recorded
            reply_privately(services, body, respond, stored.reply)
    finally:  # confirmed or refused, the Home tab pressed shows what is true now
        if pressed_on_home(body):
            republish_home(services, actor)


def on_undo_step(services: Services, body: dict[str, Any], respond: Respond) -> None:
    inspection_id, step = _step_value(body)
    check_approver(services, body["user"]["id"])  # before asking a non-approver for a reason
    reference = _reference(services, inspection_id)
    _ask_reason(
        services,
        body,
        callback_id=ids.UNDO_STEP_VIEW,
        title=copy.UNDO_MODAL_TITLE,
        intro=copy.undo_modal_intro(step, reference),
        metadata={"inspection": inspection_id, "step": step},
    )


def on_not_required(services: Services, body: dict[str, Any], respond: Respond) -> None:
    inspection_id = button_number(body)
    check_approver(services, body["user"]["id"])
    reference = _reference(services, inspection_id)
    _ask_reason(
        services,
        body,
        callback_id=ids.NOT_REQUIRED_VIEW,
        title=copy.NOT_REQUIRED_MODAL_TITLE,
        intro=copy.not_required_intro(reference),
        metadata={"inspection": inspection_id},
    )


def check_reason(ack: Ack, view: dict[str, Any]) -> None:
    if submitted_reason(view["state"]["values"]):
        ack()
    else:
        ack(response_action="errors", errors={ids.REASON_BLOCK: copy.REASON_NEEDED})


def on_reason_given(body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    """After the ack: undo the step, or record that no response is required."""
    reason = submitted_reason(view["state"]["values"])
    if not reason:
        return  # the ack showed the form its error
    services: Services = context[CONTEXT_KEY]
    actor = body["user"]["id"]
    try:
        if view["callback_id"] == ids.UNDO_STEP_VIEW:
            metadata = modal_metadata(view, "inspection", "step")
            undo_step(
                services,
                inspection_id=metadata["inspection"],
                step=metadata["step"],
                actor=actor,
                reason=reason,
            )
        else:
            metadata = modal_metadata(view, "inspection")
            mark_not_required(
                services, inspection_id=metadata["inspection"], actor=actor, reason=reason
            )
    except Exception as error:  # refusals and failures alike get a private reply
        report_error(services, error, body, None)


def _ask_reason(
    services: Services,
    body: dict[str, Any],
    *,
    callback_id: str,
    title: str,
    intro: str,
    metadata: dict[str, Any],
) -> None:
    # The channel travels too, so that a refusal after submitting can be told where they are.
    metadata["channel"] = body.get("channel", {}).get("id")
    modal = reason_modal(
        callback_id=callback_id,
        title=title,
        intro=intro,
        private_metadata=json.dumps(metadata),
    )
    services.client.views_open(trigger_id=body["trigger_id"], view=modal)


def _step_value(body: dict[str, Any]) -> tuple[int, str]:
    """The card's step buttons (and the Home tab's) carry an InspectionStep."""
    clicked = pressed(body, InspectionStep)
    return clicked.inspection, clicked.step


def _reference(services: Services, inspection_id: int) -> str:
    inspection = inspection_or_none(services.db, inspection_id)
    if inspection is None:
        raise S55Error(copy.NO_SUCH_INSPECTION)
    return format_reference(inspection.number)
