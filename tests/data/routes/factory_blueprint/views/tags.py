from flask import Blueprint


def make_blueprint():
    """A blueprint built by a factory, so that it can be registered more than once."""
    bp = Blueprint("tags", __name__)

    @bp.route("/list")
    def listing():
        return "[]"

    return bp
