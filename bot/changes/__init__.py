"""What every change a person asks for shares, whichever feature makes it: the inspection the press
or form names (named), who may make it and the refusal when they may not (permission), and the
follow-ups it asks of Slack in its own transaction (followups)."""
