import os

from flask import Blueprint, Flask

PLUGIN = os.environ.get("PLUGIN") == "1"
app = Flask(__name__)
admin = Blueprint("admin", __name__, url_prefix="/admin")


@app.route("/")
def index():
    return "hi"


if PLUGIN:
    @app.route("/plugin")
    def plugin():
        return "plugin"


@admin.get("/stats")
def stats():
    return "{}"


try:
    import flask_admin  # noqa: F401
except ImportError:
    pass
else:
    app.register_blueprint(admin)
