"""Who is in the sandbox's two workspaces (two offices, each its own people and channel), and
the settings that give each of them their rights.

The first office (Norfolk) is installed when the sandbox starts and set up as an office's
admin would set it up; the second (Suffolk) is left for the person trying the sandbox to add
the app to, with Add to Slack, and to set up in its Settings."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.standin import Identity

CHANNEL = "C0S55TEAM"
CHANNEL_NAME = "s55-responses"
CC_GROUP = "S0CCOFFICE"
CC_GROUP_HANDLE = "cc-office"
APPROVER_GROUP = "S0APPROVERS"
APPROVER_GROUP_HANDLE = "s55-approvers"
BOT_NAME = "s55bot"
AREA = "Norfolk"


@dataclass(frozen=True)
class Person:
    user_id: str
    name: str
    role: str  # as the person switcher shows it
    can: str  # what the bot's settings let them do, in one line


OFFICER = Person(
    "U0OFFICER", "Sam Okafor", "Policy officer, OPCC", "logs inspections and asks for responses"
)
CC_STAFF = Person(
    "U0CCSTAFF",
    "Chris Hale",
    "Chief Constable's office (@cc-office)",
    "is asked for the Chief Constable's response",
)
PCC = Person(
    "U0PCC", "Pat Rowe", "Police and Crime Commissioner", "is asked for the PCC's response"
)
APPROVER = Person(
    "U0APPROVER",
    "Alex Morgan",
    "Chief Executive, OPCC (approver)",
    "signs off and confirms each step (@s55-approvers)",
)
OUTSIDER = Person("U0VISITOR", "Robin Lee", "Visitor", "has no rights: can read, cannot approve")

PEOPLE: tuple[Person, ...] = (OFFICER, CC_STAFF, PCC, APPROVER, OUTSIDER)
GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    CC_GROUP: (CC_GROUP_HANDLE, (CC_STAFF.user_id,)),
    APPROVER_GROUP: (APPROVER_GROUP_HANDLE, (APPROVER.user_id,)),
}


@dataclass(frozen=True)
class Office:
    """One workspace of the sandbox: an office, its people, its team channel."""

    name: str
    identity: Identity  # the workspace, and the app's bot user in it
    channel: str
    channel_name: str
    people: tuple[Person, ...]
    groups: dict[str, tuple[str, tuple[str, ...]]]
    installer: Person  # who adds the app to Slack (an office admin from then on)
    # What the office chose in Settings (bot.settings.OFFICE_SETTINGS), when the sandbox sets
    # it up itself; empty: its admin sets it up in the sandbox's page.
    settings: dict[str, str] = field(default_factory=dict)
    # Whether the app's bot is in the team channel from the start. The first office was set up
    # before the sandbox opens (its /invite done); the second's admin does it, as in Slack,
    # where the bot (chat:write, not chat:write.public) posts only in channels it was added to.
    bot_in_channel: bool = True

    @property
    def team_id(self) -> str:
        return self.identity.team_id


NORFOLK = Office(
    name="Norfolk OPCC",
    identity=Identity(team_name="Norfolk OPCC"),
    channel=CHANNEL,
    channel_name=CHANNEL_NAME,
    people=PEOPLE,
    groups=GROUPS,
    installer=APPROVER,
    settings={
        "S55_CHANNEL": CHANNEL,
        "S55_APPROVERS": APPROVER_GROUP,
        "S55_CC_CONTACT": CC_GROUP,
        "S55_PCC_CONTACT": PCC.user_id,
        "S55_AREA": AREA,
    },
)

# Suffolk: another real English force area; its people are made up, as Norfolk's are.
SUFFOLK_ADMIN = Person(
    "U0SFADMIN",
    "Jo Ashby",
    "Policy officer and Slack admin, Suffolk OPCC",
    "adds the app to Slack, sets it up, logs inspections",
)
SUFFOLK_CC_STAFF = Person(
    "U0SFCCSTAFF",
    "Dev Kaur",
    "Chief Constable's office, Suffolk",
    "is asked for the Chief Constable's response",
)
SUFFOLK_PCC = Person(
    "U0SFPCC",
    "Lee Marsh",
    "Police and Crime Commissioner, Suffolk",
    "is asked for the PCC's response",
)
SUFFOLK_APPROVER = Person(
    "U0SFAPPROVER",
    "Sam Whitlock",
    "Chief Executive, Suffolk OPCC (approver)",
    "signs off and confirms each step, once named in Settings",
)
SUFFOLK = Office(
    name="Suffolk OPCC",
    identity=Identity(
        team_id="T0002",
        team_domain="suffolk-opcc",
        team_name="Suffolk OPCC",
        bot_user_id="U0BOT0002",
        bot_id="B0BOT0002",
    ),
    channel="C0S55SUFFOLK",
    channel_name="suffolk-s55",
    people=(SUFFOLK_ADMIN, SUFFOLK_CC_STAFF, SUFFOLK_PCC, SUFFOLK_APPROVER),
    groups={},
    installer=SUFFOLK_ADMIN,
    bot_in_channel=False,
)

OFFICES: tuple[Office, ...] = (NORFOLK, SUFFOLK)


def person(user_id: str) -> Person | None:
    return next((p for o in OFFICES for p in o.people if p.user_id == user_id), None)


def office_of(user_id: str) -> Office | None:
    """The office (workspace) a person of the sandbox belongs to."""
    return next((o for o in OFFICES if any(p.user_id == user_id for p in o.people)), None)


def office_for_team(team_id: str | None) -> Office | None:
    return next((o for o in OFFICES if o.team_id == team_id), None)


def host_environment(
    *,
    api_url: str,
    signing_secret: str,
    client_id: str,
    client_secret: str,
    token_key: str,
    database_url: str,
) -> dict[str, str]:
    """The settings the bot runs with in the sandbox: a host for every office (the names a
    host sets, README "Many offices"); each office's own are its stored Settings."""
    return {
        "SLACK_CLIENT_ID": client_id,
        "SLACK_CLIENT_SECRET": client_secret,
        "SLACK_SIGNING_SECRET": signing_secret,
        "S55_TOKEN_KEY": token_key,
        "SLACK_API_URL": api_url,
        "DATABASE_URL": database_url,
        "S55_POST_RATE": "50",  # the sandbox's Slack limits no rate; the demo need not wait
    }
