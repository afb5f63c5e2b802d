"""The office's settings on the Home tab (README "Settings in Slack"): its admins change them
in a modal, each value checked as the environment's is, stored with an audit row per change and
in effect from the next request or reminder pass; nobody else sees them or can change them.
The real Bolt app over HTTP, signed requests, the stand-in as Slack, on both databases."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select, update

from bot import copy, ids
from bot.domain.errors import CommitOutcomeUnknown
from bot.domain.steps import DEFAULT_STEPS
from bot.offices import settings as office_settings
from bot.offices.settings import effective_settings
from bot.reminders.schedule import scheduled_pass
from bot.render.home import MAX_BLOCKS, Shown, home_view
from bot.render.office import groups_block, home_settings_blocks, setting_block
from bot.runtime.cli import services_for
from bot.services import Services
from bot.settings import SettingError
from bot.slack.client import make_client
from bot.standin import SlackStandIn
from bot.standin.limits import check_view
from storage.db import Database
from storage.models import AuditEvent, Office
from tests.bot.home.test_home_steps import direct_messages, home_buttons, home_of, press_on_home
from tests.bot.runtime.sandbox.test_bot_blocks import standing
from tests.bot.runtime.test_host import CHANNELS, NORFOLK, serving
from tests.e2e import CHANNEL, Bot, bot_settings, start_bot, stop_bot

APPROVER = "U0APPROVE"
SECOND = "U0SECOND1"
OUTSIDER = "U0OUTSIDER"
NEW_CHANNEL = "C0NEWTEAM1"


@pytest.fixture
def bot(slack: SlackStandIn, database: Database) -> Iterator[Bot]:
    """The single office, installed by nobody through Slack: its approver is its admin."""
    running = start_bot(slack, database, S55_APPROVERS=APPROVER)
    yield running
    stop_bot(running)


def settings_button(bot: Bot, user: str) -> dict[str, Any] | None:
    found = home_buttons(home_of(bot, user), ids.OPEN_SETTINGS)
    assert len(found) <= 1
    return found[0] if found else None


def open_settings(bot: Bot, user: str) -> dict[str, Any]:
    """``user`` presses "Change settings" on their Home tab: the modal Slack opened."""
    button = settings_button(bot, user)
    assert button is not None, f"{user} sees no Settings"
    press_on_home(bot, user, button)
    [modal] = bot.slack.workspace.modal_stack(user)
    assert modal["callback_id"] == ids.SETTINGS_VIEW
    return modal


def _state(element: dict[str, Any]) -> dict[str, Any]:
    """What Slack sends back for a field nobody touched: its initial value."""
    kind = element["type"]
    if kind == "conversations_select":
        return {"type": kind, "selected_conversation": element.get("initial_conversation")}
    if kind == "multi_users_select":
        return {"type": kind, "selected_users": element.get("initial_users", [])}
    if kind == "users_select":
        return {"type": kind, "selected_user": element.get("initial_user")}
    if kind == "static_select":
        return {"type": kind, "selected_option": element.get("initial_option")}
    if kind == "timepicker":
        return {"type": kind, "selected_time": element.get("initial_time")}
    return {"type": kind, "value": element.get("initial_value")}


def form_values(
    modal: dict[str, Any], changed: dict[str, dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The modal's state as submitted: every field as it opened, ``changed`` (by block ID) as
    the person changed it."""
    values = {
        block["block_id"]: {block["element"]["action_id"]: _state(block["element"])}
        for block in modal["blocks"]
        if block["type"] == "input"
    }
    for block_id, state in (changed or {}).items():
        values[block_id][ids.SETTING_INPUT] = {**values[block_id][ids.SETTING_INPUT], **state}
    return values


def submit(bot: Bot, user: str, values: dict[str, Any]) -> dict[str, Any] | None:
    """Submit the settings modal as ``user``: the ack's body (None when it just closes)."""
    reply = bot.send.submit_view(callback_id=ids.SETTINGS_VIEW, values=values, user_id=user)
    assert reply.status == 200, reply.body
    bot.settle()
    return reply.json() if reply.body else None


def stored(bot: Bot) -> dict[str, str]:
    with bot.db.session(read_only=True) as session:
        return dict(session.scalars(select(Office.settings).where(Office.id == 1)).one())


def audited(bot: Bot) -> list[tuple[str, dict[str, Any]]]:
    with bot.db.session(read_only=True) as session:
        rows = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "setting changed").order_by(AuditEvent.id)
        )
        return [(row.actor, row.details) for row in rows]


def key(name: str) -> str:
    return setting_block(name)


def groups(name: str) -> str:
    return groups_block(name)


def another_process(bot: Bot, slack: SlackStandIn) -> Services:
    """A second process serving the same office (the clock of the Procfile), started earlier
    from the same environment."""
    settings = bot_settings(slack, bot.db, S55_APPROVERS=APPROVER)
    return Services(settings=settings, db=bot.db, client=make_client(settings), now=bot.clock)


def test_the_form_opens_with_every_setting_in_effect(bot: Bot) -> None:
    modal = open_settings(bot, APPROVER)
    fields = {
        block["block_id"]: block["element"] for block in modal["blocks"] if "element" in block
    }
    assert fields[setting_block("S55_CHANNEL")]["initial_conversation"] == CHANNEL
    assert fields[setting_block("S55_APPROVERS")]["type"] == "multi_users_select"
    assert fields[setting_block("S55_APPROVERS")]["initial_users"] == [APPROVER]
    assert fields[setting_block("S55_CC_DAYS")]["initial_value"] == "28"
    assert fields[setting_block("S55_CC_DAYS")]["min_value"] == "1"
    assert fields[setting_block("S55_CC_DAYS")]["max_value"] == "55"
    assert fields[setting_block("S55_DIGEST_TIME")]["initial_time"] == "09:00"
    assert fields[setting_block("S55_DEADLINE_RULE")]["initial_option"]["value"] == "statutory"
    assert fields[setting_block("S55_STEPS")]["initial_value"].splitlines()[0] == (
        "PCC response signed off"
    )
    assert fields[setting_block("S55_CC_CONTACT")]["type"] == "users_select"
    assert groups_block("S55_OFFICE_ADMINS") in fields


def test_an_admin_sets_the_channel_and_approvers_and_the_next_command_and_pass_use_them(
    bot: Bot, slack: SlackStandIn
) -> None:
    clock = another_process(bot, slack)
    modal = open_settings(bot, APPROVER)
    answer = submit(
        bot,
        APPROVER,
        form_values(
            modal,
            {
                key("S55_CHANNEL"): {"selected_conversation": NEW_CHANNEL},
                key("S55_APPROVERS"): {"selected_users": [APPROVER, SECOND]},
                groups("S55_APPROVERS"): {"value": "S0APPROVE"},
                key("S55_DIGEST_TIME"): {"selected_time": "11:00"},
            },
        ),
    )

    assert answer is None  # the form closes
    # Only what differs from the environment is kept.
    assert stored(bot) == {
        "S55_CHANNEL": NEW_CHANNEL,
        "S55_APPROVERS": f"{APPROVER},{SECOND},S0APPROVE",
        "S55_DIGEST_TIME": "11:00",
    }
    [told] = direct_messages(bot, APPROVER)
    assert told.startswith("Settings saved. From now on:")
    assert f"• Team channel: <#{NEW_CHANNEL}>" in told
    assert "• Approvers: <@U0APPROVE>, <@U0SECOND1> and <!subteam^S0APPROVE>" in told
    assert "• Team channel: <#C0NEWTEAM1>" in str(bot.slack.workspace.home_view(APPROVER))

    # The next command: the card goes to the new channel; the new approver is one.
    bot.command("add Custody suites inspection | 30 April 2024")
    bot.settle()
    assert [m["text"] for m in bot.slack.messages.get(NEW_CHANNEL, [])]
    assert not bot.slack.messages.get(CHANNEL)
    assert bot.services.is_approver(SECOND)
    assert settings_button(bot, SECOND) is not None  # an approver: an admin here

    # The next pass of another process: at 10:30 the new digest time (11:00) has not come…
    posted = len(bot.slack.calls_to("chat.postMessage"))
    bot.clock.current = datetime(2024, 5, 2, 9, 30, tzinfo=UTC)
    scheduled_pass(clock)
    assert clock.settings.channel == NEW_CHANNEL
    assert len(bot.slack.calls_to("chat.postMessage")) == posted
    # …at 11:05 it has: the digest, in the new channel.
    bot.clock.current = datetime(2024, 5, 2, 10, 5, tzinfo=UTC)
    scheduled_pass(clock)
    [digest] = [
        call.args
        for call in bot.slack.calls_to("chat.postMessage")[posted:]
        if not call.args.get("thread_ts")
    ]
    assert digest["channel"] == NEW_CHANNEL
    assert "Custody suites inspection" in str(digest)


def test_after_a_save_the_admins_home_tab_lists_every_setting_now_in_effect(bot: Bot) -> None:
    modal = open_settings(bot, APPROVER)
    submit(
        bot,
        APPROVER,
        form_values(
            modal,
            {
                key("S55_CC_CONTACT"): {"selected_user": SECOND},
                key("S55_FORCE_NAME"): {"value": "Suffolk Constabulary"},
                key("S55_AREA"): {"value": "Suffolk"},
            },
        ),
    )
    [section] = [
        block
        for block in bot.slack.workspace.home_view(APPROVER)["blocks"]
        if block.get("block_id") == ids.HOME_SETTINGS_BLOCK
    ]
    assert section["text"]["text"].splitlines() == [
        "*Settings*",
        f"• Team channel: <#{CHANNEL}>",
        f"• Approvers: <@{APPROVER}>",
        "• Response editors: nobody",
        "• Office admins: nobody",
        f"• Chief Constable's contact: <@{SECOND}>",
        "• PCC's contact: nobody",
        "• Office-use steps: " + "; ".join(f"“{step}”" for step in DEFAULT_STEPS),
        "• Deadline: 56 days including publication day (published + 55)",
        "• Chief Constable's comments due: 28 days",
        "• Daily digest time: 09:00",
        "• Force name: “Suffolk Constabulary”",
        "• Police area: “Suffolk”",
    ]


def test_long_office_use_steps_are_counted_on_the_home_tab_within_slacks_limit() -> None:
    steps = "\n".join(f"Step {n} " + "x" * 140 for n in range(30))
    text = copy.home_settings_text([("S55_CHANNEL", CHANNEL), ("S55_STEPS", steps)])
    assert len(text) <= 3000
    assert "• Office-use steps: 30 steps (Change settings lists them)" in text
    assert f"• Team channel: <#{CHANNEL}>" in text


def test_wrong_values_are_refused_on_their_fields_and_nothing_changes(bot: Bot) -> None:
    modal = open_settings(bot, APPROVER)
    answer = submit(
        bot,
        APPROVER,
        form_values(
            modal,
            {
                key("S55_CC_DAYS"): {"value": "99"},
                key("S55_DIGEST_TIME"): {"selected_time": "25:00"},
                groups("S55_APPROVERS"): {"value": "C0TEAM0001"},
                key("S55_CHANNEL"): {"selected_conversation": NEW_CHANNEL},
            },
        ),
    )

    assert answer == {
        "response_action": "errors",
        "errors": {
            setting_block("S55_CC_DAYS"): (
                "Chief Constable's comments due is '99': use a whole number from 1 to 55"
            ),
            setting_block("S55_DIGEST_TIME"): (
                "Daily digest time is '25:00': use 24-hour HH:MM, e.g. 09:00"
            ),
            groups_block("S55_APPROVERS"): (
                "Approvers contains 'C0TEAM0001': list Slack user IDs (U…) and user-group "
                "IDs (S…), comma separated"
            ),
        },
    }
    assert stored(bot) == {}
    assert audited(bot) == []
    assert bot.services.settings.channel == CHANNEL  # the valid change was not made either
    assert direct_messages(bot, APPROVER) == []


def test_a_contact_that_names_a_user_and_a_group_is_refused_on_the_group_field(bot: Bot) -> None:
    modal = open_settings(bot, APPROVER)
    answer = submit(
        bot,
        APPROVER,
        form_values(
            modal,
            {
                key("S55_CC_CONTACT"): {"selected_user": SECOND},
                groups("S55_CC_CONTACT"): {"value": "S0CCOFFICE"},
            },
        ),
    )
    assert answer is not None
    assert answer["errors"] == {
        groups_block("S55_CC_CONTACT"): (
            "Chief Constable's contact names more than one: give one user (U…) or one user "
            "group (S…)"
        )
    }
    assert stored(bot) == {}


def test_a_form_without_a_channel_is_refused_as_start_up_refuses_it(bot: Bot) -> None:
    modal = open_settings(bot, APPROVER)
    answer = submit(
        bot, APPROVER, form_values(modal, {key("S55_CHANNEL"): {"selected_conversation": None}})
    )
    assert answer is not None
    [(field, said)] = answer["errors"].items()
    assert field == setting_block("S55_CHANNEL")
    assert said.startswith("Team channel is not set: set it to the ID of the team channel")
    assert stored(bot) == {}


def test_someone_else_sees_no_settings_and_their_forged_requests_are_refused(bot: Bot) -> None:
    admin_button = settings_button(bot, APPROVER)
    assert admin_button is not None
    assert settings_button(bot, OUTSIDER) is None
    opened = len(bot.slack.calls_to("views.open"))

    press_on_home(bot, OUTSIDER, admin_button)  # a press their Home never offered

    assert len(bot.slack.calls_to("views.open")) == opened
    [refused] = direct_messages(bot, OUTSIDER)
    assert refused.startswith("Only the office's admins can change its settings")

    modal = open_settings(bot, APPROVER)  # the form, submitted as someone else
    answer = submit(
        bot,
        OUTSIDER,
        form_values(modal, {key("S55_CHANNEL"): {"selected_conversation": NEW_CHANNEL}}),
    )
    assert answer is None  # the ack cannot ask Slack who may; the work after it refuses
    assert direct_messages(bot, OUTSIDER)[-1].startswith("Only the office's admins")
    assert len(direct_messages(bot, OUTSIDER)) == 2
    assert stored(bot) == {}
    assert audited(bot) == []
    assert bot.services.settings.channel == CHANNEL


def test_the_installer_and_the_office_admins_are_the_admins_once_someone_installed(
    slack: SlackStandIn, database: Database
) -> None:
    with database.session() as session:
        session.execute(update(Office).where(Office.id == 1).values(installed_by="U0INSTALL"))
    running = start_bot(slack, database, S55_APPROVERS=APPROVER, S55_OFFICE_ADMINS="S0ADMINS")
    try:
        running.slack.set_usergroup("S0ADMINS", ["U0ADMIN01"])
        assert settings_button(running, "U0INSTALL") is not None
        assert settings_button(running, "U0ADMIN01") is not None  # through the group
        assert settings_button(running, APPROVER) is None  # approvers are not, now
        modal = open_settings(running, "U0ADMIN01")
        submit(running, "U0ADMIN01", form_values(modal, {key("S55_CC_DAYS"): {"value": "21"}}))
        assert stored(running) == {"S55_CC_DAYS": "21"}
        assert running.services.settings.cc_days == 21
    finally:
        stop_bot(running)


def test_each_change_is_an_audit_row_read_back_as_a_sentence(bot: Bot) -> None:
    modal = open_settings(bot, APPROVER)
    submit(
        bot,
        APPROVER,
        form_values(
            modal,
            {
                key("S55_CHANNEL"): {"selected_conversation": NEW_CHANNEL},
                key("S55_CC_DAYS"): {"value": "21"},
                key("S55_FORCE_NAME"): {"value": "Norfolk Constabulary"},
            },
        ),
    )
    assert audited(bot) == [
        (APPROVER, {"setting": "S55_CHANNEL", "from": CHANNEL, "to": NEW_CHANNEL}),
        (APPROVER, {"setting": "S55_CC_DAYS", "from": "28", "to": "21"}),
        (APPROVER, {"setting": "S55_FORCE_NAME", "from": "", "to": "Norfolk Constabulary"}),
    ]
    [reply] = bot.command("history settings")
    lines = reply["text"].splitlines()
    assert lines[0] == "*History of the office's settings*"
    assert lines[1].endswith(
        f"<@{APPROVER}> changed the team channel from <#{CHANNEL}> to <#{NEW_CHANNEL}>"
    )
    assert lines[2].endswith(
        "changed the days the Chief Constable's comments are due after "
        "publication from 28 days to 21 days"
    )
    assert lines[3].endswith("changed the force name from none to “Norfolk Constabulary”")
    assert len(lines) == 4


def test_saving_what_is_already_in_effect_changes_nothing_and_back_to_the_environment_is_forgotten(
    bot: Bot,
) -> None:
    modal = open_settings(bot, APPROVER)
    submit(bot, APPROVER, form_values(modal))
    assert direct_messages(bot, APPROVER) == [
        "Settings saved: nothing was different, so nothing changed."
    ]
    assert stored(bot) == {} and audited(bot) == []

    submit(bot, APPROVER, form_values(modal, {key("S55_CC_DAYS"): {"value": "21"}}))
    assert stored(bot) == {"S55_CC_DAYS": "21"}
    submit(bot, APPROVER, form_values(modal))  # 28 again: the environment's
    assert stored(bot) == {}
    assert bot.services.settings.cc_days == 28
    assert [d["to"] for _actor, d in audited(bot)] == ["21", "28"]


def test_a_process_started_later_uses_what_was_saved_and_a_directory_can_ask_for_it(
    bot: Bot, slack: SlackStandIn
) -> None:
    modal = open_settings(bot, APPROVER)
    submit(bot, APPROVER, form_values(modal, {key("S55_AREA"): {"value": "Norfolk"}}))
    later = another_process(bot, slack)
    assert (later.settings.area, later.settings.force) == (None, None)
    later.refresh_office_choices()
    assert later.settings.area == "Norfolk"
    with bot.db.session(read_only=True) as session:
        office = session.get(Office, 1)
        assert office is not None
        environment = bot.services.settings.environment
        assert effective_settings(environment, office, False).area == "Norfolk"
        office.settings = {"S55_CC_DAYS": "99"}  # not saved: what a bad row would say
        with pytest.raises(SettingError) as wrong:
            effective_settings(environment, office, False)
        assert wrong.value.name == "S55_CC_DAYS"
        session.rollback()


def test_a_commit_lost_on_its_way_is_looked_up_before_the_admin_is_told(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/rules.md#r21: stored after all, so the admin is told what now applies."""
    store = office_settings._store

    def stored_then_lost(*args: Any) -> Any:
        store(*args)
        raise CommitOutcomeUnknown()

    monkeypatch.setattr(office_settings, "_store", stored_then_lost)
    modal = open_settings(bot, APPROVER)
    submit(bot, APPROVER, form_values(modal, {key("S55_CC_DAYS"): {"value": "21"}}))
    assert direct_messages(bot, APPROVER) == [
        "Settings saved. From now on:\n• Chief Constable's comments due: 21 days"
    ]
    assert stored(bot) == {"S55_CC_DAYS": "21"}
    assert bot.services.settings.cc_days == 21


def test_a_commit_lost_before_it_was_made_says_nothing_was_stored(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def lost(*args: Any) -> Any:
        raise CommitOutcomeUnknown()

    monkeypatch.setattr(office_settings, "_store", lost)
    modal = open_settings(bot, APPROVER)
    submit(bot, APPROVER, form_values(modal, {key("S55_CC_DAYS"): {"value": "21"}}))
    assert direct_messages(bot, APPROVER) == [copy.DATABASE_NOT_ANSWERING]
    assert stored(bot) == {}
    assert bot.services.settings.cc_days == 28


def test_the_settings_stay_on_a_full_home_tab_within_slacks_hundred_blocks() -> None:
    many = [standing(left) for left in range(150)]
    settings = home_settings_blocks({"S55_CHANNEL": CHANNEL, "S55_APPROVERS": APPROVER})
    view = home_view(
        open_items=Shown(many, 150), waiting=Shown(many, 150), completed=many, settings=settings
    ).to_dict()
    assert len(view["blocks"]) <= MAX_BLOCKS
    assert view["blocks"][-1]["block_id"] == ids.HOME_SETTINGS_BLOCK
    assert view["blocks"][-1]["accessory"]["action_id"] == ids.OPEN_SETTINGS
    assert view["blocks"][-2]["type"] == "divider"
    assert check_view(view) == []


def test_a_process_for_the_single_office_starts_with_what_was_saved_in_slack(
    slack: SlackStandIn, database: Database
) -> None:
    with database.session() as session:
        session.execute(update(Office).where(Office.id == 1).values(settings={"S55_CC_DAYS": "21"}))
    services = services_for(bot_settings(slack, database))
    try:
        assert services.settings.cc_days == 21
        assert services.office_choices == {"S55_CC_DAYS": "21"}
        assert services.settings.environment["S55_CHANNEL"] == CHANNEL
    finally:
        services.db.dispose()


def test_on_a_host_the_installer_finishes_setting_up_in_settings_and_the_office_is_served(
    database: Database,
) -> None:
    """A host for every office: whoever added the app chooses the channel on their Home tab;
    the office's next command is served with it (bot.offices.directory makes its services
    again); someone else in that workspace sees no Settings."""
    with serving(database) as running:
        running.install(NORFOLK, user="U0JANE")
        send = running.send(NORFOLK)
        norfolk = running.slack.workspace_for(NORFOLK.team_id)

        def home(user: str) -> dict[str, Any]:
            event = {
                "type": "app_home_opened",
                "user": user,
                "channel": "D0HOME001",
                "tab": "home",
                "event_ts": "1700000000.000001",
            }
            assert send.event(event).status == 200
            running.listeners.settle()
            view = norfolk.home_view(user)
            assert view is not None
            return view

        # Before the channel is chosen nothing can be posted: no report button (it would do
        # nothing anyone sees), and everyone's Home says how to finish setting up.
        for user in ("U0BOB", "U0JANE"):
            assert home_buttons(home(user), ids.POST_REPORT) == []
            assert not_set_up_notice(home(user)) == copy.HOME_NOT_SET_UP
        assert home_buttons(home("U0BOB"), ids.OPEN_SETTINGS) == []
        [button] = home_buttons(home("U0JANE"), ids.OPEN_SETTINGS)
        view = norfolk.home_view("U0JANE") or {}
        payload = send.block_actions_payload(
            user_id="U0JANE",
            user_name="jane",
            action={k: v for k, v in button.items() if k != "confirm"},
            container={"type": "view", "view_id": view["id"]},
            trigger_id=norfolk.issue_trigger("U0JANE"),
            view=view,
        )
        assert send.block_action(payload).status == 200
        running.listeners.settle()
        [modal] = norfolk.modal_stack("U0JANE")
        values = form_values(
            modal, {key("S55_CHANNEL"): {"selected_conversation": CHANNELS["T0002"]}}
        )
        reply = send.submit_view(callback_id=ids.SETTINGS_VIEW, values=values, user_id="U0JANE")
        assert reply.status == 200 and not reply.body
        running.listeners.settle()
        with running.db.across_offices().session(read_only=True) as session:
            office = session.scalars(select(Office).where(Office.team_id == "T0002")).one()
            assert office.settings == {"S55_CHANNEL": CHANNELS["T0002"]}

        logged = running.command(NORFOLK, "add Vetting | 30 April 2024")
        assert "S55-1" in logged["text"]
        assert norfolk.messages.get(CHANNELS["T0002"])
        for user in ("U0BOB", "U0JANE"):  # set up: the report's button, and no notice
            assert len(home_buttons(home(user), ids.POST_REPORT)) == 1
            assert not_set_up_notice(home(user)) is None


def not_set_up_notice(view: dict[str, Any]) -> str | None:
    found = [b for b in view["blocks"] if b.get("block_id") == ids.HOME_NOT_SET_UP_BLOCK]
    return found[0]["text"]["text"] if found else None
