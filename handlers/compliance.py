"""`/s55 report 2024` and the Home tab's "Post the 2026 report": the compliance report posted
in the team channel, the person told privately where."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, Respond

from bot import ids
from bot.compliance.posting import post_report
from bot.services import Services
from handlers.errors import acked, reply_privately
from handlers.values import report_year


def register(app: App) -> None:
    app.action(ids.POST_REPORT)(**acked(on_post_report))


def report(services: Services, command: dict, text: str, respond: Respond) -> None:
    """The sub-command: any period people say (a year, a financial year, a range)."""

    def tell(said: str) -> None:
        respond(text=said)

    post_report(
        services, text, actor=command["user_id"], tell=tell, channel=command.get("channel_id")
    )


def on_post_report(services: Services, body: dict[str, Any], respond: Respond) -> None:
    """The Home tab's button: only ever a calendar year, so anything else was not ours."""
    post_report(
        services,
        report_year(body, today=services.today()),
        actor=body["user"]["id"],
        tell=lambda said: reply_privately(services, body, respond, said),
    )
