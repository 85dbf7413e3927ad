"""A tool whose package is its app: FastAPI routes and a click CLI in `pkg/__init__.py`,
declared in setup.py's console_scripts (`tool=pkg:cli`)."""

import click
from fastapi import FastAPI

from pkg import helpers

app = FastAPI(title="tool")
STORE = {}


@app.get("/items")
def list_items():
    return {"items": sorted(STORE), "slug": helpers.slug("All Items")}


@app.post("/items/{name}")
def add_item(name: str):
    STORE[name] = True
    return {"added": name}


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
