"""Running an analysis: discovery, per-file facts (cached, shared across forked workers), cross-
file linking, the summary.
"""
