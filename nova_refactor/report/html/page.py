"""The one shell of every HTML page we write (`report`, `graph`/`boundaries -f html`): one file,
inline CSS, no scripts, no network.

Escaping is structural (markupsafe): a fragment is `Markup` only when this package built it from
a template (`html(...)`), and everything else — any `str`, wherever it comes from — is escaped
when it is put into a page. A path, a route or a rule name from the analysed repository cannot
become markup by being forgotten at a call site."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

CSS = """
:root { color-scheme: light; --ink: #1f2328; --ok: #2f9e44; --bad: #e03131; --muted: #636c76;
        --line: #dee2e6; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0;
       color: var(--ink); background: var(--bg); }
header { background: #1b2a41; color: #fff; padding: 20px 32px; }
header h1 { margin: 0; font-size: 22px; }
header p { margin: 4px 0 0; color: #ced4da; }
nav { padding: 8px 32px; background: #fff; border-bottom: 1px solid var(--line);
      font-size: 13px; display: flex; flex-wrap: wrap; gap: 2px 16px; }
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
.card .label, .card .hint { color: var(--muted); font-size: 12px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line);
         vertical-align: top; }
th { background: #f3f4f6; font-weight: 600; white-space: nowrap; position: sticky; top: 0; }
.scroll-x { overflow-x: auto; }
@media (min-width: 1180px) { .scroll-x.fits { overflow-x: visible; } }
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
details summary { cursor: pointer; font-weight: 600; margin: 8px 0; }
.notes li { color: #8a5a00; }
.dot, .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 50%;
                margin-right: 6px; vertical-align: -1px; }
.tag, .nowrap { white-space: nowrap; }
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
.node text.start { text-anchor: start; } .node text.end { text-anchor: end; }
text.group { font-weight: 650; text-anchor: middle; paint-order: stroke; stroke: #fff; }
"""


Raw = Markup  # markup this package built; anything else is text and is escaped


def html(template: str, *args: object, **kwargs: object) -> Markup:
    """`template` is our own markup; every argument is escaped unless it is `Markup`."""
    return Markup(template).format(*args, **kwargs)


def join(parts: Iterable[str], separator: str = "") -> Markup:
    """The parts one after the other; text parts are escaped."""
    return Markup(separator).join(parts)


@dataclass(frozen=True, slots=True)
class Section:
    anchor: str  # any text: made into a safe fragment id
    title: str
    body: Markup | str  # a plain str is text and is escaped


def anchor_id(text: str) -> str:
    """A fragment id from any text (an entrypoint's path): letters, digits, `_.-` only."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "section"


def page(title: str, subtitle: str, sections: Sequence[Section]) -> str:
    nav = join(html('<a href="#{}">{}</a>', anchor_id(s.anchor), s.title) for s in sections)
    body = join(html('<section id="{}"><h2>{}</h2>{}</section>', anchor_id(s.anchor), s.title,
                     s.body) for s in sections)
    return str(html(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>{title}</title><style>{css}</style></head><body>"
        "<header><h1>{title}</h1><p>{subtitle}</p></header>"
        "<nav>{nav}</nav><main>{body}</main></body></html>\n",
        title=title, subtitle=subtitle, css=Markup(CSS), nav=nav, body=body))


LONG_TABLE = 25  # rows past which a table folds under a summary that says how many it holds


def breakable(text: str) -> Markup:
    """Text that may wrap after a `/`, `::` or the `.` of a qualified name (path and module
    separators) and at spaces, never inside a name or a `file.py:line`: cells do not use
    `overflow-wrap: anywhere`. A name of up to SHORT characters stays on one line: cut in two,
    `services/` over `users.py` reads worse than a slightly wider column."""
    if len(text) <= SHORT:
        return prose(text)
    marked = _SEPARATOR.sub(r"\1<wbr>", str(escape(text)))
    # Chromium breaks `#[tokio::main]` after the `#`: an attribute is kept on one line
    return _quoted_code(_ATTRIBUTE.sub(
        lambda m: f'<span class="nowrap">{m[0].replace("<wbr>", "")}</span>', marked))


def prose(text: str) -> Markup:
    """Text whose `quoted` names (as reasons and notes write them) show as code, not as
    backticks."""
    return _quoted_code(str(escape(text)))


def _quoted_code(escaped: str) -> Markup:
    return Markup(_BACKTICKS.sub(r"<code>\1</code>", escaped))


_BACKTICKS = re.compile(r"`([^`]+)`")


SHORT = 24
_ATTRIBUTE = re.compile(r"#!?\[[^\]\s]*\]")


# The dot before a file extension is not a separator: `main.py:12` stays whole.
EXTENSIONS = "py|pyi|rs|toml|cfg|ini|txt|md|json|html|js|ts|yml|yaml"
_SEPARATOR = re.compile(rf"(/|::|\.(?=[A-Za-z_])(?!(?:{EXTENSIONS})\b))(?=\S)")


_CODE_BREAK = re.compile(r"([.(,])(?=\w)")


def breakable_code(text: str) -> Markup:
    """An expression (`threading.BoundedSemaphore(CONFIG.max_uploads)`) in <code>, which may
    wrap after `.`, `(` or `,` before a name, never inside one: a long call fits a column."""
    return html("<code>{}</code>", Markup(_CODE_BREAK.sub(r"\1<wbr>", str(escape(text)))))


def _cell(value: object) -> object:
    return breakable(value) if isinstance(value, str) and not isinstance(value, Markup) else value


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], numeric: Sequence[int] = (),
          long: bool = False) -> Markup:
    """A table; cells are escaped unless they are `Markup` (our own, e.g. a badge). Every row is
    in the page (print and screenshots see them all) under a header that stays in view; a `long`
    one with more than `LONG_TABLE` rows folds under a summary with its row count."""
    rows = list(rows)
    head = join(html('<th class="num">{}</th>', h) if i in numeric else html("<th>{}</th>", h)
                for i, h in enumerate(headers))
    lines = join(
        html("<tr>{}</tr>", join(
            html('<td class="num">{}</td>', _cell(c)) if i in numeric
            else html("<td>{}</td>", _cell(c))
            for i, c in enumerate(row)))
        for row in rows)
    fits = " fits" if _narrowest(headers, rows) <= ROOM else ""
    done = html('<div class="scroll-x{}"><table><thead><tr>{}</tr></thead><tbody>{}</tbody>'
                "</table></div>", fits, head, lines)
    if long and len(rows) > LONG_TABLE:
        return html("<details open><summary>{} rows</summary>{}</details>", len(rows), done)
    return done


# A table gets this many pixels in `main` on a wide window (1180 px less padding and border).
ROOM = 1074
CHAR, HEADER_CHAR, PADDING = 7.8, 8.4, 17  # px: a 13 px cell's character, a bold one, a cell's
_TAG = re.compile(r"<[^>]*>")


def _narrowest(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> float:
    """About the least width the table can take: per column, its widest piece of text that
    may not wrap (headers never wrap). A table that fits ROOM keeps its header in view while
    the page scrolls; a wider one, or any table on a narrow window, scrolls sideways in its box
    instead of widening the page (a sticky header would stick to that box, so it does not)."""
    widths = [len(h) * HEADER_CHAR for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            text = (Markup(_TAG.sub(" ", cell)).unescape() if isinstance(cell, Markup)  # <br>
                    else Markup(str(breakable(str(cell))).replace("<wbr>", " ")).unescape())
            widths[i] = max(widths[i], max(map(len, text.split()), default=0) * CHAR)
    return sum(widths) + PADDING * len(widths)


def badge(label: str, kind: str = "") -> Markup:
    return html('<span class="badge {}">{}</span>', kind, label)


def dot(name: str, colour: str) -> Markup:
    """A service's name after a disc of its colour in the graph."""
    return html('<span class="tag"><span class="dot" style="background:{}"></span>{}</span>',
                colour, name)


def codes(items: Iterable[str]) -> Markup:
    return join((html("<code>{}</code>", breakable(i)) for i in items), "<br>") or Markup("–")


def card(label: str, value: str, hint: str, state: str, tip: str = "") -> Markup:
    title = html(' title="{}"', tip) if tip else ""
    return html('<div class="card {}"{}><div class="label">{}</div><div class="value">{}</div>'
                '<div class="hint">{}</div></div>', state, title, label, value, hint)


def note(text: str) -> Markup:
    return html('<p class="note">{}</p>', prose(text))
