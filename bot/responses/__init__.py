"""The CC's and the PCC's responses, collected in the card's thread: prompts, drafts, receipts."""
