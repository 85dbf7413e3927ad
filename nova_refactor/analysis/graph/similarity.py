"""How alike two modules are, from what they touch and what they name: a k-nearest-neighbour graph
that `boundaries` adds to the import graph before community detection.

Two modules that import the same modules, are imported by the same modules, or use the same
identifiers tend to belong together even when neither imports the other ("sibling links",
Anquetil & Lethbridge 1999; identifier vocabulary, Corazza et al. 2011, Maqbool & Babri 2007).
Each module becomes a TF-IDF vector of features - itself and its direct neighbours, and the words
of the identifiers it defines and uses (classes, bases, functions, imported names, callees,
bindings) - and modules are compared by cosine. IDF down-weights hubs and words found everywhere;
features of a single module or of more than `MAX_SHARE` of them are dropped.

Directory-agnostic on purpose: file paths and the module strings of import statements are never
read, so the signal is the code's, not the folder layout's.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache

import networkx as nx

from nova_refactor.model import FileFacts

MAX_SHARE = 0.2  # a feature found in more than this share of the modules tells little
WORD_WEIGHT = 0.3  # identifier words count for less than neighbours (more of them, noisier)
MIN_MODULES = 50  # fewer modules give too small a vocabulary for IDF, and k neighbours = all
KEEP = 32  # most alike modules kept per module (enough for k after the library is set aside)
_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+")
_PARTS = re.compile(r"[^A-Za-z0-9]+")

Neighbours = dict[str, list[tuple[float, str]]]  # module -> (cosine, module), most alike first


@lru_cache(maxsize=1 << 16)
def words(identifier: str) -> tuple[str, ...]:
    """`HttpResponseRedirect`, `get_user_model` -> lower-case words of 3+ letters."""
    return tuple(w.lower() for part in _PARTS.split(identifier) for w in _CAMEL.findall(part)
                 if len(w) > 2)


def identifiers(facts: FileFacts) -> list[str]:
    """Names the module defines and uses; never its path nor the modules it imports from."""
    found = [c.name for c in facts.classes] + [b for c in facts.classes for b in c.bases]
    found += [f.name for f in facts.functions]
    for spec in facts.imports:
        found += [*spec.names, *spec.asnames, *spec.uses, spec.alias]
    found += _callees(facts)
    found += [b.name for b in facts.bindings] + [b.type for b in facts.bindings]
    return found


def _callees(facts: FileFacts) -> list[str]:
    """Callees as keyed by name (Rust's typed keys are the hot-path finder's)."""
    return [c for call in facts.calls for c in call.callees]


def features(graph: nx.DiGraph[str], files: Iterable[FileFacts]) -> dict[str, dict[str, float]]:
    """Per module of `graph`: itself, its neighbours both ways, and its identifier words
    (weighted: float counts)."""
    found: dict[str, dict[str, float]] = {n: defaultdict(float, {"n:" + n: 1.0}) for n in graph}
    for source, target in graph.edges:
        found[source]["n:" + target] += 1.0
        found[target]["n:" + source] += 1.0
    for facts in files:
        if facts.path in found:
            counts = Counter(w for name in identifiers(facts) for w in words(name))
            for w, k in counts.items():
                found[facts.path]["w:" + w] += WORD_WEIGHT * k
    return found


def tfidf(found: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    """Unit vectors: (1 + log tf) * log(N / df) for features shared by 2..MAX_SHARE*N modules."""
    total = len(found)
    df = Counter(f for counts in found.values() for f in counts)
    cap = max(2, int(MAX_SHARE * total))
    vectors = {}
    for module in sorted(found):
        vector = {f: _tf(k) * math.log(total / df[f])
                  for f, k in found[module].items() if 2 <= df[f] <= cap}
        norm = math.sqrt(sum(x * x for x in vector.values())) or 1.0
        vectors[module] = {f: x / norm for f, x in vector.items()}
    return vectors


def _tf(count: float) -> float:
    return 1 + math.log(count) if count >= 1 else count


def neighbours(vectors: dict[str, dict[str, float]]) -> Neighbours:
    """Cosine of every pair sharing a feature (an inverted index: no all-pairs loop); the `KEEP`
    most alike per module."""
    names = sorted(vectors)
    rows: list[list[tuple[float, str]]] = [[] for _ in names]
    for i, row in enumerate(_cosines(names, vectors)):
        for j, value in row.items():
            rows[i].append((-value, names[j]))
            rows[j].append((-value, names[i]))
    return {names[i]: [(-value, other) for value, other in heapq.nsmallest(KEEP, row)]
            for i, row in enumerate(rows)}


def _cosines(names: list[str], vectors: dict[str, dict[str, float]]) -> list[dict[int, float]]:
    """Row i holds the cosine with every later module j sharing a feature. Int-keyed rows:
    this loop is the hot one (half a million products on Django)."""
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, module in enumerate(names):
        for feature, x in vectors[module].items():
            postings[feature].append((i, x))
    cosine: list[dict[int, float]] = [defaultdict(float) for _ in names]
    for entries in postings.values():
        for k, (i, x) in enumerate(entries):
            row = cosine[i]
            for j, y in entries[k + 1:]:
                row[j] += x * y
    return cosine


def module_neighbours(graph: nx.DiGraph, files: Iterable[FileFacts]) -> Neighbours:
    return neighbours(tfidf(features(graph, files)))


def knn_edges(near: Neighbours, nodes: set[str], k: int) -> dict[tuple[str, str], float]:
    """Each module's k most alike modules among `nodes` (an edge is kept if either end picks it)."""
    edges: dict[tuple[str, str], float] = {}
    for module in sorted(nodes):
        picked = [(value, other) for value, other in near.get(module, ()) if other in nodes][:k]
        for value, other in picked:
            edges[(min(module, other), max(module, other))] = value
    return edges
