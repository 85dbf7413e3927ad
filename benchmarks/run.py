"""Benchmark `nova-refactor analyze` against radon and lizard on a real corpus (Django 5.2).

Usage: python benchmarks/run.py [--corpus django] [--repeat N] [--keep] [--strict]
(what is measured and how: benchmarks/README.md)
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
CORPUS_DIR = HERE / ".corpus"
WORK_DIR = HERE / ".work"
RESULTS = HERE / "results" / "latest.json"
CORPORA = {"django": ("django", "5.2", "django")}  # name: (PyPI project, version, package dir)
INSTALL_HINT = "install the benchmark extras: pip install -e '.[bench]'"
BASELINE = "radon cc"
TARGETS = (("cold analyze", 0.5), ("warm analyze", 0.1))
RSS_LIMIT_MB = 200.0


class Sample(NamedTuple):
    seconds: float
    rss_kib: int
    cpu_seconds: float
    code: int
    stderr: str


@dataclass
class Tool:
    name: str
    argv: list[str]
    ok_codes: tuple[int, ...] = (0,)
    fresh_cache: bool = False  # a new empty NOVA_REFACTOR_CACHE_DIR for every run
    samples: list[Sample] = field(default_factory=list)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="django")
    parser.add_argument("--repeat", type=int, default=3, help="runs per tool (default 3)")
    parser.add_argument("--keep", action="store_true", help="keep benchmarks/.work/ (caches, JSON)")
    parser.add_argument("--strict", action="store_true", help="exit 1 if any target fails")
    parser.add_argument("--no-check", action="store_true",
                        help="skip the exactness check against radon (about 15 CPU s)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def tree_comparison(description: str, repeat: int, min_trees: int
                    ) -> tuple[argparse.Namespace, str, dict[str, str]]:
    """The command line the A/B scripts share (trees, the first one the base; --repeat; --rust
    DIR instead of Django), the folder they analyse and the environment they run in."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("trees", type=Path, nargs="+", help="the first one is the base")
    parser.add_argument("--repeat", type=int, default=repeat)
    parser.add_argument("--rust", type=Path, help="a Rust folder to analyse instead of Django")
    args = parser.parse_args()
    # results are keyed by folder name
    if len(args.trees) < min_trees or len({tree.name for tree in args.trees}) < len(args.trees):
        parser.error(f"give at least {min_trees} tree(s), with different folder names")
    if args.rust is not None:
        target = str(args.rust.resolve())
    else:
        project, version, package = CORPORA["django"]
        target = str(unpack(fetch_sdist(project, version)) / package)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return args, target, env


def fetch_sdist(project: str, version: str) -> Path:
    """The project's sdist in .corpus/, downloaded with pip only if none is there yet."""
    prefix = f"{project}-{version}.".lower()

    def found() -> list[Path]:  # newest version last
        hits = [p for p in CORPUS_DIR.glob("*.tar.gz") if p.name.lower().startswith(prefix)]
        return sorted(hits, key=lambda p: [int(n) for n in re.findall(r"\d+", p.name)])

    if not found():
        CORPUS_DIR.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
               f"{project}=={version}.*", "-d", str(CORPUS_DIR)]
        print("fetching corpus:", " ".join(cmd), flush=True)
        subprocess.run(cmd, check=True)
    if not (hits := found()):
        sys.exit(f"error: pip left no {prefix}*.tar.gz in {CORPUS_DIR}")
    return hits[-1]


def unpack(sdist: Path) -> Path:
    """Extract the sdist once (safe `data` filter) and return its top-level folder."""
    with tarfile.open(sdist) as tar:
        top = tar.getnames()[0].split("/")[0]
        target = CORPUS_DIR / top
        if target.is_dir():
            return target
        staging = Path(tempfile.mkdtemp(dir=CORPUS_DIR, prefix=".unpack-"))
        print(f"unpacking {sdist.name}", flush=True)
        tar.extractall(staging, filter="data")
    (staging / top).rename(target)  # atomic: a half-extracted tree is never reused
    shutil.rmtree(staging)
    return target


def find_command(script: str, module: str) -> list[str] | None:
    """The console script next to sys.executable, else `python -m module`, else None."""
    candidate = Path(sys.executable).parent / script
    if candidate.is_file() and os.access(candidate, os.X_OK):
        return [str(candidate)]
    if importlib.util.find_spec(module) is not None:
        return [sys.executable, "-m", module]
    return None


def resolve_commands() -> dict[str, list[str]]:
    wanted = {"nova-refactor": "nova_refactor", "radon": "radon", "lizard": "lizard"}
    found = {script: find_command(script, module) for script, module in wanted.items()}
    missing = sorted(name for name, cmd in found.items() if cmd is None)
    if missing:
        print(f"error: {', '.join(missing)} not found for {sys.executable}; {INSTALL_HINT}",
              file=sys.stderr)
        sys.exit(2)
    return {name: cmd for name, cmd in found.items() if cmd is not None}


def build_tools(cmds: dict[str, list[str]], target: str) -> list[Tool]:
    nova = [*cmds["nova-refactor"], "analyze", target, "--format", "json", "-o", os.devnull]
    return [
        Tool("cold analyze", [*nova, "--no-cache"], fresh_cache=True),
        Tool("warm analyze", nova),
        Tool(BASELINE, [*cmds["radon"], "cc", target]),
        Tool("radon raw", [*cmds["radon"], "raw", target]),
        Tool("radon mi", [*cmds["radon"], "mi", target]),
        Tool("lizard", [*cmds["lizard"], "-l", "python", target], ok_codes=(0, 1)),  # 1: warnings
    ]


# os.wait4 in the runner itself would be wrong: a child's ru_maxrss starts at the RSS of the
# process that spawned it (Linux records the old mm's high-water mark at exec). So a tiny
# `python -I -S` wrapper forks the tool, wait4s it and reports (wall s, peak KiB, CPU s, exit).
WRAPPER = """
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, status, use = os.wait4(pid, 0)
elapsed = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    out.write(f"{elapsed} {use.ru_maxrss} {use.ru_utime + use.ru_stime} "
              f"{os.waitstatus_to_exitcode(status)}")
"""


def measure(argv: list[str], env: dict[str, str]) -> Sample:
    """One run of argv, stdout discarded, timed and sized by the wrapper."""
    with tempfile.TemporaryDirectory() as tmp:
        report, errors = Path(tmp, "usage"), Path(tmp, "stderr")
        with errors.open("wb") as err:
            subprocess.run([sys.executable, "-I", "-S", "-c", WRAPPER, str(report), *argv],
                           stdout=subprocess.DEVNULL, stderr=err, env=env, check=True)
        seconds, rss, cpu, code = report.read_text().split()
        return Sample(float(seconds), int(rss), float(cpu), int(code),
                      errors.read_text(errors="replace").strip()[-300:])


def run_once(tool: Tool, work: Path, base_env: dict[str, str]) -> None:
    env = dict(base_env)
    if tool.fresh_cache:
        env["NOVA_REFACTOR_CACHE_DIR"] = tempfile.mkdtemp(dir=work, prefix="cold-cache-")
    tool.samples.append(measure(tool.argv, env))


def analyse_once(nova: list[str], target: str, out: Path, env: dict[str, str], *extra: str) -> dict:
    """One unmeasured `analyze --format json` run; its JSON document."""
    argv = [*nova, "analyze", target, "--format", "json", "-o", str(out), *extra]
    proc = subprocess.run(argv, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"error: {' '.join(argv)} exited {proc.returncode}:\n{proc.stderr[-2000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def corpus_facts(document: dict) -> dict:
    summary = document.get("summary", {})
    kinds = Counter(f"{diag.get('severity', '?')}: {diag.get('message', '?')}"
                    for diag in document.get("diagnostics", []))
    return {"files": summary.get("files"), "lines": summary.get("lines", {}).get("physical"),
            "diagnostics": summary.get("diagnostics"), "diagnostic_kinds": dict(kinds)}


def prepare(nova: list[str], target: str, work: Path, env: dict[str, str]) -> dict:
    """Fill the warm cache and read the corpus facts; also warms the OS page cache."""
    filled = analyse_once(nova, target, work / "filled.json", env)
    document = analyse_once(nova, target, work / "analysis.json", env, "--no-cache")
    facts = corpus_facts(document)
    facts["warm_cache_matches_no_cache"] = filled.get("summary") == document.get("summary")
    return facts


def median_seconds(tool: Tool) -> float:
    return statistics.median(sample.seconds for sample in tool.samples)


def median_cpu(tool: Tool) -> float:
    return statistics.median(sample.cpu_seconds for sample in tool.samples)


def tool_row(tool: Tool, baseline: float, baseline_cpu: float) -> dict:
    median = median_seconds(tool)
    return {"tool": tool.name, "argv": tool.argv, "median_s": round(median, 3),
            "runs_s": [round(sample.seconds, 3) for sample in tool.samples],
            "median_cpu_s": round(median_cpu(tool), 3),
            # CPU time is what contention on a shared machine distorts least
            "cpu_ratio_vs_radon_cc": round(median_cpu(tool) / baseline_cpu, 3),
            "peak_rss_mb": round(max(sample.rss_kib for sample in tool.samples) / 1024, 1),
            "ratio_vs_radon_cc": round(median / baseline, 3),
            "errors": [f"exit {sample.code}: {sample.stderr}" for sample in tool.samples
                       if sample.code not in tool.ok_codes]}


def evaluate(rows: dict[str, dict]) -> list[dict]:
    checks = [{"target": f"{name} <= {limit}x {BASELINE} wall time",
               "value": rows[name]["ratio_vs_radon_cc"], "limit": limit}
              for name, limit in TARGETS]
    rss = max(rows[name]["peak_rss_mb"] for name, _ in TARGETS)
    checks.append({"target": f"nova-refactor peak RSS <= {RSS_LIMIT_MB:g} MB",
                   "value": rss, "limit": RSS_LIMIT_MB})
    for check in checks:
        check["passed"] = check["value"] <= check["limit"]
    return checks


def print_report(rows: dict[str, dict], checks: list[dict], facts: dict, machine: dict) -> None:
    print(f"\ncorpus: {facts['corpus']} ({facts['files']} files, {facts['lines']} physical lines)")
    print(f"machine: {machine['cpu_count']} CPUs, Python {machine['python']}, 5-min load average "
          f"{machine['loadavg'][1]:.2f}; RSS floor {machine['rss_floor_mb']} MB")
    print(f"\n{'tool':<14} {'median s':>9} {'peak RSS MB':>12} {'vs radon cc':>12} {'CPU s':>7}"
          f" {'CPU vs cc':>10}")
    for row in rows.values():
        print(f"{row['tool']:<14} {row['median_s']:>9.2f} {row['peak_rss_mb']:>12.1f} "
              f"{row['ratio_vs_radon_cc']:>11.2f}x {row['median_cpu_s']:>7.2f}"
              f" {row['cpu_ratio_vs_radon_cc']:>9.2f}x")
        for error in row["errors"]:
            print(f"    ! {error}")
    print("\ntargets:")
    for check in checks:
        print(f"  {'PASS' if check['passed'] else 'FAIL'}  {check['target']}"
              f" (measured {check['value']:g})")
    print(f"\nnova-refactor diagnostics: {facts['diagnostics']}")
    for kind, count in sorted(facts["diagnostic_kinds"].items(), key=lambda kv: -kv[1])[:5]:
        print(f"  {count:>5}  {kind}")
    if not facts["warm_cache_matches_no_cache"]:
        print("  ! the cache-filling run's summary differs from the --no-cache run's")


def machine_info(cmds: dict[str, list[str]]) -> dict:
    floor = measure([shutil.which("true") or "/bin/true"], dict(os.environ)).rss_kib
    return {"rss_floor_mb": round(floor / 1024, 1),  # what the wrapper adds to any peak
            "loadavg": os.getloadavg(),  # taken at the end: others' work competed if high
            "cpu_count": os.cpu_count(), "usable_cpus": len(os.sched_getaffinity(0)),
            "python": platform.python_version(), "platform": platform.platform(),
            "versions": {name: subprocess.run([*argv, "--version"], capture_output=True,
                                              text=True).stdout.strip()
                         for name, argv in cmds.items()}}


def write_results(payload: dict) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    # Results stay local (README.md carries the figures): the folder ignores itself.
    (RESULTS.parent / ".gitignore").write_text("*\n", encoding="utf-8")
    RESULTS.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"\nresults written to {RESULTS.relative_to(HERE.parent)}")


def benchmark(args: argparse.Namespace, cmds: dict[str, list[str]], work: Path) -> int:
    project, version, package = CORPORA[args.corpus]
    target = str(unpack(fetch_sdist(project, version)) / package)
    env = {**os.environ, "NOVA_REFACTOR_CACHE_DIR": str(work / "warm-cache")}
    # Every tool runs from byte-compiled modules, as installed: pip compiled radon's and
    # lizard's, and with this unset the unmeasured preparing runs write nova-refactor's (an
    # editable install has none), instead of it compiling its sources on every measured run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    print(f"preparing: cache fill + corpus facts on {target}", flush=True)
    facts = prepare(cmds["nova-refactor"], target, work, env)
    tools = build_tools(cmds, target)
    for round_no in range(1, args.repeat + 1):  # round-robin: drift hits every tool alike
        print(f"round {round_no}/{args.repeat}", flush=True)
        for tool in tools:
            run_once(tool, work, env)
    base = next(tool for tool in tools if tool.name == BASELINE)
    rows = {tool.name: tool_row(tool, median_seconds(base), median_cpu(base)) for tool in tools}
    checks, machine = evaluate(rows), machine_info(cmds)
    facts["corpus"] = f"{Path(target).parent.name}/{package}"
    print_report(rows, checks, facts, machine)
    if not args.no_check:  # after the timings, so its CPU use perturbs none of them
        facts["exactness"] = exactness_report(work / "analysis.json", Path(target))
        checks.append({"target": "complexity, MI and line counts equal radon on every file",
                       "value": facts["exactness"]["mismatches"], "limit": 0,
                       "passed": facts["exactness"]["mismatches"] == 0})
    write_results({"date": time.strftime("%Y-%m-%d"), "repeat": args.repeat, "machine": machine,
                   "corpus_facts": facts, "tools": list(rows.values()), "targets": checks})
    return int(args.strict and not all(check["passed"] for check in checks))


def exactness_report(analysis: Path, root: Path) -> dict:
    from exactness import check  # radon in-process; benchmarks/ is on sys.path as the script dir

    print("\nexactness: comparing every file with radon raw, mi and cc ...", flush=True)
    compared, problems = check(json.loads(analysis.read_text(encoding="utf-8")), root)
    print(f"exactness: {compared} files, {len(problems)} mismatches")
    for problem in problems[:20]:
        print(f"  ! {problem}")
    return {"files": compared, "mismatches": len(problems), "first": problems[:20]}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    cmds = resolve_commands()
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=WORK_DIR, prefix="run-"))
    try:
        return benchmark(args, cmds, work)
    finally:
        if args.keep:
            print(f"kept work files in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
