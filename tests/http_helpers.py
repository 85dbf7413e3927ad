"""Built server binaries over real HTTP, for the extract tests: start one on a free port, send
requests, stop it. A request's answer is (status, body); headers are the caller's business."""

from __future__ import annotations

import http.client
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(binary: Path, address_variable: str, env: dict[str, str]) -> Iterator[int]:
    """The binary listening on a free port (its address in `address_variable`); stopped after."""
    port = free_port()
    child = subprocess.Popen([str(binary)], env={**env, address_variable: f"127.0.0.1:{port}"},
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    try:
        _wait(child, port)
        yield port
    finally:
        child.kill()
        child.wait(timeout=10)
        if child.stderr is not None:
            child.stderr.close()


def _wait(child: subprocess.Popen[bytes], port: int) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if child.poll() is not None:
            error = child.stderr.read().decode() if child.stderr is not None else ""
            raise AssertionError(f"exited with {child.returncode} before listening: {error}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"not listening on {port} after 20 s")


def answer(port: int, method: str, path: str, body: str = "",
           headers: dict[str, str] | None = None) -> tuple[int, str, dict[str, str]]:
    """(status, body, lower-cased headers) of one request."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    sent = {"content-type": "application/json", **(headers or {})} if body else headers or {}
    connection.request(method, path, body=body or None, headers=sent)
    response = connection.getresponse()
    got = response.read().decode()
    found = {k.lower(): v for k, v in response.getheaders()}
    connection.close()
    return response.status, got, found


def built_binaries(workspace: Path, packages: list[str], into: Path,
                   env: dict[str, str]) -> dict[str, Path]:
    """Each package's binary (named as the package), built in the shared target dir and copied
    to `into` at once: other runs of the suite build packages of the same name there (the
    examples' `users-service`), and cargo does not copy a fresh binary again, so each
    package's `src/main.rs` is touched first to relink it from this workspace's sources."""
    for package in packages:
        main = _package_main(workspace, package)
        main.touch()
    command = ["cargo", "build", "--offline", "--quiet", "--bins"]
    for package in packages:
        command += ["-p", package]
    subprocess.run(command, cwd=workspace, env=env, check=True, capture_output=True)
    target = Path(env["CARGO_TARGET_DIR"]) / "debug"
    into.mkdir(parents=True, exist_ok=True)
    copied = {}
    for package in packages:
        copied[package] = into / package
        copied[package].write_bytes((target / package).read_bytes())
        copied[package].chmod(0o755)
    return copied


def _package_main(workspace: Path, package: str) -> Path:
    for manifest in [workspace / "Cargo.toml", *workspace.glob("services/*/Cargo.toml")]:
        if f'name = "{package}"' in manifest.read_text():
            return manifest.parent / "src" / "main.rs"
    raise AssertionError(f"no package {package} in {workspace}")
