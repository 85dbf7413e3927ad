"""Rust codemods: split `fn main` into app_state, app_services, background, routes and cli."""
