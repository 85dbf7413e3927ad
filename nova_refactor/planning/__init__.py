"""`nova-refactor plan`: a phased migration plan and ADR drafts generated from the analysis.

Sits above report/ and gate/ (it uses the gate's rule pack, rules and coverage reader, the
codemod planner and the boundaries proposal) and below cli/.
"""
