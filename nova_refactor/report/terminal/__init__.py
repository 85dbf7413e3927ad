"""Rich terminal views; repository strings pass through `text.py` before they reach a terminal."""
