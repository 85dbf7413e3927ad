from flask import Flask

from app.views.admin import admin
from app.views.posts import comments, posts


def create_app():
    app = Flask(__name__)
    app.register_blueprint(admin)
    posts.register_blueprint(comments, url_prefix="/<int:post_id>/comments")
    app.register_blueprint(posts, url_prefix="/posts")
    return app
