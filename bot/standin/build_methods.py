"""Generate ``methods.json`` (known Web API methods, their arguments) from Slack's OpenAPI spec.

Usage: ``python -m bot.standin.build_methods /path/to/slack_web_openapi_v2.json [out.json]``

The output ships inside the package because the spec itself is not installed with it.
If ``rate_limit_tiers.json`` sits next to the spec, each method also gets its ``tier``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

DEFAULT_OUT = Path(__file__).with_name("methods.json")

# The 2020 spec predates these methods/arguments, or marks as optional what Slack actually requires.
ADDED_METHODS: dict[str, dict[str, Any]] = {
    "files.getUploadURLExternal": {
        "http_method": "post",
        "required": ["filename", "length"],
        "args": ["filename", "length", "alt_txt", "snippet_type"],
    },
    # Socket Mode (2021): the app-level token goes in the Authorization header, no arguments.
    "apps.connections.open": {"http_method": "post", "required": [], "args": []},
    "files.completeUploadExternal": {
        "http_method": "post",
        "required": ["files"],
        "args": ["files", "channel_id", "channels", "initial_comment", "thread_ts", "blocks"],
    },
}
EXTRA_ARGS: dict[str, list[str]] = {
    "chat.postMessage": ["metadata"],
    "chat.update": ["metadata", "reply_broadcast", "file_ids"],
}
EXTRA_REQUIRED: dict[str, list[str]] = {
    # Slack rejects calls without these; the 2020 spec just doesn't flag them as required.
    "chat.delete": ["channel", "ts"],
    "conversations.replies": ["channel", "ts"],
    "conversations.history": ["channel"],
    "conversations.info": ["channel"],
    "files.info": ["file"],
    "users.info": ["user"],
    "views.update": ["view"],
}


def build(spec: dict[str, Any], tiers: dict[str, str] | None = None) -> dict[str, dict[str, Any]]:
    """Return method name -> {"http_method", "required", "args"[, "tier"]} (token excluded)."""
    methods: dict[str, dict[str, Any]] = {}
    for path, ops in spec["paths"].items():
        name = path.lstrip("/")
        # Each path has exactly one operation in this spec.
        http_method, op = next(iter(ops.items()))
        params = [p for p in op.get("parameters", []) if p["name"] != "token"]
        methods[name] = {
            "http_method": http_method,
            "required": sorted(p["name"] for p in params if p.get("required")),
            "args": sorted(p["name"] for p in params),
        }
    for name, entry in ADDED_METHODS.items():
        methods[name] = {
            **entry,
            "args": sorted(entry["args"]),
            "required": sorted(entry["required"]),
        }
    for name, extra in EXTRA_ARGS.items():
        methods[name]["args"] = sorted(set(methods[name]["args"]) | set(extra))
    for name, extra in EXTRA_REQUIRED.items():
        methods[name]["required"] = sorted(set(methods[name]["required"]) | set(extra))
        methods[name]["args"] = sorted(set(methods[name]["args"]) | set(extra))
    if tiers:
        for name, entry in methods.items():
            if name in tiers:
                entry["tier"] = tiers[name]
    return dict(sorted(methods.items()))


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    spec_path = Path(argv[0])
    out = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    spec = json.loads(spec_path.read_text())
    tiers_path = spec_path.with_name("rate_limit_tiers.json")
    tiers = json.loads(tiers_path.read_text()) if tiers_path.exists() else None
    methods = build(spec, tiers)
    out.write_text(json.dumps(methods, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(methods)} methods to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
