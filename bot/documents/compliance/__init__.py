"""The compliance report's documents: its charts, HTML and Word (and the tables' formats)."""
