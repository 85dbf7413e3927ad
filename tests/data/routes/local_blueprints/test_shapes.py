"""Two functions, each with its own local `bp` and `app` (the shape of Flask's own tests)."""

import flask


def first():
    app = flask.Flask(__name__)
    bp = flask.Blueprint("first", __name__, url_prefix="/one")

    @bp.route("/")
    def index():
        return "1"

    app.register_blueprint(bp)
    return app


def second():
    app = flask.Flask(__name__)
    bp = flask.Blueprint("second", __name__)

    @bp.route("/two")
    def index():
        return "2"

    app.register_blueprint(bp, url_prefix="/b")
    return app


class CustomFlask(flask.Flask):
    """A subclass of the framework's class is an app too."""


def third():
    app = CustomFlask(__name__)

    @app.route("/three")
    def index():
        return "3"

    return app
