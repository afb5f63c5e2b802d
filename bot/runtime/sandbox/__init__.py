"""The local sandbox: a Slack-like page on 127.0.0.1 driving the real bot through the stand-in."""
