"""Codemod tests: the before/after harness and the cases it runs."""
