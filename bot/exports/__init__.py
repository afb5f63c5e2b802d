"""The response document uploaded to the card's thread, asked for or unasked at completion."""
