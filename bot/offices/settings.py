"""An office's settings, chosen on its Home tab (README "Settings in Slack"; docs/rules.md#r25).

What an office chose is kept in its row (``Office.settings``, {ENV_NAME: text}) and laid over
the environment's settings by ``bot.settings.office_settings``, which checks each one as the
environment's are checked, with the same words. Only the values that differ from what the
environment gives are kept, so that a setting the office never changed still follows the
environment.

Who may change them (bot.changes.permission.check_office_admin): whoever added the app to
Slack (``Office.installed_by``), the people in S55_OFFICE_ADMINS and, for the single office
nobody installed through Slack, its approvers.

A save takes effect at once: in this process ``services.settings`` is replaced after the commit
(Services.lay_office_choices: one reference assigned, so a request already running keeps the
Settings it read and the next one reads the new; saves in this process take turns under
``_SAVING`` so the last committed is the one kept). A host's directory makes an office's
services again when its row's settings change (bot.offices.directory); a process serving the
single office lays the stored settings over its environment when it starts
(bot.runtime.cli.services_for) and before each reminder pass (bot.reminders.schedule), so a
separate clock process follows within one pass.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping, Sequence

from bot import copy
from bot.changes.permission import Refused, check_office_admin
from bot.domain.audit import AuditAction
from bot.domain.errors import CommitOutcomeUnknown, DatabaseUnavailable, S55Error
from bot.services import Services
from bot.settings import (
    OFFICE_SETTING_FIELDS,
    OFFICE_SETTINGS,
    SettingError,
    Settings,
    hosts_many_offices,
    office_setting_text,
    office_settings,
)
from storage import offices, queries
from storage.models import Office

log = logging.getLogger(__name__)

_SAVING = threading.Lock()
# Settings that list people: the same people in another order are the same setting.
_UNORDERED = ("S55_APPROVERS", "S55_RESPONSE_EDITORS", "S55_OFFICE_ADMINS")


def effective_settings(environ: Mapping[str, str], office: Office, many_offices: bool) -> Settings:
    """The office's settings: what it chose in Slack over the environment's (SettingError
    names the first that is wrong)."""
    return office_settings(environ, dict(office.settings or {}), many_offices=many_offices)


def choice_problems(
    settings: Settings, chosen: Mapping[str, str], parts: Mapping[str, Sequence[tuple[str, str]]]
) -> dict[str, str]:
    """Why the form cannot be saved, by field (``parts``: each setting's fields and what each
    says); none when it can. Each setting is checked by the environment's own check, in its
    words: each field alone first, then the whole (a contact that names a user and a group)."""
    environment, many = settings.environment, hosts_many_offices(settings.environment)
    problems: dict[str, str] = {}
    for name, pieces in parts.items():
        for field, text in pieces:
            try:
                office_settings(environment, {name: text}, many_offices=many)
            except SettingError as wrong:
                problems.setdefault(field, copy.setting_error(name, wrong.problem, wrong.fix))
    if problems:
        return problems
    try:
        # An office's cards need their channel, as start-up does (Settings.require).
        office_settings(environment, chosen, many_offices=many).require("S55_CHANNEL")
    except SettingError as wrong:
        pieces = parts.get(wrong.name) or [("", "")]
        problems[pieces[-1][0]] = copy.setting_error(wrong.name, wrong.problem, wrong.fix)
    return problems


def save_office_settings(services: Services, actor: str, chosen: Mapping[str, str]) -> list[str]:
    """Store what ``actor`` chose (office settings by name; any left out stay as they are),
    one audit row per setting that changed, in one transaction; then the process uses them.
    Returns the names of the settings that changed, in OFFICE_SETTINGS' order.

    Refused for anyone but an admin; SettingError (nothing stored) for a value the
    environment's check refuses."""
    check_office_admin(services, actor)
    office_id = _office_id(services)
    chosen = {name: value for name, value in chosen.items() if name in OFFICE_SETTINGS}
    with _SAVING:
        try:
            changed, kept = _store(services, office_id, actor, chosen)
        except CommitOutcomeUnknown:
            # The commit may have been carried out: find out before saying anything
            # (docs/rules.md#r21).
            changed, kept = _stored_after_all(services, office_id, chosen)
        if not changed:
            return []
        services.lay_office_choices(kept)
    log.info("office %s: settings changed by %s: %s", office_id, actor, ", ".join(changed))
    return changed


def _store(
    services: Services, office_id: int, actor: str, chosen: Mapping[str, str]
) -> tuple[list[str], dict[str, str]]:
    """In one transaction: the office's new choices and an audit row per setting changed."""
    environment = services.settings.environment
    many = hosts_many_offices(environment)
    with services.db.session() as session:
        office = offices.office(session, office_id, lock=True)
        if office is None:
            raise Refused(copy.NOT_AN_OFFICE_ADMIN)
        stored = {str(k): str(v) for k, v in (office.settings or {}).items()}
        before = office_settings(environment, stored, many_offices=many)
        after = office_settings(environment, {**stored, **chosen}, many_offices=many)
        given = office_settings(environment, {}, many_offices=many)
        changed = [name for name in OFFICE_SETTINGS if not _same(before, after, name)]
        if not changed:
            return [], stored
        # Kept: what differs from the environment's; the rest follows the environment.
        kept = {
            name: office_setting_text(after, name)
            for name in OFFICE_SETTINGS
            if not _same(after, given, name)
        }
        offices.store_office_settings(session, office_id, kept)
        now = services.now()
        for name in changed:
            queries.record_audit(
                session,
                inspection=None,
                actor=actor,
                action=AuditAction.SETTING_CHANGED,
                at=now,
                details={
                    "setting": name,
                    "from": office_setting_text(before, name),
                    "to": office_setting_text(after, name),
                },
            )
    return changed, kept


def _stored_after_all(
    services: Services, office_id: int, chosen: Mapping[str, str]
) -> tuple[list[str], dict[str, str]]:
    """After a commit whose outcome is unknown: the office's row says whether it was stored
    (what it holds already says everything chosen), and so what changed from the settings in
    use."""
    try:
        with services.db.session(read_only=True) as session:
            stored = offices.chosen_settings(session, office_id)
    except DatabaseUnavailable:
        raise S55Error(copy.SETTINGS_OUTCOME_UNKNOWN) from None
    settings = services.settings
    environment, many = settings.environment, hosts_many_offices(settings.environment)
    now_stored = office_settings(environment, stored, many_offices=many)
    if now_stored != office_settings(environment, {**stored, **chosen}, many_offices=many):
        raise DatabaseUnavailable()  # not stored, so "nothing was stored" is true
    return [name for name in OFFICE_SETTINGS if not _same(settings, now_stored, name)], stored


def reload_office_settings(services: Services) -> Settings:
    """Lay the office's stored settings over the environment's again when they are not the
    ones ``services`` already uses (bot.runtime.cli.services_for, at start). A stored value
    the environment's check now refuses stops here, naming it (SettingError)."""
    with _SAVING:
        return services.refresh_office_choices()


def _same(one: Settings, other: Settings, name: str) -> bool:
    field = OFFICE_SETTING_FIELDS[name]
    a, b = getattr(one, field), getattr(other, field)
    if name in _UNORDERED:
        return sorted(a) == sorted(b)
    return bool(a == b)


def _office_id(services: Services) -> int:
    office_id = services.db.office
    if office_id is None:  # services across offices change no office's settings
        raise Refused(copy.NOT_AN_OFFICE_ADMIN)
    return office_id
