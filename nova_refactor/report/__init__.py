"""Renderers: one per format. Only this layer and cli/ import rich."""
