"""Settings from the environment and an optional ``.env`` file (docs/rules.md#r19).

A missing or malformed setting raises SettingError naming the setting and the fix; the CLI
prints that one line and exits with status 2.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import time
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.deadlines import DeadlineRule
from bot.domain.files import MB, ReaderLimits
from bot.domain.steps import DEFAULT_STEPS
from storage.db import BadDatabaseURL, normalise_url

SLACK_API_DEFAULT = "https://slack.com/api/"
MANIFEST_HINT = (
    "create the Slack app from manifest.yml (api.slack.com/apps → Create New App → "
    "From a manifest), install it to your workspace, then put the value in .env or the environment"
)
DEFAULT_NUDGE_DAYS = (28, 14, 7, 3, 1, 0)
# Slack: "no more than one message per second per channel" (chat.postMessage's special tier).
DEFAULT_POST_RATE = 1.0
MAX_POST_RATE = 1000.0
_CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{2,}$")
_PRINCIPAL_ID = re.compile(r"^[UWS][A-Z0-9]{2,}$")


class SettingError(Exception):
    def __init__(self, name: str, problem: str, fix: str) -> None:
        super().__init__(f"{name} {problem}: {fix}")
        self.name = name
        # Apart as well, for a form that shows the words under the field (bot.offices.settings).
        self.problem = problem
        self.fix = fix


@dataclass(frozen=True)
class Settings:
    # Secrets are left out of the settings' repr, so that no log or traceback shows them.
    bot_token: str | None = field(repr=False)
    signing_secret: str | None = field(repr=False)
    app_token: str | None = field(repr=False)
    api_url: str
    database_url: str
    channel: str | None
    approvers: tuple[str, ...]
    steps: tuple[str, ...]
    response_editors: tuple[str, ...]
    cc_contact: str | None
    pcc_contact: str | None
    timezone: ZoneInfo
    digest_time: time
    nudge_days: tuple[int, ...]
    deadline_rule: DeadlineRule
    cc_days: int
    port: int
    post_rate: float = DEFAULT_POST_RATE  # messages a second into one channel
    area: str | None = None  # the police area, for the document's title ("Norfolk")
    force_name: str | None = None  # "Norfolk Constabulary": whom a report's items address
    cc_nudge_working_days: int = 3  # the CC contact is nudged this many working days before
    overdue_daily_days: int = 7  # overdue nudges every day for this many days…
    overdue_every_days: int = 7  # …then one every this many days
    action_warning_days: int = 14  # an item's target date this near: amber, and its owner nudged
    # Reading a file shared in a thread (bot.documents.box; README "Files in the thread").
    reader: ReaderLimits = field(default_factory=ReaderLimits)
    readers: int = 2  # files read at once by one process
    # files.info failing (5xx, no answer) is tried again for this long before the file is
    # reported unread: Slack's own retries of an event span about 6 minutes (1 and 5 after).
    file_retry_seconds: int = 360
    # Serving every office that installs the app (bot.offices; README "Many offices"):
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    # Encrypts the offices' tokens at rest (Fernet keys, a,b,…).
    token_key: str | None = field(default=None, repr=False)
    retention_days: int = 90  # an office's records kept after it uninstalls, for export
    # Who may change the office's settings on the Home tab, besides whoever installed the app
    # (README "Settings in Slack").
    office_admins: tuple[str, ...] = ()
    # What these settings were read from, before any office's choices: what an office's
    # choices are laid over again when it changes them (office_settings). Never printed.
    environment: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def many_offices(self) -> bool:
        """A host for every office that installs the app: an app's OAuth credentials and no
        single workspace's token."""
        return bool(self.client_id and self.client_secret and not self.bot_token)

    # A Web API call answered 5xx, or whose connection dropped, is tried again by slack_sdk's
    # handlers after 1, 2 and 4 times this, each plus up to twice this at random: slack_sdk's
    # own default (0.5 s, up to 1 s at random). Tests against the stand-in set it shorter.
    slack_retry_seconds: float = 0.5

    @property
    def force(self) -> str | None:
        """The force's name as reports write it; the area's name will do ("Norfolk")."""
        return self.force_name or self.area

    def require(self, *names: str) -> None:
        """Stop start-up with one clear line naming every setting this command needs but lacks."""
        missing = [name for name in names if not getattr(self, _FIELDS[name])]
        if len(missing) == 1:
            raise SettingError(missing[0], "is not set", _REQUIRED_FIXES[missing[0]])
        if missing:
            raise SettingError(
                ", ".join(missing[:-1]) + " and " + missing[-1],
                "are not set",
                "copy .env.example to .env and fill them in; " + MANIFEST_HINT,
            )


_FIELDS = {
    "SLACK_BOT_TOKEN": "bot_token",
    "SLACK_SIGNING_SECRET": "signing_secret",
    "SLACK_APP_TOKEN": "app_token",
    "S55_CHANNEL": "channel",
    "SLACK_CLIENT_ID": "client_id",
    "S55_TOKEN_KEY": "token_key",
}
_REQUIRED_FIXES = {
    "SLACK_BOT_TOKEN": MANIFEST_HINT + " (the Bot User OAuth Token, xoxb-…)",
    "SLACK_SIGNING_SECRET": MANIFEST_HINT + " (Basic Information → Signing Secret)",
    "SLACK_APP_TOKEN": MANIFEST_HINT
    + " (Basic Information → App-Level Tokens, scope connections:write, xapp-…)",
    "SLACK_CLIENT_ID": MANIFEST_HINT + " (Basic Information → App Credentials → Client ID)",
    "S55_TOKEN_KEY": "a host for many offices encrypts their Slack tokens with it: make one "
    'with `python -c "from cryptography.fernet import Fernet; '
    'print(Fernet.generate_key().decode())"` and keep it safe',
    "S55_CHANNEL": "set it to the ID of the team channel (C…; in Slack, channel details → "
    "About, at the bottom), and /invite the bot there",
}


def setting_field(name: str) -> str:
    """The Settings field of a required setting's environment name (SLACK_BOT_TOKEN …)."""
    return _FIELDS[name]


def load_settings(environ: Mapping[str, str] | None = None, *, dotenv: bool = True) -> Settings:
    """Read every setting, checking each; ``.env`` values never override the environment."""
    if environ is None:
        if dotenv:
            from dotenv import load_dotenv

            load_dotenv(os.path.join(os.getcwd(), ".env"), override=False)
        environ = os.environ
    env = {key: value.strip() for key, value in environ.items()}
    return Settings(
        bot_token=_prefixed(env, "SLACK_BOT_TOKEN", "xoxb-"),
        signing_secret=env.get("SLACK_SIGNING_SECRET") or None,
        app_token=_prefixed(env, "SLACK_APP_TOKEN", "xapp-"),
        api_url=_api_url(env.get("SLACK_API_URL") or SLACK_API_DEFAULT),
        database_url=_database_url(env.get("DATABASE_URL") or "sqlite:///s55bot.db"),
        channel=_channel(env.get("S55_CHANNEL")),
        approvers=_ids(env.get("S55_APPROVERS", ""), "S55_APPROVERS"),
        steps=_steps(env.get("S55_STEPS")),
        response_editors=_ids(env.get("S55_RESPONSE_EDITORS", ""), "S55_RESPONSE_EDITORS"),
        cc_contact=_contact(env, "S55_CC_CONTACT"),
        pcc_contact=_contact(env, "S55_PCC_CONTACT"),
        timezone=_timezone(env.get("S55_TIMEZONE") or "Europe/London"),
        digest_time=_clock_time(env.get("S55_DIGEST_TIME") or "09:00"),
        nudge_days=_nudge_days(env.get("S55_NUDGE_DAYS")),
        deadline_rule=_deadline_rule(env.get("S55_DEADLINE_RULE")),
        cc_days=_int(env, "S55_CC_DAYS", 28, lowest=1, highest=55),
        port=_int(env, "PORT", 3000, lowest=1, highest=65535),
        post_rate=_post_rate(env.get("S55_POST_RATE")),
        area=env.get("S55_AREA") or None,
        force_name=env.get("S55_FORCE_NAME") or None,
        cc_nudge_working_days=_int(env, "S55_CC_NUDGE_WORKING_DAYS", 3, lowest=0, highest=20),
        overdue_daily_days=_int(env, "S55_OVERDUE_DAILY_DAYS", 7, lowest=0, highest=56),
        overdue_every_days=_int(env, "S55_OVERDUE_EVERY_DAYS", 7, lowest=1, highest=365),
        action_warning_days=_int(env, "S55_ACTION_WARNING_DAYS", 14, lowest=0, highest=365),
        reader=_reader_limits(env),
        readers=_int(env, "S55_READERS", 2, lowest=1, highest=16),
        file_retry_seconds=_int(env, "S55_FILE_RETRY_SECONDS", 360, lowest=0, highest=3600),
        client_id=env.get("SLACK_CLIENT_ID") or None,
        client_secret=env.get("SLACK_CLIENT_SECRET") or None,
        token_key=env.get("S55_TOKEN_KEY") or None,
        retention_days=_int(env, "S55_RETENTION_DAYS", 90, lowest=1, highest=3650),
        slack_retry_seconds=_int(env, "S55_SLACK_RETRY_MS", 500, lowest=10, highest=5000) / 1000,
        office_admins=_ids(env.get("S55_OFFICE_ADMINS", ""), "S55_OFFICE_ADMINS"),
        environment=env,
    )


# What an office sets for itself in Slack (bot.offices; its Home tab's Settings), checked as
# the same settings are in the environment. A host for many offices takes none of the
# workspace's own IDs from its environment: a channel or a person of one workspace means
# nothing in another.
OFFICE_SETTINGS = (  # in the order the Settings form shows them (bot/render/office.py)
    "S55_CHANNEL",
    "S55_APPROVERS",
    "S55_RESPONSE_EDITORS",
    "S55_OFFICE_ADMINS",
    "S55_CC_CONTACT",
    "S55_PCC_CONTACT",
    "S55_STEPS",
    "S55_DEADLINE_RULE",
    "S55_CC_DAYS",
    "S55_DIGEST_TIME",
    "S55_FORCE_NAME",
    "S55_AREA",
)
WORKSPACE_SETTINGS = (
    "S55_CHANNEL",
    "S55_APPROVERS",
    "S55_RESPONSE_EDITORS",
    "S55_CC_CONTACT",
    "S55_PCC_CONTACT",
    "S55_OFFICE_ADMINS",
)
# Each office setting's field of Settings.
OFFICE_SETTING_FIELDS = {
    "S55_CHANNEL": "channel",
    "S55_APPROVERS": "approvers",
    "S55_RESPONSE_EDITORS": "response_editors",
    "S55_CC_CONTACT": "cc_contact",
    "S55_PCC_CONTACT": "pcc_contact",
    "S55_STEPS": "steps",
    "S55_DEADLINE_RULE": "deadline_rule",
    "S55_CC_DAYS": "cc_days",
    "S55_DIGEST_TIME": "digest_time",
    "S55_FORCE_NAME": "force_name",
    "S55_AREA": "area",
    "S55_OFFICE_ADMINS": "office_admins",
}


def office_setting_texts(settings: Settings) -> dict[str, str]:
    """Every office setting's text, as in effect now: what the Settings form opens with and
    what an admin's Home tab lists."""
    return {name: office_setting_text(settings, name) for name in OFFICE_SETTINGS}


def office_setting_text(settings: Settings, name: str) -> str:
    """An office setting as the environment would write it: what the Home tab's form shows,
    what an office's row stores and what its audit row records."""
    value = getattr(settings, OFFICE_SETTING_FIELDS[name])
    if value is None:
        return ""
    if name == "S55_STEPS":
        return "\n".join(value)
    if isinstance(value, tuple):
        return ",".join(value)
    if name == "S55_DIGEST_TIME":
        return f"{value:%H:%M}"
    return str(value)


def with_office_choices(settings: Settings, chosen: Mapping[str, str]) -> Settings:
    """``settings`` with an office's ``chosen`` settings laid over its environment's; the rest
    as it is (an office's own bot token, set in by bot.offices.directory, stays)."""
    environment = settings.environment
    fresh = office_settings(environment, chosen, many_offices=hosts_many_offices(environment))
    return replace(
        settings, **{field: getattr(fresh, field) for field in OFFICE_SETTING_FIELDS.values()}
    )


def hosts_many_offices(environ: Mapping[str, str]) -> bool:
    """Whether an environment is a host's for every office (Settings.many_offices, asked of
    the environment: an office's Settings carry its own token, so theirs says False)."""
    env = {key: value.strip() for key, value in environ.items()}
    return bool(
        env.get("SLACK_CLIENT_ID")
        and env.get("SLACK_CLIENT_SECRET")
        and not env.get("SLACK_BOT_TOKEN")
    )


def office_settings(
    environ: Mapping[str, str], chosen: Mapping[str, str], *, many_offices: bool
) -> Settings:
    """One office's settings: what it chose in Slack over the environment's (SettingError
    names the first one that is wrong)."""
    env = dict(environ)
    if many_offices:
        for name in WORKSPACE_SETTINGS:
            env.pop(name, None)
    env.update({name: value for name, value in chosen.items() if name in OFFICE_SETTINGS})
    return replace(load_settings(env, dotenv=False), environment=dict(environ))


def _reader_limits(env: Mapping[str, str]) -> ReaderLimits:
    cpu = _int(env, "S55_READER_CPU_SECONDS", 20, lowest=1, highest=600)
    return ReaderLimits(
        cpu_seconds=cpu,
        wall_seconds=_int(env, "S55_READER_WALL_SECONDS", 2 * cpu, lowest=cpu, highest=1200),
        memory_bytes=_int(env, "S55_READER_MEMORY_MB", 512, lowest=128, highest=16384) * MB,
        unpacked_bytes=_int(env, "S55_READER_UNPACKED_MB", 100, lowest=1, highest=4096) * MB,
    )


def _prefixed(env: Mapping[str, str], name: str, prefix: str) -> str | None:
    value = env.get(name) or None
    if value and not value.startswith(prefix):
        raise SettingError(
            name, f"does not start with {prefix}", "copy the token again; " + MANIFEST_HINT
        )
    return value


def _api_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingError(
            "SLACK_API_URL",
            f"is {value!r}, not a web address",
            f"leave it unset to use {SLACK_API_DEFAULT}",
        )
    return value if value.endswith("/") else value + "/"


_DATABASE_URL_FIX = "use sqlite:///s55bot.db or postgresql://user:password@host:5432/dbname"


def _database_url(value: str) -> str:
    if not value.startswith(("sqlite:", "postgres:", "postgresql:", "postgresql+psycopg:")):
        raise SettingError(
            "DATABASE_URL",
            f"is {value.split(':')[0]!r}, a database s55bot does not use",
            _DATABASE_URL_FIX,
        )
    try:
        normalise_url(value)
    except BadDatabaseURL as problem:
        raise SettingError("DATABASE_URL", str(problem), _DATABASE_URL_FIX) from None
    return value


def _channel(value: str | None) -> str | None:
    if value and not _CHANNEL_ID.match(value):
        raise SettingError(
            "S55_CHANNEL", f"is {value!r}, not a channel ID", _REQUIRED_FIXES["S55_CHANNEL"]
        )
    return value or None


def _ids(value: str, name: str) -> tuple[str, ...]:
    ids = tuple(part for part in re.split(r"[\s,]+", value) if part)
    for item in ids:
        if not _PRINCIPAL_ID.match(item):
            raise SettingError(
                name,
                f"contains {item!r}",
                "list Slack user IDs (U…) and user-group IDs (S…), comma separated",
            )
    return ids


def _steps(value: str | None) -> tuple[str, ...]:
    if not value:
        return DEFAULT_STEPS
    steps = tuple(" ".join(part.split()) for part in re.split(r"[;\n]", value) if part.strip())
    if not steps or len(set(steps)) != len(steps) or max(map(len, steps)) > 150:
        raise SettingError(
            "S55_STEPS",
            "is not a list of distinct step labels",
            "separate the labels with ';', sign-off first, each under 150 characters, e.g. "
            "'PCC response signed off; Response forwarded to the Chief Constable'",
        )
    return steps


def _contact(env: Mapping[str, str], name: str) -> str | None:
    ids = _ids(env.get(name, ""), name)
    if len(ids) > 1:
        raise SettingError(name, "names more than one", "give one user (U…) or one user group (S…)")
    return ids[0] if ids else None


def _timezone(value: str) -> ZoneInfo:
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingError(
            "S55_TIMEZONE",
            f"is {value!r}, not a time zone",
            "use an IANA name such as Europe/London",
        ) from None


def _clock_time(value: str) -> time:
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", value)
    if not match:
        raise SettingError("S55_DIGEST_TIME", f"is {value!r}", "use 24-hour HH:MM, e.g. 09:00")
    return time(int(match.group(1)), int(match.group(2)))


def _nudge_days(value: str | None) -> tuple[int, ...]:
    if not value:
        return DEFAULT_NUDGE_DAYS
    try:
        days = sorted({int(part) for part in re.split(r"[\s,]+", value) if part}, reverse=True)
    except ValueError:
        days = [-1]
    if not days or min(days) < 0 or max(days) > 56:
        raise SettingError(
            "S55_NUDGE_DAYS",
            f"is {value!r}",
            "list whole numbers of days left from 0 to 56, e.g. 28,14,7,3,1,0",
        )
    return tuple(days)


def _deadline_rule(value: str | None) -> DeadlineRule:
    if not value:
        return DeadlineRule.STATUTORY
    try:
        return DeadlineRule(value.lower())
    except ValueError:
        allowed = " or ".join(rule.value for rule in DeadlineRule)
        raise SettingError("S55_DEADLINE_RULE", f"is {value!r}", f"use {allowed}") from None


def _post_rate(value: str | None) -> float:
    if not value:
        return DEFAULT_POST_RATE
    try:
        rate = float(value)
    except ValueError:
        rate = 0.0
    if not 0 < rate <= MAX_POST_RATE:  # also refuses nan
        raise SettingError(
            "S55_POST_RATE",
            f"is {value!r}",
            f"use messages a second into one channel, more than 0 and at most {MAX_POST_RATE:g} "
            f"(Slack's rate is {DEFAULT_POST_RATE:g})",
        )
    return rate


def _int(env: Mapping[str, str], name: str, default: int, *, lowest: int, highest: int) -> int:
    value = env.get(name)
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        number = lowest - 1
    if not lowest <= number <= highest:
        raise SettingError(name, f"is {value!r}", f"use a whole number from {lowest} to {highest}")
    return number
