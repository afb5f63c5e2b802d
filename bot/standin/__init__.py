"""Local stand-in for Slack: a fake Web API server and a signed client playing Slack.

Typical test::

    with SlackStandIn(token="xoxb-test") as slack_api:
        client = WebClient(base_url=slack_api.url, token="xoxb-test")   # or SLACK_API_URL
        slack = SignedSlackRequests(bot_events_url, signing_secret,
                                    response_url_factory=slack_api.response_url)
        slack.slash_command("help")
        slack_api.wait_for("chat.postMessage")

Socket Mode: ``SlackStandIn(token=..., app_token="xapp-...")``; the bot's
``apps.connections.open`` gets a loopback WebSocket URL, and the test plays envelopes on it::

        command = slack.slash_command_fields("help")
        envelope_id = slack_api.socket_mode.send("slash_commands", command)
        slack_api.socket_mode.wait_for_ack(envelope_id)
"""

from .responses import Identity
from .server import Call, SlackStandIn
from .signed import Reply, SignedSlackRequests, sign

__all__ = ["Call", "Identity", "Reply", "SignedSlackRequests", "SlackStandIn", "sign"]
