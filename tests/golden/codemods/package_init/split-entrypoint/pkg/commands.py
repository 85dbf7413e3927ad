"""The command line interface and the server start.

Split out of `pkg/__init__.py` by nova-refactor (split-entrypoint).
"""

import click

from .app_state import STORE


@click.group()
def cli():
    """The tool."""


@cli.command()
@click.argument("name")
def add(name):
    STORE[name] = True
    click.echo(f"added {name}")


@cli.command()
def serve():
    import uvicorn

    uvicorn.run("pkg:app")
