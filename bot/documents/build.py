"""The document from stored data, section by section as in the office's completed responses."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

from bot import copy
from bot.documents.items import items_blocks
from bot.documents.model import (
    Document,
    Field,
    Paragraph,
    Run,
    Section,
    blocks_from_slack,
    plain,
)
from bot.domain.items import ITEM_KIND_OF, ItemKind
from bot.domain.sections import Section as SectionName
from bot.domain.sections import SectionStatus, current
from bot.render.card import latest_response
from storage.models import Inspection


def build_document(
    inspection: Inspection,
    *,
    steps: Sequence[str],
    tz: ZoneInfo,
    area: str | None,
    names: Mapping[str, str] | None = None,
) -> Document:
    return Document(
        title=copy.document_title(area),
        author=copy.document_author(area),
        preamble=copy.DOCUMENT_PREAMBLE,
        fields=(
            Field("Inspection title", (Run(inspection.title),)),
            Field("Date published", (Run(copy.long_date(inspection.published)),)),
            Field(
                "Type of inspection",
                (Run(inspection.inspection_type or copy.DOCUMENT_NOT_RECORDED),),
            ),
            Field("Link to report", _link(inspection.link)),
            Field(
                "Section 55 response deadline",
                (Run(copy.long_date(inspection.statutory_deadline)),),
            ),
        ),
        sections=(
            *_sections(inspection, names),
            _response(inspection, "cc", copy.DOCUMENT_CC_HEADING, names),
            _response(inspection, "pcc", copy.DOCUMENT_PCC_HEADING, names),
            Section(
                "For Office Use Only",
                (
                    *_office_use(inspection, steps, tz),
                    # What this document was made from (bot.domain.publication): the same in the
                    # draft posted at sign-off and the final one, unless sign-off was reopened.
                    Paragraph((Run(copy.document_revision_line(inspection.document_revision)),)),
                ),
            ),
        ),
    )


def _link(url: str | None) -> tuple[Run, ...]:
    return (Run(url, url=url),) if url else (Run(copy.DOCUMENT_NO_LINK),)


def _sections(inspection: Inspection, names: Mapping[str, str] | None) -> list[Section]:
    """Key findings, causes of concern (only when the report makes some and they are
    recorded: PEEL 2021 onwards), recommendations, areas for improvement."""
    sections = []
    for section in SectionName:
        if section is SectionName.RECOMMENDATIONS and (causes := _causes(inspection)):
            sections.append(causes)
        sections.append(_section(inspection, section, names))
    return sections


def _causes(inspection: Inspection) -> Section | None:
    """Each cause of concern recorded, with its answer, before the recommendations."""
    recorded = [r for r in inspection.sections if r.section == SectionName.RECOMMENDATIONS]
    state = current(inspection.sections, SectionName.RECOMMENDATIONS)
    if not recorded or state.status != SectionStatus.RECORDED:
        return None
    if max(recorded, key=lambda r: r.revision).source != "items":
        return None
    if not any(i.kind == ItemKind.CAUSE_OF_CONCERN for i in inspection.items):
        return None
    # Causes of concern are recorded with the recommendations: the office's word on whether
    # that list is the report's whole one covers both.
    blocks = items_blocks(inspection.items, ItemKind.CAUSE_OF_CONCERN, complete=state.complete_list)
    return Section(copy.DOCUMENT_CAUSES_HEADING, blocks)


def _section(
    inspection: Inspection, section: SectionName, names: Mapping[str, str] | None
) -> Section:
    """What was recorded; "There are no … made." only when someone confirmed the report makes
    none; otherwise "Not yet recorded." (the document never states what nobody recorded)."""
    heading = copy.SECTION_HEADINGS[section.value]
    state = current(inspection.sections, section)
    if state.status == SectionStatus.NONE:
        return Section(heading, (Paragraph((Run(copy.DOCUMENT_NONE[section.value]),)),))
    if state.status == SectionStatus.NOT_RECORDED:
        return Section(heading, (Paragraph((Run(copy.DOCUMENT_NOT_RECORDED),)),))
    latest = max((r for r in inspection.sections if r.section == section), key=lambda r: r.revision)
    if latest.source == "items":  # item by item, each followed by its answer (s.55(5B))
        blocks = items_blocks(inspection.items, ITEM_KIND_OF[section], complete=state.complete_list)
        return Section(heading, blocks)
    if latest.source == "thread":  # pasted in Slack: mrkdwn, mentions, links
        return Section(heading, blocks_from_slack(latest.raw_text, names))
    return Section(heading, plain(latest.text))


def _response(
    inspection: Inspection, kind: str, heading: str, names: Mapping[str, str] | None
) -> Section:
    response = latest_response(inspection, kind)
    if response is None:
        return Section(heading, (Paragraph((Run(copy.DOCUMENT_AWAITING),)),))
    return Section(heading, blocks_from_slack(response.raw_text, names))


def _office_use(inspection: Inspection, steps: Sequence[str], tz: ZoneInfo) -> list[Paragraph]:
    """A line per step with one mark, ticked (✓ and the day) or not (☐): a paragraph each,
    never a bulleted list, which would put a bullet before the tick."""
    done = {s.step: s for s in inspection.steps if s.undone_at is None}
    lines = []
    for step in [*steps, *(set(done) - set(steps))]:
        confirmation = done.get(step)
        if confirmation is None:
            lines.append(Paragraph((Run(f"☐ {step}."),)))
        else:
            when = copy.long_date(confirmation.confirmed_at.astimezone(tz).date())
            lines.append(Paragraph((Run(f"✓ {step}: {when}."),)))
    return lines
