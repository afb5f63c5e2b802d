"""Posts wait their turn per channel: one at once, then one per interval after the last answer."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from slack_sdk.http_retry import builtin_handlers

from bot.settings import load_settings
from bot.slack.client import make_client, make_posting_client
from bot.slack.pacing import PacedClient, Pacer
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


def test_the_first_post_in_a_channel_goes_at_once_and_the_next_waits_an_interval(
    fake: FakeTime,
) -> None:
    pacer = paced(fake, rate=2.0)
    assert pacer.reserve("C1") == 0
    assert pacer.reserve("C1") == 0.5
    assert pacer.reserve("C1") == 1.0  # turns queue up: each a further interval on


def test_channels_are_paced_apart(fake: FakeTime) -> None:
    pacer = paced(fake, rate=1.0)
    assert [pacer.reserve(c) for c in ("C1", "C2", "C3")] == [0, 0, 0]
    assert pacer.reserve("C2") == 1.0


def test_an_idle_channel_holds_one_turn_not_a_burst(fake: FakeTime) -> None:
    pacer = paced(fake, rate=1.0)
    pacer.reserve("C1")
    fake.now += 60
    assert pacer.reserve("C1") == 0
    assert pacer.reserve("C1") == 1.0


def test_the_next_turn_counts_from_the_last_answer(fake: FakeTime) -> None:
    """A post Slack answered late (or refused, then took after Retry-After) is not followed at
    once by the next: that would arrive at Slack right behind it."""
    pacer = paced(fake, rate=1.0)
    assert pacer.reserve("C1") == 0
    fake.now += 2.5  # a 429, Retry-After 2, then the retry's answer
    pacer.answered("C1")
    assert pacer.reserve("C1") == 1.0


def test_an_answer_before_the_turn_leaves_the_turn_as_it_is(fake: FakeTime) -> None:
    pacer = paced(fake, rate=1.0)
    pacer.reserve("C1")
    pacer.reserve("C1")  # the second post's turn at +1; the next at +2
    fake.now += 0.1
    pacer.answered("C1")  # the first post's answer: +1.1 is earlier than +2
    assert pacer.reserve("C1") == pytest.approx(1.9)  # still at +2


def test_wait_sleeps_only_when_the_turn_is_ahead(fake: FakeTime) -> None:
    pacer = paced(fake, rate=4.0)
    for _ in range(3):
        pacer.wait("C1")
    assert fake.slept == [0.25, 0.25]


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
    assert fake.slept == [1.0]
    assert [m["text"] for m in standin.messages["C1"]] == ["edited", "two"]


def test_sharing_a_file_into_a_channel_is_paced_with_its_posts(
    standin: SlackStandIn, fake: FakeTime
) -> None:
    client = client_for(standin, paced(fake, rate=1.0))
    client.chat_postMessage(channel="C1", text="the document follows")
    client.files_upload_v2(channel="C1", content="text", filename="response.txt")
    assert fake.slept == [1.0]
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
    assert fake.slept == [1.0]  # the next post's turn came an interval after the retry
    assert [m["text"] for m in standin.messages["C1"]] == ["after the wait", "its turn after that"]
