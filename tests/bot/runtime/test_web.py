"""The HTTP surface: request signing, the health check, and errors users never see as tracebacks."""

from __future__ import annotations

import json
import logging
import re
import time
import urllib.error
import urllib.request

import pytest
from sqlalchemy import select

from bot.runtime.web import make_wsgi_app, start_in_thread
from storage.db import Database
from storage.models import Inspection
from tests.e2e import Bot

ADD = "add Vetting part 2 | 30 April 2024"


def get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as failure:
        return failure.code, json.loads(failure.read())


def count_inspections(bot: Bot) -> int:
    with bot.db.session() as session:
        return len(session.scalars(select(Inspection)).all())


def test_a_forged_signature_is_refused_and_changes_nothing(bot: Bot) -> None:
    reply = bot.send.slash_command(ADD, forge=True)
    assert reply.status == 401
    assert count_inspections(bot) == 0
    assert bot.slack.calls_to("response_url") == []


def test_a_request_older_than_five_minutes_is_refused(bot: Bot) -> None:
    reply = bot.send.slash_command(ADD, timestamp=int(time.time()) - 6 * 60)
    assert reply.status == 401
    assert count_inspections(bot) == 0


def test_health_is_200_when_the_database_answers(bot: Bot) -> None:
    status, body = get(bot.server.url + "healthz")
    assert (status, body) == (200, {"ok": True, "database": "ok"})


def test_health_is_503_when_the_database_does_not_answer(bot: Bot) -> None:
    unreachable = Database("postgresql://postgres@127.0.0.1:9/nowhere")
    server = start_in_thread(make_wsgi_app(bot.server_app, unreachable))
    try:
        status, body = get(server.url + "healthz")
    finally:
        server.stop()
    assert (status, body) == (503, {"ok": False, "database": "unreachable"})


def test_an_unexpected_error_gets_an_apology_with_a_code_that_the_log_has_too(
    bot: Bot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the database caught fire")

    monkeypatch.setattr("handlers.commands.list_inspections", broken)
    with caplog.at_level(logging.ERROR, logger="s55bot"):
        [reply] = bot.command("list")
    assert reply["response_type"] == "ephemeral"
    code = re.search(r"`(E-[0-9A-F]{6})`", reply["text"]).group(1)
    assert "Traceback" not in reply["text"] and "fire" not in reply["text"]
    [record] = [r for r in caplog.records if code in r.getMessage()]
    assert record.exc_info and "the database caught fire" in str(record.exc_info[1])
