"""Names for proposed services from their dominant domain words: the route prefixes they serve,
the type names they define, then their path words; and which modules look like infrastructure
(a placement's description only: the shared library is chosen by use, `boundaries.library`)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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
    # strings, not PurePosixPath: the assembly asks this of every file (serial time)
    *folders, name = path.split("/")
    stem = _stem(name)
    return (
        any(part in TEST_DIRS for part in folders)
        or stem.startswith("test_") or stem.endswith("_test") or stem in ("conftest", "tests")
    )


def _stem(name: str) -> str:
    """`PurePosixPath(name).stem`: the name without its last suffix (`.env` has none)."""
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def is_infra(path: str) -> bool:
    """Named like infrastructure (`utils.py`, `db/`, `errors.rs`, `core/config.py`)."""
    return any(w in INFRA for w in tokens(path))


# Words of type names that say what kind of thing a type is, not which domain it belongs to.
TYPE_WORDS = frozenset({
    "response", "request", "error", "errors", "config", "state", "query", "handler", "service",
    "result", "model", "status", "info", "payload", "job", "key", "public", "create", "update",
    "init", "metadata", "params", "data", "client", "manager", "impl", "item", "items", "list",
    "entry", "entries", "stats", "type", "kind", "mode", "options", "settings", "context",
    "builder", "body", "form", "args", "input", "output", "event", "events", "message", "base",
})
ROUTE_WEIGHT = 3.0  # per route served under the word: what the service answers for
TYPE_WEIGHT = 1.0  # per type whose name holds the word
PATH_WEIGHT = 2.0  # per module whose path holds the word (more per 1,000 lines)


@dataclass(frozen=True, slots=True)
class Evidence:
    """Domain words of one group: first literal segment of the routes it serves, and the words
    of the type names it defines."""

    routes: Counter[str]
    types: Counter[str]


def name_services(groups: Sequence[Iterable[str]], lines: dict[str, int],
                  evidence: Sequence[Evidence] | None = None) -> list[str]:
    """A distinct name per group from its dominant domain words (see the module docstring)."""
    members = [list(g) for g in groups]
    found = list(evidence) if evidence else [Evidence(Counter(), Counter()) for _ in members]
    common = _common_path_words(members)
    taken: set[str] = set()
    names = []
    for index, (group, proof) in enumerate(zip(members, found, strict=True)):
        scores = _scores(group, lines, proof)
        ranked = [w for w, _ in sorted(scores.items(),
                                       key=lambda kv: (kv[0] in common, -kv[1], kv[0]))]
        name = _first_free(ranked or _folder_words(group, lines), taken, index)
        taken.add(name)
        names.append(name)
    return names


def _common_path_words(groups: list[list[str]]) -> set[str]:
    """A path word found in most groups (the project's own name, `shop/...`) tells them apart
    badly. (A domain word two services share, `/auth` and `/auth/oauth`, goes to the one that
    scores it higher: names are handed out largest service first.)"""
    if len(groups) < 2:
        return set()
    spread = Counter(w for group in groups for w in {w for m in group for w in tokens(m)})
    return {w for w, n in spread.items() if n > len(groups) / 2}


def _scores(group: list[str], lines: dict[str, int], evidence: Evidence) -> dict[str, float]:
    """Score per word, merged by singular form and shown as routes, else paths, spell it."""
    raw: dict[str, float] = defaultdict(float)  # sizes weigh words: fractional scores
    rank: dict[str, int] = {}  # how a word is shown: 0 route, 1 path, 2 type name
    for word, count in evidence.routes.items():
        raw[word] += ROUTE_WEIGHT * count
        rank[word] = 0
    for word, count in evidence.types.items():
        if word not in TYPE_WORDS and word not in GENERIC:
            raw[word] += TYPE_WEIGHT * count
            rank.setdefault(word, 2)
    for word, score in _path_scores(group, lines).items():
        raw[word] += score
        rank[word] = min(rank.get(word, 1), 1)
    merged: dict[str, float] = defaultdict(float)
    shown: dict[str, str] = {}
    for word, score in sorted(raw.items(), key=lambda kv: (rank[kv[0]], kv[0])):
        stem = singular(word)
        merged[stem] += score
        shown.setdefault(stem, word)
    return {shown[stem]: score for stem, score in merged.items()}


def _path_scores(group: list[str], lines: dict[str, int]) -> dict[str, float]:
    scores: dict[str, float] = defaultdict(float)
    for module in group:
        for word in set(tokens(module)):
            # infrastructure words name a service only when nothing else does (`cache`)
            scores[word] += PATH_WEIGHT * (1 + lines.get(module, 0) / 1000) * (
                0.3 if word in INFRA else 1)
    return scores


def _folder_words(group: list[str], lines: dict[str, int]) -> list[str]:
    """Only generic words (`services/mod.rs`): the folder still says something."""
    scores: dict[str, float] = defaultdict(float)
    for module in group:
        for word in set(_path_words(module)) - FILE_WORDS:
            scores[word] += 1 + lines.get(module, 0) / 1000
    return [w for w, _ in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))]


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


def route_word(path: str) -> str:
    """The first domain word of a route: `/api/v1/posts/{id}/like` -> posts; "" for none
    (`/`, `/{id}`; a `.well-known` segment is a convention, not a domain: it is skipped)."""
    for segment in path.strip("/").split("/"):
        if not segment or segment[0] in "<{:*." or segment.lower() in GENERIC:
            continue
        if re.fullmatch(r"v\d+", segment.lower()):
            continue
        words = [w for w in _SPLIT.split(segment.lower()) if w and not w.isdigit()]
        return words[0] if words else ""
    return ""


def url_words(path: str) -> list[str]:
    """Literal segments of a route path, without parameters: `/api/posts/<id>` -> [posts]."""
    words: list[str] = []
    for segment in path.strip("/").split("/"):
        if not segment or segment[0] in "<{:*" or segment in GENERIC:
            continue
        words.extend(w for w in _SPLIT.split(segment.lower()) if w and w not in GENERIC)
    return words
