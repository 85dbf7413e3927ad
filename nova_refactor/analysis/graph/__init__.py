"""The weighted module dependency graph, its communities and the similarity of modules."""
