"""Where the project's reference material lives: ../shared beside the repository (in CI too)."""

from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
SHARED = REPOSITORY.parent / "shared"
SLACK_SAMPLES = SHARED / "slack-samples"
SEEDS = SHARED / "seeds"
