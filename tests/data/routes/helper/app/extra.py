def register_extra_routes(app):
    app.add_url_rule("/version", "version", lambda: "1.0")


def never_called(app):
    app.add_url_rule("/orphan", "orphan", lambda: "?")
