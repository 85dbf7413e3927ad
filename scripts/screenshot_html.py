"""Render an HTML report in real headless Chromium and save a screenshot.

    python scripts/screenshot_html.py REPORT.html SHOT.png [--width 1400 --height 1800]

Exit 0 when Chromium produced a non-empty PNG; 2 when Chromium is not installed. Network and
background services are off, and every run gets a fresh profile directory.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--hide-scrollbars", "--disable-extensions",
)


def chromium() -> str | None:
    return next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)


def screenshot(page: Path, shot: Path, width: int = 1400, height: int = 1800) -> bool:
    binary = chromium()
    if binary is None:
        return False
    with tempfile.TemporaryDirectory(prefix="nova-chromium-") as profile:
        command = [binary, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={shot}",
                   f"--window-size={width},{height}", page.resolve().as_uri()]
        subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, timeout=120,
                       check=False)
    return shot.exists() and shot.stat().st_size > 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("shot", type=Path)
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=1800)
    args = parser.parse_args()
    if chromium() is None:
        print("chromium is not installed (Debian: apt-get install chromium)", file=sys.stderr)
        return 2
    if not screenshot(args.page, args.shot, args.width, args.height):
        print(f"chromium did not write {args.shot}", file=sys.stderr)
        return 1
    print(f"wrote {args.shot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
