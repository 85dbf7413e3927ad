from flask import Flask

from app.extra import register_extra_routes


def register_health(app):
    @app.get("/health")
    def health():
        return "ok"


def create_app():
    app = Flask(__name__)
    register_health(app)
    register_extra_routes(app)
    return app
