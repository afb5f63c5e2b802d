"""Bringing Slack in line with the database after every change, and on every reminder pass."""
