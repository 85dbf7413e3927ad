"""Names other files rebind on the entrypoint from outside (`external.externally_rebound`):
every form is still found once files that never name the module are skipped unparsed."""

from __future__ import annotations

import textwrap

from nova_refactor.codemods.python.external import externally_rebound

FILES = {
    "test_a.py": """
        import shop.server as srv
        srv.LIMIT = 3
        """,
    "test_b.py": """
        from shop import server
        def test(monkeypatch):
            monkeypatch.setattr(server, "CACHE", {})
        """,
    "test_c.py": """
        from unittest import mock
        with mock.patch("shop.server.clock"):
            pass
        """,
    "test_d.py": """
        import importlib
        s = importlib.import_module("shop.server")
        s.MODE = "x"
        """,
    "unrelated.py": """
        import other
        other.LIMIT = 4
        """,
    "broken.py": "def (:\n",
}


def test_every_form_of_rebinding_from_outside_is_found(tmp_path):
    paths = []
    for name, text in FILES.items():
        (tmp_path / name).write_text(textwrap.dedent(text).lstrip())
        paths.append(tmp_path / name)
    assert externally_rebound(paths, "shop.server") == {
        "LIMIT": "test_a.py:2", "CACHE": "test_b.py:3", "clock": "test_c.py:2",
        "MODE": "test_d.py:3"}
