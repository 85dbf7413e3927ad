"""Fill the database with made-up rows (a data script, not the server)."""

import random

from shop import create_app

NAMES = [
    "name0",
    "name1",
    "name2",
    "name3",
    "name4",
    "name5",
    "name6",
    "name7",
    "name8",
    "name9",
    "name10",
    "name11",
    "name12",
    "name13",
    "name14",
    "name15",
    "name16",
    "name17",
    "name18",
    "name19",
    "name20",
    "name21",
    "name22",
    "name23",
    "name24",
    "name25",
    "name26",
    "name27",
    "name28",
    "name29",
    "name30",
    "name31",
    "name32",
    "name33",
    "name34",
    "name35",
    "name36",
    "name37",
    "name38",
    "name39",
]


def populate():
    app = create_app()
    rows = []
    for name in NAMES:
        rows.append((name, random.randint(1, 9)))
    return app, rows


if __name__ == "__main__":
    populate()
