"""Where the tests' data lives.

The project's own test data is in ``tests/fixtures/`` (written for the project, in the shape of the
real documents and payloads). The reference corpus, ``../shared`` beside the repository (real seed
documents, Slack's recorded payloads), is there in CI and may be missing on a fresh clone: only the
tests marked ``reference`` read it, and nothing here reads a file (tests/conftest.py decides).
"""

from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
FIXTURES = REPOSITORY / "tests" / "fixtures"
SHARED = REPOSITORY.parent / "shared"
SLACK_SAMPLES = SHARED / "slack-samples"
SEEDS = SHARED / "seeds"


def reference_corpus_present() -> bool:
    """Both halves of the reference corpus are beside the repository."""
    return SEEDS.is_dir() and SLACK_SAMPLES.is_dir()
