"""``python -m bench NAME``: the URL of the PostgreSQL bench database NAME (bench_database),
migrated and emptied, for a bench that keeps what it stores (make bench: bench.ack_latency)."""

from __future__ import annotations

import sys

from bench import bench_database, empty
from storage.db import Database

if __name__ == "__main__":
    db = Database(bench_database(sys.argv[1]))
    db.migrate()
    empty(db)
    db.dispose()
    print(db.url)
