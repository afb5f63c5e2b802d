"""Sign-off freezes what is published: the one place that enforces bot.domain.publication."""
