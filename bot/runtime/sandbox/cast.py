"""Who is in the sandbox workspace, and the bot's settings that give each of them their rights."""

from __future__ import annotations

from dataclasses import dataclass

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


def person(user_id: str) -> Person | None:
    return next((p for p in PEOPLE if p.user_id == user_id), None)


def bot_environment(*, api_url: str, signing_secret: str, database_url: str) -> dict[str, str]:
    """The settings the bot runs with in the sandbox: the same names an office sets."""
    return {
        "SLACK_BOT_TOKEN": "xoxb-sandbox",
        "SLACK_SIGNING_SECRET": signing_secret,
        "SLACK_API_URL": api_url,
        "DATABASE_URL": database_url,
        "S55_CHANNEL": CHANNEL,
        "S55_APPROVERS": APPROVER_GROUP,
        "S55_CC_CONTACT": CC_GROUP,
        "S55_PCC_CONTACT": PCC.user_id,
        "S55_AREA": AREA,
        "S55_POST_RATE": "50",  # the sandbox's Slack limits no rate; the demo need not wait
    }
