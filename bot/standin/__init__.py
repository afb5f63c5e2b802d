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

Several workspaces and "Add to Slack" (each token acts in the workspace it belongs to)::

        norfolk = slack_api.add_workspace(Identity(team_id="T0002", team_domain="norfolk-police"))
        slack_api.configure_oauth(client_id, client_secret, token_rotation=True)
        back = slack_api.approve_install(app_authorize_link, team_id="T0002")  # "Allow"
        # the app's redirect handler takes ``back`` (code & state) to oauth.v2.access
        events = slack_api.uninstall("T0002")  # tokens dead; tokens_revoked + app_uninstalled
        slack.for_team("T0002", "norfolk-police").event(events[1])
"""

from .oauth import AuthorizePageError, Installation
from .responses import Identity
from .server import Call, SlackStandIn
from .signed import Reply, SignedSlackRequests, sign

__all__ = [
    "AuthorizePageError",
    "Call",
    "Identity",
    "Installation",
    "Reply",
    "SignedSlackRequests",
    "SlackStandIn",
    "sign",
]
