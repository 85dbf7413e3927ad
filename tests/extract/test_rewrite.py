"""The import and string rewriting of a move, case by case."""

from __future__ import annotations

import pytest

from nova_refactor.codemods.extract.pyimports import Where, rewrite_imports
from nova_refactor.codemods.extract.strings import retarget, rewrite_entry_points

MAPPING = {"storage": "nova_common.storage", "services": "nova_common.services",
           "services.posts": "posts_service.posts"}
KNOWN = frozenset({"storage", "services", "services.posts", "services.analytics", "main"})
IN_ANALYTICS = Where("services.analytics", is_package=False, moving=False)


def _rewrite(source: str, where: Where = IN_ANALYTICS) -> str:
    return rewrite_imports(source, MAPPING, where, KNOWN)


@pytest.mark.parametrize(("source", "expected"), [
    ("import storage\nstorage.Repository()\n",
     "import nova_common.storage as storage\nstorage.Repository()\n"),
    ("import services.posts as sp\n", "import posts_service.posts as sp\n"),
    ("import services.posts\nservices.posts.X()\n",
     "import posts_service.posts\nposts_service.posts.X()\n"),
    ("from services.posts import PostService, helper\n",
     "from posts_service.posts import PostService, helper\n"),
    ("from services import posts\n", "from posts_service import posts\n"),
    ("import os, storage\n", "import os, nova_common.storage as storage\n"),
    ("from .storage import *\n", "from .storage import *\n"),  # services.storage: not moved
])
def test_absolute_and_aliased_imports_follow_the_move(source: str, expected: str) -> None:
    assert _rewrite(source) == expected


def test_a_mixed_from_import_is_split_by_where_each_name_now_lives() -> None:
    source = "from services import NotFoundError, posts as p, analytics  # why\n"
    assert _rewrite(source) == ("from nova_common.services import NotFoundError\n"
                                "from posts_service import posts as p\n"
                                "from services import analytics\n")


def test_relative_imports_resolve_from_the_file_and_stay_relative_when_nothing_moves() -> None:
    assert _rewrite("from . import analytics\n") == "from . import analytics\n"
    assert _rewrite("from . import posts\nfrom .posts import X\n") == \
        "from posts_service import posts\nfrom posts_service.posts import X\n"


def test_a_moving_file_gets_absolute_imports_for_what_it_reached_relatively() -> None:
    moving = Where("services.posts", is_package=False, moving=True)
    assert _rewrite("from . import analytics\nfrom .. import main\n", moving) == \
        "from services import analytics\nfrom .. import main\n"  # `..` is beyond the top


def test_parenthesised_imports_keep_their_layout() -> None:
    source = "from services import (\n    A,\n    B,\n)\n"
    assert _rewrite(source) == "from nova_common.services import (\n    A,\n    B,\n)\n"


@pytest.mark.parametrize(("value", "expected"), [
    ("storage", "nova_common.storage"),
    ("storage.Repository.get", "nova_common.storage.Repository.get"),
    ("services.posts:app", "posts_service.posts:app"),
    ("services.analytics.X", None),  # the submodule stays although its package moved
    ("main:app", None),
    ("not a module name", None),
])
def test_string_references_retarget_only_what_moved(value: str, expected: str | None) -> None:
    assert retarget(value, MAPPING, KNOWN) == expected


def test_certain_strings_are_rewritten_and_others_reported() -> None:
    import libcst as cst

    from nova_refactor.codemods.extract import strings

    source = ('import importlib\nfrom unittest import mock\n'
              'm = importlib.import_module("storage")\n'
              '@mock.patch("services.posts.PostService.create")\ndef t(): pass\n'
              'NOTE = "see services.posts.PostService"\nLABEL = "storage.py"\n')
    tree, rewritten, reported = strings.rewrite_strings(cst.parse_module(source), MAPPING,
                                                        KNOWN, "t.py")
    assert 'import_module("nova_common.storage")' in tree.code
    assert 'mock.patch("posts_service.posts.PostService.create")' in tree.code
    assert '"see services.posts.PostService"' in tree.code
    assert [line.split(":")[1] for line in rewritten] == ["3", "4"]
    assert reported == []  # neither loose string is a dotted name of a moved module alone

    loose = 'TARGET = "services.posts.PostService"\n'
    _, _, reported = strings.rewrite_strings(cst.parse_module(loose), MAPPING, KNOWN, "t.py")
    assert reported and reported[0].startswith("t.py:1: string 'services.posts.PostService'")


def test_entry_points_in_packaging_files_follow_the_move() -> None:
    text = '[project.scripts]\napp = "services.posts:main"\nother = "main:cli"\n'
    new, changed = rewrite_entry_points(text, MAPPING, KNOWN, "pyproject.toml")
    assert 'app = "posts_service.posts:main"' in new and 'other = "main:cli"' in new
    assert changed == ["pyproject.toml:2: entry point 'services.posts:main' -> "
                       "'posts_service.posts:main'"]


def test_a_package_reexporting_a_moved_module_keeps_its_names_and_all() -> None:
    init = Where("services", is_package=True, moving=False)
    source = 'from .posts import PostService as PS, helper\n__all__ = ["PS", "helper"]\n'
    assert _rewrite(source, init) == ('from posts_service.posts import PostService as PS, '
                                      'helper\n__all__ = ["PS", "helper"]\n')


def test_a_handler_follows_only_its_own_module() -> None:
    from nova_refactor.codemods.extract.scaffold import moved_handler

    moved = {"app": "app_common", "services.posts": "posts_service.posts"}
    assert moved_handler("app.api.routes.items.read", moved) == "app.api.routes.items.read"
    assert moved_handler("app.health", moved) == "app_common.health"
    assert moved_handler("services.posts.PostService.get", moved) == \
        "posts_service.posts.PostService.get"
