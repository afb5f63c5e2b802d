"""The "For Office Use Only" steps of the office's template (the 2024 seed's list)."""

from __future__ import annotations

DEFAULT_STEPS: tuple[str, ...] = (
    "PCC response signed off",
    "Response forwarded to the Chief Constable",
    "Response forwarded to the Police and Crime Panel",
    "Response published on the OPCC website",
    "Response published on the HMICFRS Monitoring Portal",
)
