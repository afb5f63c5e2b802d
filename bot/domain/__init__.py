"""The Section 55 rules as plain Python: no Slack, no database."""
