"""CTFd's shape: the package builds the app in a factory that no statement here calls."""

import os

from flask import Flask

from shop.views import views


class ShopFlask(Flask):
    """A Flask subclass, as CTFd's `CTFdFlask`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.started = True


def confirm_upgrade():
    return os.environ.get("SHOP_UPGRADE") == "yes"


def create_app(config="shop.config.Config"):
    app = ShopFlask(__name__)
    app.config.from_object(config)
    app.register_blueprint(views)
    return app
