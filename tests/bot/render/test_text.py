"""Slack markup built from stored text can never ping anyone or break its link."""

from __future__ import annotations

import pytest

from bot.render.text import link, link_within


@pytest.mark.parametrize(
    "url",
    [
        "https://x.example/a><!channel>",
        "https://x.example/a><!subteam^S1>",
        "https://x.example/a><@U0HOSTILE>",
        "https://x.example/a|<!here>",
        "https://x.example/a b\n<!everyone>",
    ],
)
def test_a_stored_link_with_markup_in_it_stays_one_inert_link(url: str) -> None:
    rendered = link(url, "Vetting report")
    assert rendered.startswith("<https://x.example/a") and rendered.endswith("|Vetting report>")
    inner = rendered[1:-1]
    assert "<" not in inner and ">" not in inner
    assert inner.count("|") == 1
    assert not any(char.isspace() for char in inner.split("|")[0])


def test_an_ampersand_in_a_link_is_escaped_as_slack_asks() -> None:
    assert link("https://example.org/r?a=1&b=2", "r") == "<https://example.org/r?a=1&amp;b=2|r>"


def test_an_ordinary_link_is_unchanged() -> None:
    url = "https://hmicfrs.justiceinspectorates.gov.uk/publications/vetting-part-2/?x=%20y#top"
    assert link(url, "the report") == f"<{url}|the report>"


@pytest.mark.parametrize(
    "url",
    [
        None,
        "https://x.example/a",
        "https://x.example/" + "ŵ" * 1980,
        "https://x.example/?" + "a&" * 900,
    ],
)
def test_a_link_within_a_limit_fits_however_it_grows_when_encoded(url: str | None) -> None:
    rendered = link_within(url, "R&D " * 125, 2000)
    assert len(rendered) <= 2000
    assert "R&amp;D" in rendered
