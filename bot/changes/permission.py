"""Who may make a change: the response editors (S55_RESPONSE_EDITORS) and the approvers
(S55_APPROVERS), asked of Slack before any row is locked; and the refusal when a change cannot
be made (docs/rules.md#r10, docs/rules.md#r11)."""

from __future__ import annotations

from bot import copy
from bot.domain.errors import S55Error
from bot.domain.responses import ResponseKind
from bot.domain.steps import NotAnApprover
from bot.services import Services


class Refused(S55Error):
    """A button press or command that cannot be carried out; nothing was changed."""


def check_editor(services: Services, actor: str, kind: ResponseKind) -> None:
    editors = services.settings.response_editors
    if editors and not services.people.is_one_of(actor, editors):
        raise Refused(copy.not_a_response_editor(kind.label))


def check_approver(services: Services, actor: str) -> None:
    approvers = services.settings.approvers
    if not approvers:
        raise NotAnApprover(copy.NO_APPROVERS)
    if not services.people.is_one_of(actor, approvers):
        raise NotAnApprover(copy.not_an_approver(approvers))
