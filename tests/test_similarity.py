"""Module similarity (shared neighbours, identifier words) and its use by `boundaries`."""

from __future__ import annotations

import dataclasses
import math
import random

import networkx as nx
import pytest

from benchmarks.mojo import mojofm
from nova_refactor.analysis.boundaries.model import BoundaryOptions
from nova_refactor.analysis.boundaries.propose import propose
from nova_refactor.analysis.graph.similarity import (
    MIN_MODULES,
    features,
    identifiers,
    knn_edges,
    neighbours,
    tfidf,
    words,
)
from nova_refactor.model import ClassFacts, FileFacts, FunctionFacts, ImportFacts
from tests.graph_helpers import synthetic


@pytest.mark.parametrize(("identifier", "expected"), [
    ("HttpResponseRedirect", ("http", "response", "redirect")),
    ("get_user_model", ("get", "user", "model")),
    ("URLField", ("url", "field")),
    ("self.repo.save_all", ("self", "repo", "save", "all")),
    ("fn:f", ()),
])
def test_words_split_snake_and_camel_case(identifier: str, expected: tuple[str, ...]) -> None:
    assert words(identifier) == expected


def test_identifiers_never_read_paths_nor_imported_module_names() -> None:
    facts = FileFacts(
        path="secretpkg/billing.py", language="python", content_hash="0", size_bytes=1,
        classes=(ClassFacts("InvoiceLine", 1, 5, ("BaseLine",)),),
        functions=(FunctionFacts("InvoiceLine.total", 2, 4, 1, is_method=True),),
        imports=(ImportFacts("hiddenpkg.taxes", 1, ("TaxRate",), 1, asnames=("Rate",)),),
    )
    found = identifiers(facts)
    assert {"InvoiceLine", "BaseLine", "InvoiceLine.total", "TaxRate", "Rate"} <= set(found)
    assert not any("secretpkg" in i or "hiddenpkg" in i for i in found)


def test_tfidf_keeps_only_features_that_can_tell_modules_apart() -> None:
    found = {f"m{i}": {f"n:m{i}": 1.0, "w:everywhere": 1.0} for i in range(10)}
    found["m0"]["w:pair"] = found["m1"]["w:pair"] = 2.0
    vectors = tfidf(found)
    assert set(vectors["m0"]) == {"w:pair"}  # own node once, a word in all ten: dropped
    assert math.isclose(sum(x * x for x in vectors["m0"].values()), 1.0)
    assert vectors["m5"] == {}


def test_neighbours_are_symmetric_and_most_alike_first() -> None:
    vectors = {"a": {"x": 0.6, "y": 0.8}, "b": {"x": 1.0}, "c": {"y": 1.0}, "d": {"z": 1.0}}
    near = neighbours(vectors)
    assert near["a"] == [(0.8, "c"), (0.6, "b")]
    assert near["b"] == [(0.6, "a")] and near["d"] == []
    assert knn_edges(near, {"a", "b", "c"}, 1) == {("a", "c"): 0.8, ("a", "b"): 0.6}
    assert knn_edges(near, {"a", "b"}, 5) == {("a", "b"): 0.6}


def test_siblings_share_the_modules_they_import() -> None:
    graph = nx.DiGraph([("a", "hub"), ("b", "hub"), ("c", "other")])
    graph.add_edges_from((f"z{i}", f"z{i + 1}") for i in range(20))  # IDF needs a corpus
    near = neighbours(tfidf(features(graph, [])))
    assert {m for _, m in near["a"][:2]} == {"b", "hub"}
    assert "c" not in [m for _, m in near["a"]]


def _families(count: int = 5, size: int = 12) -> tuple[object, dict[str, str]]:
    """`count` families of modules with their own vocabulary; sparse imports, some across."""
    rng = random.Random(3)
    vocab = [["Invoice", "Tax", "Ledger"], ["Video", "Frame", "Codec"], ["Email", "Inbox", "Smtp"],
             ["Cart", "Basket", "Checkout"], ["Token", "Login", "Password"]]
    files = {f"f{f}/m{i}.py": 50 for f in range(count) for i in range(size)}
    truth = {p: p.split("/")[0] for p in files}
    order = sorted(files)
    rng.shuffle(order)
    opaque = {p: f"x{i:03d}.py" for i, p in enumerate(order)}
    edges = []
    for path in files:
        family = [q for q in files if truth[q] == truth[path] and q != path]
        for target in rng.sample(family, 1) + rng.sample(sorted(files), 1):
            edges.append((opaque[path], opaque[target], ["thing"]))
    analysis = synthetic({opaque[p]: n for p, n in files.items()}, edges, language="python")
    named = []
    for facts in analysis.files:
        real = next(p for p, o in opaque.items() if o == facts.path)
        words_of = vocab[int(truth[real][1:])]
        classes = tuple(ClassFacts(rng.choice(words_of) + rng.choice(words_of) + "Manager", 1, 2)
                        for _ in range(8))
        named.append(dataclasses.replace(facts, classes=classes))
    hidden = dataclasses.replace(analysis, files=tuple(named))
    return hidden, {o: truth[p] for p, o in opaque.items()}


def test_similarity_recovers_families_the_imports_blur() -> None:
    analysis, truth = _families()
    assert len(analysis.files) >= MIN_MODULES

    def score(weight: float) -> float:
        proposal = propose(analysis, BoundaryOptions(history=False, similarity_weight=weight))
        return mojofm({p.path: p.group for p in proposal.placements}, truth)

    imports_only, with_similarity = score(0.0), score(0.5)
    assert imports_only < 60 and with_similarity >= 90, (imports_only, with_similarity)


def test_reasons_name_the_most_alike_modules_only_when_similarity_is_used() -> None:
    analysis, _ = _families()
    used = propose(analysis, BoundaryOptions(history=False))
    assert any("most alike inside" in p.reason for p in used.placements)
    off = propose(analysis, BoundaryOptions(history=False, similarity_weight=0.0))
    assert not any("most alike inside" in p.reason for p in off.placements)


def test_small_projects_are_clustered_from_imports_alone() -> None:
    files = {f"m{i}.py": 10 for i in range(MIN_MODULES - 1)}
    edges = [(f"m{i}.py", f"m{i + 1}.py") for i in range(MIN_MODULES - 2)]
    small = synthetic(files, edges, language="python")
    assert propose(small, BoundaryOptions(history=False)) == propose(
        small, BoundaryOptions(history=False, similarity_weight=0.0))


def test_same_proposal_whatever_the_input_order() -> None:
    analysis, _ = _families()
    files, imports = list(analysis.files), list(analysis.imports)
    random.Random(11).shuffle(files)
    random.Random(12).shuffle(imports)
    shuffled = dataclasses.replace(analysis, files=tuple(files), imports=tuple(imports))
    options = BoundaryOptions(history=False)
    assert propose(analysis, options) == propose(shuffled, options)
