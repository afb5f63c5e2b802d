"""The Section 55 response document: one model from stored data, three writers."""
