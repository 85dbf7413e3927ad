"""MoJoFM on small cases computed by hand (moves + joins, and the maximum distance)."""

from __future__ import annotations

import pytest

from benchmarks.mojo import as_partition, max_mno, mno, mojofm

B = as_partition([["1", "2", "3"], ["4", "5", "6"]])


@pytest.mark.parametrize(
    ("clusters", "distance", "score"),
    [
        # identical: nothing to do
        ([["1", "2", "3"], ["4", "5", "6"]], 0, 100.0),
        # one object in the wrong cluster: one move; max distance 6 - 2 = 4
        ([["1", "2", "3", "4"], ["5", "6"]], 1, 75.0),
        # everything in one cluster: 3 moves, no join
        ([["1", "2", "3", "4", "5", "6"]], 3, 25.0),
        # all singletons: no moves, 6 clusters join into 2 -> 4 joins = the maximum
        ([[x] for x in "123456"], 4, 0.0),
        # every cluster split evenly: 3 moves (one per cluster), 3 clusters but only 2 tags
        # can be matched -> 1 join
        ([["1", "4"], ["2", "5"], ["3", "6"]], 4, 0.0),
        # three clusters, two map to group 1: 0 moves, 1 join
        ([["1"], ["2", "3"], ["4", "5", "6"]], 1, 75.0),
    ],
)
def test_hand_computed(clusters: list[list[str]], distance: int, score: float) -> None:
    a = as_partition(clusters)
    assert mno(a, B) == distance
    assert mojofm(a, B) == score


def test_maximum_distance_follows_sorted_cluster_sizes() -> None:
    # sizes 1, 2, 2, 5 -> g = 1, 2, 2, 3 -> g = 3; n = 10 -> 7
    b = as_partition([["a"], ["b", "c"], ["d", "e"], ["f", "g", "h", "i", "j"]])
    assert max_mno(b) == 7


def test_matching_beats_greedy_tagging() -> None:
    # A1 ties between B1 and B2, A2 prefers B1: a greedy tag of A1 -> B1 would force a join;
    # the matching gives A1 -> B2 and A2 -> B1, so no join is needed.
    b = as_partition([["1", "2", "3"], ["4", "5"]])
    a = as_partition([["1", "4"], ["2", "3"], ["5"]])
    # moves: A1 1 (tie, keep one), A2 0, A3 0 = 1; tags A1:{B1,B2}, A2:{B1}, A3:{B2}
    # matching size 2 of 3 clusters -> 1 join
    assert mno(a, b) == 2


def test_only_common_objects_count() -> None:
    a = as_partition([["1", "2", "3"], ["4", "5", "6", "extra"]])
    assert mojofm(a, B) == 100.0
    assert mojofm({}, {}) == 100.0
