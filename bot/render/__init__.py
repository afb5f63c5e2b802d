"""Block Kit rendering: pure functions from stored data to slack_sdk block models."""
