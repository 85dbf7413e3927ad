"""The command line interface and the server start.

Split out of `main.py` by nova-refactor (extract-cli).
"""

from __future__ import annotations

import argparse

import app_state
from routes import app


# -- cli ------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mini", description="Mini service.")
    parser.add_argument("--limit", type=int, default=app_state.LIMIT, help="request limit")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("routes", help="print the URL map")
    return parser


def cli_main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "routes":
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            print(rule.rule, rule.endpoint)
        return 0
    return 2
