"""radon's raw metrics (`radon raw`) from one cheap pass over the lines, without its tokenizer.

radon strips every line, then tokenizes the shortest run of lines that tokenizes cleanly (a
"chunk": a logical line, or a blank or comment line) and classifies it. Re-tokenizing each
growing run is what makes `radon raw` slow. Here chunks are found by scanning for strings,
comments, brackets and line continuations, and each chunk is classified with radon's rules.
A chunk that scanning cannot model exactly (a `;`, an unterminated string, unbalanced
brackets) is handed to radon's own per-chunk code, so the result is radon's in every case.
Equality with `radon raw` is checked in the tests over our own files and in the benchmark over
every file of Django. The scanner models the Python 3.11 tokenizer (one STRING token per
f-string); on other versions every file goes to radon.
"""

from __future__ import annotations

import re
import sys
import tokenize
from typing import NamedTuple

from radon import raw as radon_raw

FAST = sys.version_info[:2] == (3, 11)
SPECIAL = re.compile(r"[#'\"\\;]")  # what makes a line more than plain code
STRING_END = {
    "'": re.compile(r"[^'\\]*(?:\\.[^'\\]*)*'"),
    '"': re.compile(r'[^"\\]*(?:\\.[^"\\]*)*"'),
    "'''": re.compile(r"[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''"),
    '"""': re.compile(r'[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""'),
}
CONTINUED_SINGLE = {  # a single-quoted string whose line ends in an escaping backslash
    "'": re.compile(r"[^'\\]*(?:\\.[^'\\]*)*\\$"),
    '"': re.compile(r'[^"\\]*(?:\\.[^"\\]*)*\\$'),
}
# A string that closes on its line and holds no backslash: the scanner reads it the same way.
SHORT_STRING = re.compile(r"""'[^'\\\n]*'|"[^"\\\n]*\"""")
ONE_STRING = re.compile(r"(?:[bB][rR]?|[rR][bBfF]?|[uU]|[fF][rR]?)?\0")
PLACEHOLDER = "\0"  # a whole string literal in the code text of a chunk


class RawCounts(NamedTuple):
    """The fields of radon's `raw.Module`."""

    loc: int
    lloc: int
    sloc: int
    comments: int
    multi: int
    blank: int
    single_comments: int


class _Unmodelled(Exception):
    """The chunk needs radon's tokenizer."""


class _Chunk(NamedTuple):
    end: int  # index of the line after the chunk
    code: str  # code text: strings as PLACEHOLDER, comments and continuations removed
    comments: int
    single_line_string: bool  # the first string opens and closes on the chunk's first line


# What radon's tokenizer raises on valid Python it cannot read: a line break that only
# `str.splitlines` knows (`\x0b`, `\x1c`, U+0085, U+2028) cutting a comment in two, an
# identifier character that is not `\w`, a backslash on the last line of a CRLF file.
_TOKENIZER_FAILURES = (SyntaxError, StopIteration, tokenize.TokenError, ValueError, IndexError)


def raw_counts(source: str) -> RawCounts:
    """Exactly `radon.raw.analyze(source)` wherever radon can count; where radon raises on
    valid Python, the chunks it cannot read are counted as code lines, one by one. Never
    raises."""
    if not FAST:
        try:
            return RawCounts(*radon_raw.analyze(source))
        except _TOKENIZER_FAILURES:
            pass  # counted below, chunk by chunk, the unreadable ones as code lines
    lines = [line.strip() for line in source.splitlines()]
    counter = _Counter(lines)
    counter.run()
    return counter.result()


class _Counter:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.lloc = self.sloc = self.comments = self.multi = self.blank = self.single = 0

    def result(self) -> RawCounts:
        loc = self.sloc + self.blank + self.multi + self.single
        return RawCounts(
            loc, self.lloc, self.sloc, self.comments, self.multi, self.blank, self.single
        )

    def run(self) -> None:
        lines, index, count = self.lines, 0, len(self.lines)
        while index < count:
            line = lines[index]
            if not line:
                self.blank += 1
                index += 1
            elif line[0] == "#":
                self.comments += 1
                self.single += 1
                index += 1
            elif SPECIAL.search(line) is None and _balanced(line):
                self.sloc += 1
                self.lloc += _logical(line)
                index += 1
            elif self._one_line(line):
                index += 1
            else:
                index = self._chunk(index)

    def _one_line(self, line: str) -> bool:
        """A line of code and short strings only, a whole chunk by itself: counted as `_chunk`
        counts it, without the scanner (over half of Django's chunks). False: not such a line.
        """
        if "'''" in line or '"""' in line:
            return False  # `""` + `"x"` + `""` is not how the tokenizer reads `"""x"""`
        code = SHORT_STRING.sub(PLACEHOLDER, line)
        # A quote left is a string that runs on; a comment, `\` and `;` need the scanner.
        if SPECIAL.search(code) is not None or _depth(code) != 0:
            return False
        if ONE_STRING.fullmatch(code):
            self.single += 1
        else:
            self.sloc += 1
        self.lloc += _logical(code)
        return True

    def _chunk(self, start: int) -> int:
        try:
            chunk = _scan(self.lines, start)
        except _Unmodelled:
            return self._radon_chunk(start)
        self.comments += chunk.comments
        used = self.lines[start : chunk.end]
        text = chunk.code.strip()
        if chunk.comments == 0 and ONE_STRING.fullmatch(text):
            if chunk.single_line_string:
                self.single += 1
            else:
                self._docstring(used)
        else:
            self._code(used)
        self.lloc += _logical(text)
        return chunk.end

    def _docstring(self, used: list[str]) -> None:
        filled = sum(1 for line in used if line)
        self.multi += filled
        self.blank += len(used) - filled

    def _code(self, used: list[str]) -> None:
        filled = sum(1 for line in used if line)
        self.sloc += filled
        self.blank += len(used) - filled

    def _radon_chunk(self, start: int) -> int:
        """radon's own loop body for one chunk (`radon.raw.analyze`)."""
        rest = (self.lines[i] for i in range(start + 1, len(self.lines)))
        try:
            tokens, used = radon_raw._get_all_tokens(self.lines[start], rest)
        except _TOKENIZER_FAILURES:  # radon raises here (`radon raw` reports an error)
            return self._unreadable(start)
        self.comments += sum(1 for t in tokens if t[0] == tokenize.COMMENT)
        if radon_raw.is_single_token(tokenize.COMMENT, tokens):
            self.single += 1
        elif radon_raw.is_single_token(tokenize.STRING, tokens):
            if tokens[0][2][0] == tokens[0][3][0]:
                self.single += 1
            else:
                self._docstring(used)
        else:
            self._code(used)
        self.lloc += radon_raw._logical(tokens)
        return start + len(used)


    def _unreadable(self, start: int) -> int:
        """One line radon's tokenizer cannot read: a code line and one logical line, unless it
        is a comment line."""
        line = self.lines[start]
        if line.startswith("#"):
            self.comments += 1
            self.single += 1
        else:
            self.sloc += 1
            self.lloc += 1
        return start + 1


def _balanced(line: str) -> bool:
    if "(" not in line and "[" not in line and "{" not in line:
        return True  # valid code cannot close a bracket at the start of a logical line
    return _depth(line) == 0


def _logical(code: str) -> int:
    """radon's logical line count of a chunk without `;` (code text, stripped)."""
    if not code:
        return 0
    if ":" not in code or ":" not in code.replace(":=", ""):
        return 1
    return 1 if code.endswith(":") else 2


def _depth(code: str) -> int:
    """Brackets opened minus closed: the tokenizer keeps one level for all three kinds.
    Six counts cost half of folding the kinds into one with `str.translate` first."""
    opened = code.count("(") + code.count("[") + code.count("{")
    return opened - code.count(")") - code.count("]") - code.count("}")


class _Scan:
    """State while scanning one chunk line by line."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.comments = self.depth = 0
        self.quote = ""  # the open string's delimiter, if a string runs past a line's end
        self.continued = False  # the line ended in a backslash continuation
        self.first_string: bool | None = None  # did the chunk's first string close on its line

    def line(self, line: str) -> None:
        pos, self.continued = 0, False
        if self.quote:
            pos, self.quote = _close(line, 0, self.quote)
        while not self.quote:
            found = SPECIAL.search(line, pos)
            code = line[pos : found.start() if found else len(line)]
            self.parts.append(code)
            self.depth += _depth(code)
            if found is None:
                return
            pos = self._special(line, found.group(), found.start())
            if pos < 0:
                return

    def _special(self, line: str, char: str, at: int) -> int:
        """Handle a comment, string or continuation at `at`; -1 when the line is done."""
        if char == "#":
            self.comments += 1
            return -1
        if char == ";":
            raise _Unmodelled
        if char == "\\":
            if at != len(line) - 1:
                raise _Unmodelled
            self.continued = True
            return -1
        self.parts.append(PLACEHOLDER)
        delimiter = char * 3 if line.startswith(char * 3, at) else char
        pos, self.quote = _close(line, at + len(delimiter), delimiter)
        if self.first_string is None:
            self.first_string = not self.quote
        return pos

    @property
    def complete(self) -> bool:
        if self.depth < 0:
            raise _Unmodelled
        return not self.quote and not self.continued and self.depth == 0


def _scan(lines: list[str], start: int) -> _Chunk:
    """The chunk starting at line `start`: where it ends and what its code is."""
    scan = _Scan()
    for index in range(start, len(lines)):
        line = lines[index]
        if len(scan.quote) == 3 and scan.quote not in line:
            scan.parts.append("\n")  # inside a docstring, and it does not close here
            continue
        scan.line(line)
        if scan.complete:
            code = "".join(scan.parts)
            return _Chunk(index + 1, code, scan.comments, bool(scan.first_string))
        scan.parts.append("\n")
    raise _Unmodelled  # end of file inside a chunk


def _close(line: str, pos: int, quote: str) -> tuple[int, str]:
    """Where the string `quote` closes on this line, else (end, quote) if it runs on."""
    match = STRING_END[quote].match(line, pos)
    if match is not None:
        return match.end(), ""
    if len(quote) == 1 and CONTINUED_SINGLE[quote].match(line, pos) is None:
        raise _Unmodelled  # unterminated: radon's tokenizer reports an error token here
    return len(line), quote
