"""Logging and finding inspections (bot/inspections): `/s55 help`, `/s55 add` and its
refusals, `/s55 list` and `/s55 show`, the "new inspection" form, `/s55 edit` and
`/s55 withdraw`."""

from __future__ import annotations

from datetime import date

from .words import days_phrase, human_date, inert, quoted

__all__ = [
    "ADD_EXAMPLE",
    "ADD_FORM",
    "ADD_FORM_HINT",
    "ADD_NO_DATE",
    "ADD_NO_TITLE",
    "ADD_TOO_MANY_PARTS",
    "EDITED_NAMES",
    "EDIT_LONG_SECTION",
    "EDIT_MODAL_TITLE",
    "EDIT_USAGE",
    "EXAMPLE_REFERENCE",
    "FORM_NO_DATE",
    "FORM_NO_TITLE",
    "HELP",
    "LIST_EMPTY",
    "LIST_HEADINGS",
    "LIST_TAKES_ONE_WORD",
    "MENU_EDIT",
    "MENU_WITHDRAW",
    "MODAL_CLOSE",
    "MODAL_LABELS",
    "MODAL_PUBLISHED_HINT",
    "MODAL_SECTION_HINT",
    "MODAL_SUBMIT",
    "MODAL_TITLE",
    "MODAL_TYPE_PLACEHOLDER",
    "SHOW_NEEDS_REFERENCE",
    "TYPE_NOT_RECORDED",
    "WITHDRAW_MODAL_TITLE",
    "WITHDRAW_USAGE",
    "ancient_date",
    "bad_inspection_type",
    "bad_link",
    "bad_list_filter",
    "bad_page_number",
    "date_needs_a_day",
    "duplicate_link",
    "duplicate_title",
    "edit_closed_refused",
    "edit_nothing_changed",
    "edited",
    "future_date",
    "link_with_unsafe_characters",
    "list_page_heading",
    "list_page_note",
    "logged",
    "logged_card_later",
    "logged_without_card",
    "no_such_page",
    "not_a_day_first_date",
    "text_too_long",
    "title_too_long",
    "title_without_words",
    "unknown_reference",
    "unknown_subcommand",
    "unreadable_date",
    "withdraw_modal_intro",
    "withdraw_not_allowed",
    "withdraw_refused",
    "withdrawn",
]


ADD_FORM = "`/s55 add <title> | <published> [| <link>]`"

ADD_EXAMPLE = (
    "`/s55 add Vetting and anti-corruption part 2 | 30 April 2024 | "
    "https://hmicfrs.justiceinspectorates.gov.uk/publications/…`"
)

HELP = "\n".join(
    [
        "*s55bot* tracks the PCC's Section 55 response to each HMICFRS inspection report.",
        "",
        f"• {ADD_FORM} logs a newly published inspection and posts its tracking card.",
        f"   e.g. {ADD_EXAMPLE}",
        "   The date can be `30 April 2024`, `30/04/2024` (day first), `24th October 2019`, "
        "`yesterday` or `last Tuesday`.",
        "• `/s55 new` opens a form with the same fields plus type and key findings.",
        "• `/s55 list [open|overdue|done|all]` lists inspections, most urgent first "
        "(default `open`).",
        "• `/s55 show S55-1` shows one inspection with a link to its card.",
        "• `/s55 revise S55-1 cc` (or `pcc`) asks again for a response, to replace the one on "
        "record; earlier versions are kept.",
        "• `/s55 history S55-1` shows who did what, and when; `/s55 history settings` who "
        "changed the office's settings (the Home tab's Settings, for the office's admins).",
        "• `/s55 edit S55-1` corrects the title, date, link, type or short sections (a form).",
        "• `/s55 withdraw S55-1 <reason>` withdraws an inspection logged by mistake.",
        "• `/s55 findings S55-1` asks in the card's thread for the key findings, at any length.",
        "• `/s55 recs S55-1` (or `afis`) lists the recommendations and areas for improvement, "
        "each with an Answer button; before there are any, it asks for them in the thread "
        "(paste them as the report words them, or upload the report).",
        "• `/s55 none S55-1 recommendations` (or `findings`, `afis`) records that the report "
        "makes none.",
        "• `/s55 export S55-1 docx` (or `html`, `md`) puts the response document in the card's "
        "thread; `/s55 export S55-1 items` the recommendations and AFIs as CSV.",
        "Paste the Chief Constable's and the PCC's responses in the card's thread when I ask; "
        "approvers confirm sign-off and each step with the buttons on the card.",
        "• `/s55 report <period>` posts the compliance report for the Police and Crime Panel "
        "in the team channel: on time or late, recommendations and AFIs by status and RAG, two "
        "charts, and the report as HTML and Word in its thread.",
        "   e.g. `/s55 report 2024`, a financial year `/s55 report 2024-25`, or "
        "`/s55 report 1 Apr 2024 to 31 Mar 2025`",
        "• `/s55 help` shows this message.",
    ]
)


def unknown_subcommand(word: str) -> str:
    return f"I don't know {quoted('/s55 ' + word)}. Here is what I can do:\n\n{HELP}"


ADD_FORM_HINT = f"Use {ADD_FORM}, for example {ADD_EXAMPLE}"

ADD_NO_TITLE = "The inspection needs a title before the `|`."

ADD_NO_DATE = "The inspection needs its publication date after the title and a `|`."

ADD_TOO_MANY_PARTS = (
    "I found more than three parts. Titles cannot contain `|`: separate only the title, "
    "the date and the link."
)


def title_too_long(length: int, limit: int) -> str:
    return f"That title is {length:,} characters long; the limit is {limit:,}."


def unreadable_date(text: str) -> str:
    return (
        f"I couldn't read {quoted(text)} as a date. Try `30 April 2024`, `30/04/2024` (day first), "
        "`yesterday` or `last Tuesday`."
    )


def not_a_day_first_date(text: str) -> str:
    return (
        f"{quoted(text)} is not a date when read day first (day/month/year, as in the UK). "
        "Try `30/04/2024` or `30 April 2024`."
    )


def title_without_words(title: str) -> str:
    return (
        f"{quoted(title)} has no words in it. Give the inspection's title as HMICFRS published it."
    )


def date_needs_a_day(text: str) -> str:
    return (
        f"{quoted(text)} is not a single day. Give the day, month and year, e.g. `30 April 2024`."
    )


def future_date(text: str, published: date, today: date) -> str:
    return (
        f"{quoted(text)} is {human_date(published)}, which is in the future (today is "
        f"{human_date(today)}). Log an inspection once its report has been published."
    )


def ancient_date(text: str, published: date) -> str:
    return f"{quoted(text)} is {human_date(published)}, which looks like a typo. Check the year."


def bad_link(text: str) -> str:
    return f"{quoted(text)} is not a web link. The link must start with `https://` or `http://`."


def link_with_unsafe_characters(text: str, found: str) -> str:
    return (
        f"{quoted(text)} cannot be the link: links cannot contain {found}. Copy the address "
        "from the browser's address bar, e.g. `https://hmicfrs.justiceinspectorates.gov.uk/"
        "publications/vetting-part-2/`."
    )


def bad_inspection_type(text: str) -> str:
    return f"{quoted(text)} is not a type of inspection I know."


def duplicate_link(reference: str) -> str:
    return f"That link is already logged as *{reference}*. See `/s55 show {reference}`."


def duplicate_title(reference: str) -> str:
    return (
        f"An inspection with that title and publication date is already logged as "
        f"*{reference}*. See `/s55 show {reference}`."
    )


EXAMPLE_REFERENCE = "S55-7"  # what a reference looks like, in answers that teach it


def unknown_reference(text: str) -> str:
    return (
        f"I can't find an inspection {quoted(text)}. "
        f"References look like `{EXAMPLE_REFERENCE}`; try `/s55 list all`."
    )


SHOW_NEEDS_REFERENCE = f"Which inspection? Use `/s55 show {EXAMPLE_REFERENCE}`."


def bad_list_filter(word: str) -> str:
    return f"{quoted(word)} is not a list I keep. Use `/s55 list open`, `overdue`, `done` or `all`."


def logged(reference: str, title: str, published: date, deadline: date, days: int) -> str:
    """``title`` must already be escaped for mrkdwn."""
    return (
        f"Logged *{reference}* {title}, published {human_date(published)}. The Section 55 "
        f"deadline is {human_date(deadline)} ({days_phrase(days)}); the tracking card is in "
        "the channel."
    )


def logged_without_card(reference: str, channel: str, published: date, error: str | None) -> str:
    logged = f"Logged *{reference}* (published {human_date(published)})"
    if error in ("not_in_channel", "channel_not_found", "is_archived"):
        return (
            f"{logged}, but I couldn't post its card in <#{channel}>. Invite me to the channel "
            "(`/invite @s55bot`) and I'll post it as soon as I join."
        )
    reason = f"Slack said `{error}`" if error else "Slack did not answer"
    return (
        f"{logged}, but I couldn't post its card ({reason}). Nothing is lost; I'll post it "
        "the next time I'm invited to the channel, or ask the administrator to check the log."
    )


LIST_EMPTY = {
    "open": "No open inspections. :tada:",
    "overdue": "Nothing is overdue.",
    "done": "No inspection is complete yet.",
    "all": "No inspections logged yet. Log one with " + ADD_FORM + ".",
}

LIST_HEADINGS = {
    "open": "Open inspections",
    "overdue": "Overdue inspections",
    "done": "Completed inspections",
    "all": "All inspections",
}

LIST_TAKES_ONE_WORD = (
    "`/s55 list` takes one word, `open`, `overdue`, `done` or `all`, and then a page number "
    "for a later page: `/s55 list all 2`."
)


def bad_page_number(word: str) -> str:
    return f"{quoted(word)} is not a page number. {LIST_TAKES_ONE_WORD}"


def no_such_page(which: str, number: int, *, last: int, total: int) -> str:
    if total == 0:
        return f"There is no page {number}: {LIST_EMPTY[which]}"
    pages = "one page" if last == 1 else f"{last} pages"
    inspections = "1 inspection" if total == 1 else f"{total} inspections"
    return (
        f"There is no page {number} of `/s55 list {which}`: its {inspections} make {pages}. "
        f"`/s55 list {which} {last}` shows the last."
    )


def list_page_note(first: int, last: int, total: int, *, more: int, command: str) -> str:
    """Under a page of a list: which rows it shows, and the command for the next page."""
    shown = f"Showing {first} to {last} of {total}."
    return f"{shown} {more} more — `{command}`" if more else shown


def list_page_heading(heading: str, total: int, number: int, last: int) -> str:
    return f"{heading} ({total})" + (f" · page {number} of {last}" if last > 1 else "")


def logged_card_later(reference: str, channel: str, published: date) -> str:
    return (
        f"Logged *{reference}* (published {human_date(published)}). Its tracking card isn't in "
        f"<#{channel}> yet: I couldn't post it just now. Nothing is lost; I'll post it within "
        "minutes."
    )


FORM_NO_TITLE = "Give the inspection's title."

FORM_NO_DATE = "Give the date the report was published."


def text_too_long(length: int, limit: int) -> str:
    return f"This is {length:,} characters long; the limit is {limit:,}."


MODAL_TITLE = "Log an inspection"

MODAL_SUBMIT = "Log it"

MODAL_CLOSE = "Cancel"

MODAL_LABELS = {
    "title": "Inspection title",
    "published": "Date published",
    "link": "Link to report",
    "inspection_type": "Type of inspection",
    "key_findings": "Key findings",
    "recommendations": "Recommendations",
    "areas_for_improvement": "Areas for improvement",
}

MODAL_PUBLISHED_HINT = "The day HMICFRS published the report: the 56 days begin on this day."

TYPE_NOT_RECORDED = "Not recorded"

EDIT_USAGE = "Which inspection? Use `/s55 edit S55-3`."

EDIT_MODAL_TITLE = "Correct the details"

EDIT_LONG_SECTION = (
    "{name} are longer than a form field can hold ({length:,} characters), so they are not "
    "shown here; they stay as recorded."
)


def edited(reference: str, changes: list[str]) -> str:
    return f"Corrected *{reference}*: {', '.join(changes)}. The card shows the new details."


def edit_nothing_changed(reference: str) -> str:
    return f"Nothing was different, so *{reference}* is unchanged."


def edit_closed_refused(reference: str, state: str) -> str:
    return f"*{reference}* is {state}; it cannot be edited."


WITHDRAW_USAGE = (
    "Which inspection, and why? Use `/s55 withdraw S55-3 <reason>`, for example "
    "`/s55 withdraw S55-3 logged twice by mistake`."
)


def withdraw_not_allowed(reference: str) -> str:
    return f"Only the person who logged *{reference}* or an approver can withdraw it."


def withdraw_refused(reference: str, state: str) -> str:
    return f"*{reference}* is {state}; only an inspection still in progress can be withdrawn."


def withdrawn(reference: str, reason: str) -> str:
    return (
        f"Withdrew *{reference}* ({inert(reason)}). It has left the lists, the digest and the "
        "reminders, and no longer counts as a duplicate; `/s55 list all` still shows it."
    )


MENU_EDIT = "Edit details"

MENU_WITHDRAW = "Withdraw (logged by mistake)…"

WITHDRAW_MODAL_TITLE = "Withdraw"


def withdraw_modal_intro(reference: str) -> str:
    return (
        f"Withdraw *{reference}*? Use this for an entry logged by mistake: it leaves every list "
        "and reminder, and no longer counts as a duplicate. (For a real inspection that needs no "
        "comments, use *No response required* instead.)"
    )


MODAL_TYPE_PLACEHOLDER = "Choose the type of inspection"


# A hint is plain text in Slack: no backticks, and the field's label already says "optional".
MODAL_SECTION_HINT = (
    "Left empty, it stays not yet recorded. Longer text (over 3,000 characters) goes in the "
    "card's thread: /s55 findings S55-…"
)

EDITED_NAMES = {
    "title": "title",
    "published": "publication date",
    "link": "link",
    "inspection_type": "type",
    "cc_due": "CC comments due date",
    "statutory_deadline": "Section 55 deadline",
    "findings": "key findings",
    "recommendations": "recommendations",
    "afis": "areas for improvement",
}
