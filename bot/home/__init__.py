"""The Home tab: what is waiting for you, the open inspections, the last completed."""
