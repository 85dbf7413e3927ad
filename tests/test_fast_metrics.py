"""The fast line counter and the one-walk metrics equal radon's raw, cc totals and mi exactly."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from radon.metrics import mi_visit
from radon.raw import analyze
from radon.visitors import ComplexityVisitor, HalsteadVisitor

from nova_refactor.frontends.python.rawlines import raw_counts
from nova_refactor.frontends.python.walk import walk_module

ROOT = Path(__file__).resolve().parents[1]
OUR_FILES = sorted(
    p for folder in ("nova_refactor", "examples", "tests", "benchmarks")
    for p in (ROOT / folder).rglob("*.py")
    if not {"bad_inputs", ".corpus", ".work", ".venv"} & set(p.parts)
)

SNIPPETS = [
    "x = 1; y = 2\n",
    "if x: y = 1; z = 2\n",
    "try: pass\nexcept E: pass\n",
    "d = {1: 2}\nx = a[1:2]\ny = (z := 3)\n",
    "def f(a: int) -> int:  # comment\n    return a\n",
    '"""one line doc"""\n',
    'r"""raw\n\n  doc\n"""\n',
    'x = """not\na doc"""\n',
    '"""doc""" # with comment\n',
    '("""paren\n""")\n',
    "x = 'a\\\n  b'\n",
    "x = 1 + \\\n    2\n",
    "call(a,  # one\n     b,  # two\n\n     c)\n",
    'f"{x:>10}" if y else b"z"\n',
    "s = '''a ''' + '''b\n'''\n",
    "# only\n\n\n   # indented comment\n",
    "class A:\n    '''Doc.'''\n    x = [i for i in y if i]\n",
    "lambda: 0\nx = lambda a=1: a\n",
    "x = 1;\n",
    "a = 'it''s'\nb = \"q\\\"q\"\n",
    "\x0cx = 1\nif a:\x0c\n    pass\n",
    "s = '''\\\n'''\n",
    "u = 'x'  \\\n    'y'\n",
    # one-line chunks counted without the scanner (and near misses that need it)
    'x = "a#b"  # real comment\n"doc"  # comment\n"doc"\nb\'x\'\nrb"\\d"\n',
    "y = 'it\\'s' + \"q\"\nf(\"a(\", ')')\nx = \"a\" \"b\"\ns = 'a\\\\'\n",
    "'a' if b else 'c'  # c\nd = {'k': \"v\"}  # c: x\nif 'a':  # c\n    pass\n",
    "z = ('a',  # open\n     'b')\nw = 'x'; v = 'y'\nq = ''''''\nr = '' ''\n",
    "t = f'{x[\"k\"]}'  # f\nu = f\"{y!r:>{w}}\"\n",
    # docstring lines that cannot close it are skipped; ones holding the delimiter are not
    'def f():\n    """Doc.\n\n    \'\'\' other \'\'\'\n    \\""" escaped\n    end """  # c\n',
    "x = '''a\n''' + '''b\n\nc''' if y else '''\n'''\n",
]


@pytest.mark.parametrize("code", SNIPPETS)
def test_raw_counts_equal_radon_on_tricky_code(code: str) -> None:
    assert tuple(raw_counts(code)) == tuple(analyze(code))


@pytest.mark.parametrize("path", OUR_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_raw_counts_equal_radon_on_our_files(path: Path) -> None:
    code = path.read_text(encoding="utf-8")
    assert tuple(raw_counts(code)) == tuple(analyze(code))


def _radon_halstead(tree: ast.Module) -> tuple[int, int, int, int]:
    visitor = HalsteadVisitor.from_ast(tree)
    return (visitor.operators, visitor.operands,
            visitor.distinct_operators, visitor.distinct_operands)


def _ours(tree: ast.Module) -> tuple[tuple[int, int, int, int], int]:
    _, measures = walk_module(tree)
    h = measures.halstead
    counts = (h.operators, h.operands, len(h.operator_names), len(h.operand_keys))
    return counts, measures.total_complexity


WALK_SNIPPETS = [
    "def f(a=1 + 2):\n    assert a and b\n    return a + b * 2\n",
    "@dec(a or b)\nclass A(Base if x else Other):\n    y = 1 if z else 2\n"
    "    def m(self):\n        return -self.x < 3 <= 4\n"
    "    class B:\n        def n(self):\n            if x: pass\n",
    "def outer():\n    def inner(x):\n        x += 1\n        return x if x else not x\n"
    "    class Local:\n        def m(self):\n            return 1 or 2\n    return inner\n",
    "match x:\n    case 1 | 2:\n        pass\n    case y:\n        pass\n",
    "for a in b:\n    while c:\n        pass\n    else:\n        pass\n",
    "try:\n    pass\nexcept* E:\n    pass\n",
    "x = {i: j for i, j in k if i if j}\nassert x\ny = 1 == 1.0 == True\n",
]


@pytest.mark.parametrize("code", WALK_SNIPPETS)
def test_walk_equals_radon_halstead_and_total_complexity(code: str) -> None:
    tree = ast.parse(code)
    halstead, total = _ours(tree)
    assert halstead == _radon_halstead(tree)
    assert total == ComplexityVisitor.from_ast(tree).total_complexity


@pytest.mark.parametrize("path", OUR_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_walk_equals_radon_on_our_files(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    halstead, total = _ours(tree)
    assert halstead == _radon_halstead(tree)
    assert total == ComplexityVisitor.from_ast(tree).total_complexity


def test_mi_equals_radon_mi_on_an_example_file() -> None:
    from tests.helpers import facts_of

    path = ROOT / "examples" / "python_monolith" / "main.py"
    code = path.read_text(encoding="utf-8")
    assert facts_of(code, "main.py").maintainability == round(mi_visit(code, True), 2)
