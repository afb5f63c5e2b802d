"""Slack's Web API: the one client, posting a message once, and users and user groups."""
