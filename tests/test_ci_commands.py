"""CI runs exactly the README's test command, and its system-deps script is well-formed."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ci_run_is_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    command = next(line for line in readme.splitlines() if line.startswith("bash .ci/system-deps"))
    assert command in (ROOT / ".ci" / "run").read_text().splitlines()


def test_system_deps_script_parses_and_only_installs_missing_packages() -> None:
    script = ROOT / ".ci" / "system-deps"
    assert subprocess.run(["bash", "-n", str(script)], check=False).returncode == 0
    text = script.read_text()
    assert "dpkg -s" in text and "apt-get update" in text
    assert text.index("dpkg -s") < text.index("apt-get update")  # update only when installing
