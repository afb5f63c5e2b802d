"""Slack events: stored before they are acknowledged, processed once after, replayed if missed."""
