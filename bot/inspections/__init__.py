"""Logging, finding and correcting inspections (edit, withdraw, none): rules on stored data."""
