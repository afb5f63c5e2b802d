"""The local sandbox: a Slack-like page on 127.0.0.1 that drives the real bot through the stand-in."""  # noqa: E501
