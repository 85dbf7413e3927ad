"""Codemods: plan a change as pure data, render it per file with libcst, write it safely."""
