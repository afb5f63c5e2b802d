"""The append-only audit log read back: `/s55 history` and `s55bot audit --csv`."""
