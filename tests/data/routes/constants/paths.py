import os


def computed_prefix():
    return os.environ.get("PREFIX", "/x")
