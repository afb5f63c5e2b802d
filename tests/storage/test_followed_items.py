"""The reminder pass reads every followed item with what each needs (its answers, its progress,
its inspection's steps) in the same statements for a handful of items or hundreds
(storage/loading.py: a count first, then the loader that costs less for that many)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import insert

from storage.db import Database
from storage.items import followed_items
from storage.loading import FEW
from storage.models import ItemAnswer, ReportItem
from tests.history import inspection_row, selects, statements, store

AT = datetime(2024, 5, 2, 9, tzinfo=UTC)


def _answered_items(db: Database, inspections: range, per_inspection: int) -> None:
    store(
        db,
        [
            inspection_row(n, published=date(2024, 4, 1), state="response published")
            for n in inspections
        ],
    )
    items = [
        {
            "inspection_id": n,
            "kind": "afi",
            "number": str(k),
            "position": k,
            "text": f"AFI {k} of inspection {n}",
            "directed_at": "force",
            "recorded_by": "U0001",
            "recorded_at": AT,
        }
        for n in inspections
        for k in range(1, per_inspection + 1)
    ]
    with db.session() as session:
        item_ids = session.scalars(insert(ReportItem).returning(ReportItem.id), items).all()
        answers = [
            {
                "item_id": item_id,
                "revision": 1,
                "response": "accepted",
                "action": "An action",
                "owner": "Head of PSD",
                "target_date": date(2024, 6, 30),
                "answered_by": "U0001",
                "answered_at": AT,
            }
            for item_id in item_ids
        ]
        session.execute(insert(ItemAnswer), answers)


def test_a_handful_of_items_or_hundreds_cost_the_same_statements(database: Database) -> None:
    _answered_items(database, range(1, 3), per_inspection=3)  # 6 items: fewer than FEW
    with statements(database) as few, database.session(read_only=True) as session:
        handful = followed_items(session)
    _answered_items(database, range(3, 33), per_inspection=5)  # 156 items: more than FEW
    with statements(database) as many, database.session(read_only=True) as session:
        hundreds = followed_items(session)
    assert len(handful) == 6 < FEW < len(hundreds) == 156
    assert len(selects(few)) == len(selects(many)), "\n".join(many)
    # All of it read within the statements counted: nothing is left to load once they are out.
    for item in handful + list(hundreds):
        assert [a.owner for a in item.answers] == ["Head of PSD"]
        assert item.progress == [] and item.inspection.steps == []
        assert item.inspection.number == item.inspection_id
