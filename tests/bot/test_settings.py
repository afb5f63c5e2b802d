"""docs/rules.md#r19: settings from the environment; a bad one is named with its fix."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from bot.domain.deadlines import DeadlineRule
from bot.settings import OFFICE_SETTINGS, SettingError, load_settings, office_settings


def test_defaults_follow_the_product_contract() -> None:
    settings = load_settings({})
    assert settings.api_url == "https://slack.com/api/"
    assert settings.database_url == "sqlite:///s55bot.db"
    assert str(settings.timezone) == "Europe/London"
    assert settings.digest_time == time(9, 0)
    assert settings.nudge_days == (28, 14, 7, 3, 1, 0)
    assert settings.deadline_rule is DeadlineRule.STATUTORY
    assert (settings.cc_days, settings.port) == (28, 3000)
    assert settings.cc_nudge_working_days == 3
    assert (settings.overdue_daily_days, settings.overdue_every_days) == (7, 7)
    assert settings.post_rate == 1.0  # Slack's: a message a second into one channel
    assert settings.slack_retry_seconds == 0.5  # slack_sdk's own back-off


def test_values_are_read_and_tidied() -> None:
    settings = load_settings(
        {
            "SLACK_API_URL": "http://127.0.0.1:9000/api",
            "S55_APPROVERS": "U123ABC, S0GROUP1 W999",
            "S55_NUDGE_DAYS": "7,14, 0",
            "S55_DEADLINE_RULE": "PLUS56",
            "S55_DIGEST_TIME": "8:30",
            "S55_CC_DAYS": "21",
            "S55_CC_NUDGE_WORKING_DAYS": "0",
            "S55_OVERDUE_DAILY_DAYS": "3",
            "S55_OVERDUE_EVERY_DAYS": "14",
            "S55_POST_RATE": "0.5",
            "S55_SLACK_RETRY_MS": "50",
        }
    )
    assert settings.api_url == "http://127.0.0.1:9000/api/"
    assert settings.approvers == ("U123ABC", "S0GROUP1", "W999")
    assert settings.nudge_days == (14, 7, 0)
    assert settings.deadline_rule is DeadlineRule.PLUS56
    assert settings.digest_time == time(8, 30)
    assert settings.cc_days == 21
    assert settings.cc_nudge_working_days == 0  # no nudge before the day, only on it
    assert (settings.overdue_daily_days, settings.overdue_every_days) == (3, 14)
    assert settings.post_rate == 0.5
    assert settings.slack_retry_seconds == 0.05


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("SLACK_BOT_TOKEN", "xoxp-user-token", "does not start with xoxb-"),
        ("SLACK_APP_TOKEN", "xoxb-1", "does not start with xapp-"),
        ("SLACK_API_URL", "slack.com/api", "not a web address"),
        ("S55_CHANNEL", "#oversight", "not a channel ID"),
        ("S55_APPROVERS", "U123,jane", "contains 'jane'"),
        ("S55_OFFICE_ADMINS", "U123,C0TEAM0001", "contains 'C0TEAM0001'"),
        ("S55_TIMEZONE", "Mars/Olympus", "not a time zone"),
        ("S55_DIGEST_TIME", "9am", "24-hour HH:MM"),
        ("S55_NUDGE_DAYS", "28,fourteen", "whole numbers of days"),
        ("S55_NUDGE_DAYS", "60", "from 0 to 56"),
        ("S55_DEADLINE_RULE", "56days", "use statutory or plus56"),
        ("S55_CC_DAYS", "0", "from 1 to 55"),
        ("S55_CC_NUDGE_WORKING_DAYS", "-1", "from 0 to 20"),
        ("S55_OVERDUE_DAILY_DAYS", "a week", "from 0 to 56"),
        ("S55_OVERDUE_EVERY_DAYS", "0", "from 1 to 365"),
        ("PORT", "http", "from 1 to 65535"),
        ("S55_POST_RATE", "0", "more than 0 and at most 1000"),
        ("S55_POST_RATE", "fast", "messages a second into one channel"),
        ("S55_POST_RATE", "nan", "Slack's rate is 1"),
        ("S55_POST_RATE", "1e6", "at most 1000"),
        ("S55_SLACK_RETRY_MS", "0", "from 10 to 5000"),
        ("S55_SLACK_RETRY_MS", "0.5", "whole number"),
    ],
)
def test_a_malformed_setting_is_named_with_its_fix(name: str, value: str, says: str) -> None:
    with pytest.raises(SettingError, match=says) as problem:
        load_settings({name: value})
    assert problem.value.name == name
    assert str(problem.value).startswith(name)


def test_a_command_names_the_first_missing_setting_it_needs_and_where_to_get_it() -> None:
    settings = load_settings({"SLACK_BOT_TOKEN": "xoxb-1", "S55_CHANNEL": "C0TEAM001"})
    with pytest.raises(
        SettingError,
        match=r"SLACK_SIGNING_SECRET is not set: create the Slack app from manifest\.yml",
    ):
        settings.require("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "S55_CHANNEL")


def test_every_missing_setting_is_named_at_once() -> None:
    with pytest.raises(
        SettingError,
        match=r"^SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and S55_CHANNEL are not set: "
        r"copy \.env\.example to \.env",
    ):
        load_settings({}).require("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "S55_CHANNEL")


def test_a_database_s55bot_does_not_use_is_refused() -> None:
    with pytest.raises(SettingError, match="'mysql', a database s55bot does not use"):
        load_settings({"DATABASE_URL": "mysql://x@localhost/db"})


def test_dotenv_never_overrides_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text("S55_CC_DAYS=14\nS55_CHANNEL=C0FROMFILE\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("S55_CC_DAYS", "21")
    monkeypatch.delenv("S55_CHANNEL", raising=False)
    settings = load_settings()
    assert (settings.cc_days, settings.channel) == (21, "C0FROMFILE")


def test_the_steps_can_be_configured_for_example_with_the_2019_templates_extra_step() -> None:
    settings = load_settings(
        {
            "S55_STEPS": "PCC response signed off; Response forwarded to the Chief Constable;"
            " Response forwarded to HMICFRS Section 55 Responses;"
            " Response published on the OPCC website"
        }
    )
    assert settings.steps[2] == "Response forwarded to HMICFRS Section 55 Responses"
    assert len(settings.steps) == 4
    with pytest.raises(SettingError, match="distinct step labels"):
        load_settings({"S55_STEPS": "Signed off; Signed off"})


def test_the_digest_job_runs_in_the_offices_time_zone_whatever_the_servers() -> None:
    from apscheduler.schedulers.background import BackgroundScheduler

    from bot.reminders.schedule import _add_jobs

    class Stub:
        settings = load_settings({"S55_DIGEST_TIME": "09:00"})

    scheduler = BackgroundScheduler(timezone="UTC")
    _add_jobs(scheduler, Stub())  # type: ignore[arg-type]
    trigger = scheduler.get_job("digest").trigger
    assert str(trigger.timezone) == "Europe/London"


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("postgresql://u@h:abc/db", "port 'abc', which is not a number"),
        ("sqlite://s55bot.db", "needs three slashes"),
        ("sqlite:s55bot.db", "is not a database address"),
    ],
)
def test_a_malformed_database_url_is_refused_naming_it_and_the_fix(url: str, says: str) -> None:
    with pytest.raises(SettingError, match=says) as refusal:
        load_settings({"DATABASE_URL": url})
    assert str(refusal.value).startswith("DATABASE_URL ")
    assert "sqlite:///s55bot.db or postgresql://user:password@host:5432/dbname" in str(
        refusal.value
    )
    assert "\n" not in str(refusal.value)


def test_the_office_admins_are_users_and_user_groups_set_by_the_office_itself() -> None:
    settings = load_settings({"S55_OFFICE_ADMINS": "U0ADMIN1, S0ADMINS"})
    assert settings.office_admins == ("U0ADMIN1", "S0ADMINS")
    assert load_settings({}).office_admins == ()
    assert "S55_OFFICE_ADMINS" in OFFICE_SETTINGS
    many = {"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s", "S55_OFFICE_ADMINS": "U0HOST"}
    # A workspace's people mean nothing in another: a host for many offices takes none.
    assert office_settings(many, {}, many_offices=True).office_admins == ()
    assert office_settings(
        many, {"S55_OFFICE_ADMINS": "U0MINE"}, many_offices=True
    ).office_admins == ("U0MINE",)


def test_an_offices_settings_keep_the_environment_they_were_laid_over() -> None:
    environ = {"S55_CC_DAYS": "21", "S55_AREA": "Norfolk"}
    settings = office_settings(environ, {"S55_CC_DAYS": "14"}, many_offices=False)
    assert (settings.cc_days, settings.area) == (14, "Norfolk")
    assert settings.environment == environ  # without the office's choices
    assert office_settings(settings.environment, {}, many_offices=False).cc_days == 21
    assert "environment" not in repr(settings)  # it holds the tokens too


def test_a_refused_setting_keeps_its_problem_and_fix_apart_for_a_form() -> None:
    with pytest.raises(SettingError) as wrong:
        office_settings({}, {"S55_CC_DAYS": "99"}, many_offices=False)
    assert wrong.value.name == "S55_CC_DAYS"
    assert (wrong.value.problem, wrong.value.fix) == ("is '99'", "use a whole number from 1 to 55")
    assert str(wrong.value) == "S55_CC_DAYS is '99': use a whole number from 1 to 55"


def test_no_secret_is_in_the_settings_repr() -> None:
    """Settings end up in tracebacks and logs: tokens, secrets and the token key never do."""
    secrets = {
        "SLACK_BOT_TOKEN": "xoxb-not-for-logs",
        "SLACK_SIGNING_SECRET": "signing-not-for-logs",
        "SLACK_APP_TOKEN": "xapp-not-for-logs",
        "SLACK_CLIENT_SECRET": "client-not-for-logs",
        "S55_TOKEN_KEY": "key-not-for-logs",
    }
    shown = repr(load_settings(secrets, dotenv=False))
    assert [value for value in secrets.values() if value in shown] == []
