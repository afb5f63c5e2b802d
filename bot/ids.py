"""Action, callback and block IDs: Slack echoes these back, so they never change casually."""

from __future__ import annotations

COMMAND = "/s55"

# The tracking card
CARD_HEADER_BLOCK = "card_header"
CARD_TITLE_BLOCK = "card_title"
CARD_FACTS_BLOCK = "card_facts"
CARD_RULE_BLOCK = "card_rule"
CARD_RESPONSES_BLOCK = "card_responses"
CARD_STEPS_BLOCK = "card_steps"
CARD_SECTIONS_BLOCK = "card_sections"
CARD_MENU = "card_menu"  # overflow: edit details, withdraw
EDIT_INSPECTION_VIEW = "edit_inspection"
WITHDRAW_VIEW = "withdraw_inspection"
MENU_EDIT = "edit"
MENU_WITHDRAW = "withdraw"

# The "new inspection" modal
NEW_INSPECTION_VIEW = "new_inspection"
TITLE_BLOCK = "title"
TITLE_INPUT = "title_input"
PUBLISHED_BLOCK = "published"
PUBLISHED_INPUT = "published_input"
LINK_BLOCK = "link"
LINK_INPUT = "link_input"
TYPE_BLOCK = "inspection_type"
TYPE_INPUT = "inspection_type_input"
FINDINGS_BLOCK = "key_findings"
FINDINGS_INPUT = "key_findings_input"
RECOMMENDATIONS_BLOCK = "recommendations"
RECOMMENDATIONS_INPUT = "recommendations_input"
AFIS_BLOCK = "areas_for_improvement"
AFIS_INPUT = "areas_for_improvement_input"

# The receipt under a draft response in the card's thread
USE_DRAFT = "use_draft"
START_AGAIN = "start_again"
REPLACE_RESPONSE = "replace_response"
RECEIPT_BLOCK = "receipt"
RECEIPT_ACTIONS_BLOCK = "receipt_actions"

# Office-use steps on the card, and the modals that ask for a reason
CARD_ACTIONS_BLOCK = "card_actions"
CONFIRM_STEP = "confirm_step"
UNDO_STEP = "undo_step"
NOT_REQUIRED = "not_required"
UNDO_STEP_VIEW = "undo_step_view"
NOT_REQUIRED_VIEW = "not_required_view"
REASON_BLOCK = "reason"
REASON_INPUT = "reason_input"

# Asking for a section in the thread: "The report makes none" on the request, and the card's
# menu choices that ask (``ask:<kind>:<inspection>``).
SECTION_NONE = "section_none"
SECTION_PROMPT_BLOCK = "section_prompt"
SECTION_PROMPT_ACTIONS = "section_prompt_actions"
MENU_ASK = "ask"

# Recommendations and AFIs as items (bot/items)
REVIEW_ITEMS = "review_items"  # the proposal's button: confirm the items one by one
REVIEW_ITEMS_VIEW = "review_items_view"
ITEM_BLOCK_PREFIX = "item_"  # + the item's uid in the review
DIRECTED_AT_SELECT = "directed_at"
LEAVE_OUT = "leave_out"  # a proposal's "not an item"
ASK_FOR_ITEMS = "ask_for_items"  # `/s55 recs`: paste or upload more in the thread
# Review's own buttons (each value: the item's uid, or the page) and the forms they push.
REVIEW_EDIT = "review_edit"
REVIEW_SPLIT = "review_split"
REVIEW_JOIN = "review_join"
REVIEW_ADD = "review_add"
REVIEW_PAGE_PREVIOUS = "review_page_previous"
REVIEW_PAGE_NEXT = "review_page_next"
REVIEW_ITEM_ACTIONS_PREFIX = "review_actions_"  # + the item's uid
REVIEW_NAVIGATION_BLOCK = "review_navigation"
ITEM_EDIT_VIEW = "item_edit_view"
ITEM_ADD_VIEW = "item_add_view"
ITEM_SPLIT_VIEW = "item_split_view"
ITEM_KIND_BLOCK, ITEM_KIND_INPUT = "item_kind", "item_kind_input"
ITEM_NUMBER_BLOCK, ITEM_NUMBER_INPUT = "item_number", "item_number_input"
ITEM_TEXT_BLOCK, ITEM_TEXT_INPUT = "item_text", "item_text_input"
ITEM_DIRECTED_BLOCK, ITEM_DIRECTED_INPUT = "item_directed", "item_directed_input"
ITEM_DUE_BLOCK, ITEM_DUE_INPUT = "item_due", "item_due_input"
SPLIT_FIRST_BLOCK, SPLIT_FIRST_INPUT = "split_first", "split_first_input"
ANSWER_ITEM = "answer_item"
ANSWER_ITEM_VIEW = "answer_item_view"
ANSWER_RESPONSE_BLOCK = "answer_response"
ANSWER_RESPONSE_INPUT = "answer_response_input"
ANSWER_ACTION_BLOCK = "answer_action"
ANSWER_ACTION_INPUT = "answer_action_input"
ANSWER_OWNER_BLOCK = "answer_owner"
ANSWER_OWNER_INPUT = "answer_owner_input"
ANSWER_TARGET_BLOCK = "answer_target"
ANSWER_TARGET_INPUT = "answer_target_input"
# Whether the items of a kind are all the report's (bot.items.extent): one checkbox per kind in
# its own block of the Review form (Record them), and the /s55 recs list's button to correct it
# later (value ``<inspection>:<kind>:complete|partial``).
LIST_EXTENT_BLOCK = "list_extent"
LIST_EXTENT_INPUT = "list_extent_choice"
LIST_EXTENT_BUTTON = "mark_list_extent"
LIST_EXTENT_ROW_PREFIX = "list_extent_"  # + the kind: the list's line for it
# An answered item's progress after the response (bot/items/progress.py): the list's Update
# button (its value is the item's ID) and its form.
UPDATE_PROGRESS = "update_progress"
UPDATE_PROGRESS_VIEW = "update_progress_view"
ITEM_ACTIONS_BLOCK_PREFIX = "item_actions_"  # + the item's ID: Change the answer and Update
PROGRESS_STATUS_BLOCK = "progress_status"
PROGRESS_STATUS_INPUT = "progress_status_input"
PROGRESS_NOTE_BLOCK = "progress_note"
PROGRESS_NOTE_INPUT = "progress_note_input"
PROGRESS_TARGET_BLOCK = "progress_target"
PROGRESS_TARGET_INPUT = "progress_target_input"

# Reviewing a draft's parts before using it (bot/responses/review.py)
REVIEW_DRAFT = "review_draft"
REVIEW_DRAFT_VIEW = "review_draft_view"
PART_BLOCK_PREFIX = "part_"  # + the DraftMessage's id
INCLUDE_PART = "include"

# Snoozing a nudge (bot/reminders/snooze.py): the menu and the date picker under each nudge,
# in a block whose ID names the inspection (``snooze:<inspection>``), and "Resume nudges" on
# the note that confirms a snooze (its value is the inspection's ID).
SNOOZE_BLOCK_PREFIX = "snooze:"
SNOOZE_CHOICE = "snooze_choice"
SNOOZE_DATE = "snooze_date"
RESUME_NUDGES = "resume_nudges"
# An item's own nudges (its target date): the same menu and date picker in a block whose ID
# names the item (``snooze-item:<item>``), and "Resume nudges" on the note (value: the item).
ITEM_SNOOZE_BLOCK_PREFIX = "snooze-item:"
RESUME_ITEM_NUDGES = "resume_item_nudges"

# The compliance report (docs/rules.md#r18): the Home tab's "Post the 2026 report" (its value
# is the period as people say it, "2026"), in the block of the year-so-far line.
POST_REPORT = "post_report"
HOME_YEAR_BLOCK = "home_year"

# The office's settings (bot/offices/settings.py): the Home tab's button, shown to the office's
# admins, and its modal, one input block a setting (``setting:<ENV NAME>``; a setting of people
# has a second, ``setting:<ENV NAME>:groups``, for user-group IDs, which no menu can choose).
OPEN_SETTINGS = "open_settings"
HOME_SETTINGS_BLOCK = "home_settings"
# The Home tab of an office whose team channel is not chosen yet: how to finish setting up.
HOME_NOT_SET_UP_BLOCK = "home_not_set_up"
SETTINGS_VIEW = "office_settings_view"
SETTING_BLOCK_PREFIX = "setting:"
SETTING_GROUPS_SUFFIX = ":groups"
SETTING_INPUT = "setting_input"
