"""The compliance report for the Police and Crime Panel: its figures, read from the record, and
its posting in the team channel."""
