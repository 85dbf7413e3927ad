"""A click tool with a group, options and a counter the commands share."""

import click

DEFAULT_NAME = "world"
calls = 0


def bump() -> int:
    global calls
    calls += 1
    return calls


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


if __name__ == "__main__":
    cli()
