"""The compliance report for the Police and Crime Panel: its figures from stored data, and its
posting in the team channel."""
