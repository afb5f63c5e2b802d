"""The real seeds (../shared/seeds) still give every item they hold, each right: the check that
the project's own fixtures (tests/fixtures/items) were not written to suit the reader alone."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.items import DirectedAt, ItemKind, ProposedItem, split_items
from tests.paths import SEEDS

pytestmark = pytest.mark.reference

REC, AFI = ItemKind.RECOMMENDATION, ItemKind.AFI
ALL, OTHERS, FORCE = DirectedAt.ALL_CHIEF_CONSTABLES, DirectedAt.OTHERS, DirectedAt.FORCE

# Per seed, counted by hand: kind, number, opening words, closing words, and where the seed
# says so plainly, whom it is for and when it is due.
KEY: dict[str, list[tuple[ItemKind, str, str, str, DirectedAt | None, date | None]]] = {
    "response-2019-cyber-keep-the-light-on.txt": [
        (REC, "1", "By 1 November 2020, the Home Office", "for the network to be effective.",
         OTHERS, date(2020, 11, 1)),
        (AFI, "1", "Chief constables should evaluate", "that they are used effectively.",
         ALL, None),
        (AFI, "2", "With immediate effect, City of London Police", "prevent a re-occurrence.",
         OTHERS, None),
        (AFI, "3", "The National Police Chiefs\u2019 Council\u2019s lead",
         "with the performance indicators.", OTHERS, None),
        (AFI, "4", "The National Police Chiefs\u2019 Council Coordinator",
         "victims of cyber-dependent crime.", OTHERS, None),
    ],
    "response-2024-vetting-anti-corruption-part-2.txt": [
        (REC, "4", "By 30 June 2024, chief constables should",
         "'The Threat to UK Law Enforcement from Corruption'.", ALL, date(2024, 6, 30)),
    ],
    "report-2017-peel-effectiveness-norfolk.txt": [
        (AFI, "1", "The force should ensure that appropriate supervision",
         "investigations involving vulnerable people.", FORCE, None),
        (AFI, "2", "The force should review its use of DVPOs/DVPNs",
         "safeguard victims of domestic abuse.", FORCE, None),
    ],
    "government-response-2019-hasc-policing-for-the-future.txt": [
        (REC, str(n), "", "", None, None) for n in range(1, 41)
    ],
    "press-release-2019-cyber-keep-the-light-on.txt": [],
}  # fmt: skip


def is_right(item: ProposedItem, key: tuple) -> bool:
    kind, number, opening, closing, directed, due = key
    words = " ".join(item.text.split())
    return (
        (item.kind, item.number) == (kind, number)
        and words.startswith(opening)
        and words.endswith(closing)
        and "Government response" not in words
        and (directed is None or item.directed_at is directed)
        and (due is None or item.due == due)
    )


def test_the_seeds_give_every_item_right(capsys: pytest.CaptureFixture[str]) -> None:
    expected = found = right = 0
    for name, keys in KEY.items():
        items = split_items((SEEDS / name).read_text(encoding="utf-8"), force_name="Norfolk")
        expected, found = expected + len(keys), found + len(items)
        right += sum(is_right(item, key) for item, key in zip(items, keys, strict=False))
    with capsys.disabled():
        print(f"\nseeds: {right} of {expected} items right ({found} found)")
    assert right == expected == found
