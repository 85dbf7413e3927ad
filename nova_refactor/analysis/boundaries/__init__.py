"""Service-boundary proposals: the proposal, its facts (crossing edges, route owners, placements)
and its data model.
"""
