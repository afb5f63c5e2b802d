"""The Section 55 response document (one model from stored data, three writers), and the text of
a report uploaded as a file."""
