"""Layout checks of our HTML pages in real headless Chromium (the pages have no scripts: a copy
with this probe appended measures the laid-out boxes and writes the verdicts into the DOM, which
`--dump-dom` then prints). Used by the tests; skips when Chromium is not installed."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from nova_refactor.report.html.page import EXTENSIONS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars")

# Tokens are whitespace-separated words of table cells, split once more after "/", "::", "-" (the
# page offers a break there on purpose), after the "." of a qualified name (not before a file
# extension: `main.py:12` is one token), and in <code> after ".", "(", "," before a name (an
# expression wraps there); a token whose text lies on two lines is broken inside.
PROBE = r"""<script>
(() => {
  const EXTENSIONS = "%EXTENSIONS%";
  const out = {broken: [], hidden: [], overlaps: [], overflow: [], labels: 0};
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const where = node.parentElement;
    if (!where.closest("td, th, .card, li, p") || where.closest("svg")) continue;
    // a hyphen is a break a reader expects; code (an expression) may also wrap after . ( ,
    const re = where.closest("code") ? /[^\s]+?(?:\/|::|-|[.(,](?=\w)|(?=\s)|$)/g
      : new RegExp(String.raw`[^\s]+?(?:\/|::|-|\.(?=[A-Za-z_])(?!(?:${EXTENSIONS})\b)|(?=\s)|$)`,
                   "g");
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
  const meets = (p, q) => Math.min(p.right, q.right) - Math.max(p.left, q.left) > 1 &&
    Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top) > 1;
  const covers = (dot, q) => {  // a disc (from its bounding box) reaching into a label's box
    const cx = (dot.left + dot.right) / 2, cy = (dot.top + dot.bottom) / 2;
    const nx = Math.max(q.left, Math.min(cx, q.right));
    const ny = Math.max(q.top, Math.min(cy, q.bottom));
    return Math.hypot(nx - cx, ny - cy) < dot.width / 2 - 1;
  };
  const named = (e) => (e.closest("g.node")?.querySelector("title")?.textContent || "?")
    .split(" ")[0];
  for (const svg of document.querySelectorAll("svg.graph")) {
    const boxes = [...svg.querySelectorAll("text")]
      .map((t) => [t, t.getBoundingClientRect()]).filter(([, b]) => b.width > 0);
    const dots = [...svg.querySelectorAll("circle:not(.halo)")]
      .map((c) => [c, c.getBoundingClientRect()]);
    out.labels += boxes.length;
    for (let i = 0; i < boxes.length; i++) {
      const [t, p] = boxes[i];
      for (const [u, q] of boxes.slice(i + 1))
        if (meets(p, q)) out.overlaps.push(t.textContent + " / " + u.textContent);
      const own = t.closest("g.node");
      for (const [c, q] of dots)
        if ((!own || c.closest("g.node") !== own) && covers(q, p))
          out.overlaps.push(t.textContent + " on the dot of " + named(c));
    }
  }
  for (const t of document.querySelectorAll("main svg:not(.graph) text")) {  // chart labels
    const b = t.getBoundingClientRect(), room = t.closest("svg").getBoundingClientRect();
    if (b.width > 0 && (b.left < room.left - 1 || b.right > room.right + 1))
      out.overflow.push("chart text cut off: " + t.textContent);
  }
  // Nothing wider than the window, nor than its container unless a box scrolls it sideways.
  const page = document.scrollingElement;
  if (page.scrollWidth > page.clientWidth + 1)
    out.overflow.push("page " + page.scrollWidth + " > " + page.clientWidth);
  const scrolls = (e) => {
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement)
      if (["auto", "scroll"].includes(getComputedStyle(a).overflowX)) return true;
    return false;
  };
  for (const e of document.querySelectorAll("main :is(table, pre, svg, img, td, th)")) {
    if (e.closest("svg") !== e && e.closest("svg")) continue;
    const inTable = e.tagName !== "TABLE" && e.closest("table");
    const room = (inTable ? inTable.parentElement : e.parentElement).getBoundingClientRect();
    const box = e.getBoundingClientRect();
    if (box.right > room.right + 1 && !scrolls(e))
      out.overflow.push(e.tagName + " " + (e.textContent || "").trim().slice(0, 40) + " " +
        Math.round(box.right - room.right) + "px");
  }
  const p = document.createElement("pre"); p.id = "layout-probe";
  p.textContent = JSON.stringify(out); document.body.appendChild(p);
})();
</script>"""


def measure(page: str, width: int = 1280) -> dict:
    """What Chromium laid out at `width` px: broken tokens, boxes hiding rows, graph labels over
    another label or another module's dot, anything wider than the page or its container."""
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory(prefix="nova-layout-") as work:
        probe = Path(work) / "probe.html"
        script = PROBE.replace("%EXTENSIONS%", EXTENSIONS)
        probe.write_text(page.replace("</body>", script + "</body>"))
        done = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={work}/profile",
                               f"--window-size={width},1200", "--dump-dom", probe.as_uri()],
                              capture_output=True, stdin=subprocess.DEVNULL, text=True,
                              timeout=120, check=False)
    text = done.stdout.split('id="layout-probe">', 1)[1].split("</pre>", 1)[0]
    return json.loads(text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
