"""Every sentence a user reads, in one place so the office can review the wording.

Slack mrkdwn: *bold*, _italic_, `code`, <url|label>.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
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


def event_parked(user: str | None, kind: str) -> str:
    """A thread note: an event that kept failing is parked, not lost."""
    whose = f" from <@{user}>" if user else ""
    return (
        f":warning: I couldn't take in {kind}{whose} in this thread: it failed five times. "
        "It is kept, not lost: the office's administrator can see why and replay it with "
        "`s55bot events`."
    )


def form_not_saved(problems: dict[str, str]) -> str:
    """A form whose fields were found wrong after it closed (what it showed had changed)."""
    said = " ".join(problems.values())
    return f"Nothing was saved: {said} Open the form again to try once more."


def outcome_unknown(what: str, where: str) -> str:
    """The database stopped answering as ``what`` was being stored, and has not answered
    since: whether it was stored is not known yet (never said to be "not stored")."""
    return (
        f"The database stopped answering just as I was storing {what}, so I can't tell yet "
        f"whether it was stored. Look at {where} in a minute before doing it again."
    )


def logged_card_later(reference: str, channel: str, published: date) -> str:
    return (
        f"Logged *{reference}* (published {human_date(published)}). Its tracking card isn't in "
        f"<#{channel}> yet: I couldn't post it just now. Nothing is lost; I'll post it within "
        "minutes."
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


REPORT_PUBLISHED_LABEL = "Report published"  # the card's fact: the day HMICFRS published it


def outcome_published(day: date, days_early: int) -> str:
    """``Response published Tue 18 Jun 2024 — 6 days before the deadline``: a closed card's
    outcome (the office's response, not the report: the card names that "Report published")."""
    if days_early == 0:
        against = "on the deadline day"
    else:
        days = abs(days_early)
        against = f"{days} day{'' if days == 1 else 's'} " + (
            "before the deadline" if days_early > 0 else "after the deadline"
        )
    return f"Response published {human_date(day)} — {against}"


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


def step_waits_for_sign_off_again(step: str, sign_off: str, reason: str) -> str:
    return (
        f"“{step}” waits: sign-off was reopened ({inert(reason)}), so “{sign_off}” must be "
        "given again first."
    )


def step_not_confirmed(step: str) -> str:
    return f"“{step}” isn't confirmed, so there is nothing to undo."


def undo_later_first(step: str, latest: str) -> str:
    return f"Undo “{latest}” first: steps are undone from the last one back."


def not_an_approver(approvers: Sequence[str]) -> str:
    """Names who can approve (as Slack shows a mention: the person's or the group's name)."""
    who = and_list([mention(approver) for approver in approvers])
    return (
        f"Only the office's approvers can confirm or undo these steps: {who}. Ask one of them."
    )


NO_APPROVERS = (
    "No approvers are named yet, so nobody can confirm these steps: ask whoever set up s55bot "
    "for the office to name them."
)


def step_confirmed_note(step: str, actor: str) -> str:
    return f":white_check_mark: {step}: confirmed by <@{actor}>."


def step_undone_note(step: str, actor: str, reason: str) -> str:
    return f":leftwards_arrow_with_hook: {step}: undone by <@{actor}>. Reason: {inert(reason)}"


def completed_note(reference: str, revision: int | None = None) -> str:
    made = (
        f" The final document, posted below, is made from {document_revision(revision)}, the "
        "one signed off."
        if revision is not None
        else ""
    )
    return (
        f":tada: *{reference}* is complete: every office-use step is confirmed. "
        f"Reminders for it have stopped.{made}"
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


def draft_document_comment(reference: str, number: int, actor: str, revision: int) -> str:
    return (
        f":page_facing_up: *{reference}* response, *{draft_for_publication(number)}*, made "
        f"from {document_revision(revision)}: as signed off by <@{actor}>, in Word (to forward) "
        "and HTML (for the website). The final document follows when every office-use step is "
        "confirmed."
    )


# --- sign-off freezes what is published (bot.domain.publication) -----------------------------
def document_revision(revision: int) -> str:
    """How the documents posted at sign-off and at completion name what they were made from:
    the record's revision counts every change to what the document says."""
    return f"revision {revision} of the record"


def document_revision_line(revision: int) -> str:
    """The line under "For Office Use Only" in the document itself."""
    return f"Made from {document_revision(revision)}."


DOCUMENT_PART_NAMES = {
    "title": "the title",
    "published": "the publication date",
    "inspection_type": "the type of inspection",
    "link": "the link",
    "statutory_deadline": "the Section 55 deadline",
    "findings": "the key findings",
    "recommendations": "the recommendations",
    "afis": "the areas for improvement",
    "cc": "the Chief Constable's response",
    "pcc": "the PCC's response",
}


def changed_after_sign_off(what: str) -> str:
    return f"changed after sign-off: {what}"


def who_approves(approvers: Sequence[str]) -> str:
    """ "<@U1>, <@U2> or a member of <!subteam^S1>": the approvers by name (as mentions, which
    Slack shows as names; in a private reply they notify nobody)."""
    people = [mention(p) for p in approvers if not p.startswith("S")]
    groups = [f"a member of {mention(p)}" for p in approvers if p.startswith("S")]
    names = people + groups
    if not names:
        return "nobody yet (no approvers are set up)"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def signed_off_change_refused(reference: str, approvers: Sequence[str]) -> str:
    return (
        f"*{reference}* is signed off, so what its response publishes can be changed only by an "
        f"approver: {who_approves(approvers)}. Nothing was changed. An approver's change reopens "
        "sign-off, so that what is published is what was signed off."
    )


def signed_off_meanwhile(reference: str) -> str:
    return (
        f"*{reference}* was signed off a moment ago, so this change now needs an approver. "
        "Nothing was changed: try again."
    )


def sign_off_reopened_note(
    reference: str,
    *,
    actor: str,
    what: str,
    undone: Sequence[str],
    was_complete: bool,
    approvers: Sequence[str],
) -> str:
    """In the card's thread when an approver's change reopened sign-off."""
    later = len(undone) - 1
    steps = f"“{undone[0]}” is undone" + (
        f", and the {later} step{'s' if later != 1 else ''} after it" if later else ""
    )
    published = (
        " What was published no longer matches the record, so the publishing steps are to be "
        "confirmed again too."
        if was_complete
        else ""
    )
    ask = f"{' '.join(mention(p) for p in approvers)}: please" if approvers else "Please"
    return (
        f":rewind: *{reference}*: sign-off reopened. <@{actor}> changed {what} after sign-off, "
        f"so {steps}.{published} {ask} check the document (`/s55 export {reference}`) and sign "
        "off again; the later steps wait until then."
    )


def card_reopened(reason: str, actor: str, when: str) -> str:
    """Under the sign-off step on the card, while it waits to be given again."""
    return f":rewind: _Sign-off reopened ({inert(reason)}) by <@{actor}>, {when}_"


CARD_REOPENED_STATE = "sign-off reopened"
# Said after a change that reopened sign-off, to whoever made it.
REOPENED_REPLY = (
    " Sign-off is reopened: the approvers are asked in the card's thread to sign it off again."
)


def answer_reopens_sign_off(reference: str) -> str:
    return (
        f":rewind: *{reference}* is signed off: saving a changed answer reopens sign-off, and "
        "the approvers are asked to sign off again."
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


def _label(details: dict) -> str:
    return RESPONSE_LABELS.get(details.get("kind", ""), "response")


def _section_name(details: dict) -> str:
    return SECTION_NAMES.get(details.get("section", ""), "section")


def _changes(details: dict) -> str:
    return "; ".join(
        f"{EDITED_NAMES.get(name, name)} from “{_short(old)}” to “{_short(new)}”"
        for name, (old, new) in (details.get("changes") or {}).items()
    )


def _snoozed(details: dict) -> str:
    asked = details.get("asked")
    return (
        f"snoozed the nudges until {_audit_day(details.get('until'))}"
        + (" (the overdue nudges)" if details.get("overdue") else "")
        + (f", asked for {_audit_day(asked)}" if asked != details.get("until") else "")
    )


def _progress(details: dict) -> str:
    status = details.get("status", "")
    rag = details.get("rag", "")
    target = f"target {_audit_day(details['target'])}" if details.get("target") else NO_TARGET
    return (
        f"recorded update {details.get('update')} of {details.get('item')}: "
        f"{ACTION_STATUS_LABELS.get(status, status)}, {target}, "
        f"RAG {RAG_LABELS.get(rag, rag)}"
    )


def _items_recorded(details: dict) -> str:
    counts = ", ".join(f"{details.get(name, 0)} {name}" for name in ("added", "changed", "removed"))
    return f"recorded {count_of(details.get('kind', ''), details.get('items', 0))} ({counts})"


def _list_extent(details: dict) -> str:
    kind = ITEM_KIND_PLURALS.get(details.get("kind", ""), "items")
    return f"recorded that the {kind} listed are {LIST_EXTENT_WORDS[bool(details.get('complete'))]}"


def _item_answered(details: dict) -> str:
    response = details.get("response", "")
    return (
        f"answered {details.get('item')} (revision {details.get('revision')}): "
        f"{ITEM_RESPONSE_LABELS.get(response, response)}"
    )


def _reopened(details: dict) -> str:
    steps = details.get("steps") or []
    undone = f" ({len(steps)} step{'s' if len(steps) != 1 else ''} undone)" if steps else ""
    return f"reopened sign-off: changed after sign-off: {details.get('what', '')}{undone}"


def _report_posted(details: dict) -> str:
    channel = details.get("channel")
    return f"asked for the {details.get('period', '')} report" + (
        f" in <#{channel}>" if channel else ""
    )


# Every audit action (bot.domain.audit.AuditAction, by its value) in words: a row of
# `/s55 history` and of `s55bot audit --csv` is "<who> <this>". One line per member; a member
# without one fails tests/bot/domain/test_audit.py.
AUDIT_DESCRIPTIONS: dict[str, Callable[[dict], str]] = {
    "logged": lambda d: f"logged the inspection “{inert(str(d.get('title', '')))}”",
    "edited": lambda d: "corrected " + _changes(d),
    "withdrawn": lambda d: f"withdrew the inspection: {inert(str(d.get('reason', '')))}",
    "confirmed none": lambda d: (
        f"confirmed the report makes no {_section_name(d)}"
        + (f" ({d['items removed']} items taken off the record)" if d.get("items removed") else "")
    ),
    "response requested": lambda d: (
        f"asked for the {_label(d)}"
        + (" (a replacement)" if d.get("replacing") else "")
        + _asked_by(d)
        + _after(d)
    ),
    "response request waiting": lambda d: (
        f"asked for the {_label(d)}; it waits until the "
        f"{RESPONSE_LABELS.get(d.get('waiting for', ''), 'draft')} being pasted is "
        "confirmed or cleared"
    ),
    "response drafted": lambda d: f"started the draft of the {_label(d)}",
    "draft reviewed": lambda d: (
        f"reviewed the draft of the {_label(d)}: {d.get('included', 0)} part(s) included, "
        f"{d.get('changed', 0)} changed"
    ),
    "draft cleared": lambda d: f"cleared the draft of the {_label(d)}",
    "response confirmed": lambda d: f"confirmed the {_label(d)} ({d.get('words', 0):,} words)",
    "response revised": lambda d: (
        f"confirmed revision {d.get('revision')} of the {_label(d)} ({d.get('words', 0):,} words)"
    ),
    "section recorded": lambda d: (
        f"recorded revision {d.get('revision')} of the {_section_name(d)} from the thread"
    ),
    "items recorded": _items_recorded,
    "list extent recorded": _list_extent,
    "item answered": _item_answered,
    "progress recorded": _progress,
    "step confirmed": lambda d: f"confirmed “{d.get('step')}”",
    "step undone": lambda d: f"undid “{d.get('step')}”: {inert(str(d.get('reason', '')))}",
    "sign-off reopened": _reopened,
    "marked not required": lambda d: (
        f"recorded no response required: {inert(str(d.get('reason', '')))}"
    ),
    "snoozed": _snoozed,
    "snooze ended": lambda d: f"resumed the nudges (snoozed until {_audit_day(d.get('until'))})",
    "item snoozed": lambda d: (
        f"snoozed the nudges for {d.get('item')} until {_audit_day(d.get('until'))}"
    ),
    "item snooze ended": lambda d: (
        f"resumed the nudges for {d.get('item')} (snoozed until {_audit_day(d.get('until'))})"
    ),
    "report posted": _report_posted,
}


def audit_unknown(action: str) -> str:
    """A row whose action this version does not know (written by a newer one)."""
    return f"recorded “{inert(action)}”"


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
    """``the PCC's response, sign-off and four more steps``, in the order they are needed."""
    names = [MISSING_NAMES.get(item, item.removeprefix("step:")) for item in items]
    steps = [item for item in items if item.startswith("step:")]
    if len(steps) > 1:  # name the next step, count the rest
        names = [*names[: len(names) - len(steps) + 1], counted(len(steps) - 1, "more step")]
    return and_list(names)


_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def number_words(count: int) -> str:
    """``five``, ``12``, ``1,200``: a count as the office writes one, in words up to nine and in
    figures after."""
    return _NUMBER_WORDS[count] if 0 <= count < len(_NUMBER_WORDS) else f"{count:,}"


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """``one more step``, ``four more steps``, ``12 more steps``: a count in running text, in
    words up to nine (as the office writes them), the noun agreeing with it."""
    number = number_words(count)
    noun = singular if count == 1 else (plural or singular + "s")
    return f"{number} {noun}"


def and_list(parts: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


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
ITEM_KIND_PLURALS = {
    "cause_of_concern": "causes of concern",
    "recommendation": "recommendations",
    "afi": "areas for improvement",
}
# Whether the items of a kind on record are the report's complete list (bot.domain.sections).
LIST_EXTENT_WORDS = {True: "all the report's", False: "only those relevant to the force"}
LIST_EXTENT_LABEL = "Are these all the report makes?"
LIST_EXTENT_HINT = (
    "Tick a kind only when the report makes no others. Left unticked, these are recorded as "
    "only those relevant to the force, and the response states no total."
)


def list_extent_option(kind: str) -> str:
    return f"These are all the report's {ITEM_KIND_PLURALS[kind]}"


def list_extent_line(kind: str, complete: bool | None) -> str:
    """/s55 recs: what the record says of the list, and what the document makes of it."""
    plural = ITEM_KIND_PLURALS[kind]
    if complete is None:
        return (
            f"_Nobody has said whether these are all the report's {plural}: the response "
            "states no total._"
        )
    if complete:
        return f"_These are all the report's {plural}: the response says how many it makes._"
    return f"_These are only the {plural} relevant to the force: the response states no total._"


def list_extent_button(complete: bool) -> str:
    return "They are all the report's" if complete else "Not all the report's"


LIST_EXTENT_CONFIRM_TITLE = "Are you sure?"


def list_extent_confirm(kind: str, complete: bool) -> str:
    plural = ITEM_KIND_PLURALS[kind]
    if complete:
        return (
            f"Record that these are all the report's {plural}? The response will say how many "
            "the report makes."
        )
    return (
        f"Record that these are only the {plural} relevant to the force? The response will "
        "state no total."
    )


def list_extent_stored(kind: str, complete: bool, reference: str) -> str:
    words = LIST_EXTENT_WORDS[complete]
    return f"Recorded: the {ITEM_KIND_PLURALS[kind]} of {reference} listed are {words}."


def list_extent_already(kind: str, complete: bool, reference: str) -> str:
    return (
        f"The record already says the {ITEM_KIND_PLURALS[kind]} of {reference} listed are "
        f"{LIST_EXTENT_WORDS[complete]}: nothing was changed."
    )


def list_extent_no_items(kind: str, reference: str) -> str:
    return (
        f"{reference} has no {ITEM_KIND_PLURALS[kind]} recorded as items, so there is no list "
        f"to mark: `/s55 recs {reference}` asks for them in the card's thread."
    )


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

# A file shared in a card's thread that gives no text (bot/domain/files.py): why, in a phrase
# after "it" (the receipt's note), and the whole refusal in words that fit the draft.
FILE_KINDS = "a PDF, a Word document (.docx) or a text file (.txt)"
_SEND_INSTEAD = "Share it again as {kinds}, or paste the {label} as text in this thread."


MB_BYTES = 1024 * 1024


def file_size(size: int, limit: int) -> tuple[str, str]:
    """A file's size and the limit it is over, printed so they never read the same: in MB
    when they look different, else to the byte ("20,971,521 bytes" over "20,971,520 bytes")."""
    shown, most = f"{size / MB_BYTES:.1f} MB", f"{limit / MB_BYTES:g} MB"
    if round(size / MB_BYTES, 1) <= limit / MB_BYTES:
        shown, most = f"{size:,} bytes", f"{limit:,} bytes ({limit / MB_BYTES:g} MB)"
    return shown, most


def more_than_seconds(seconds: int) -> str:
    return f"more than {seconds} second{'s' if seconds != 1 else ''}"


def file_reason(problem: str, *, size: int = 0, limit: int = 0, detail: str = "") -> str:
    """Why a file was not read, after "it" (``problem``: a FileProblem's value)."""
    if problem == "too large":
        shown, most = file_size(size, limit)
        return f"is {shown}, and I read files up to {most}"
    what = f" ({detail})" if detail else ""
    reasons = {
        "too large once unpacked": f"is too large once unpacked{what}",
        "took too long to read": f"took too long to read{what}",
        "not a kind we read": f"is not {FILE_KINDS}",
        "protected with a password": "is protected with a password",
        "an image compression we can't read": f"uses an image compression I can't read{what}",
        "a compression we can't read": f"uses a compression I can't read{what}",
        "damaged": "looks damaged: I couldn't open it",
        "no text": "has no text I can read: it is probably a scanned image",
        "empty": "is empty: there is nothing in it to read",
        "Slack would not hand it over": "was not handed over by Slack (the app may lack the "
        "files:read permission)",
        "no longer in Slack": "is no longer in Slack (it may have been deleted)",
        "Slack did not hand it over in time": f"was not handed over: Slack was not answering{what}",
    }
    return reasons.get(problem, "could not be read")


def file_not_read(
    filename: str,
    reason: str,
    label: str = "recommendations and areas for improvement",
    *,
    kept: str = "Nothing else was lost. ",
) -> str:
    """The refusal in the thread: the file, why, and what to send instead for the draft being
    collected (``label``: "Chief Constable's response", "key findings", …); ``kept``: what
    happened to the rest of the message (nothing to say when it had no text)."""
    what = quoted(filename) if filename else "that file"
    return f"I couldn't read {what}: it {reason}. {kept}" + _SEND_INSTEAD.format(
        kinds=FILE_KINDS, label=label
    )


FILE_PENDING_REASON = "is not here yet: Slack isn't handing it over, and I'm asking again"


def for_minutes(seconds: int) -> str:
    minutes = max(1, round(seconds / 60))
    return f"for {minutes} minute{'s' if minutes != 1 else ''}"


TYPED_TEXT_KEPT = "What you typed with it is in the draft. "


def files_not_read(unread: Sequence[tuple[str, str]], label: str, *, typed: bool) -> str:
    """The reply in the thread naming each file shared with a message that gave no text, and
    what to send instead for the draft being collected (``label``); ``typed``: the message had
    text of its own, which the draft kept."""
    kept = TYPED_TEXT_KEPT if typed else ""
    if len(unread) == 1:
        name, reason = unread[0]
        return file_not_read(name, reason, label, kept=kept)
    listed = "\n".join(f"• {quoted(name)}: it {reason}." for name, reason in unread)
    return f"I couldn't read these files:\n{listed}\n{kept}" + _SEND_INSTEAD.format(
        kinds=FILE_KINDS, label=label
    ).replace("it again", "them again")


def unread_files_note(unread: Sequence[tuple[str, str]]) -> str:
    """The receipt's note of files shared with the draft that gave no text."""
    return "\n".join(f":warning: Not read: {quoted(name)}: it {reason}." for name, reason in unread)


def file_not_readable_kind(filename: str) -> str:
    return file_not_read(filename, file_reason("not a kind we read"))


def file_too_large(filename: str, size: int, limit: int) -> str:
    return file_not_read(filename, file_reason("too large", size=size, limit=limit))


def file_encrypted(filename: str) -> str:
    return file_not_read(filename, file_reason("protected with a password"))


def file_damaged(filename: str) -> str:
    return file_not_read(filename, file_reason("damaged"))


def file_refused(filename: str = "") -> str:
    return file_not_read(filename, file_reason("Slack would not hand it over"))


def file_gone() -> str:
    return file_not_read("", file_reason("no longer in Slack"))


def file_without_text(filename: str) -> str:
    return file_not_read(filename, file_reason("no text"))


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
# Owner and target date are needed when the response plans an action (accepted or partially
# accepted): the form asks for them then, and says so; for another response they are optional.
ANSWER_OWNER_HINT = (
    "Who is responsible for the action: a role or a team. Needed when the response is accepted "
    "or partially accepted."
)
ANSWER_OWNER_HINT_NOT_NEEDED = (
    "Not needed for this response. Name a role or a team if someone still owns an action."
)
ANSWER_TARGET_LABEL = "Target date"
ANSWER_TARGET_HINT = (
    "The day the action will be done by. Needed when the response is accepted or partially "
    "accepted."
)
ANSWER_TARGET_HINT_NOT_NEEDED = "Not needed for this response. Give one if an action has a date."
ANSWER_NO_RESPONSE = (
    "Choose the response: accepted, partially accepted, not accepted or already complies."
)
ANSWER_NO_ACTION = "Say what action has been or will be taken (s.55(5B))."
ANSWER_NO_REASON = "Say why no action will be taken (s.55(5B))."
ANSWER_NO_OWNER = (
    "Owner is needed when the response is accepted or partially accepted: name a role or a team."
)
ANSWER_NO_TARGET = (
    "Target date is needed when the response is accepted or partially accepted: choose the day "
    "the action will be done by."
)
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
    found = and_list([f"*{count}*" for count in counts])
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


def items_listing_title(reference: str, counts: Mapping[str, int]) -> str:
    """``S55-1: 1 recommendation and 4 areas for improvement`` (``counts``: kind → items, in
    the report's order); a kind with none on record is not named (``S55-2: 1 recommendation``)."""
    named = [count_of(kind, n) for kind, n in counts.items() if n]
    return f"{reference}: {and_list(named) or 'no recommendation or area for improvement'}"


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


# Whom an item that needs the force's answer is directed at, as a sentence of the document says.
DOCUMENT_DIRECTED_AT = {
    "force": "the force",
    "chief_constable": "the chief constable",
    "all_chief_constables": "all chief constables",
    "pcc": "the PCC",
}


def _of_kind(kind: str, count: int) -> str:
    return ITEM_KIND_PLURALS[kind] if count != 1 else ITEM_KIND_LABELS[kind].lower()


def _whom(directed: Sequence[str]) -> str:
    names = list(dict.fromkeys(DOCUMENT_DIRECTED_AT.get(d, d) for d in directed))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def document_items_intro(
    kind: str, *, listed: int, directed: Sequence[str], complete: bool | None
) -> str | None:
    """The sentence before the items of a kind. ``listed``: how many are on record;
    ``directed``: whom each of those needing the force's answer is directed at. It says how many
    the report makes only when the office recorded that the list is complete (``complete``
    True); otherwise it speaks of the items below, never of the report's total."""
    ours = len(directed)
    each = "It is" if ours == 1 else "Each is"
    set_out = (
        f"{each} set out below with the same numbering as the report, followed by the response "
        "to it."
    )
    if complete:
        # A report makes recommendations and AFIs; it identifies causes of concern.
        verb = "identified" if kind == "cause_of_concern" else "made"
        made = f"{number_words(listed).capitalize()} {_of_kind(kind, listed)} "
        made += f"{'was' if listed == 1 else 'were'} {verb} within the report"
        if ours == 0:
            return f"{made}, none of them directed at the force."
        if ours == listed:
            whom = "directed at" if listed == 1 else "all of them directed at"
            return f"{made}, {whom} {_whom(directed)}. {set_out}"
        which = "of which was" if ours == 1 else "of which were"
        return f"{made}, {number_words(ours)} {which} directed at {_whom(directed)}. {set_out}"
    if ours == 0:
        return None
    verb = "is" if ours == 1 else "are"
    each_followed = "followed" if ours == 1 else "each followed"
    relevant = " Only those relevant to the force are listed." if complete is False else ""
    return (
        f"The {_of_kind(kind, ours)} directed at {_whom(directed)} {verb} set out below with the "
        f"same numbering as the report, {each_followed} by the response to it.{relevant}"
    )


def document_items_for_others(complete: bool | None) -> str:
    """Before the items directed at others: "for completeness" only of a complete list."""
    if complete:
        return DOCUMENT_ITEMS_FOR_OTHERS
    return (
        "The report also makes these, directed at others rather than at the force; they need "
        "no answer here:"
    )


DOCUMENT_CAUSES_HEADING = "Causes of concern"


def document_recommendations_under(numbers: list[str]) -> str:
    which = "Recommendation" if len(numbers) == 1 else "Recommendations"
    return f"{which} {and_list(numbers)}, set out below, answer this cause of concern."


def document_not_answered(label: str) -> str:
    return f"{label} has not yet been answered."


def document_action_label(action: bool) -> str:
    return "Action taken or proposed" if action else "Why no action will be taken"


# The HMICFRS recommendation register's words (bot.domain.register), as the Monitoring Portal
# writes them.
REGISTER_STATUS_LABELS = {
    "awaiting_review": "awaiting review",
    "being_progressed": "being progressed",
    "complete": "complete",
    "no_further_action": "no further action needed",
}
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
    return file_not_read(filename, file_reason("empty"))


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


def report_status_alt(
    months: list[tuple[str, dict[str, int]]], *, ends_on_report_day: bool = False
) -> str:
    """``ends_on_report_day``: the last bar is the report's day, after the period (what the
    tables count), not a month's end."""
    if not months:
        return f"{REPORT_STATUS_CHART_TITLE}: no month of the period has begun."
    last, counts = months[-1]
    now = ", ".join(f"{label.lower()} {n}" for label, n in counts.items())
    when = f"On {last}" if ends_on_report_day else f"At {last}'s end"
    return f"{REPORT_STATUS_CHART_TITLE}, {months[0][0]} to {last}. {when}: {now}."


def report_day_bar(day: date) -> str:
    """The status chart's last bar, when the report is read after its period: its day."""
    return f"the report's day, {day.day} {day:%b %Y}"


def report_day_tick(day: date) -> str:
    return f"{day.day} {day:%b}\n{day:%Y}\n(report)"


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
