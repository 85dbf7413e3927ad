"""Imported at the end of the server, and importing the server back (chainlit.socket)."""

from pkg.server import app, sio

REGISTERED = f"{app.name}:{sio['path']}"
