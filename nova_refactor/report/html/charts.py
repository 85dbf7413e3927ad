"""Small SVG charts drawn by us: horizontal bars with a limit, stacked segments, trend lines.

Pure functions from numbers to SVG text, so a report needs no JavaScript or network to show them.
Every mark carries a `<title>`, which browsers show as a tooltip.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

OK, BAD, MUTED, LINE = "#2f9e44", "#e03131", "#868e96", "#1c7ed6"


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float
    note: str = ""  # tooltip text beyond label and value


def el(tag: str, content: str = "", title: str = "", **attrs: object) -> Markup:
    """One SVG element; `stroke_width=2` becomes `stroke-width="2"`, floats get one decimal.
    `content` is escaped unless it is `Markup` (elements built here), attributes always."""
    rendered = " ".join(
        f'{k.rstrip("_").replace("_", "-")}="{_fmt(v)}"' for k, v in attrs.items() if v is not None
    )
    inner = (Markup("<title>{}</title>").format(title) if title else Markup()) + escape(content)
    head = f"{tag} {rendered}" if rendered else tag
    return Markup(f"<{head}>{inner}</{tag}>" if inner else f"<{head}/>")


def text(x: float, y: float, content: str, **attrs: object) -> Markup:
    return el("text", content, "", x=x, y=y, **attrs)


def _fmt(value: object) -> str:
    return f"{value:.1f}" if isinstance(value, float) else escape(str(value))


def _svg(width: float, height: float, body: Sequence[Markup], label: str) -> Markup:
    return el(
        "svg", Markup().join(body), xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {width:.0f} {height:.0f}", width=f"{width:.0f}", role="img", aria_label=label,
        font_family="system-ui, sans-serif", font_size=12,
    )


def bar_chart(bars: Sequence[Bar], limit: float | None, title: str, width: int = 720) -> Markup:
    """Horizontal bars in the given order; bars over `limit` in red, the limit dashed."""
    label_w, row_h, top = 260, 22, 8
    scale = (width - label_w - 60) / max([b.value for b in bars] + [limit or 0, 1])
    height = top + row_h * max(1, len(bars)) + 24
    body = []
    for i, bar in enumerate(bars):
        y = top + i * row_h
        over = limit is not None and bar.value > limit
        tip = f"{bar.label}: {bar.value:g}" + (f" — {bar.note}" if bar.note else "")
        length = max(1.0, bar.value * scale)
        marks = (
            text(label_w - 6, y + 15, _clip(bar.label), text_anchor="end")
            + el("rect", x=label_w, y=y + 4, width=length, height=14, rx=2,
                 fill=BAD if over else OK)
            + text(label_w + length + 4, y + 15, f"{bar.value:g}")
        )
        body.append(el("g", marks, title=tip))
    if limit is not None:
        x = label_w + limit * scale
        body.append(el("line", x1=x, y1=top, x2=x, y2=height - 20, stroke=MUTED,
                       stroke_dasharray="4 3"))
        body.append(text(x, height - 6, f"limit {limit:g}", text_anchor="middle", fill=MUTED))
    return _svg(width, height, body, title)


def stacked_bar(
    parts: Sequence[tuple[str, float, str]], colours: dict[str, str], title: str, width: int = 720
) -> Markup:
    """One bar split into (label, value, tooltip) parts, coloured by label, with a legend."""
    total = sum(value for _, value, _ in parts) or 1
    x, body = 0.0, []
    for label, value, tip in parts:
        w = value / total * width
        body.append(el("rect", title=tip, x=x, y=0, width=w, height=28,
                       fill=colours.get(label, MUTED), stroke="#fff"))
        x += w
    legend_x = 0
    for label in dict.fromkeys(label for label, _, _ in parts):
        body.append(el("rect", x=legend_x, y=40, width=12, height=12,
                       fill=colours.get(label, MUTED)))
        body.append(text(legend_x + 16, 50, label))
        legend_x += 24 + 8 * len(label)
    return _svg(max(width, legend_x), 60, body, title)


def line_chart(
    series: Sequence[float | None], labels: Sequence[str], title: str,
    target: float | None = None, width: int = 340, height: int = 140,
) -> Markup:
    """A trend over commits (oldest left): line, points with tooltips, optional dashed target.
    The y axis starts at zero (3.38 → 3.37 is a flat line, not a dive) and is drawn; the title
    sits above the plot; the target is a labelled dashed line of its own colour."""
    pad_l, pad_r, pad_t, pad_b = 44, 10, 30, 18
    body = [text(pad_l, 14, title, font_weight=600)]
    known = [v for v in series if v is not None]
    if not known:
        body.append(text(pad_l, height / 2, "not measured", fill=MUTED))
        return _svg(width, height, body, title)
    bounds = [0.0, *known, *([target] if target is not None else [])]
    low, high = min(bounds), max(bounds)
    step = (width - pad_l - pad_r) / max(1, len(series) - 1)

    def y(v: float) -> float:
        return pad_t + (1 - (v - low) / ((high - low) or 1)) * (height - pad_t - pad_b)

    points = [(pad_l + i * step, y(v), v, labels[i]) for i, v in enumerate(series) if v is not None]
    body.append(el("line", x1=pad_l, x2=pad_l, y1=pad_t, y2=y(low), stroke=MUTED))
    body.append(el("line", x1=pad_l, x2=width - pad_r, y1=y(0), y2=y(0), stroke=MUTED))
    body.append(text(pad_l - 4, y(high) + 4, f"{high:g}", text_anchor="end", fill=MUTED))
    body.append(text(pad_l - 4, y(low) + 4, f"{low:g}", text_anchor="end", fill=MUTED))
    if target is not None:
        body.append(el("line", title=f"target {target:g}", x1=pad_l, x2=width - pad_r,
                       y1=y(target), y2=y(target), stroke=OK, stroke_dasharray="4 3",
                       stroke_width=1.5))
        body.append(text(width - pad_r, max(y(target) - 4, pad_t - 4), f"target {target:g}",
                         text_anchor="end", fill=OK))
    path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _, _ in points)
    body.append(el("polyline", points=path, fill="none", stroke=LINE, stroke_width=2))
    body += [
        el("circle", title=f"{label}: {v:g}", cx=px, cy=py, r=3, fill=LINE)
        for px, py, v, label in points
    ]
    return _svg(width, height, body, title)


def _clip(label: str, width: int = 36) -> str:  # ~6.7 px a character: 36 fill the 254 px
    """Both ends of a long name: `<ServiceError …ResponseError>::status_code`."""
    head = 14
    return label if len(label) <= width else label[:head] + "…" + label[-(width - head - 1):]
