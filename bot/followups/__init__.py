"""Delivering follow-ups: the table of what delivers each kind (registry), filled by the
features at start-up, and the loop that claims, delivers and marks them sent (delivery)."""
