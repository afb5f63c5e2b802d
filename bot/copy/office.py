"""The office's settings on the Home tab (bot/offices/settings.py, bot/render/office.py;
README "Settings in Slack")."""

from __future__ import annotations

from .words import and_list, inert, mention

__all__ = [
    "DEADLINE_RULE_LABELS",
    "HOME_NOT_SET_UP",
    "HOME_SETTINGS",
    "NOT_AN_OFFICE_ADMIN",
    "SETTINGS_BUTTON",
    "SETTINGS_GROUPS_HINT",
    "SETTINGS_GROUPS_LABEL",
    "SETTINGS_HINTS",
    "SETTINGS_INTRO",
    "SETTINGS_LABELS",
    "SETTINGS_MODAL_TITLE",
    "SETTINGS_NOTHING_CHANGED",
    "SETTINGS_OUTCOME_UNKNOWN",
    "SETTINGS_SUBMIT",
    "home_settings_text",
    "setting_error",
    "setting_name",
    "setting_value",
    "settings_history_heading",
    "settings_saved",
]

HOME_SETTINGS = "Settings"
SETTINGS_BUTTON = "Change settings"
SETTINGS_MODAL_TITLE = "Office settings"
SETTINGS_SUBMIT = "Save"
SETTINGS_INTRO = (
    "What the bot uses for this office. A change applies from the next message, button or "
    "reminder, and is recorded in `/s55 history settings`."
)
NOT_AN_OFFICE_ADMIN = (
    "Only the office's admins can change its settings: whoever added the app to Slack and the "
    "people in the office admins setting. Nothing was changed."
)
SETTINGS_OUTCOME_UNKNOWN = (
    "The database stopped answering while your settings were being saved, so the bot cannot "
    "tell whether they were. Open Settings on the Home tab in a minute to see what is in effect."
)
# The Home tab of an office that added the app but has not chosen its team channel: nothing can
# be posted yet, so the report's button is not offered and this says how to finish (as /s55's
# NOT_SET_UP does).
HOME_NOT_SET_UP = (
    "*Not set up yet:* this workspace's team channel hasn't been chosen, so s55bot posts nothing "
    "yet. Whoever added s55bot (or an office admin) presses *Change settings* here and chooses "
    "the channel; then `/invite @s55bot` there."
)
SETTINGS_NOTHING_CHANGED = "Settings saved: nothing was different, so nothing changed."

# Each office setting (bot.settings.OFFICE_SETTINGS) by what people call it.
SETTINGS_LABELS = {
    "S55_CHANNEL": "Team channel",
    "S55_APPROVERS": "Approvers",
    "S55_RESPONSE_EDITORS": "Response editors",
    "S55_OFFICE_ADMINS": "Office admins",
    "S55_CC_CONTACT": "Chief Constable's contact",
    "S55_PCC_CONTACT": "PCC's contact",
    "S55_STEPS": "Office-use steps",
    "S55_DEADLINE_RULE": "Deadline",
    "S55_CC_DAYS": "Chief Constable's comments due (days after publication)",
    "S55_DIGEST_TIME": "Daily digest time",
    "S55_FORCE_NAME": "Force name",
    "S55_AREA": "Police area",
}
# The same, within a sentence ("changed the team channel from … to …").
_IN_TEXT = {
    "S55_CHANNEL": "team channel",
    "S55_APPROVERS": "approvers",
    "S55_RESPONSE_EDITORS": "response editors",
    "S55_OFFICE_ADMINS": "office admins",
    "S55_CC_CONTACT": "Chief Constable's contact",
    "S55_PCC_CONTACT": "PCC's contact",
    "S55_STEPS": "office-use steps",
    "S55_DEADLINE_RULE": "deadline",
    "S55_CC_DAYS": "days the Chief Constable's comments are due after publication",
    "S55_DIGEST_TIME": "daily digest time",
    "S55_FORCE_NAME": "force name",
    "S55_AREA": "police area",
}
SETTINGS_HINTS = {
    "S55_CHANNEL": "Where the cards are posted. Then type /invite @s55bot in it: the bot posts "
    "only in channels it was added to.",
    "S55_APPROVERS": "Who confirms sign-off and each office-use step.",
    "S55_RESPONSE_EDITORS": "Who may confirm or replace a response (nobody listed: everyone).",
    "S55_OFFICE_ADMINS": "Who may change these settings, besides whoever added the app.",
    "S55_CC_CONTACT": "Mentioned when the bot asks for the Chief Constable's comments.",
    "S55_PCC_CONTACT": "Mentioned when the bot asks for the PCC's response.",
    "S55_STEPS": "One step a line, in order, sign-off first.",
    "S55_CC_DAYS": "From 1 to 55.",
    "S55_FORCE_NAME": "As reports name it, e.g. Norfolk Constabulary.",
    "S55_AREA": "Named in the response document's heading, e.g. Norfolk.",
}
SETTINGS_GROUPS_LABEL = "{label}: user groups"
SETTINGS_GROUPS_HINT = (
    "User-group IDs (S…), comma separated: Slack's menus cannot choose a group. In Slack, the "
    "group's page → ⋯ → Copy group ID."
)
DEADLINE_RULE_LABELS = {
    "statutory": "56 days including publication day (published + 55)",
    "plus56": "published + 56 days",
}
_SECTION_LIMIT = 3000  # Slack's most for a section's text
_PEOPLE = ("S55_APPROVERS", "S55_RESPONSE_EDITORS", "S55_OFFICE_ADMINS")
_CONTACTS = ("S55_CC_CONTACT", "S55_PCC_CONTACT")


def setting_value(name: str, value: str) -> str:
    """A setting's stored text (bot.offices.settings.setting_text) in words: people as
    mentions, the channel as a link, typed text inert."""
    if name == "S55_CHANNEL":
        return f"<#{value}>" if value else "none"
    if name in _PEOPLE or name in _CONTACTS:
        people = [mention(part) for part in value.split(",") if part]
        return and_list(people) if people else "nobody"
    if name == "S55_STEPS":
        return "; ".join(f"“{inert(step)}”" for step in value.splitlines() if step)
    if name == "S55_DEADLINE_RULE":
        return DEADLINE_RULE_LABELS.get(value, inert(value))
    if name == "S55_CC_DAYS":
        return f"{inert(value)} days"
    if name in ("S55_FORCE_NAME", "S55_AREA"):
        return f"“{inert(value)}”" if value else "none"
    return inert(value) or "none"


def setting_name(name: str) -> str:
    """A setting as a sentence names it; one this version does not know, as stored."""
    return _IN_TEXT.get(name, inert(name))


def _label(name: str) -> str:
    return SETTINGS_LABELS.get(name, inert(name)).split(" (")[0]


def setting_error(name: str, problem: str, fix: str) -> str:
    """A setting refused on its field, in the words the environment's check uses."""
    return f"{_label(name)} {problem}: {fix}"


def settings_saved(changes: list[tuple[str, str]]) -> str:
    """After saving: each changed setting's new value (``changes``: name, stored text)."""
    return "Settings saved. From now on:\n" + _setting_lines(changes)


def home_settings_text(in_effect: list[tuple[str, str]]) -> str:
    """An admin's Home tab: every setting in effect (name, stored text). Within Slack's 3,000
    characters for a section: long office-use steps are counted instead (the form lists them),
    and whatever is still too long is cut."""
    text = f"*{HOME_SETTINGS}*\n" + _setting_lines(in_effect)
    if len(text) > _SECTION_LIMIT:
        text = f"*{HOME_SETTINGS}*\n" + "\n".join(
            f"• {_label(name)}: {_steps_counted(value)}"
            if name == "S55_STEPS"
            else _setting_lines([(name, value)])
            for name, value in in_effect
        )
    return text if len(text) <= _SECTION_LIMIT else text[: _SECTION_LIMIT - 1] + "…"


def _steps_counted(value: str) -> str:
    steps = len([step for step in value.splitlines() if step])
    return f"{steps} steps ({SETTINGS_BUTTON} lists them)"


def _setting_lines(pairs: list[tuple[str, str]]) -> str:
    return "\n".join(f"• {_label(name)}: {setting_value(name, value)}" for name, value in pairs)


def settings_history_heading(total: int, shown: int) -> str:
    more = f" (the latest {shown} of {total})" if shown < total else ""
    return f"*History of the office's settings*{more}" + ("" if total else "\nNo changes yet.")
