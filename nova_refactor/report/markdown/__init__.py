"""Markdown for pull requests and wikis; every writer escapes through `text.py`."""
