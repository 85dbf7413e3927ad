"""The one shell of every HTML page we write (`report`, `graph`/`boundaries -f html`): one file,
inline CSS, no scripts, no network."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

CSS = """
:root { color-scheme: light; --ink: #1f2328; --ok: #2f9e44; --bad: #e03131; --muted: #636c76;
        --line: #dee2e6; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0;
       color: var(--ink); background: var(--bg); }
header { background: #1b2a41; color: #fff; padding: 20px 32px; }
header h1 { margin: 0; font-size: 22px; }
header p { margin: 4px 0 0; color: #ced4da; }
nav { padding: 8px 32px; background: #fff; border-bottom: 1px solid var(--line); position: sticky;
      top: 0; font-size: 13px; z-index: 1; display: flex; flex-wrap: wrap; gap: 2px 16px; }
nav a { color: #1c7ed6; text-decoration: none; white-space: nowrap; }
main { max-width: 1180px; margin: 0 auto; padding: 8px 32px 48px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; margin: 18px 0;
          padding: 16px 20px; }
section h2 { margin: 0 0 12px; font-size: 17px; }
h3 { font-size: 14px; margin: 14px 0 6px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px;
        border-left: 5px solid #adb5bd; }
.card.ok { border-left-color: var(--ok); } .card.bad { border-left-color: var(--bad); }
.card .value { font-size: 24px; font-weight: 600; }
.card .label, .card .hint { color: var(--muted); font-size: 12px; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line);
         vertical-align: top; overflow-wrap: anywhere; }
th { background: #f3f4f6; font-weight: 600; white-space: nowrap; overflow-wrap: normal; }
.scroll th { position: sticky; top: 0; }
svg { max-width: 100%; height: auto; display: block; margin: 4px 0 10px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; }
small, .note { color: var(--muted); font-size: 12px; }
.badge { display: inline-block; padding: 0 7px; border-radius: 9px; font-size: 11px;
         background: var(--line); }
.badge.bad { background: #ffe3e3; color: var(--bad); }
.badge.warn { background: #fff3bf; color: #8a5a00; }
.badge.ok { background: #d3f9d8; color: var(--ok); }
.badge.big { font-size: 15px; font-weight: 600; padding: 2px 12px; margin-right: 8px; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 12px; }
.scroll { max-height: 480px; overflow: auto; }
details summary { cursor: pointer; font-weight: 600; margin: 8px 0; }
.notes li { color: #8a5a00; }
.dot, .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 50%;
                margin-right: 6px; vertical-align: -1px; }
.tag { white-space: nowrap; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 6px 18px; padding: 0;
          margin: 4px 0 8px; }
.legend .line { display: inline-block; width: 22px; border-top: 2px dashed #d1242f;
                margin-right: 6px; vertical-align: 3px; }
.legend:has(+ svg[aria-label="service map"]) .line { border-top: 3px solid #e8a0a4; }
svg.graph { width: 100%; max-height: 820px; border: 1px solid var(--line); border-radius: 6px;
            background: #fcfcfd; }
.edge { stroke: #8a8f98; stroke-opacity: .35; }
.edge.cross { stroke: #d1242f; stroke-opacity: .85; stroke-dasharray: 6 4; }
.link { stroke: #8a8f98; stroke-opacity: .45; stroke-linecap: round; }
.link.cross { stroke: #d1242f; stroke-opacity: .4; }
.halo { fill-opacity: .07; stroke-opacity: .35; }
.node circle { stroke: #fff; stroke-width: 1.5; }
.node text { text-anchor: middle; fill: #30363d; paint-order: stroke; stroke: #fff; }
text.group { font-weight: 650; text-anchor: middle; paint-order: stroke; stroke: #fff; }
"""


@dataclass(frozen=True, slots=True)
class Section:
    anchor: str
    title: str
    body: str  # trusted HTML built by this package, every user string escaped


def page(title: str, subtitle: str, sections: Sequence[Section]) -> str:
    nav = "".join(f'<a href="#{s.anchor}">{escape(s.title)}</a>' for s in sections)
    body = "".join(
        f'<section id="{s.anchor}"><h2>{escape(s.title)}</h2>{s.body}</section>' for s in sections
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        f"<header><h1>{escape(title)}</h1><p>{escape(subtitle)}</p></header>"
        f"<nav>{nav}</nav><main>{body}</main></body></html>\n"
    )


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], numeric: Sequence[int] = (),
          scroll: bool = False) -> str:
    """A table; cells are escaped unless they are `Raw` (our own markup, e.g. a badge)."""
    head = "".join(
        f'<th class="num">{escape(h)}</th>' if i in numeric else f"<th>{escape(h)}</th>"
        for i, h in enumerate(headers)
    )
    lines = []
    for row in rows:
        cells = "".join(
            f'<td class="num">{_cell(c)}</td>' if i in numeric else f"<td>{_cell(c)}</td>"
            for i, c in enumerate(row)
        )
        lines.append(f"<tr>{cells}</tr>")
    html = f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(lines)}</tbody></table>"
    return f'<div class="scroll">{html}</div>' if scroll else html


class Raw(str):
    """Markup we built ourselves; `table` inserts it as is."""


def badge(label: str, kind: str = "") -> Raw:
    return Raw(f'<span class="badge {kind}">{escape(label)}</span>')


def dot(name: str, colour: str) -> Raw:
    """A service's name after a disc of its colour in the graph."""
    return Raw(f'<span class="tag"><span class="dot" style="background:{escape(colour)}"></span>'
               f"{escape(name)}</span>")


def codes(items: Iterable[str]) -> Raw:
    return Raw("<br>".join(f"<code>{escape(i)}</code>" for i in items) or "–")


def card(label: str, value: str, hint: str, state: str, tip: str = "") -> str:
    title = f' title="{escape(tip)}"' if tip else ""
    return (
        f'<div class="card {state}"{title}><div class="label">{escape(label)}</div>'
        f'<div class="value">{escape(value)}</div><div class="hint">{escape(hint)}</div></div>'
    )


def _cell(value: object) -> str:
    return value if isinstance(value, Raw) else escape(str(value))
