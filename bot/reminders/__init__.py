"""The reminder pass (digest and nudges, each sent exactly once), its claims and its schedule."""
