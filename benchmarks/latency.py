"""Request latency of a bundled example before and after `apply lock-to-actor`, in one run.

    python benchmarks/latency.py                       # rust_monolith, StreamService.state
    python benchmarks/latency.py --example rust_axum   # AppState.feeds
    python benchmarks/latency.py --clients 32 --requests 8000 --release

Both versions are copied from `examples/<name>` into a work folder; the second one gets the
codemod (planned and written through the same functions `apply` uses, then compiled). Each is
built with cargo (the test suite's shared target dir unless CARGO_TARGET_DIR is set), started on
loopback, driven by N client threads (each with its own keep-alive connection) for a fixed
number of requests on the routes that went through the lock, then stopped. The loop is bounded:
every client sends its share and stops. Prints p50/p95/p99 per route and the throughput, the
lock and the actor side by side (the refactor plan's success table).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nova_refactor import api  # noqa: E402

TARGET = Path(os.environ.get("CARGO_TARGET_DIR") or
              Path(tempfile.gettempdir()) / "nova-refactor-cargo-target")


@dataclass(frozen=True)
class Scenario:
    owner: str
    binary: str
    addr_env: str
    env: dict[str, str]
    # (label, method, path, body): the routes that took the lock, sent in turn
    routes: tuple[tuple[str, str, str, str], ...]


SCENARIOS = {
    "rust_monolith": Scenario(
        "StreamService.state", "user-service", "USER_SERVICE_ADDR",
        {"ADMIN_TOKEN": "secret", "LOG_LEVEL": "error", "STREAM_CAPACITY": "256"},
        (("publish", "POST", "/api/v1/events", '{"kind":"click","payload":"p"}'),
         ("since", "GET", "/api/v1/events/since/0", ""))),
    "rust_axum": Scenario(
        "AppState.feeds", "feed-service", "FEED_SERVICE_ADDR",
        {"ADMIN_TOKEN": "secret", "LOG_LEVEL": "error", "RATE_LIMIT_PER_MINUTE": "1000000000"},
        (("feed", "GET", "/api/v1/users/{n}/feed", ""),
         ("follow", "POST", "/api/v1/users/{m}/follows", '{"follower":{n}}'),
         ("followers", "GET", "/api/v1/users/{m}/followers", ""))),
}


def prepare(example: str, work: Path, convert: bool) -> Path:
    crate = work / ("actor" if convert else "lock")
    shutil.copytree(ROOT / "examples" / example, crate, ignore=shutil.ignore_patterns("target"))
    if convert:
        proposal = api.apply("lock-to-actor", crate, lock=SCENARIOS[example].owner)
        if proposal.refused:
            raise SystemExit("\n".join(s.render() for s in proposal.refused))
        api.write(proposal, compile=False)  # the build below compiles it
    return crate


def build(crate: Path, binary: str, release: bool, out: Path) -> Path:
    command = ["cargo", "build", "--quiet", "--bin", binary] + (["--release"] if release else [])
    env = {**os.environ, "CARGO_TARGET_DIR": str(TARGET)}
    done = subprocess.run(command, cwd=crate, env=env, capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise SystemExit(f"{crate}: cargo build failed: {done.stderr[-2000:]}")
    built = TARGET / ("release" if release else "debug") / binary
    shutil.copy2(built, out)  # the next build of the same package overwrites it
    return out


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def call(conn: http.client.HTTPConnection, method: str, path: str, body: str = "",
         headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    head = {"content-type": "application/json", **(headers or {})}
    conn.request(method, path, body=body.encode() if body else None, headers=head)
    reply = conn.getresponse()
    return reply.status, reply.read()


def wait_ready(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the service exited with {process.returncode} before serving")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            if call(conn, "GET", "/health")[0] == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"no answer on 127.0.0.1:{port} within {seconds:.0f} s")


def session(port: int, example: str) -> dict[str, str]:
    """What each request needs: the monolith's publish wants a logged-in user."""
    if example != "rust_monolith":
        return {}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    call(conn, "POST", "/api/v1/users", '{"name":"Ann","email":"ann@example.com"}')
    status, body = call(conn, "POST", "/api/v1/sessions", '{"user_id":1}')
    if status != 200:
        raise SystemExit(f"login failed: {status} {body[:200]!r}")
    return {"authorization": "Bearer " + json.loads(body)["token"]}


def client(port: int, scenario: Scenario, headers: dict[str, str], count: int, first: int,
           samples: dict[str, list[float]], errors: list[str]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for i in range(first, first + count):  # bounded: this client's share, then it stops
        label, method, path, body = scenario.routes[i % len(scenario.routes)]
        n, m = str(i % 97 + 1), str(i % 13 + 1000)
        path, body = path.replace("{n}", n).replace("{m}", m), body.replace("{n}", n)
        start = time.perf_counter()
        status, _ = call(conn, method, path, body, headers)
        samples[label].append(time.perf_counter() - start)
        if status >= 400:
            errors.append(f"{method} {path}: {status}")


def drive(port: int, scenario: Scenario, headers: dict[str, str], clients: int,
          requests: int) -> tuple[dict[str, list[float]], float, list[str]]:
    samples: dict[str, list[float]] = {label: [] for label, *_ in scenario.routes}
    errors: list[str] = []
    share = requests // clients
    threads = [threading.Thread(target=client, args=(port, scenario, headers, share, c * share,
                                                     samples, errors)) for c in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, time.perf_counter() - start, errors


def measure(binary: Path, example: str, clients: int, requests: int, warmup: int
            ) -> tuple[dict[str, list[float]], float, list[str]]:
    scenario = SCENARIOS[example]
    port = free_port()
    env = {**os.environ, **scenario.env, scenario.addr_env: f"127.0.0.1:{port}"}
    process = subprocess.Popen([str(binary)], env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(port, process)
        headers = session(port, example)
        drive(port, scenario, headers, clients, warmup)
        return drive(port, scenario, headers, clients, requests)
    finally:
        process.terminate()
        process.wait(timeout=30)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def table(results: dict[str, tuple[dict[str, list[float]], float, list[str]]]) -> str:
    rows = ["| version | route | requests | p50 ms | p95 ms | p99 ms | req/s (all routes) |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    for version, (samples, elapsed, _) in results.items():
        total = sum(len(v) for v in samples.values())
        for label, values in samples.items():
            rows.append(f"| {version} | {label} | {len(values)} | {percentile(values, .5):.2f} "
                        f"| {percentile(values, .95):.2f} | {percentile(values, .99):.2f} "
                        f"| {total / elapsed:,.0f} |")
    return "\n".join(rows)


def rounds(binaries: dict[str, Path], args: argparse.Namespace
           ) -> dict[str, tuple[dict[str, list[float]], float, list[str]]]:
    """Each version measured `--rounds` times, alternately (lock, actor, actor, lock, ...) so
    that a noisy neighbour on a shared machine does not land on one version only; samples
    and elapsed times are pooled."""
    pooled: dict[str, tuple[dict[str, list[float]], float, list[str]]] = {}
    order = list(binaries)
    for turn in range(args.rounds):
        for version in (order if turn % 2 == 0 else order[::-1]):
            samples, elapsed, errors = measure(binaries[version], args.example, args.clients,
                                               args.requests, args.warmup)
            old = pooled.get(version, ({k: [] for k in samples}, 0.0, []))
            pooled[version] = ({k: old[0][k] + v for k, v in samples.items()},
                               old[1] + elapsed, old[2] + errors)
    return {version: pooled[version] for version in order}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--example", choices=sorted(SCENARIOS), default="rust_monolith")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--warmup", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3, help="alternate runs per version")
    parser.add_argument("--release", action="store_true", help="build with --release")
    args = parser.parse_args(argv)
    scenario = SCENARIOS[args.example]
    with tempfile.TemporaryDirectory(prefix="nova-latency-") as folder:
        work = Path(folder)
        binaries = {}
        for version, convert in (("lock", False), ("actor", True)):
            crate = prepare(args.example, work, convert)
            binaries[version] = build(crate, scenario.binary, args.release,
                                      work / f"{scenario.binary}-{version}")
        results = rounds(binaries, args)
    profile = "release" if args.release else "dev (debug assertions, opt-level 0)"
    print(f"{args.example}: {scenario.owner}, {args.clients} clients, {args.rounds} x "
          f"{args.requests} requests per version, {profile} build, {os.cpu_count()} CPUs")
    print(table(results))
    failed = {v: r[2] for v, r in results.items() if r[2]}
    for version, errors in failed.items():
        print(f"{version}: {len(errors)} error replies, e.g. {errors[0]}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
