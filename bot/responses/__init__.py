"""What is collected in the card's thread: the CC's and PCC's responses and the long sections."""
