"""HTML pages (`report`, `graph`/`boundaries -f html`): the page shell, its sections, inline SVG
drawings and charts.
"""
