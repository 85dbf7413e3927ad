"""The typer CLI: parse options, call, render, exit code. No logic worth testing lives here."""
