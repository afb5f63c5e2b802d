"""Causes of concern, recommendations and AFIs in the document, as the government response
seed sets them out: each item under its number, then its answer; those directed at others
listed after a line saying so. A cause of concern names the recommendations that answer it."""

from __future__ import annotations

from collections.abc import Sequence

from bot import copy
from bot.documents.model import Block, BulletList, Paragraph, Run, plain
from bot.domain.answers import ItemResponse, item_label
from bot.domain.items import DirectedAt, ItemKind
from storage.models import ItemAnswer, ReportItem


def items_blocks(
    items: Sequence[ReportItem], kind: ItemKind, *, complete: bool | None
) -> tuple[Block, ...]:
    """``complete``: whether the office recorded that these are all the report's (None: nobody
    said). Only then does the document say how many the report makes (docs/rules.md#r17)."""
    mine = [i for i in items if i.kind == kind.value]
    ours = [i for i in mine if DirectedAt(i.directed_at).needs_answer]
    others = [i for i in mine if not DirectedAt(i.directed_at).needs_answer]
    intro = copy.document_items_intro(
        kind.value,
        listed=len(mine),
        directed=[i.directed_at for i in ours],
        complete=complete,
    )
    blocks: list[Block] = [Paragraph((Run(intro),))] if intro else []
    for item in ours:
        blocks += _item(item, kind, items)
    if others:
        blocks.append(Paragraph((Run(copy.document_items_for_others(complete), italic=True),)))
        blocks.append(
            BulletList(
                tuple(
                    (
                        Run(f"{kind.label} {i.number}", bold=True),
                        Run(f" ({i.addressees or 'others'}): {i.text}"),
                    )
                    for i in others
                )
            )
        )
    return tuple(blocks)


def _listed(item: ReportItem, kind: ItemKind) -> tuple[Run, ...]:
    whom = f" ({item.addressees})" if item.addressees else ""
    return (Run(f"{kind.label} {item.number}", bold=True), Run(f"{whom}: {item.text}"))


def _item(item: ReportItem, kind: ItemKind, items: Sequence[ReportItem]) -> list[Block]:
    due = f" (by {copy.long_date(item.due)})" if item.due else ""
    under = f" ({copy.item_under(item.under)})" if item.under else ""
    heading = Paragraph((Run(f"{kind.label} {item.number}{under}{due}:", bold=True),))
    answer = item.answers[-1] if item.answers else None
    blocks = [heading, *plain(item.text)]
    if kind is ItemKind.CAUSE_OF_CONCERN:
        answering = [
            i.number
            for i in items
            if i.kind == ItemKind.RECOMMENDATION.value and i.under == item.number
        ]
        if answering:
            blocks.append(Paragraph((Run(copy.document_recommendations_under(answering)),)))
    return [*blocks, *_answer(answer, item_label(kind, item.number))]


def _answer(answer: ItemAnswer | None, label: str) -> list[Block]:
    if answer is None:
        return [Paragraph((Run(copy.document_not_answered(label), italic=True),))]
    response = ItemResponse(answer.response)
    lines = [(copy.DOCUMENT_RESPONSE_LABEL, response.label)]
    lines.append(
        (
            copy.document_action_label(
                response.plans_action or response is ItemResponse.ALREADY_COMPLIES
            ),
            answer.action,
        )
    )
    if answer.owner:
        lines.append((copy.DOCUMENT_OWNER_LABEL, answer.owner))
    if answer.target_date:
        lines.append((copy.DOCUMENT_TARGET_LABEL, copy.long_date(answer.target_date)))
    return [Paragraph((Run(f"{name}:", bold=True), Run(f" {value}"))) for name, value in lines]
