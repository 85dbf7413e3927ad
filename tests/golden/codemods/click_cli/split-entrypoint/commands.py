"""The command line interface and the server start.

Split out of `main.py` by nova-refactor (split-entrypoint).
"""

import click

from app_state import DEFAULT_NAME, bump


@click.group(help="Greeting tool.")
@click.option("--loud", is_flag=True, help="shout")
@click.pass_context
def cli(ctx: click.Context, loud: bool) -> None:
    ctx.obj = {"loud": loud}


@cli.command(help="Say hello.")
@click.option("--name", default=DEFAULT_NAME, show_default=True)
@click.pass_obj
def hello(obj: dict, name: str) -> None:
    text = f"hello {name} #{bump()}"
    click.echo(text.upper() if obj["loud"] else text)


@cli.command()
def fail() -> None:
    """Exit with code 3."""
    raise SystemExit(3)
