"""The compliance report for the Police and Crime Panel: its figures, read from the record."""
