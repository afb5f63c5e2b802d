"""Offices: one deployment serving every office that installs the app with "Add to Slack"
(docs/rules.md#r25).

``installations`` keeps Slack's installations (slack-sdk's SQLAlchemy stores, tokens encrypted
at rest); ``tokens`` hands out each office's bot token, refreshing it under a claim in the
database so that two processes never spend the same refresh token; ``directory`` serves a
request or a reminder pass with the services of one office (its own settings, its own token,
sessions that see only its rows); ``install`` is Bolt's OAuth flow with the project's stores;
``leaving`` forgets an office's tokens at once when it uninstalls and its records after the
retention period.
"""
