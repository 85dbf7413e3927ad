"""Git and time: an analysis at a revision, the two sides of a comparison, before/after metrics,
trends per commit, co-change.
"""
