"""The narrowest `pub` that compiles, with the compiler as the judge.

The moved files keep their visibility as written (`pub(crate)` stays `pub(crate)`, private
stays private). After writing, `cargo check` of the monolith names what it may no longer
reach across the new crate boundary (E0603 private item, E0624 private method, E0616 private
field, E0451 private field in a constructor); only those definitions become `pub`, then the
check runs again, at most three rounds. When the crate did not compile before, nothing can
judge: every restricted item in the moved files becomes `pub`, as without cargo.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nova_refactor.codemods import journal
from nova_refactor.codemods.extract.rust import _public
from nova_refactor.codemods.extract.rust_contracts import ContractChecks
from nova_refactor.codemods.rust import cargo
from nova_refactor.codemods.transaction import Transaction
from nova_refactor.errors import VerificationFailed

PRIVACY = ("E0603", "E0624", "E0616", "E0451")
ROUNDS = 3
_RESTRICTED = re.compile(r"\bpub\((?:crate|super|self|in [^)]*)\)")
_ITEM = re.compile(r"^(\s*)(?=(?:async |unsafe |const )*(?:fn|struct|enum|const|static|type|"
                   r"trait|mod|union)\b|\w+\s*:)")
_FIELD = re.compile(r"field `(\w+)` of (?:struct|union) `(\w+)`")


@dataclass(frozen=True, slots=True)
class Site:
    path: str  # repo-relative, one of the moved files
    line: int


def privacy_sites(stdout: str, base: Path, root: Path, ours: set[str]) -> list[Site]:
    """The definitions in our files the compiler says are private where they are used."""
    found: list[Site] = []
    for body in _privacy_errors(stdout):
        sites = [_site(base, root, s) for s in _definition_spans(body)]
        mine = [s for s in sites if s is not None and s.path in ours]
        found += mine or _field_sites(root, ours, body.get("message", ""))
    return sorted(set(found), key=lambda s: (s.path, s.line))


def _definition_spans(body: dict[str, Any]) -> list[dict[str, object]]:
    """The use site is the error's primary span; the definition is a secondary span of the
    error or (E0603) the primary span of its "defined here" note."""
    return [*(s for s in body.get("spans", []) if not s.get("is_primary")),
            *(s for child in body.get("children", []) for s in child.get("spans", []))]


def _privacy_errors(stdout: str) -> list[dict[str, Any]]:
    return [body for body in cargo.compiler_messages(stdout)
            if (body.get("code") or {}).get("code") in PRIVACY]


def _site(base: Path, root: Path, span: dict[str, object]) -> Site | None:
    file = (base / str(span.get("file_name", ""))).resolve()
    if not file.is_relative_to(root.resolve()):
        return None
    return Site(file.relative_to(root.resolve()).as_posix(), int(str(span.get("line_start"))))


def _field_sites(root: Path, ours: set[str], message: str) -> list[Site]:
    """E0616 points at the use only: the field is found in its struct among our files."""
    match = _FIELD.search(message)
    if match is None:
        return []
    field, struct = match.groups()
    for path in sorted(p for p in ours if (root / p).is_file()):
        line = _field_line((root / path).read_text(encoding="utf-8").splitlines(), field,
                           struct)
        if line:
            return [Site(path, line)]
    return []


def _field_line(lines: list[str], field: str, struct: str) -> int:
    """The 1-based line declaring `field` after `struct <struct>`, 0 when none."""
    start = next((n for n, line in enumerate(lines) if re.search(rf"\bstruct {struct}\b",
                                                                  line)), None)
    if start is None:
        return 0
    declared = re.compile(rf"\s*(?:pub(?:\([^)]*\))?\s+)?{field}\s*:")
    return next((n + 1 for n in range(start, len(lines)) if declared.match(lines[n])), 0)


def widen_line(line: str) -> str:
    """`pub(crate) fn x` -> `pub fn x`; a private item or field gets `pub `."""
    if _RESTRICTED.search(line):
        return _RESTRICTED.sub("pub", line, count=1)
    if re.match(r"\s*pub\b", line):
        return line
    return _ITEM.sub(lambda m: f"{m.group(1)}pub ", line, count=1)


def check_json(folder: Path) -> tuple[cargo.CheckRun, str, Path]:
    """cargo.check, with its raw JSON messages kept: the privacy errors' secondary spans
    (where the item is defined) are not in its diagnostics."""
    binary = shutil.which("cargo")
    if binary is None:
        return cargo.not_run("cargo not found"), "", folder
    command = [binary, "check", "--message-format=json"]
    if cargo.registry_is_local(folder):
        command.append("--offline")
    done = subprocess.run(command, cwd=folder, env={**os.environ, "CARGO_TERM_COLOR": "never"},
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False,
                          timeout=cargo.TIMEOUT)
    base = cargo.workspace_root(binary, folder)
    diagnostics = tuple(cargo.parse_messages(done.stdout, base))
    if done.returncode == 0:
        return cargo.CheckRun(True, "", diagnostics), done.stdout, base
    why = cargo.first_error(diagnostics, done.stderr, folder, done.returncode)
    return cargo.CheckRun(False, why, diagnostics), done.stdout, base


class Widening:
    """The moved files' visibility once written: what the compiler asks for becomes `pub`
    (`narrowest`), or, when nothing can judge, every restricted item (`publish_all`). Every
    rewrite goes through the transaction's journal."""

    def __init__(self, root: Path, moved: set[str], checked: str = ".") -> None:
        # `checked`: where cargo runs. In a virtual workspace that is the member, not the root,
        # which would build every member (some may not build here at all).
        self.root, self.moved, self.checked = root, moved, checked

    def narrowest(self, written: Transaction | None) -> str:
        widened: list[Site] = []
        for _ in range(ROUNDS):
            run, stdout, base = check_json(self.root / self.checked)
            if run.passed:
                break
            sites = [s for s in privacy_sites(stdout, base, self.root, self.moved)
                     if s not in widened]
            if not sites:
                raise VerificationFailed(f"cargo check: compiled: no (rolled back): {run.why}")
            self._rewrite(written, sites)
            widened += sites
        else:
            run = cargo.check(self.root / self.checked)
            if not run.passed:
                raise VerificationFailed(f"cargo check: compiled: no after {ROUNDS} rounds of "
                                         f"widening (rolled back): {run.why}")
        shown = ", ".join(f"{s.path}:{s.line}" for s in widened) or "none needed"
        return (f"visibility: {len(widened)} item(s) widened to pub where cargo check said they "
                f"are private across the crate boundary ({shown}); the rest kept as written")

    def publish_all(self, written: Transaction | None) -> str:
        new = {}
        for path in sorted(self.moved):
            text = (self.root / path).read_text(encoding="utf-8")
            if _public(text) != text:
                new[path] = _public(text).encode("utf-8")
        self._journalled(written, new)
        return (f"visibility: pub(crate)/pub(super) made pub in {len(new)} moved file(s), "
                "unchecked (the crate did not compile before)")

    def _rewrite(self, written: Transaction | None, sites: list[Site]) -> None:
        new = {}
        for path in sorted({s.path for s in sites}):
            lines = (self.root / path).read_text(encoding="utf-8").splitlines(keepends=True)
            for site in sites:
                if site.path == path and 0 < site.line <= len(lines):
                    lines[site.line - 1] = widen_line(lines[site.line - 1])
            new[path] = "".join(lines).encode("utf-8")
        self._journalled(written, new)

    def _journalled(self, written: Transaction | None, files: dict[str, bytes]) -> None:
        """Each rewrite goes through the transaction's journal: `undo` and a rollback see it."""
        assert written is not None and written.entry is not None, "inside the transaction"
        for path, data in files.items():
            journal.replace_file(self.root, written.entry, path, data)
        if files:
            written.entry = journal.rewritten(self.root, written.entry, files)


class ServiceChecks:
    """extract-service's checks: the monolith compiles before; after writing it compiles
    again (what it reaches of the moved code widened as the compiler says), and so does the
    new crate, lib and binary; the contracts keep holding. A failure rolls everything back."""

    def __init__(self, root: Path, folder: str, moving: tuple[tuple[str, str], ...],
                 contracts: str, member: str = ".") -> None:
        # `member`: the monolith, relative to `root` (a virtual workspace's member: cargo runs
        # there, not at the root, which would build every member)
        self.root, self.folder, self.member = root, folder, member
        self.widening = Widening(root, {new for _, new in moving}, member)
        self.contracts = ContractChecks(root, contracts, moving)
        self.before_run = cargo.not_run("not run yet")

    def before(self) -> None:
        self.before_run = cargo.check(self.root / self.member)
        self.contracts.before()

    def after(self, written: Transaction | None = None) -> tuple[str, ...]:
        if not self.before_run.passed:
            why = self.before_run.why or "the crate did not compile before"
            return (f"not verifiable: {why}", self.widening.publish_all(written),
                    self.contracts.after())
        visibility = self.widening.narrowest(written)
        run = cargo.check(self.root / self.folder)
        if not run.passed:
            raise VerificationFailed(f"cargo check {self.folder}: compiled: no (rolled back): "
                                     f"{run.why}")
        self._lock_rewritten(written)
        return (f"compiled: yes (cargo check of the monolith and of {self.folder})", visibility,
                self.contracts.after())

    def _lock_rewritten(self, written: Transaction | None) -> None:
        """cargo added the new member to Cargo.lock: taken as the entry's own write, so `undo`
        puts the original lock back."""
        entry = written.entry if written is not None else None
        lock = self.root / "Cargo.lock"
        if written is not None and entry is not None and "Cargo.lock" in entry.written \
                and lock.is_file():
            written.entry = journal.rewritten(self.root, entry, {"Cargo.lock": lock.read_bytes()})
