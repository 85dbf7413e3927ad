"""Documents for tools: JSON (with their schemas), SARIF, JUnit, Graphviz/Mermaid, contracts."""
