"""The command line interface and the server start.

Split out of `main.py` by nova-refactor (split-entrypoint).
"""

import typer

from app_state import STOCK

app = typer.Typer(help="Inventory tool.", add_completion=False)


@app.command()
def show(name: str = typer.Argument(..., help="item name")) -> None:
    """Show the stock of one item."""
    if name not in STOCK:
        raise typer.Exit(code=1)
    typer.echo(f"{name}: {STOCK[name]}")


@app.command()
def add(name: str, count: int = typer.Option(1, help="how many")) -> None:
    """Add stock."""
    STOCK[name] = STOCK.get(name, 0) + count
    typer.echo(f"{name}: {STOCK[name]}")
