"""Recommendations and AFIs as items: confirmed from a proposal, answered one by one, listed and
exported."""
