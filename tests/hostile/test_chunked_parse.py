"""Large files are parsed a run of top-level statements at a time (a lower memory peak); the
tree must be exactly the one `ast.parse` gives for the whole file."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from nova_refactor.frontends.python import chunked

REPO = Path(__file__).resolve().parents[2]
SOURCES = sorted([*REPO.joinpath("nova_refactor").rglob("*.py"),
                  *REPO.joinpath("examples").rglob("*.py"), *REPO.joinpath("tests").rglob("*.py")])


@pytest.fixture
def tiny_pieces(monkeypatch):
    """Every file of ours is 'large', cut into pieces of about 200 characters."""
    monkeypatch.setattr(chunked, "CHUNKED_FROM", 1)
    monkeypatch.setattr(chunked, "PIECE", 200)


def _dump(tree: ast.AST) -> str:
    return ast.dump(tree, include_attributes=True)


def test_every_file_of_ours_gives_the_same_tree_in_pieces(tiny_pieces):
    cut = 0
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        assert _dump(chunked.parse(text, str(path))) == _dump(ast.parse(text)), path
        cut += len(chunked._pieces(text)) > 1
    assert cut > 100  # the comparison really covered pieces


@pytest.mark.parametrize("text", [
    'X = """\ndef f():\n' + "    pass\n" * 60 + '"""\ndef g():\n    return X\n',
    "if a:\n" + "    b = 1\n" * 60 + "else:\n    b = 2\n",
    "@decorator\n" + "# c\n" * 80 + "def f():\n    pass\n",
    "x = [\n" + "1,\n" * 100 + "]\n",
    "x = 1\n" * 40 + "from __future__ import annotations\n",
    "y = 1 + \\\n" * 30 + "2\n",
])
def test_a_bad_cut_falls_back_to_the_whole_file(tiny_pieces, text):
    try:
        expected = _dump(ast.parse(text))
    except SyntaxError as err:
        with pytest.raises(SyntaxError) as raised:
            chunked.parse(text, "t.py")
        assert raised.value.msg == err.msg
        return
    assert _dump(chunked.parse(text, "t.py")) == expected
