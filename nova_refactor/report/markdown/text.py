"""The one Markdown escaper of every Markdown writer (analysis, gate, boundaries, compare,
history, PLAN.md, ADRs), for text that comes from the analysed repository.

Writers build a document as a list of lines; `document` is their last step. It reads each line
as a renderer would (CommonMark code spans) and, outside code spans, turns what repository text
could use to change the document's structure into plain text: line breaks (a new heading, list
or `<details>` block), raw HTML (`<`), `__` (strong emphasis: `__init__.py`), and `@mentions`
that would notify people on a pull request. Every table is written by `markdown_table`, whose
cells go through `cell` (pipes and backslashes), and `code` makes a code span that any content
— backticks included — cannot leave.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence

# Every character CommonMark, a browser or a terminal may take as a line break, and the other
# C0/C1 controls: all become one space, so one line of ours stays one line.
_BREAKS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
# A code span: a run of backticks closed by the next run of the same length (CommonMark 6.1).
_CODE = re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)")
_MENTION = re.compile(r"(?<![\w`])@(?=[A-Za-z0-9])")
_RAW_HTML = re.compile(r"(?<!\\)<")
ZERO_WIDTH_SPACE = "&#8203;"


def one_line(value: object) -> str:
    return _BREAKS.sub(" ", str(value))


def cell(value: object) -> str:
    """A table cell: one line, a `|` of the text never splits the row (a backslash before it
    cannot unescape it), `<` never opens a tag."""
    text = one_line(value).replace("\\|", "\\\\|")
    return _RAW_HTML.sub("\\<", text.replace("|", "\\|"))


def code(value: object) -> str:
    """An inline code span holding `value` verbatim, whatever backticks it contains."""
    text = one_line(value)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def markdown_table(headers: Sequence[str], rows: Iterable[Sequence[object]],
                   code_columns: Collection[int] = ()) -> list[str]:
    """A GFM table, one line per row. Headers are ours; every cell is escaped here, as text or,
    for the `code_columns`, as a code span (`<module>` would otherwise vanish as an HTML tag)."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for row in rows:
        cells = [code_cell(v) if i in code_columns else cell(v) for i, v in enumerate(row)]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def code_cell(value: object) -> str:
    """A code span inside a table cell: GFM splits cells before it reads code spans, so only
    the pipe needs escaping, and the escape does not show."""
    return code(value).replace("|", "\\|")


def outside_code(text: str, fix: Callable[[str], str]) -> str:
    """`fix` applied to the parts of a line that are not code spans."""
    out, last = [], 0
    for span in _CODE.finditer(text):
        out += [fix(text[last:span.start()]), span.group(0)]
        last = span.end()
    return "".join([*out, fix(text[last:])])


def _plain(text: str) -> str:
    # `__init__.py` would read as bold "init" (a double underscore opens strong emphasis)
    text = _RAW_HTML.sub("&lt;", text).replace("__", "\\_\\_")
    return _MENTION.sub("@" + ZERO_WIDTH_SPACE, text)


def safe_line(line: str) -> str:
    return outside_code(one_line(line), _plain)


class Ours(str):
    """A line of our own markup (an HTML comment, `<details>`), holding no repository text:
    `document` keeps it as it is."""


def document(lines: Iterable[str]) -> str:
    """The lines as one Markdown document, each made safe unless it is `Ours`."""
    return "\n".join(line if isinstance(line, Ours) else safe_line(line) for line in lines)
