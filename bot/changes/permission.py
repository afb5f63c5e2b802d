"""Who may make a change: the response editors (S55_RESPONSE_EDITORS), the approvers
(S55_APPROVERS) and the office's admins (its settings), asked of Slack before any row is
locked; and the refusal when a change cannot be made (docs/rules.md#r10, docs/rules.md#r11)."""

from __future__ import annotations

from bot import copy
from bot.domain.errors import S55Error
from bot.domain.responses import ResponseKind
from bot.domain.steps import NotAnApprover
from bot.services import Services
from bot.settings import hosts_many_offices
from storage import offices
from storage.models import Office


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


def is_office_admin(services: Services, user: str, office: Office | None) -> bool:
    """May ``user`` change the office's settings (README "Settings in Slack")? Whoever added
    the app to Slack, the people in S55_OFFICE_ADMINS and, for an office nobody installed
    through Slack, its approvers. Asks Slack about user groups (MembershipUnknown)."""
    if office is not None and office.installed_by == user:
        return True
    settings = services.settings
    if settings.office_admins and services.people.is_one_of(user, settings.office_admins):
        return True
    nobody_installed = office is None or office.installed_by is None
    if nobody_installed and not hosts_many_offices(settings.environment):
        return services.is_approver(user)
    return False


def check_office_admin(services: Services, actor: str) -> None:
    """Refused (privately, nothing changed) unless ``actor`` is one of the office's admins.
    When Slack cannot say who is in a user group, MembershipUnknown says so."""
    office = None
    if services.db.office is not None:
        with services.db.session(read_only=True) as session:
            office = offices.office(session, services.db.office)
    if office is None or not is_office_admin(services, actor, office):
        raise Refused(copy.NOT_AN_OFFICE_ADMIN)
