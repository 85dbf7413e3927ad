"""Python codemods on libcst: statement facts, placement, rewrites, rendering."""
