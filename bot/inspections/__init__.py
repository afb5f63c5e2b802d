"""Logging and finding inspections: the domain rules applied to stored data."""
