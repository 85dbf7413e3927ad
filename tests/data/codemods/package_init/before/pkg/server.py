"""A neighbour with a main guard: not the package's entrypoint, setup.py says which is."""

from pkg import app

if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app)
