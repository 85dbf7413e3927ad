"""Names for proposed services from path tokens, and which modules look like infrastructure."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath

# Path words that say where code lives, not what it does.
GENERIC = frozenset({
    "src", "lib", "libs", "pkg", "pkgs", "package", "packages", "crates", "crate", "app", "apps",
    "services", "service", "svc", "modules", "module", "mod", "main", "init", "__init__",
    "internal", "impl", "py", "rs", "python", "rust", "backend", "server", "api", "v1", "v2",
    "handlers", "handler", "views", "view", "routes", "router", "controllers", "components",
    "", "_", "bin", "cmd",
})
# Words that name infrastructure every service needs: shared-library candidates.
INFRA = frozenset({
    "config", "configs", "configuration", "settings", "conf", "errors", "error", "exceptions",
    "exception", "models", "model", "schemas", "schema", "types", "typing", "utils", "util",
    "utilities", "helpers", "helper", "common", "shared", "core", "constants", "consts", "db",
    "database", "storage", "store", "cache", "logging", "log", "logger", "compat", "base",
    "entities", "dto", "dtos", "state", "infra", "infrastructure", "persistence", "repository",
    "telemetry", "tracing", "observability",
})
# Words of a file's place in a module tree: never a name, even as a last resort.
FILE_WORDS = frozenset({"src", "mod", "main", "lib", "init", "__init__", "py", "rs", "_"})
TEST_DIRS = frozenset({"tests", "test", "testing", "benches", "__tests__"})
_SPLIT = re.compile(r"[^a-z0-9]+")


def tokens(path: str) -> list[str]:
    """Meaningful lower-case words of a path: `services/media_store.py` -> [media, store]."""
    parts = PurePosixPath(path).with_suffix("").parts
    words = [w for part in parts for w in _SPLIT.split(part.lower())]
    return [w for w in words if w not in GENERIC and not w.isdigit()]


def _path_words(path: str) -> list[str]:
    parts = PurePosixPath(path).with_suffix("").parts
    return [w for part in parts for w in _SPLIT.split(part.lower()) if w and not w.isdigit()]


def is_test(path: str) -> bool:
    pure = PurePosixPath(path)
    stem = pure.stem
    return (
        any(part in TEST_DIRS for part in pure.parts[:-1])
        or stem.startswith("test_") or stem.endswith("_test") or stem in ("conftest", "tests")
    )


def is_infra(path: str) -> bool:
    """Named like infrastructure (`utils.py`, `db/`, `errors.rs`, `core/config.py`)."""
    return any(w in INFRA for w in tokens(path))


def name_services(groups: Sequence[Iterable[str]], lines: dict[str, int]) -> list[str]:
    """A distinct name per group from its dominant path tokens (modules weighted by size)."""
    members = [list(g) for g in groups]
    spread = Counter(w for group in members for w in {w for m in group for w in tokens(m)})
    # a word found in most groups (the project's own name, `shop/...`) tells them apart badly
    common = {w for w, n in spread.items() if len(members) > 1 and n > len(members) / 2}
    taken: set[str] = set()
    names = []
    for index, group in enumerate(members):
        name = _first_free(_ranked_words(group, lines, common), taken, index)
        taken.add(name)
        names.append(name)
    return names


def _ranked_words(group: list[str], lines: dict[str, int], common: set[str]) -> list[str]:
    scores: dict[str, float] = defaultdict(float)  # sizes weigh words: fractional scores
    for module in group:
        for word in set(tokens(module)):
            # infrastructure words name a service only when nothing else does (`cache`)
            scores[word] += (1 + lines.get(module, 0) / 1000) * (0.3 if word in INFRA else 1)
    if not scores:  # only generic words (`services/mod.rs`): the folder still says something
        for module in group:
            for word in set(_path_words(module)) - FILE_WORDS:
                scores[word] += 1 + lines.get(module, 0) / 1000
    return [w for w, _ in sorted(scores.items(), key=lambda kv: (kv[0] in common, -kv[1], kv[0]))]


def _first_free(ranked: list[str], taken: set[str], index: int) -> str:
    name = next((w for w in ranked if w not in taken), "")
    if name:
        return name
    base = ranked[0] if ranked else "service"
    candidates = (f"{base}-{i}" for i in range(index + 1, index + 10**6))
    return next(c for c in candidates if c not in taken)


def singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def url_words(path: str) -> list[str]:
    """Literal segments of a route path, without parameters: `/api/posts/<id>` -> [posts]."""
    words: list[str] = []
    for segment in path.strip("/").split("/"):
        if not segment or segment[0] in "<{:*" or segment in GENERIC:
            continue
        words.extend(w for w in _SPLIT.split(segment.lower()) if w and w not in GENERIC)
    return words
