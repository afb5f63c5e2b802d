"""Posts wait their turn per channel: the first at once, then one per interval; a 429 is still
waited out, and its retry takes a turn like any post."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from slack_sdk.http_retry import builtin_handlers

from bot.settings import load_settings
from bot.slack.client import make_client, make_posting_client
from bot.slack.pacing import MARGIN, PacedClient, Pacer
from bot.standin import SlackStandIn

TOKEN = "xoxb-pacing-test"


class FakeTime:
    """A clock that moves only when the pacer sleeps (or a test says so)."""

    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds


@pytest.fixture
def fake() -> FakeTime:
    return FakeTime()


@pytest.fixture
def standin() -> Iterator[SlackStandIn]:
    with SlackStandIn(token=TOKEN) as server:
        yield server


def paced(fake: FakeTime, rate: float) -> Pacer:
    return Pacer(rate, clock=fake.clock, sleep=fake.sleep)


def turns(count: float, rate: float) -> object:
    """``count`` turns at ``rate``: 1/rate each, and the margin for the way to Slack."""
    return pytest.approx(count * (1 + MARGIN) / rate)


def test_a_turn_is_one_over_the_rate_and_two_percent() -> None:
    assert Pacer(1.0).interval == pytest.approx(1.02)
    assert Pacer(20.0).interval == pytest.approx(0.051)


def test_the_first_post_in_a_channel_goes_at_once_and_the_next_waits_an_interval(
    fake: FakeTime,
) -> None:
    pacer = paced(fake, rate=2.0)
    assert pacer.reserve("C1") == 0
    assert pacer.reserve("C1") == turns(1, rate=2.0)
    assert pacer.reserve("C1") == turns(2, rate=2.0)  # turns queue up, one interval apart


def test_channels_are_paced_apart(fake: FakeTime) -> None:
    pacer = paced(fake, rate=1.0)
    assert [pacer.reserve(c) for c in ("C1", "C2", "C3")] == [0, 0, 0]
    assert pacer.reserve("C2") == turns(1, rate=1.0)


def test_an_idle_channel_holds_one_turn_not_a_burst(fake: FakeTime) -> None:
    pacer = paced(fake, rate=1.0)
    pacer.reserve("C1")
    fake.now += 60
    assert pacer.reserve("C1") == 0
    assert pacer.reserve("C1") == turns(1, rate=1.0)


def test_wait_sleeps_only_when_the_turn_is_ahead(fake: FakeTime) -> None:
    pacer = paced(fake, rate=4.0)
    for _ in range(3):
        pacer.wait("C1")
    assert fake.slept == [turns(1, rate=4.0)] * 2


def test_a_rate_must_be_positive() -> None:
    with pytest.raises(ValueError):
        Pacer(0)


def client_for(standin: SlackStandIn, pacer: Pacer) -> PacedClient:
    return PacedClient(pacer=pacer, base_url=standin.url, token=TOKEN, retry_handlers=[])


def test_the_client_paces_posts_into_a_channel_and_nothing_else(
    standin: SlackStandIn, fake: FakeTime
) -> None:
    client = client_for(standin, paced(fake, rate=1.0))
    for text in ("one", "two"):
        client.chat_postMessage(channel="C1", text=text)
    client.chat_postMessage(channel="C2", text="elsewhere")
    ts = standin.messages["C1"][0]["ts"]
    client.chat_update(channel="C1", ts=ts, text="edited")  # not a post: not paced
    client.auth_test()
    assert fake.slept == [turns(1, rate=1.0)]
    assert [m["text"] for m in standin.messages["C1"]] == ["edited", "two"]


def test_sharing_a_file_into_a_channel_is_paced_with_its_posts(
    standin: SlackStandIn, fake: FakeTime
) -> None:
    client = client_for(standin, paced(fake, rate=1.0))
    client.chat_postMessage(channel="C1", text="the document follows")
    client.files_upload_v2(channel="C1", content="text", filename="response.txt")
    assert fake.slept == [turns(1, rate=1.0)]
    assert standin.calls_to("files.completeUploadExternal")[0].outcome == "ok"


def test_every_client_for_one_app_shares_the_channel_turns(standin: SlackStandIn) -> None:
    """Slack counts every post to a channel, from listeners and scheduler alike."""
    settings = load_settings({"SLACK_BOT_TOKEN": TOKEN, "SLACK_API_URL": standin.url})
    clients = [make_client(settings), make_posting_client(settings)]
    assert all(isinstance(c, PacedClient) for c in clients)
    assert clients[0].pacer is clients[1].pacer and clients[0].pacer.rate == 1.0


def test_a_429_is_still_honoured_with_retry_after_and_then_paced(
    standin: SlackStandIn, fake: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    retry_waits: list[float] = []

    def retry_sleep(seconds: float) -> None:  # slack_sdk's handler, on the same fake clock
        retry_waits.append(seconds)
        fake.now += seconds

    monkeypatch.setattr(builtin_handlers, "time", SimpleNamespace(sleep=retry_sleep))
    settings = load_settings(
        {"SLACK_BOT_TOKEN": TOKEN, "SLACK_API_URL": standin.url, "S55_POST_RATE": "1"}
    )
    client = make_posting_client(settings)
    client.pacer = paced(fake, rate=1.0)
    standin.fail_next("chat.postMessage", status=429, retry_after=3)
    client.chat_postMessage(channel="C1", text="after the wait")
    client.chat_postMessage(channel="C1", text="its turn after that")
    assert [c.outcome for c in standin.calls_to("chat.postMessage")] == ["429", "ok", "ok"]
    assert len(retry_waits) == 1 and 3 <= retry_waits[0] < 4  # Retry-After plus jitter
    # The retry took the turn free after that wait; the next post waited an interval more,
    # not following the late retry at once.
    assert fake.slept == [turns(1, rate=1.0)]
    assert [m["text"] for m in standin.messages["C1"]] == ["after the wait", "its turn after that"]
