"""nova-refactor: take an overgrown backend monolith apart safely."""

__version__ = "0.1.0"
