import decimal

import main


def flat(routes):
    for route in routes:  # an included router is kept whole by newer FastAPI versions
        inner = getattr(route, "original_router", None)
        yield from flat(inner.routes) if inner is not None else [route]


# Starlette matches in this order: it must not change
table = list(flat(main.app.routes))
print([(r.path, r.name, sorted(getattr(r, "methods", None) or [])) for r in table])
views = {r.name: r.endpoint for r in table}
print(views["list_items"](), views["add_item"]("c"), views["me"]("ada"), views["user"]("bo"))
print(views["file"]("logo.png").body, views["file"]("x").body, views["serve"]("a/b").body)
print(main.price(decimal.Decimal("2")), main.ITEMS)
