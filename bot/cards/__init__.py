"""The tracking card (posted once, edited in place) and where each inspection stands."""
