"""Layout checks of our HTML pages in real headless Chromium (the pages have no scripts: a copy
with this probe appended measures the laid-out boxes and writes the verdicts into the DOM, which
`--dump-dom` then prints). Used by the tests; skips when Chromium is not installed."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars")

# Tokens are whitespace-separated words of table cells, split once more after "/", "::", "-" (the
# page offers a break there on purpose); a token whose text lies on two lines is broken inside.
PROBE = r"""<script>
(() => {
  const out = {broken: [], hidden: [], overlaps: [], labels: 0};
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const where = node.parentElement;
    if (!where.closest("td, th, .card, li, p") || where.closest("svg")) continue;
    const re = /[^\s]+?(?:\/|::|-|(?=\s)|$)/g;  // a hyphen is a break a reader expects
    let m;
    while ((m = re.exec(node.data)) !== null) {
      if (!m[0]) { re.lastIndex++; continue; }
      const r = document.createRange();
      r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
      const drawn = [...r.getClientRects()].filter((b) => b.width > 0);
      const tops = new Set(drawn.map((b) => Math.round(b.top)));
      if (tops.size > 1) out.broken.push(m[0]);
    }
  }
  for (const e of document.querySelectorAll("main *")) {
    if (e.closest("svg")) continue;
    const s = getComputedStyle(e);
    if (["auto", "scroll", "hidden"].includes(s.overflowY) && e.scrollHeight > e.clientHeight + 2)
      out.hidden.push(e.tagName + "." + e.className);
  }
  for (const svg of document.querySelectorAll("svg.graph")) {
    const boxes = [...svg.querySelectorAll("text")]
      .map((t) => [t.textContent, t.getBoundingClientRect()]).filter(([, b]) => b.width > 0);
    out.labels += boxes.length;
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const [a, p] = boxes[i], [b, q] = boxes[j];
      const dx = Math.min(p.right, q.right) - Math.max(p.left, q.left);
      const dy = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
      if (dx > 1 && dy > 1) out.overlaps.push(a + " / " + b);
    }
  }
  const p = document.createElement("pre"); p.id = "layout-probe";
  p.textContent = JSON.stringify(out); document.body.appendChild(p);
})();
</script>"""


def measure(page: str, width: int = 1280) -> dict:
    """What Chromium laid out: broken tokens, boxes hiding rows, overlapping graph labels."""
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory(prefix="nova-layout-") as work:
        probe = Path(work) / "probe.html"
        probe.write_text(page.replace("</body>", PROBE + "</body>"))
        done = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={work}/profile",
                               f"--window-size={width},1200", "--dump-dom", probe.as_uri()],
                              capture_output=True, stdin=subprocess.DEVNULL, text=True,
                              timeout=120, check=False)
    text = done.stdout.split('id="layout-probe">', 1)[1].split("</pre>", 1)[0]
    return json.loads(text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
