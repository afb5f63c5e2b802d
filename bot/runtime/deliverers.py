"""What delivers each kind of follow-up, as the features declare it: registered once when a
process starts (the Bolt app, every `s55bot` command that has services), so that the delivery
layer (bot.followups) finds each kind's deliverer without importing the features."""

from __future__ import annotations

from bot.cards import refresh
from bot.compliance import posting
from bot.exports import upload
from bot.followups import registry
from bot.publication import notes as publication_notes
from bot.reminders import snooze
from bot.responses import followups as responses
from bot.responses import item_notes
from bot.signoff import notes as signoff_notes

FEATURES = (
    refresh.DELIVERERS,
    responses.DELIVERERS,
    item_notes.DELIVERERS,
    publication_notes.DELIVERERS,
    signoff_notes.DELIVERERS,
    upload.DELIVERERS,
    posting.DELIVERERS,
    snooze.DELIVERERS,
)


def register_deliverers() -> None:
    for deliverers in FEATURES:
        registry.register(deliverers)
