"""Every sentence a user reads, in one place so the office can review the wording.

Slack mrkdwn: *bold*, _italic_, `code`, <url|label>.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

QUOTE_LIMIT = 80


def inert(text: str) -> str:
    """Typed text escaped for mrkdwn, so that a typed ``<!channel>`` is shown, not sent."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoted(text: str) -> str:
    """What the user typed, shown back in a code span, cut short so a long paste fits."""
    text = text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 1] + "…"
    return "`" + inert(text).replace("`", "'") + "`"


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
        "• `/s55 history S55-1` shows who did what, and when.",
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


# --- /s55 add: refusals -------------------------------------------------------------------
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


def unknown_reference(text: str) -> str:
    return (
        f"I can't find an inspection {quoted(text)}. "
        "References look like `S55-7`; try `/s55 list all`."
    )


SHOW_NEEDS_REFERENCE = "Which inspection? Use `/s55 show S55-7`."


def bad_list_filter(word: str) -> str:
    return f"{quoted(word)} is not a list I keep. Use `/s55 list open`, `overdue`, `done` or `all`."


# --- confirmations ------------------------------------------------------------------------
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


LIST_TAKES_ONE_WORD = "`/s55 list` takes one word: `open`, `overdue`, `done` or `all`."


def list_truncated(shown: int, total: int) -> str:
    return f"Showing the {shown} most urgent of {total}."


# --- errors -------------------------------------------------------------------------------
DATABASE_NOT_ANSWERING = (
    "The database is not answering just now, so nothing was stored. Please try again in a minute."
)


def unexpected_error(code: str) -> str:
    return (
        f"Sorry, something went wrong on my side and nothing was changed. "
        f"If it keeps happening, give the office's administrator this code: `{code}`."
    )


# --- the card -----------------------------------------------------------------------------
RULE_NAMES = {
    "statutory": "statutory, the last day of the 56 days beginning with the publication day "
    "(s.55(5A))",
    "plus56": "publication date + 56 days",
}
CARD_FALLBACK = "Section 55 response {reference}: {title}, deadline {deadline}"


def days_phrase(days: int) -> str:
    if days > 1:
        return f"{days} days left"
    if days == 1:
        return "1 day left"
    if days == 0:
        return "due today"
    return f"OVERDUE by {-days} day" + ("" if days == -1 else "s")


OUTCOME_WITHDRAWN = "Withdrawn"
OUTCOME_NOT_REQUIRED = "No response required"


def outcome_published(day: date, days_early: int) -> str:
    """``Published Tue 18 Jun 2024 — 6 days before the deadline``: a closed card's outcome."""
    if days_early == 0:
        against = "on the deadline day"
    else:
        days = abs(days_early)
        against = f"{days} day{'' if days == 1 else 's'} " + (
            "before the deadline" if days_early > 0 else "after the deadline"
        )
    return f"Published {human_date(day)} — {against}"


def human_date(day: date) -> str:
    """``Tue 30 Apr 2024``: the day of the week helps people spot a wrong date."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def long_date(day: date) -> str:
    """``30 April 2024``, as the office's documents write dates."""
    return f"{day.day} {day:%B %Y}"


CARD_NOT_POSTED = "Its tracking card has not been posted yet: invite me to the team channel."
FORM_NO_TITLE = "Give the inspection's title."
FORM_NO_DATE = "Give the date the report was published."


def text_too_long(length: int, limit: int) -> str:
    return f"This is {length:,} characters long; the limit is {limit:,}."


# --- the "new inspection" modal -------------------------------------------------------------
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


# --- responses in the card's thread ---------------------------------------------------------
RESPONSE_LABELS = {
    "cc": "Chief Constable's response",
    "pcc": "PCC's response",
    "findings": "key findings",
    "recs": "recommendations",
    "afis": "areas for improvement",
}


def bad_response_kind(text: str) -> str:
    return (
        f"{quoted(text)} is not a response I collect. "
        "Use `cc` or `pcc`, e.g. `/s55 revise S55-3 cc`."
    )


REVISE_USAGE = "Which response? Use `/s55 revise S55-3 cc` or `/s55 revise S55-3 pcc`."


def ask_for_cc(reference: str, contact: str | None, due: date) -> str:
    return (
        f"{_hello(contact)}Please paste the *Chief Constable's response* to *{reference}* here in "
        f"this thread, in one message or several. The Chief Constable's comments are due by "
        f"*{human_date(due)}*. I'll show a receipt with a button to confirm it."
    )


def ask_for_pcc(reference: str, contact: str | None, deadline: date) -> str:
    return (
        f"{_hello(contact)}Please paste the *PCC's response* to *{reference}* here in this "
        f"thread, in one message or several. The Section 55 deadline is "
        f"*{human_date(deadline)}*."
    )


def ask_for_replacement(label: str, reference: str, actor: str) -> str:
    return (
        f"<@{actor}> is replacing the *{label}* to *{reference}*. Paste the new text here in "
        "this thread; the current version stays on record until the new one is confirmed."
    )


def _hello(contact: str | None) -> str:
    if not contact:
        return ""
    mention = f"<!subteam^{contact}>" if contact.startswith("S") else f"<@{contact}>"
    return f"{mention} "


def receipt(
    label: str,
    messages: int,
    words: int,
    first: str,
    last: str = "",
    *,
    files: Sequence[tuple[str, int]] = (),
    left_out: int = 0,
) -> str:
    """``first`` and ``last`` (sentences) come escaped for mrkdwn; ``last`` empty when the
    draft is one sentence."""
    heading = f"*{label[0].upper()}{label[1:]}: draft*"
    aside = _left_out(left_out)
    if messages == 0:
        return f"{heading}\nNothing yet. Paste the text in this thread, or share the file.{aside}"
    noun = "message" if messages == 1 else "messages"
    from_files = "; ".join(f"{quoted(name)}, {count:,} words" for name, count in files)
    with_files = f" (with {from_files})" if files else ""
    ends = f"\nIt ends:\n> {last}" if last else ""
    return (
        f"{heading}\nI have {messages} {noun}, {words:,} words{with_files}. "
        f"It starts:\n> {first}{ends}{aside}"
    )


def _left_out(count: int) -> str:
    if not count:
        return ""
    whose = "message from someone else" if count == 1 else "messages from others"
    return f"\n:information_source: {count} {whose} not included — *Review* to include it."


def receipt_section_recorded(label: str, actor: str, words: int, when: str) -> str:
    return (
        f":white_check_mark: *{label[0].upper()}{label[1:]}* recorded by <@{actor}> on {when}: "
        f"{words:,} words."
    )


def receipt_confirmed(label: str, revision: int, actor: str, words: int, when: str) -> str:
    return (
        f":white_check_mark: *{label}* confirmed by <@{actor}> on {when}: "
        f"revision {revision}, {words:,} words."
    )


def receipt_abandoned(label: str, because: str, actor: str) -> str:
    """The receipt of a draft no longer collected, saying why (``SetAsideBecause``)."""
    heading = f"*{label[0].upper()}{label[1:]}*: no longer collected"
    why = {
        "not required": f"<@{actor}> recorded that no response is required.",
        "withdrawn": f"<@{actor}> withdrew the inspection.",
        "makes none": f"<@{actor}> confirmed that the report makes none.",
    }
    if because in why:
        return f"{heading} — {why[because]}"
    return f"*{label}: draft set aside.* A newer request in this thread replaced it."


USE_BUTTON = {
    "cc": "Use this as the Chief Constable's response",
    "pcc": "Use this as the PCC's response",
    "findings": "Use this as the key findings",
    "recs": "Use this as the recommendations",
    "afis": "Use this as the areas for improvement",
}
START_AGAIN_BUTTON = "Start again"
REPLACE_BUTTON = "Replace"
CONFIRM_USE_TITLE = "Use this text?"
CONFIRM_USE_TEXT = "It becomes the response on record; earlier versions are kept."
CONFIRM_REPLACE_TITLE = "Are you sure?"


def confirm_replace_text(label: str) -> str:
    return (
        f"I'll ask in this thread for a new {label}. The current version stays on record "
        "until the new one is confirmed."
    )


CONFIRM_START_AGAIN_TITLE = "Start again?"
CONFIRM_START_AGAIN_TEXT = "I'll forget the messages so far; paste the text again afterwards."
FILES_NOT_CAPTURED = (
    "I can only capture text, not files. Please paste the response as text in this thread."
)
NOTHING_TO_USE = "There is no text in the draft yet: paste the response in the thread first."
DRAFT_CHANGED = (
    "The draft changed after that receipt was shown. Check the updated receipt and press again."
)


def draft_already_closed(label: str) -> str:
    return f"The {label} was already confirmed from this draft; there is nothing more to do."


def not_a_response_editor(label: str) -> str:
    return (
        f"Only the office's response editors can confirm the {label}. "
        "Ask one of them, or the administrator who sets S55_RESPONSE_EDITORS."
    )


def already_collecting(label: str, reference: str) -> str:
    return f"I'm already collecting the {label} to {reference}: paste it in the card's thread."


def closed_no_revise(reference: str, state: str) -> str:
    return f"{reference} is {state}: its responses can no longer be replaced."


def revise_started(label: str, reference: str) -> str:
    return f"I've asked for the new {label} to {reference} in the card's thread."


def revision_waits(label: str, collecting: str, messages: int, reference: str) -> str:
    noun = "message" if messages == 1 else "messages"
    return (
        f"The thread of {reference} is collecting the {collecting} ({messages} {noun} so far), "
        f"and I won't set that aside. The {label} will be asked for again once the "
        f"{collecting} being pasted is confirmed or cleared; nothing more is needed from you."
    )


def card_needed_first(reference: str) -> str:
    return (
        f"{reference} has no tracking card yet, so there is no thread to collect in. "
        "Invite me to the team channel first."
    )


LOOKUP_FAILED = (
    "I couldn't check who may do this (Slack didn't answer). Nothing was changed; try again "
    "in a minute."
)


# --- office-use steps ------------------------------------------------------------------------
def step_not_in_list(step: str) -> str:
    return f"“{step}” is no longer one of the office's steps; the card has been refreshed."


def step_already_done(step: str, by: str) -> str:
    return f"“{step}” was already confirmed by <@{by}>; the card has been refreshed."


def step_not_now(step: str, state: str) -> str:
    if state in ("awaiting CC response", "awaiting PCC response"):
        return (
            f"“{step}” can't be confirmed yet: both the Chief Constable's and the PCC's "
            "responses must be confirmed first."
        )
    return f"“{step}” can't be confirmed now: this inspection is {state}."


def step_out_of_order(step: str, missing: str) -> str:
    return f"“{step}” comes after “{missing}”, which isn't confirmed yet. Confirm that first."


def step_not_confirmed(step: str) -> str:
    return f"“{step}” isn't confirmed, so there is nothing to undo."


def undo_later_first(step: str, latest: str) -> str:
    return f"Undo “{latest}” first: steps are undone from the last one back."


def not_an_approver() -> str:
    return (
        "Only the office's approvers can confirm or undo these steps. Ask one of them, or the "
        "administrator who sets S55_APPROVERS."
    )


NO_APPROVERS = (
    "No approvers are set up yet, so nobody can confirm these steps. The administrator sets "
    "S55_APPROVERS (user IDs U… and user-group IDs S…)."
)


def step_confirmed_note(step: str, actor: str) -> str:
    return f":white_check_mark: {step}: confirmed by <@{actor}>."


def step_undone_note(step: str, actor: str, reason: str) -> str:
    return f":leftwards_arrow_with_hook: {step}: undone by <@{actor}>. Reason: {inert(reason)}"


def completed_note(reference: str) -> str:
    return (
        f":tada: *{reference}* is complete: every office-use step is confirmed. "
        "Reminders for it have stopped."
    )


def not_required_note(actor: str, reason: str) -> str:
    return f"No response required, recorded by <@{actor}>. Reason: {inert(reason)}"


def approvers_turn_note(
    reference: str,
    *,
    approvers: list[str],
    revised: str | None,
    step: str,
    still_needed: list[str],
) -> str:
    """``approvers`` as mentions; ``revised``: the label of a response revised while sign-off
    waited; ``still_needed``: what sign-off waits for besides them (missing_phrase items)."""
    why = f"the {revised} was revised" if revised else "both responses are confirmed"
    again = " again" if revised else ""
    who = (
        f"{' '.join(approvers)}, over to you: “{step}” is on the card and on your Home tab."
        if approvers
        else "No approvers are set up yet (S55_APPROVERS), so nobody can sign it off."
    )
    needed = f" Sign-off also needs {missing_phrase(tuple(still_needed))}." if still_needed else ""
    return f":raised_hand: *{reference}* is ready for sign-off{again}: {why}. {who}{needed}"


def draft_for_publication(number: int) -> str:
    """The marker on the document posted at sign-off; a sign-off undone and given again
    posts draft 2, and so on."""
    return "draft for publication" if number == 1 else f"draft {number} for publication"


def draft_document_title(reference: str, number: int, fmt: str) -> str:
    return f"{reference} response — {draft_for_publication(number)}.{fmt}"


def draft_document_comment(reference: str, number: int, actor: str) -> str:
    return (
        f":page_facing_up: *{reference}* response, *{draft_for_publication(number)}*: as "
        f"signed off by <@{actor}>, in Word (to forward) and HTML (for the website). The final "
        "document follows when every office-use step is confirmed."
    )


CONFIRM_STEP_TITLE = "Are you sure?"


def confirm_step_text(step: str, reference: str) -> str:
    return f"Record “{step}” for {reference}? Your name and the time are recorded."


UNDO_BUTTON = "Undo"
NOT_REQUIRED_BUTTON = "No response required"
UNDO_MODAL_TITLE = "Undo a step"
NOT_REQUIRED_MODAL_TITLE = "No response required"
REASON_LABEL = "Reason (kept in the audit history)"
MODAL_SAVE = "Save"


def undo_modal_intro(step: str, reference: str) -> str:
    return f"Undo “{step}” for *{reference}*? The confirmation and the undo both stay on record."


def not_required_intro(reference: str) -> str:
    return (
        f"Record that no Section 55 response is required for *{reference}*. Reminders stop; "
        "the audit history keeps who did it and why."
    )


def not_required_refused(state: str) -> str:
    return f"This inspection is {state}, so it can't be marked “no response required”."


STEPS_HEADING = "*For office use*"
REASON_NEEDED = "Please give a reason: it is kept in the audit history."


# --- audit history ----------------------------------------------------------------------------
def history_heading(reference: str, total: int, shown: int) -> str:
    more = f" (the latest {shown} of {total})" if shown < total else ""
    return f"*History of {reference}*{more}"


def _short(value: object, limit: int = 80) -> str:
    text = "not recorded" if value in (None, "") else str(value)
    return inert(text if len(text) <= limit else text[: limit - 1] + "…")


# What the bot did by itself followed (an audit row's details["following"]).
AFTER_STEP = {
    "confirmation": "confirmation",
    "start again": "Start again",
    "none": "“the report makes none”",
}


def audit_actor(actor: str, automatic: str) -> str:
    """Who did it, in a history line: a person as a mention, the bot by its name."""
    return automatic if actor == automatic else f"<@{actor}>"


def _after(details: dict) -> str:
    if not details.get("after"):
        return ""
    step = AFTER_STEP.get(details.get("following", ""), "step")
    return f" (after <@{details['after']}>'s {step})"


def _asked_by(details: dict) -> str:
    return f", as <@{details['asked by']}> had asked" if details.get("asked by") else ""


def _audit_day(iso: object) -> str:
    try:
        return human_date(date.fromisoformat(str(iso)))
    except ValueError:
        return str(iso)


def describe_audit(action: str, details: dict) -> str:
    """One audit row in words. Unknown actions are shown as stored, never hidden."""
    label = RESPONSE_LABELS.get(details.get("kind", ""), "response")
    descriptions = {
        "logged": lambda: f"logged the inspection “{details.get('title', '')}”",
        "response requested": lambda: (
            f"asked for the {label}"
            + (" (a replacement)" if details.get("replacing") else "")
            + _asked_by(details)
            + _after(details)
        ),
        "response request waiting": lambda: (
            f"asked for the {label}; it waits until the "
            f"{RESPONSE_LABELS.get(details.get('waiting for', ''), 'draft')} being pasted is "
            "confirmed or cleared"
        ),
        "response drafted": lambda: f"started the draft of the {label}",
        "draft cleared": lambda: f"cleared the draft of the {label}",
        "response confirmed": lambda: f"confirmed the {label} ({details.get('words', 0):,} words)",
        "response revised": lambda: (
            f"confirmed revision {details.get('revision')} of the {label}"
            f" ({details.get('words', 0):,} words)"
        ),
        "step confirmed": lambda: f"confirmed “{details.get('step')}”",
        "step undone": lambda: f"undid “{details.get('step')}”: {details.get('reason', '')}",
        "marked not required": lambda: (
            f"recorded no response required: {details.get('reason', '')}"
        ),
        "edited": lambda: (
            "corrected "
            + "; ".join(
                f"{EDITED_NAMES.get(name, name)} from “{_short(old)}” to “{_short(new)}”"
                for name, (old, new) in (details.get("changes") or {}).items()
            )
        ),
        "withdrawn": lambda: f"withdrew the inspection: {inert(details.get('reason', ''))}",
        "section recorded": lambda: (
            f"recorded revision {details.get('revision')} of the "
            f"{SECTION_NAMES.get(details.get('section', ''), '')} from the thread"
        ),
        "confirmed none": lambda: (
            f"confirmed the report makes no {SECTION_NAMES.get(details.get('section', ''), '')}"
        ),
        "snoozed": lambda: (
            f"snoozed the nudges until {_audit_day(details.get('until'))}"
            + (" (the overdue nudges)" if details.get("overdue") else "")
            + (
                f", asked for {_audit_day(details.get('asked'))}"
                if details.get("asked") != details.get("until")
                else ""
            )
        ),
        "snooze ended": lambda: (
            f"resumed the nudges (snoozed until {_audit_day(details.get('until'))})"
        ),
        "progress recorded": lambda: (
            f"recorded update {details.get('update')} of {details.get('item')}: "
            f"{ACTION_STATUS_LABELS.get(details.get('status', ''), details.get('status'))}, "
            + (
                f"target {_audit_day(details.get('target'))}"
                if details.get("target")
                else NO_TARGET
            )
            + f", RAG {RAG_LABELS.get(details.get('rag', ''), details.get('rag'))}"
        ),
        "item snoozed": lambda: (
            f"snoozed the nudges for {details.get('item')} until {_audit_day(details.get('until'))}"
        ),
        "item snooze ended": lambda: (
            f"resumed the nudges for {details.get('item')} "
            f"(snoozed until {_audit_day(details.get('until'))})"
        ),
    }
    describe = descriptions.get(action)
    return describe() if describe else f"{action} {details}"


# --- reminders ---------------------------------------------------------------------------------
URGENCY_EMOJI = {
    "red": ":red_circle:",
    "orange": ":large_orange_circle:",
    "yellow": ":large_yellow_circle:",
    "green": ":large_green_circle:",
}
MISSING_NAMES = {
    "cc": "the Chief Constable's response",
    "pcc": "the PCC's response",
    "section:findings": "the key findings",
    "section:recommendations": "the recommendations",
    "section:afis": "the areas for improvement",
}


def missing_phrase(items: tuple[str, ...]) -> str:
    """``the PCC's response, sign-off and 4 more steps``, in the order they are needed."""
    names = [MISSING_NAMES.get(item, item.removeprefix("step:")) for item in items]
    steps = [item for item in items if item.startswith("step:")]
    if len(steps) > 1:  # name the next step, count the rest
        names = [*names[: len(names) - len(steps) + 1], f"{len(steps) - 1} more step(s)"]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def mention(principal: str) -> str:
    return f"<!subteam^{principal}>" if principal.startswith("S") else f"<@{principal}>"


def nudge(reference: str, days: int, deadline: date, needed: str, asked: str) -> str:
    ask = f" {asked}, over to you." if asked else ""
    if days < 0:
        return (
            f":rotating_light: *{reference}* is *{days_phrase(days)}*: the Section 55 deadline "
            f"was {human_date(deadline)}. Still needed: {needed}.{ask}"
        )
    when = "*today*" if days == 0 else f"in *{days} day{'s' if days != 1 else ''}*"
    return (
        f":alarm_clock: *{reference}*: the Section 55 deadline is {when} "
        f"({human_date(deadline)}). Still needed: {needed}.{ask}"
    )


def cc_nudge(reference: str, days: int, due: date, asked: str) -> str:
    """To the CC contact before the Chief Constable's comments date (s.55(4)), and on it."""
    when = {0: "*today*", 1: "*tomorrow*"}.get(days, f"in *{days} days*")
    ask = f"{asked}, please" if asked else "Please"
    return (
        f":memo: *{reference}*: the Chief Constable's comments are due {when} "
        f"({human_date(due)}). {ask} paste them here in this thread."
    )


def cc_late(days: int) -> str:
    return f"CC comments {days} day{'s' if days != 1 else ''} late"


LOGGED_LATE = "logged after the deadline"


def late_notes(cc_days_late: int, logged_late: bool) -> list[str]:
    """What the card and the digest say of a date already missed."""
    notes = [cc_late(cc_days_late)] if cc_days_late else []
    return notes + ([LOGGED_LATE] if logged_late else [])


def digest_heading(day: date) -> str:
    return f"Section 55 deadlines: {human_date(day)}"


DIGEST_NOTHING_DUE = ":white_check_mark: Nothing due: there are no open inspections."


def digest_more(count: int) -> str:
    return f"…and {count} more. `/s55 list` shows them all."


def digest_line(
    link: str,
    title: str,
    days: int,
    deadline: date,
    state: str,
    needed: str,
    notes: Sequence[str] = (),
) -> str:
    return (
        f"{link} {title}\n*{days_phrase(days)}* (deadline {human_date(deadline)}) · {state} · "
        f"{flagged(notes)}still needed: {needed}"
    )


def flagged(notes: Sequence[str]) -> str:
    """Dates already missed, before what is still needed (digest and Home tab lines)."""
    return "".join(f":warning: {note} · " for note in notes)


# --- snoozing a nudge (bot/reminders/snooze.py) -------------------------------------------
SNOOZE_PLACEHOLDER = "Snooze nudges"
SNOOZE_CHOICES = {1: "1 day", 3: "3 days", 7: "A week"}
SNOOZE_DATE_PLACEHOLDER = "Snooze until a date"
RESUME_BUTTON = "Resume nudges"


def _quiet_until(until: date) -> str:
    return f"until {human_date(until)}; they resume on {human_date(until + timedelta(days=1))}"


def _clamp_note(asked: date, until: date) -> str:
    if asked == until:
        return ""
    return (
        f" (You asked for {human_date(asked)}: a snooze ends before the deadline, whose nudge "
        "always goes out.)"
    )


def snoozed_note(reference: str, actor: str, until: date, asked: date) -> str:
    """In the card's thread: what was stored, by whom."""
    return (
        f":zzz: Nudges for *{reference}* snoozed by <@{actor}> {_quiet_until(until)}."
        f"{_clamp_note(asked, until)}"
    )


def snooze_stored(reference: str, until: date, asked: date) -> str:
    clamped = _clamp_note(asked, until)
    return f"Snoozed the nudges for {reference} {_quiet_until(until)}.{clamped} {SLACK_BEHIND}"


def resumed_note(reference: str, actor: str) -> str:
    return f":bell: Nudges for *{reference}* resumed by <@{actor}>."


def resume_stored(reference: str) -> str:
    return f"Resumed the nudges for {reference}. {SLACK_BEHIND}"


def snooze_date_too_far(asked: date) -> str:
    return (
        f"Pick an earlier day: nudges snoozed until {human_date(asked)} would never resume. "
        "Nothing was changed."
    )


def snooze_date_not_after_today(asked: date) -> str:
    return (
        f"Pick a day after today: a snooze until {human_date(asked)} would quiet nothing. "
        "Nothing was changed."
    )


def snooze_overdue_approvers_only(reference: str) -> str:
    return (
        f"{reference} is overdue: only the office's approvers can snooze its overdue nudges. "
        "Nothing was changed."
    )


def snooze_too_near_deadline(reference: str, deadline: date) -> str:
    return (
        f"{reference}'s deadline is {human_date(deadline)}, and its deadline-day nudge always goes "
        "out: there is no day left to snooze before it. Nothing was changed."
    )


def snooze_closed(reference: str, state: str) -> str:
    return f"{reference} is closed ({state}): it gets no nudges to snooze. Nothing was changed."


def not_snoozed(reference: str) -> str:
    return f"The nudges for {reference} aren't snoozed. Nothing was changed."


def digest_snoozed(until: date) -> str:
    return f" · :zzz: snoozed until {human_date(until)}"


def card_snoozed(until: date) -> str:
    return f"\n:zzz: Nudges snoozed until {human_date(until)}."


# --- the response document ------------------------------------------------------------------
def document_title(area: str | None) -> str:
    who = f"{area}'s Police and Crime Commissioner" if area else "Police and Crime Commissioner"
    return (
        f"{who} (PCC) response to an inspection published by His Majesty's Inspectorate of "
        "Constabulary and Fire & Rescue Services (HMICFRS)"
    )


def document_author(area: str | None) -> str:
    """The author in the file's properties: the office, never the library that wrote it."""
    office = "Office of the Police and Crime Commissioner"
    return f"{area}'s {office}" if area else office


DOCUMENT_PREAMBLE = (
    "Section 55 of the Police Act 1996 (as amended by section 37 of the Policing and Crime Act "
    "2017) requires local policing bodies to respond and publish comments on all inspection "
    "reports pertaining to your force within 56 days of report publication."
)
# Said only when someone confirmed the report makes none; otherwise DOCUMENT_NOT_RECORDED.
DOCUMENT_NONE = {
    "findings": "The report sets out no key findings.",
    "recommendations": "There are no recommendations made.",
    "afis": "There are no areas for improvement made.",
}
DOCUMENT_NOT_RECORDED = "Not yet recorded."
DOCUMENT_NO_LINK = "Not recorded."
DOCUMENT_AWAITING = "Awaited."
DOCUMENT_CC_HEADING = (
    "Chief Constable response to report and any Recommendations/Areas for Improvement"
)
DOCUMENT_PCC_HEADING = "PCC response to report and any Recommendations/Areas for Improvement"


def bad_export_format(text: str) -> str:
    return f"{quoted(text)} is not a format I write. Use `docx` (Word), `html` or `md` (Markdown)."


def exported(names: list[str]) -> str:
    return "Uploaded " + " and ".join(f"`{name}`" for name in names) + " to the card's thread."


EXPORT_USAGE = "Which inspection? Use `/s55 export S55-3 docx` (or `html`, `md`)."


# --- the Home tab -----------------------------------------------------------------------------
HOME_HEADING = "Section 55 responses"
HOME_WAITING = "Waiting for you"
HOME_NOTHING_WAITING = "Nothing is waiting for you."
HOME_COMPLETED = "Recently completed"
HOME_NOTHING_COMPLETED = "Nothing completed yet."
HOME_NOTHING_OPEN = "No open inspections."


def home_open(count: int) -> str:
    return f"Open inspections ({count}), most urgent first"


def home_more(count: int) -> str:
    return f"…and {count} more: `/s55 list all` shows every one."


# --- the compliance report in Slack (`/s55 report`, the Home tab's year so far) -------------
def posting_report(label: str, channel: str) -> str:
    return f"Posting the {label} report in <#{channel}>."


def report_slack_behind(label: str, channel: str) -> str:
    return (
        f"Slack didn't take the {label} report just now; it will be posted in <#{channel}> "
        "within minutes. Nothing needs doing again."
    )


def report_not_in_channel(label: str, channel: str) -> str:
    return (
        f"I couldn't post the {label} report in <#{channel}>: invite me to the channel "
        "(`/invite @s55bot`) and it will be posted within minutes of my joining."
    )


REPORT_NO_CHANNEL = (
    "There is no team channel to post the report in: the administrator sets `S55_CHANNEL`."
)


def report_heading(label: str) -> str:
    return f"Section 55 compliance report: {label}"


def report_context(start: date, end: date, as_of: date, actor: str) -> str:
    return (
        f"{human_date(start)} to {human_date(end)} · figures as of {human_date(as_of)} · "
        f"asked for by <@{actor}>"
    )


def report_fallback(label: str, on_time: int, counted: int, overdue: int) -> str:
    return (
        f"Section 55 compliance report {label}: {on_time_phrase(on_time, counted)}, "
        f"{overdue_phrase(overdue)}."
    )


def on_time_phrase(on_time: int, counted: int) -> str:
    """``on time 11 of 12``; when no response was due yet, says so rather than ``0 of 0``."""
    return f"on time {on_time} of {counted}" if counted else "no response due yet"


def overdue_phrase(count: int) -> str:
    if count == 0:
        return "no actions overdue"
    return f"{count} action{'' if count == 1 else 's'} overdue"


def report_on_time(on_time: int, counted: int, as_of: date) -> str:
    if not counted:
        return f"*On time:* no response in this period was due by {human_date(as_of)}."
    return f"*On time:* {on_time} of {counted} ({round(100 * on_time / counted)}%)"


def report_median(days: float | None) -> str:
    if days is None:
        return "*Median days to publish:* none published yet"
    shown = f"{days:g}"
    return f"*Median days to publish:* {shown} day{'' if shown == '1' else 's'}"


def report_late_heading(count: int) -> str:
    return f"*Late ({count})*" if count else "*Late:* none"


def report_late_line(reference: str, title: str, days_late: int, *, still_open: bool) -> str:
    """``still_open``: not published yet, ``days_late`` days after its deadline so far."""
    days = f"{days_late} day{'' if days_late == 1 else 's'} late"
    return f"• *{reference}* {title}: {days}" + (", still not published" if still_open else "")


def report_not_counted(reasons: dict[str, int]) -> str | None:
    """``reasons``: how many inspections the rate leaves out, by why (a Verdict's value)."""
    parts = [f"{count} {reason}" for reason, count in reasons.items() if count]
    return f"Not counted: {', '.join(parts)}." if parts else None


REPORT_STATUS_HEADING = "*Recommendations and AFIs by status*"
REPORT_RAG_HEADING = "*By RAG*"


def report_awaiting(count: int) -> str:
    """Items that need an answer and have none: not in the counts above."""
    if count == 1:
        return "1 more recommendation or AFI awaits its answer."
    return f"{count} more recommendations and AFIs await their answers." if count else ""


def report_overdue_heading(count: int) -> str:
    return f"*Overdue actions ({count})*" if count else "*Overdue actions:* none"


def report_overdue_line(reference: str, label: str, owner: str, target: date) -> str:
    return f"• *{reference}* {label}: {owner or 'no owner recorded'}, target {human_date(target)}"


def report_more(count: int) -> str:
    return f"…and {count} more, named in the report's files in the thread."


def report_files_comment(label: str, as_of: date) -> str:
    return (
        f"The {label} report as of {human_date(as_of)}: the two charts, and the whole report "
        "as a web page and a Word document."
    )


def report_chart_title(which: str, label: str) -> str:
    return {
        "publication": f"{label}: each response against its deadline",
        "status": f"{label}: recommendations and AFIs by status, month by month",
    }[which]


def year_so_far(on_time: int, counted: int, overdue: int) -> str:
    """The Home tab's line: ``The year so far: on time 11 of 12 · 3 actions overdue``."""
    return f"*The year so far:* {on_time_phrase(on_time, counted)} · {overdue_phrase(overdue)}"


def post_report_button(label: str) -> str:
    return f"Post the {label} report"


# --- after a change is stored -------------------------------------------------------------
SLACK_BEHIND = (
    "Slack didn't take every update just now; the card and its thread will catch up within "
    "minutes. Nothing needs doing again."
)


def response_stored(label: str, revision: int, reference: str) -> str:
    return f"Stored the {label} to {reference} as revision {revision}. {SLACK_BEHIND}"


def draft_cleared(label: str) -> str:
    return f"Cleared the draft of the {label}; paste the text again. {SLACK_BEHIND}"


def draft_cleared_for_waiting(label: str, waiting: str) -> str:
    return (
        f"Cleared the draft of the {label} and set it aside: the {waiting} that was waiting "
        f"for it is asked for now. {SLACK_BEHIND}"
    )


def draft_set_aside(label: str) -> str:
    return (
        f"That draft of the {label} was set aside when another response was asked for; "
        "use the receipt under the latest request in the card's thread."
    )


def step_stored(step: str, reference: str) -> str:
    return f"Recorded “{step}” for {reference}. {SLACK_BEHIND}"


# --- refusals of buttons and forms that name nothing we have ------------------------------
BUTTON_NOT_UNDERSTOOD = (
    "That button doesn't belong to anything I keep (it may come from an old or altered "
    "message). Nothing was changed; use the buttons on the current card or receipt."
)
FORM_NOT_UNDERSTOOD = (
    "I couldn't tell what that form was for (it may have been altered). Nothing was changed; "
    "press the button on the card again."
)
NO_SUCH_DRAFT = (
    "That receipt belongs to a draft I don't have. Nothing was changed; use the receipt under "
    "the latest request in the card's thread."
)
NO_SUCH_INSPECTION = (
    "That button names an inspection I don't have. Nothing was changed; `/s55 list` shows the "
    "ones I keep."
)


# --- Sections: key findings, recommendations, areas for improvement ------------------------
SECTION_NAMES = {
    "findings": "key findings",
    "recommendations": "recommendations",
    "afis": "areas for improvement",
}
SECTION_HEADINGS = {
    "findings": "Key findings",
    "recommendations": "Recommendations",
    "afis": "Areas for improvement",
}
NONE_USAGE = (
    "Which inspection and which section? Use `/s55 none S55-3 recommendations` "
    "(or `findings`, `afis`)."
)


def sign_off_needs_sections(sections: list[str]) -> str:
    names = " and the ".join(SECTION_NAMES[s] for s in sections)
    return (
        f"The PCC response cannot be signed off yet: the {names} are not yet recorded, and the "
        "published response must answer every recommendation. Paste them from the report in "
        "the card's thread (`/s55 recs` or `/s55 afis` and the inspection's reference, or the "
        "card's ⋯ menu), or, if the report makes none, say so with "
        "`/s55 none <reference> recommendations` (or `afis`)."
    )


def section_line(section: str, status: str, words: int) -> str:
    name = SECTION_HEADINGS[section]
    if status == "none":
        return f":white_check_mark: *{name}*: the report makes none"
    if status == "recorded":
        return f":white_check_mark: *{name}*: recorded, {words:,} words"
    return f":hourglass_flowing_sand: *{name}*: not yet recorded"


def none_recorded(reference: str, section: str) -> str:
    return (
        f"Recorded for *{reference}*: the report makes no {SECTION_NAMES[section]}. "
        "The document will say so."
    )


def none_already(reference: str, section: str) -> str:
    return f"*{reference}* already records that the report makes no {SECTION_NAMES[section]}."


TYPE_NOT_RECORDED = "Not recorded"

# --- /s55 edit ------------------------------------------------------------------------------
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


def edit_complete_refused(reference: str) -> str:
    return (
        f"*{reference}* is complete: its published response rests on these facts, so only an "
        "approver can correct them."
    )


def edit_closed_refused(reference: str, state: str) -> str:
    return f"*{reference}* is {state}; it cannot be edited."


# --- /s55 withdraw --------------------------------------------------------------------------
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


def withdrawn_line(reason: str) -> str:
    return f":no_entry_sign: *Withdrawn*: {reason}"


# --- The card's menu ------------------------------------------------------------------------
MENU_EDIT = "Edit details"
MENU_WITHDRAW = "Withdraw (logged by mistake)…"
WITHDRAW_MODAL_TITLE = "Withdraw"


def withdraw_modal_intro(reference: str) -> str:
    return (
        f"Withdraw *{reference}*? Use this for an entry logged by mistake: it leaves every list "
        "and reminder, and no longer counts as a duplicate. (For a real inspection that needs no "
        "comments, use *No response required* instead.)"
    )


def card_heading(reference: str, title: str, *, withdrawn: bool) -> str:
    return f"{reference} · WITHDRAWN · {title}" if withdrawn else f"{reference} · {title}"


CARD_READ_REPORT = ":page_facing_up: Read the report"
CARD_NO_LINK = "_No link to the report recorded._"

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


# --- Sections through the thread ------------------------------------------------------------
SECTION_USAGE = {
    "findings": "Which inspection? Use `/s55 findings S55-3`.",
    "recs": "Which inspection? Use `/s55 recs S55-3`.",
    "afis": "Which inspection? Use `/s55 afis S55-3`.",
}
SECTION_NONE_BUTTON = "The report makes none"
CONFIRM_NONE_TITLE = "The report makes none?"
CONFIRM_NONE_TEXT = "The published response will say so. Only confirm this if the report says it."
MENU_ASK = {
    "findings": "Paste the key findings in the thread",
    "recs": "Paste the recommendations in the thread",
    "afis": "Paste the areas for improvement in the thread",
}


def ask_for_section(label: str, reference: str) -> str:
    return (
        f"Please paste the *{label}* of *{reference}* here in this thread, as the report words "
        "them, in one message or several (any length). I'll show a receipt with a button to "
        "confirm them. If the report makes none, press the button below."
    )


def section_asked(label: str, reference: str) -> str:
    return f"I have asked for the *{label}* of *{reference}* in the card's thread."


def section_waits(collecting: str, messages: int, label: str, reference: str) -> str:
    noun = "message" if messages == 1 else "messages"
    return (
        f"The thread of *{reference}* is collecting the {collecting} ({messages} {noun} so "
        f"far), so I have not asked for the {label} yet: confirm that draft or press Start "
        "again on its receipt first, then ask again."
    )


def section_stored(label: str, reference: str) -> str:
    return f"Recorded the {label} of {reference}. {SLACK_BEHIND}"


def section_closed(reference: str, state: str) -> str:
    return f"{reference} is {state}: its sections are corrected with `/s55 edit` by an approver."


def none_over_text(reference: str, section: str) -> str:
    return (
        f"*{reference}* has {SECTION_NAMES[section]} on record. Only an approver can replace "
        'recorded text with "the report makes none"; if the text is wrong, correct it instead.'
    )


# --- Recommendations and areas for improvement as items ----------------------------------
ITEM_KIND_LABELS = {
    "cause_of_concern": "Cause of concern",
    "recommendation": "Recommendation",
    "afi": "Area for improvement",
}
DIRECTED_AT_LABELS = {
    "force": "This force",
    "chief_constable": "Its chief constable",
    "all_chief_constables": "All chief constables",
    "pcc": "The PCC",
    "others": "Others (no answer required)",
}

ITEMS_NOT_FOUND = (
    "I couldn't find a recommendation or an area for improvement in that. Paste them as the "
    "report numbers them, for example:\n"
    "```Recommendation 4\n"
    "By 30 June 2024, chief constables should make sure they tell the National Crime Agency …\n"
    "\n"
    "Areas for improvement\n"
    "1. The force should ensure that appropriate supervision is put in place …```"
)

# A file uploaded for its items: each refusal says what to send instead. Nothing is stored.
FILE_KINDS = "a PDF, a Word document (.docx) or a text file (.txt)"


def file_not_readable_kind(filename: str) -> str:
    return (
        f"I can't read {quoted(filename)}: I read {FILE_KINDS}. Save it as one of those and "
        "upload it again, or paste the recommendations and areas for improvement as text."
    )


def file_too_large(filename: str, size: int, limit: int) -> str:
    return (
        f"{quoted(filename)} is {size / 1024 / 1024:.1f} MB; I read files up to "
        f"{limit // 1024 // 1024} MB. Upload only the pages with the recommendations and areas "
        "for improvement, or paste them as text."
    )


def file_encrypted(filename: str) -> str:
    return (
        f"{quoted(filename)} is protected with a password, so I can't read its text. Upload "
        "a copy without the protection, or paste the recommendations and areas for improvement "
        "as text."
    )


def file_damaged(filename: str) -> str:
    return (
        f"{quoted(filename)} looks damaged: I couldn't open it. Download it again from the "
        "report's page and upload that copy, or paste the recommendations and areas for "
        "improvement as text."
    )


def file_refused(filename: str = "") -> str:
    what = quoted(filename) if filename else "that file"
    return (
        f"Slack wouldn't hand {what} over to me, so I couldn't read it and nothing was stored. "
        "Ask whoever looks after s55bot to check it may read files (the files:read permission), "
        "or paste the text in this thread."
    )


def file_gone() -> str:
    return (
        "That file is no longer in Slack (it may have been deleted), so I couldn't read it and "
        "nothing was stored. Share it again, or paste the text in this thread."
    )


def file_without_text(filename: str) -> str:
    return (
        f"{quoted(filename)} has no text I can read: it is probably a scanned image. Upload "
        "the report as published by HMICFRS, or paste the recommendations and areas for "
        "improvement as text."
    )


# --- recommendations and AFIs, item by item (bot/items, bot/render/items.py) -------------------
ITEM_RESPONSE_LABELS = {
    "accepted": "Accepted",
    "partially_accepted": "Partially accepted",
    "not_accepted": "Not accepted",
    "already_complies": "Already complies",
}
ACTION_STATUS_LABELS = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "complete": "Complete",
    "closed": "Closed — no further action",
}
RAG_LABELS = {"red": "Red", "amber": "Amber", "green": "Green"}
RAG_EMOJI = {
    "red": ":red_circle:",
    "amber": ":large_orange_circle:",
    "green": ":large_green_circle:",
}
REVIEW_ITEMS_TITLE = "Confirm the items"
REVIEW_ITEMS_SUBMIT = "Record them"
LEAVE_OUT_LABEL = "Not an item: leave it out"
ADD_ITEMS_BUTTON = "Paste or upload more in the thread"
ANSWER_BUTTON = "Answer"
CHANGE_ANSWER_BUTTON = "Change the answer"
ANSWER_TITLE = "Answer"
ANSWER_SUBMIT = "Save"
ANSWER_RESPONSE_LABEL = "Response"
ANSWER_RESPONSE_PLACEHOLDER = "Accepted, not accepted…"
ANSWER_ACTION_LABEL = "The action taken or proposed, or why no action"
ANSWER_ACTION_HINT = "As it will read in the published response, under the item."
ANSWER_OWNER_LABEL = "Owner"
ANSWER_OWNER_HINT = "Who is responsible for the action: a role or a team. Needed when accepted."
ANSWER_TARGET_LABEL = "Target date"
ANSWER_NO_RESPONSE = (
    "Choose the response: accepted, partially accepted, not accepted or already complies."
)
ANSWER_NO_ACTION = "Say what action has been or will be taken (s.55(5B))."
ANSWER_NO_REASON = "Say why no action will be taken (s.55(5B))."
ANSWER_NO_OWNER = "Name who owns the action (a role or a team)."
ANSWER_NO_TARGET = "Give a target date for the action."
ITEMS_NOTHING_LEFT = "Every item was left out, so nothing was recorded. Paste the items again."


def answer_owner_too_long(limit: int) -> str:
    return f"Keep the owner to {limit} characters: a role or a team."


def answer_target_too_early(published: date) -> str:
    return f"The target date cannot be before the report was published ({human_date(published)})."


def and_more(count: int) -> str:
    return f"… and {count} more."


def items_found(counts: list[str], *, sure: bool) -> str:
    """``counts``: "1 recommendation", "4 areas for improvement"… (every kind, even none).
    ``sure``: every item had a label, a number or a heading of its kind, and nothing else was
    doubted; otherwise the points below say exactly what to check."""
    found = joined([f"*{count}*" for count in counts])
    how_sure = (
        "Each was labelled, numbered or listed under its heading as a report sets them out, so "
        "I am fairly sure of the split."
        if sure
        else "Some of it I was not sure of: check the points below."
    )
    return (
        f"I found {found} in this draft, each with whom I think it is directed at. {how_sure} "
        "*Review them* to confirm or correct each one (its words, a join, a split, an item "
        "added by hand); nothing is recorded before."
    )


ITEMS_NOT_FOUND_BUT = (
    "I couldn't find a recommendation or an area for improvement I was sure of in that, but "
    "some of it may be one: check the points below, and *Add them by hand* if so, or paste "
    "them as the report numbers them (“Recommendation 4 …”)."
)
ADD_BY_HAND_BUTTON = "Add them by hand"
REVIEW_NO_ITEMS_YET = "No items yet: *Add an item* below for each one the report makes."
ITEMS_NONE_ADDED = (
    "No item was added, so nothing was recorded. *Add an item* for each one the report makes, "
    "or paste them again as the report numbers them."
)


def items_doubt(kind: str, count: int, example: str) -> str:
    """One thing a person should check before recording, in words. For "may be two", "runs
    over a log" and "title only" the example is "<item>|<the line>"."""
    label, _, line = example.partition("|")
    quoted_example = shorten_words(example, 90)
    quoted_line = shorten_words(line, 90)
    if kind == "looks like an item":
        if count == 1:
            return (
                "a line looked like an item but had no label or number "
                f"(“{quoted_example}”): check it, and *Add an item* in Review if it is one"
            )
        return (
            f"{count} lines looked like an item but had no label or number (first: "
            f"“{quoted_example}”): check them, and *Add an item* in Review for each that is one"
        )
    if kind == "quoted item":
        paragraphs = "a paragraph quotes" if count == 1 else f"{count} paragraphs quote"
        return (
            f"{paragraphs} what reads like an item (“{quoted_example}”): I did not take it as "
            "one; check it, and *Add an item* in Review if it is one"
        )
    if kind == "unlabelled":
        if count == 1:
            return (
                f"{example} had no label, number or heading: I took it from its words alone, "
                "so check where it starts and ends"
            )
        return (
            f"{count} items had no label, number or heading ({example} and others): I took "
            "them from their words alone, so check where each starts and ends"
        )
    if kind == "may continue":
        paragraphs = "a paragraph" if count == 1 else f"{count} paragraphs"
        return (
            f"{paragraphs} with no number named someone else who should act "
            f"(“{quoted_example}”), so I read each as an item of its own: if one carries on "
            "the item before it, *Join* them in Review"
        )
    others = f" (and {count - 1} more like it)" if count > 1 else ""
    if kind == "may be two":
        return (
            f"{label}{others} runs over several paragraphs, and a later one names someone else "
            f"who should act (“{quoted_line}”): if that is a second item, *Split in two* in "
            "Review"
        )
    if kind == "runs over a log":
        return (
            f"{label}{others} runs over a line that looks like a status log or a comment "
            f"(“{quoted_line}”): check where it ends, and *Edit* it in Review"
        )
    if kind == "title only":
        return (
            f"{label}{others} was set out as a title line with a paragraph explaining it "
            f"(“{quoted_line}”): I took the title alone; if the paragraph is part of it, "
            "*Edit* it in Review"
        )
    if kind == "number missing":
        numbers = "a number is" if count == 1 else f"{count} numbers are"
        return (
            f"{numbers} missing between the items found (first: {example}): check nothing was "
            "left out"
        )
    if kind == "addressee unclear":
        items = "an item" if count == 1 else f"{count} items"
        return (
            f"I could not tell whom {items} is for ({example}"
            f"{' and others' if count > 1 else ''}), so I proposed this force: check"
        )
    if kind == "long item":
        return f"{example} is long: check nothing after it ran on into it"
    boxes = "a box" if count == 1 else f"{count} boxes"
    return (
        f"{boxes} of innovative, promising or notable practice left out (“{quoted_example}”): "
        "they need no answer"
    )


def shorten_words(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def items_too_many(count: int, limit: int) -> str:
    return (
        f"This draft holds {count:,} items, more than one review can take ({limit}). Paste or "
        "upload the report in parts: the recommendations after `/s55 recs` and the areas for "
        "improvement after `/s55 afis`, or a chapter at a time."
    )


REVIEW_DOUBTS_HEADING = "*Before you record them:*"


def review_item_too_long(label: str, length: int, limit: int) -> str:
    return (
        f"{label} is {length:,} characters long, more than a form's box holds ({limit:,}), so "
        "it cannot be edited or split here without cutting its words. Record it as it is, or "
        "paste it again in two parts in the thread."
    )


REVIEW_FAILED = (
    "Something went wrong while reading the items, so the review could not open. Nothing was "
    "stored. Close this and press *Review* again in a moment."
)
REVIEW_LOADING_TITLE = "Confirm the items"
REVIEW_LOADING = ":hourglass_flowing_sand: Reading the items of this draft…"
REVIEW_GONE = (
    "That review is no longer open: the draft changed or was recorded. Press *Review* on the "
    "newest receipt in the card's thread."
)
REVIEW_ITEM_GONE = "That item is no longer in the review (it was joined or split): look again."
REVIEW_EDIT_BUTTON = "Edit"
REVIEW_SPLIT_BUTTON = "Split in two"
REVIEW_JOIN_BUTTON = "Join with the next"
REVIEW_ADD_BUTTON = "Add an item"
REVIEW_PREVIOUS_BUTTON = "◀ Previous page"
REVIEW_NEXT_BUTTON = "Next page ▶"
EDIT_ITEM_TITLE = "Edit the item"
ADD_ITEM_TITLE = "Add an item"
SPLIT_ITEM_TITLE = "Split the item"
ITEM_FORM_SUBMIT = "Done"
ITEM_KIND_FIELD = "Kind"
ITEM_NUMBER_FIELD = "Number, as in the report"
ITEM_TEXT_FIELD = "Its words, as in the report"
ITEM_DIRECTED_FIELD = "Directed at"
ITEM_DUE_FIELD = "Due date the report states"
SPLIT_FIRST_FIELD = "The first item's words"
SPLIT_SECOND_FIELD = "The second item's words"
SPLIT_SECOND_NUMBER_FIELD = "The second item's number"
SPLIT_HINT = "Move the words that belong to the second item into the second box."
ITEM_NO_NUMBER = "Give the item's number as the report has it (for example 3 or 2a)."
ITEM_NUMBER_TOO_LONG = "Keep the number to 20 characters, as the report writes it."
ITEM_NO_TEXT = "Give the item's words."
ITEM_TEXT_TOO_LONG = "Keep the words to 3,000 characters: split a longer item in two."


def review_page_line(page: int, pages: int, first: int, last: int, total: int) -> str:
    where = f"Page {page + 1} of {pages}: items" if pages > 1 else "Items"
    return f"{where} {first} to {last} of {total}."


def review_items_button(count: int) -> str:
    return f"Review the {count} item{'s' if count != 1 else ''}"


def review_items_intro(reference: str) -> str:
    return (
        f"*{reference}*: check whom each item is directed at. Those directed at the force, its "
        "chief constable, all chief constables or the PCC need an answer before sign-off; "
        "those directed at others are listed without one."
    )


def item_under(number: str) -> str:
    return f"under cause of concern {number}"


def items_listing_title(reference: str, count: int) -> str:
    return (
        f"{reference}: {count} recommendation{'s' if count != 1 else ''} and areas for improvement"
    )


def item_state(needs_answer: bool, answer: str | None) -> str:
    if not needs_answer:
        return "_No answer required: not directed at the force._"
    return f":white_check_mark: {answer}" if answer else ":hourglass_flowing_sand: Not yet answered"


def item_due(day: date) -> str:
    return f"The report asks for this by *{human_date(day)}*."


def items_recorded(reference: str, counts: str, needing: int) -> str:
    ask = (
        f" {needing} need{'s' if needing == 1 else ''} an answer: `/s55 recs {reference}`."
        if needing
        else " None is directed at the force, so none needs an answer."
    )
    return f"Recorded {counts} for {reference}.{ask}"


def answer_stored(label: str, reference: str, revision: int) -> str:
    again = f" (revision {revision})" if revision > 1 else ""
    return f"Recorded the answer to {label} of {reference}{again}."


def items_tally_line(parts: list[str]) -> str:
    return " · ".join(parts)


def tally_part(label: str, answered: int, needing: int, listed: int) -> str:
    if needing == 0:
        return f"{label}: {listed} listed, none directed at the force"
    return f"{label}: {answered} of {needing} answered"


def sign_off_waits_for_answers(reference: str, labels: list[str]) -> str:
    named = ", ".join(labels[:-1]) + f" and {labels[-1]}" if len(labels) > 1 else labels[0]
    return (
        f"{reference} cannot be signed off yet: {named} "
        f"{'needs' if len(labels) == 1 else 'need'} an answer (s.55(5B)). "
        f"`/s55 recs {reference}` lists them with an Answer button."
    )


def count_of(kind: str, count: int) -> str:
    """ "1 recommendation", "2 causes of concern", "4 areas for improvement"."""
    if kind == "afi":
        return f"{count} area{'s' if count != 1 else ''} for improvement"
    if kind == "cause_of_concern":
        return f"{count} cause{'s' if count != 1 else ''} of concern"
    return f"{count} recommendation{'s' if count != 1 else ''}"


def joined(parts: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(parts) < 2:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" and {parts[-1]}"


NO_SUCH_ITEM = "That item is no longer on record: `/s55 recs S55-…` lists the items as they are."
ITEM_NEEDS_NO_ANSWER = "That item is directed at others: it is listed without an answer."


def answers_closed(reference: str, state: str) -> str:
    return (
        f"{reference} is {state}: its answers are part of the response as signed off. An "
        "approver can undo the sign-off step to change them."
    )


# --- an item's progress after the response (bot/items/progress.py) ----------------------------
UPDATE_PROGRESS_BUTTON = "Update"
PROGRESS_TITLE = "Update progress"
PROGRESS_SUBMIT = "Record"
PROGRESS_STATUS_LABEL = "Status"
PROGRESS_NOTE_LABEL = "Note"
PROGRESS_NOTE_HINT = (
    "The work done since the last update. Needed when closing with no further action: say why."
)
PROGRESS_TARGET_LABEL = "Target date"
PROGRESS_TARGET_HINT = "Change it only if the plan changed; the RAG rating follows from it."
PROGRESS_NO_STATUS = "Choose the status: not started, in progress, complete or closed."
PROGRESS_CLOSED_NEEDS_NOTE = "Say why no further action will be taken."
PROGRESS_NO_CHANGE = (
    "Nothing has changed: choose another status, write a note or revise the target date."
)
PROGRESS_SAME_AS_LAST = (
    "The last update already says this: change the status, the note or the target date."
)
PROGRESS_TARGET_NOT_A_DAY = "Pick the target date from the calendar."
NOT_A_PROGRESS_RECORDER = (
    "Only the office's response editors and approvers can record progress on an item. "
    "Nothing was changed."
)
NO_TARGET = "no target date"


def progress_note_too_long(limit: int) -> str:
    return f"Keep the note to {limit:,} characters."


def action_line(
    rag_emoji: str,
    rag: str,
    status: str,
    target: date | None,
    owner: str,
    answered_target: date | None = None,
) -> str:
    """ "🟠 Amber · In progress · target Tue 30 Sep 2025 · owner Head of PSD": RAG derived.
    A target revised since the answer says so, and from what (the list shows no other date)."""
    when = f"target {human_date(target)}" if target else NO_TARGET
    if target and answered_target and target != answered_target:
        when += f" (revised from {human_date(answered_target)})"
    who = f" · owner {owner}" if owner else ""
    return f"{rag_emoji} {rag} · {status} · {when}{who}"


def progress_unanswered(label: str, reference: str) -> str:
    return (
        f"{label} of {reference} has no answer yet: answer it first (`/s55 recs {reference}`). "
        "Nothing was changed."
    )


def progress_closed(reference: str, state: str) -> str:
    return (
        f"{reference} is {state}: its items' progress is no longer followed. Nothing was changed."
    )


def _target(target: date | None) -> str:
    return f"target {human_date(target)}" if target else NO_TARGET


def progress_stored(
    label: str, reference: str, status: str, target: date | None, rag: str, update: int
) -> str:
    return (
        f"Recorded: {label} of {reference} is {status}, {_target(target)}, RAG {rag} "
        f"(update {update})."
    )


def progress_thread_note(
    label: str,
    reference: str,
    actor: str,
    status: str,
    target: date | None,
    rag_emoji: str,
    rag: str,
    note: str,
    *,
    revised_from: date | None = None,
) -> str:
    said = f"\n> {note}" if note else ""
    revised = f" (revised from {human_date(revised_from)})" if revised_from else ""
    return (
        f":memo: <@{actor}> updated *{label}* of *{reference}*: {status}, {_target(target)}"
        f"{revised} · {rag_emoji} {rag}{said}"
    )


def action_nudge(
    label: str, reference: str, owner: str, target: date, *, passed: bool, today: date
) -> str:
    who = f"{owner}: " if owner else ""
    if passed:
        days = (today - target).days
        ago = f"{days} day{'s' if days != 1 else ''} ago"
        when = f"its target date, {human_date(target)}, passed {ago}"
        mark = ":rotating_light:"
    else:
        days = (target - today).days
        soon = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
        when = f"its target date is {soon} ({human_date(target)})"
        mark = ":alarm_clock:"
    return (
        f"{mark} {who}*{label}* of *{reference}*: {when}. Record its progress with "
        f"`/s55 recs {reference}` → *Update*."
    )


def item_snoozed_note(label: str, reference: str, actor: str, until: date) -> str:
    return (
        f":zzz: Nudges for *{label}* of *{reference}* snoozed by <@{actor}> {_quiet_until(until)}."
    )


def item_snooze_stored(label: str, reference: str, until: date) -> str:
    return f"Snoozed the nudges for {label} of {reference} {_quiet_until(until)}. {SLACK_BEHIND}"


def item_resumed_note(label: str, reference: str, actor: str) -> str:
    return f":bell: Nudges for *{label}* of *{reference}* resumed by <@{actor}>."


def item_resume_stored(label: str, reference: str) -> str:
    return f"Resumed the nudges for {label} of {reference}. {SLACK_BEHIND}"


def item_not_snoozed(label: str, reference: str) -> str:
    return f"The nudges for {label} of {reference} aren't snoozed. Nothing was changed."


def item_snooze_not_open(label: str, reference: str, status: str) -> str:
    return (
        f"{label} of {reference} is {status}: its owner is nudged no more, so there is "
        "nothing to snooze. Nothing was changed."
    )


def item_snoozed_until(until: date) -> str:
    return f":zzz: nudges snoozed until {human_date(until)}"


TALLY_LABELS = {
    "cause_of_concern": "Causes of concern",
    "recommendation": "Recommendations",
    "afi": "AFIs",
}


def tally_unlisted(label: str, status: str) -> str:
    if status == "none":
        return f"{label}: none made"
    if status == "recorded":
        return f"{label}: recorded as text"
    return f"{label}: not yet recorded"


FORM_ITEMS_NOTE = (
    "Recommendations and areas for improvement are recorded item by item, each with its "
    "answer: paste them (or upload the report) in the card's thread after `/s55 recs S55-…`."
)


DOCUMENT_ITEMS_FOR_OTHERS = (
    "The report also makes these, directed at others rather than at the force; they are "
    "listed for completeness and need no answer here:"
)
DOCUMENT_RESPONSE_LABEL = "Response"
DOCUMENT_OWNER_LABEL = "Owner"
DOCUMENT_TARGET_LABEL = "Target date"


def document_items_intro(kind: str, listed: int, ours: int) -> str:
    made = count_of(kind, listed)
    if ours == 0:
        verb = "was" if listed == 1 else "were"
        return f"{made} {verb} made within the report, none directed at the force."
    which = "which was" if ours == 1 else "which were"
    return (
        f"{made[0].upper()}{made[1:]} {'was' if listed == 1 else 'were'} made within the report, "
        f"{ours} of {which} directed at the force, its chief constable, all chief constables or "
        "the PCC. Each is set out below with the same numbering as the report, followed by the "
        "response to it."
    )


DOCUMENT_CAUSES_HEADING = "Causes of concern"


def document_recommendations_under(numbers: list[str]) -> str:
    which = "Recommendation" if len(numbers) == 1 else "Recommendations"
    return f"{which} {joined(numbers)}, set out below, answer this cause of concern."


def document_not_answered(label: str) -> str:
    return f"{label} has not yet been answered."


def document_action_label(action: bool) -> str:
    return "Action taken or proposed" if action else "Why no action will be taken"


CSV_STATE_ANSWERED = "answered"
CSV_STATE_UNANSWERED = "not yet answered"
CSV_STATE_NOT_REQUIRED = "no answer required"


REVIEW_DRAFT_BUTTON = "Review"
REVIEW_DRAFT_TITLE = "Review the draft"
REVIEW_DRAFT_SUBMIT = "Save"
INCLUDE_LABEL = "Include"
REVIEW_NOTHING_INCLUDED = "Include at least one part, or use Start again."


def review_draft_intro(label: str) -> str:
    return (
        f"The parts of the {label} draft, in the order they were posted. Tick the ones that "
        "belong in it; then use the receipt's button to confirm it."
    )


def review_part(author: str, words: int, first: str, last: str, files: str) -> str:
    shown = f"“{first}”" + (f" … “{last}”" if last else "")
    from_files = f" · from {files}" if files else ""
    return f"*<@{author}>* · {words:,} words{from_files}\n{shown}"


def review_whole_text(text: str, more_words: int) -> str:
    more = f"\n… and {more_words:,} more words." if more_words else ""
    return f"*As it will be stored:*\n{text}{more}"


def draft_reviewed(changed: int) -> str:
    if not changed:
        return "Nothing changed: the draft holds the same parts."
    parts = f"{changed} part{'s' if changed != 1 else ''}"
    return f"Done: {parts} changed. The receipt shows the draft now."


RECEIPT_MOVED = "_The receipt moved to the end of this thread._"


def items_removed(count: int) -> str:
    if not count:
        return ""
    items = f"{count} item{'s' if count != 1 else ''}"
    return f" The {items} recorded before left the record (kept in its history)."


def file_empty(filename: str) -> str:
    return (
        f"{quoted(filename)} is empty: there is nothing in it to read. Upload it again, or "
        "paste the text in this thread."
    )


# The compliance report (issue 16): `/s55 report …` and `s55bot report`.
PERIOD_EXAMPLES = "`2024`, `2024-25` or `1 Apr 2024 to 31 Mar 2025`"
PERIOD_EMPTY = f"Which year? Try {PERIOD_EXAMPLES}."


def period_unreadable(text: str) -> str:
    return (
        f"I couldn't read {quoted(text)} as a year or a period. Try {PERIOD_EXAMPLES} "
        "(a financial year runs 1 April to 31 March)."
    )


def period_in_future(text: str, start: date, today: date) -> str:
    return (
        f"{quoted(text)} starts on {human_date(start)}, after today ({human_date(today)}): "
        f"there is nothing to report yet. Try {PERIOD_EXAMPLES}."
    )


def period_halves_apart(text: str, first: int) -> str:
    return (
        f"{quoted(text)} is not a financial year: its second year should follow the first, "
        f"as in `{first}-{(first + 1) % 100:02d}`."
    )


def period_backwards(text: str, start: date, end: date) -> str:
    return (
        f"{quoted(text)} ends ({human_date(end)}) before it starts ({human_date(start)}). "
        "Give the earlier date first, as in `1 Apr 2024 to 31 Mar 2025`."
    )


def period_before_the_act(text: str, earliest: int) -> str:
    return (
        f"{quoted(text)} is before {earliest}, when the Police Act 1996 made Section 55. "
        f"Try {PERIOD_EXAMPLES}."
    )


def report_format_unknown(text: str, formats: tuple[str, ...]) -> str:
    names = ", ".join(f"`{name}`" for name in formats)
    return f"{quoted(text)} is not a format of the compliance report: choose {names}."


def report_title(area: str | None, label: str) -> str:
    return (
        f"Section 55 compliance report: {area}, {label}"
        if area
        else (f"Section 55 compliance report, {label}")
    )


def report_scope(start: date, end: date, as_of: date) -> str:
    return (
        f"Inspections whose HMICFRS report was published from {long_date(start)} to "
        f"{long_date(end)}; deadlines and target dates judged on {long_date(as_of)}."
    )


def report_rule(office_rule: str) -> str:
    """Which deadline the report judges against, and the office's own countdown beside it."""
    said = (
        "the same deadline"
        if office_rule == "statutory"
        else f"{RULE_NAMES[office_rule]} (S55_DEADLINE_RULE)"
    )
    return (
        "On time means the response was published on or before the statutory deadline, the "
        "last day of the 56 days beginning with the report's publication (s.55(5A)). The "
        f"office's own countdown uses {said}."
    )


def on_time_figure(on_time: int, counted: int) -> str:
    if not counted:
        return "No response was due yet."
    return f"On time: {on_time} of {counted} ({round(100 * on_time / counted)}%)"


def median_figure(days: float | None) -> str:
    if days is None:
        return "Median days to publish: no response published yet"
    return f"Median days to publish: {days:g}"


def late_phrase(days_early: int | None, deadline: date) -> str:
    """How late one counted inspection is: published after its deadline, or not yet."""
    if days_early is None:
        return f"not published; the deadline was {long_date(deadline)}"
    days = -days_early
    return f"published {days} day{'s' if days != 1 else ''} after the deadline"


def days_early_phrase(days_early: int) -> str:
    """ "12 days early", "on the day", "1 day late": a response against its deadline."""
    if not days_early:
        return "on the day"
    days = abs(days_early)
    return f"{days} day{'s' if days != 1 else ''} {'early' if days_early > 0 else 'late'}"


REPORT_NOT_RECORDED = "not recorded"


# --- The compliance report's document: charts, HTML and Word (issue 16) ------------------------
REPORT_DEADLINE_LINE = "Deadline"
REPORT_PUBLICATION_CHART_TITLE = "Each response's publication against its statutory deadline"
REPORT_PUBLICATION_X = "Days after the statutory deadline (negative: published early)"
REPORT_NOT_YET_DUE = "open, not yet due"
REPORT_STILL_OPEN = "still open"
REPORT_LATE_OPEN_LEGEND = "Late, still open"
REPORT_STATUS_CHART_TITLE = "Recommendations and AFIs by status, at each month's end"
REPORT_STATUS_Y = "Items"
REPORT_NO_INSPECTIONS_CHART = "No inspection in this period needs a response"
REPORT_NO_ACTIONS_CHART = "No recommendation or AFI answered in this period"
REPORT_ON_TIME_LEGEND = "On time"
REPORT_LATE_LEGEND = "Late"


def report_publication_alt(on_time: list[str], late: list[str], not_yet_due: list[str]) -> str:
    """The publication chart said in words, for a screen reader and for the file's metadata."""
    parts = [
        f"{REPORT_PUBLICATION_CHART_TITLE}.",
        f"On time: {', '.join(on_time) or 'none'}.",
        f"Late: {', '.join(late) or 'none'}.",
    ]
    if not_yet_due:
        parts.append(f"Open, not yet due: {', '.join(not_yet_due)}.")
    return " ".join(parts)


def report_status_alt(months: list[tuple[str, dict[str, int]]]) -> str:
    if not months:
        return f"{REPORT_STATUS_CHART_TITLE}: no month of the period has begun."
    last, counts = months[-1]
    now = ", ".join(f"{label.lower()} {n}" for label, n in counts.items())
    return f"{REPORT_STATUS_CHART_TITLE}, {months[0][0]} to {last}. At {last}'s end: {now}."


REPORT_SUMMARY = "Summary"
REPORT_LATE = "Late responses"
REPORT_NONE_LATE = "No response was late."
REPORT_INSPECTIONS = "Inspections"
REPORT_NO_INSPECTIONS = "No inspection report was published in this period."
REPORT_PUBLICATION = "Publication against the deadline"
REPORT_ACTIONS = "Recommendations and AFIs"
REPORT_BY_STATUS = "By status"
REPORT_BY_RAG = "By RAG rating"
REPORT_RAG_DERIVED = (
    "RAG is derived, never chosen: complete or closed is green; an open action past its target "
    "date is red; one with no target date, or close to it, is amber; any other is green."
)
REPORT_STATUS_OVER_TIME = "Status month by month"
REPORT_OVERDUE = "Overdue actions"
REPORT_NO_OVERDUE = "No action is past its target date."
REPORT_EACH_ACTION = "Each recommendation and AFI"
REPORT_NO_ACTIONS = "No recommendation or AFI of these inspections has been answered yet."
REPORT_NOTES = "Notes"
REPORT_INSPECTION_COLUMNS = (
    "Reference",
    "Title",
    "Published",
    "Statutory deadline",
    "Response published",
    "Against the deadline",
    "State",
    "Result",
)
REPORT_ACTION_COLUMNS = ("Reference", "Item", "Owner", "Target date", "Status", "RAG")
REPORT_OVERDUE_COLUMNS = ("Reference", "Item", "What", "Owner", "Target date", "Status")
REPORT_STATUS_COLUMN = "Status"
REPORT_RAG_COLUMN = "RAG"
REPORT_COUNT_COLUMN = "Items"
