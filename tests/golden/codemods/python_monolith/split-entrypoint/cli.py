"""The command line interface and the server start.

Split out of `main.py` by nova-refactor (split-entrypoint).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from typing import Any

import app_state
from app_services import reset_state
from app_state import (
    APP_VERSION,
    CONFIG,
    HOST,
    PORT,
    init_storage,
    log,
    mark_started,
    run_health_checks,
    seed_demo_data,
)
from background import collect_stats, start_background_workers, stop_background_workers
from routes import app


# =====================================================================================
# CLI
# =====================================================================================


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nova-app", description="Nova backend server and operator tools."
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {APP_VERSION}"
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="enable debug logging"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    serve = sub.add_parser("serve", help="run the HTTP server")
    serve.add_argument("--host", default=HOST, help=f"bind address (default: {HOST})")
    serve.add_argument(
        "--port", type=int, default=PORT, help=f"bind port (default: {PORT})"
    )
    serve.add_argument(
        "--no-workers", action="store_true", help="do not start background workers"
    )
    serve.add_argument(
        "--debug", action="store_true", default=CONFIG.debug, help="Flask debug mode"
    )
    serve.set_defaults(handler=cmd_serve)

    seed = sub.add_parser("seed", help="populate demo data")
    seed.add_argument(
        "--users", type=int, default=10, help="number of demo users (default: 10)"
    )
    seed.add_argument("--posts-per-user", type=int, default=3)
    seed.add_argument(
        "--seed", type=int, default=42, help="random seed for reproducible data"
    )
    seed.add_argument("--reset", action="store_true", help="wipe existing data first")
    seed.set_defaults(handler=cmd_seed)

    health = sub.add_parser(
        "healthcheck", help="run health checks and print JSON (exit 1 when unhealthy)"
    )
    health.add_argument("--pretty", action="store_true")
    health.set_defaults(handler=cmd_healthcheck)

    routes = sub.add_parser("routes", help="print the URL map")
    routes.add_argument("--json", action="store_true", help="machine readable output")
    routes.set_defaults(handler=cmd_routes)

    stats_cmd = sub.add_parser("stats", help="print runtime statistics as JSON")
    stats_cmd.set_defaults(handler=cmd_stats)
    return parser


def cmd_serve(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        print(f"error: invalid port {args.port}", file=sys.stderr)
        return 2
    run_server(args.host, args.port, workers=not args.no_workers, debug=args.debug)
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    if args.users < 1 or args.posts_per_user < 0:
        print("error: --users must be >= 1 and --posts-per-user >= 0", file=sys.stderr)
        return 2
    if args.reset:
        reset_state()
    summary = seed_demo_data(
        users=args.users, posts_per_user=args.posts_per_user, seed=args.seed
    )
    print(json.dumps({"seeded": summary}, sort_keys=True))
    return 0


def cmd_healthcheck(args: argparse.Namespace) -> int:
    report = run_health_checks()
    print(json.dumps(report, indent=2 if args.pretty else None, sort_keys=True))
    return 0 if report["status"] == "ok" else 1


def route_table() -> list[dict[str, Any]]:
    rows = []
    for rule in app.url_map.iter_rules():
        methods = sorted(m for m in rule.methods or () if m not in ("HEAD", "OPTIONS"))
        rows.append({"rule": rule.rule, "methods": methods, "endpoint": rule.endpoint})
    return sorted(rows, key=lambda r: (r["rule"], r["methods"], r["endpoint"]))


def cmd_routes(args: argparse.Namespace) -> int:
    rows = route_table()
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    width = max(len(r["rule"]) for r in rows)
    for row in rows:
        print(
            f"{row['rule']:<{width}}  {','.join(row['methods']):<14}  {row['endpoint']}"
        )
    print(f"{len(rows)} routes")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    print(json.dumps(collect_stats(), sort_keys=True, default=str))
    return 0


def cli_main(argv: list[str] | None = None) -> int:
    """Entry point for ``nova-app`` / ``python main.py``; returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else 0
    if args.verbose:
        app_state.configure_logging("DEBUG")
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        return 130


# =====================================================================================
# SERVER START
# =====================================================================================


def _install_sigterm_handler() -> Any:
    """Turn SIGTERM (docker stop, k8s) into SystemExit so ``finally`` blocks run.

    Returns the previous handler, or ``None`` when not on the main thread.
    """
    if threading.current_thread() is not threading.main_thread():
        return None

    def _terminate(signum: int, frame: Any) -> None:
        log.info("received signal %d, shutting down", signum)
        raise SystemExit(0)

    return signal.signal(signal.SIGTERM, _terminate)


def run_server(
    host: str = HOST, port: int = PORT, workers: bool = True, debug: bool = False
) -> None:
    """Start background workers (optionally) and block in the Werkzeug server."""
    mark_started()
    init_storage()
    previous_sigterm = _install_sigterm_handler()
    if workers:
        start_background_workers()
    log.info(
        "nova %s listening on http://%s:%d (workers=%s)",
        APP_VERSION,
        host,
        port,
        workers,
    )
    try:
        app.run(host=host, port=port, debug=debug, use_reloader=False, threaded=True)
    finally:
        if workers:
            stop_background_workers(timeout=app_state.WORKER_SHUTDOWN_TIMEOUT)
        if previous_sigterm is not None:
            signal.signal(signal.SIGTERM, previous_sigterm)
        log.info("nova stopped")


def main() -> None:
    sys.exit(cli_main())
