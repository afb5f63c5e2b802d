"""Reading the renderer's HTML back in tests: the tags and their attributes, the text."""

from __future__ import annotations

from html.parser import HTMLParser


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def tags(html: str, name: str | None = None) -> list[dict[str, str | None]]:
    """The attributes of every ``name`` tag (every tag when None), in order, unescaped."""
    parser = Tags()
    parser.feed(str(html))
    return [attrs | {"<tag>": tag} for tag, attrs in parser.tags if name in (None, tag)]


def text(html: str) -> str:
    """What a reader sees: the text, entities decoded."""
    parser = Tags()
    parser.feed(str(html))
    return "".join(parser.text)


def classes(attrs: dict[str, str | None]) -> list[str]:
    return (attrs.get("class") or "").split()


class FakeNames:
    """Display names as the sandbox's workspace would give them."""

    def user(self, user_id: str) -> str:
        return {"U0JANE001": "Jane Doe", "U0EVIL": "<b>Eve</b>"}.get(user_id, f"user {user_id}")

    def group(self, group_id: str) -> str:
        return {"S0APPROVE": "approvers"}.get(group_id, f"group {group_id}")

    def channel(self, channel_id: str) -> str:
        return {"C0TEAM0001": "s55-team"}.get(channel_id, f"channel {channel_id}")
