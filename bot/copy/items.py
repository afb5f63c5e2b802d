"""Recommendations, causes of concern and areas for improvement item by item (bot/items,
bot/render/items.py): finding them in a draft, the review, each answer, the tallies."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from .words import and_list, human_date, shorten_words

__all__ = [
    "ADD_BY_HAND_BUTTON",
    "ADD_ITEMS_BUTTON",
    "ADD_ITEM_TITLE",
    "ANSWER_ACTION_HINT",
    "ANSWER_ACTION_LABEL",
    "ANSWER_BUTTON",
    "ANSWER_NO_ACTION",
    "ANSWER_NO_OWNER",
    "ANSWER_NO_REASON",
    "ANSWER_NO_RESPONSE",
    "ANSWER_NO_TARGET",
    "ANSWER_OWNER_HINT",
    "ANSWER_OWNER_HINT_NOT_NEEDED",
    "ANSWER_OWNER_LABEL",
    "ANSWER_RESPONSE_LABEL",
    "ANSWER_RESPONSE_PLACEHOLDER",
    "ANSWER_SUBMIT",
    "ANSWER_TARGET_HINT",
    "ANSWER_TARGET_HINT_NOT_NEEDED",
    "ANSWER_TARGET_LABEL",
    "ANSWER_TITLE",
    "CHANGE_ANSWER_BUTTON",
    "DIRECTED_AT_LABELS",
    "EDIT_ITEM_TITLE",
    "FORM_ITEMS_NOTE",
    "ITEMS_NONE_ADDED",
    "ITEMS_NOTHING_LEFT",
    "ITEMS_NOT_FOUND",
    "ITEMS_NOT_FOUND_BUT",
    "ITEM_DIRECTED_FIELD",
    "ITEM_DUE_FIELD",
    "ITEM_FORM_SUBMIT",
    "ITEM_KIND_FIELD",
    "ITEM_KIND_LABELS",
    "ITEM_KIND_PLURALS",
    "ITEM_NEEDS_NO_ANSWER",
    "ITEM_NO_NUMBER",
    "ITEM_NO_TEXT",
    "ITEM_NUMBER_FIELD",
    "ITEM_NUMBER_TOO_LONG",
    "ITEM_RESPONSE_LABELS",
    "ITEM_TEXT_FIELD",
    "ITEM_TEXT_TOO_LONG",
    "LEAVE_OUT_LABEL",
    "LIST_EXTENT_CONFIRM_TITLE",
    "LIST_EXTENT_HINT",
    "LIST_EXTENT_LABEL",
    "LIST_EXTENT_WORDS",
    "NO_SUCH_ITEM",
    "REVIEW_ADD_BUTTON",
    "REVIEW_DOUBTS_HEADING",
    "REVIEW_EDIT_BUTTON",
    "REVIEW_FAILED",
    "REVIEW_GONE",
    "REVIEW_ITEMS_SUBMIT",
    "REVIEW_ITEMS_TITLE",
    "REVIEW_ITEM_GONE",
    "REVIEW_JOIN_BUTTON",
    "REVIEW_LOADING",
    "REVIEW_LOADING_TITLE",
    "REVIEW_NEXT_BUTTON",
    "REVIEW_NO_ITEMS_YET",
    "REVIEW_PREVIOUS_BUTTON",
    "REVIEW_SPLIT_BUTTON",
    "SPLIT_FIRST_FIELD",
    "SPLIT_HINT",
    "SPLIT_ITEM_TITLE",
    "SPLIT_SECOND_FIELD",
    "SPLIT_SECOND_NUMBER_FIELD",
    "TALLY_LABELS",
    "and_more",
    "answer_owner_too_long",
    "answer_stored",
    "answer_target_too_early",
    "answers_closed",
    "count_of",
    "item_due",
    "item_state",
    "item_under",
    "items_doubt",
    "items_found",
    "items_listing_title",
    "items_recorded",
    "items_removed",
    "items_tally_line",
    "items_too_many",
    "list_extent_already",
    "list_extent_button",
    "list_extent_confirm",
    "list_extent_line",
    "list_extent_no_items",
    "list_extent_option",
    "list_extent_stored",
    "review_item_too_long",
    "review_items_button",
    "review_items_intro",
    "review_page_line",
    "sign_off_waits_for_answers",
    "tally_part",
    "tally_unlisted",
]


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

ITEM_RESPONSE_LABELS = {
    "accepted": "Accepted",
    "partially_accepted": "Partially accepted",
    "not_accepted": "Not accepted",
    "already_complies": "Already complies",
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


def items_removed(count: int) -> str:
    if not count:
        return ""
    items = f"{count} item{'s' if count != 1 else ''}"
    return f" The {items} recorded before left the record (kept in its history)."
