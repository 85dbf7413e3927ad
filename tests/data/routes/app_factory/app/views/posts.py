from flask import Blueprint

posts = Blueprint("posts", __name__, url_prefix="/ignored-when-registered-with-one")
comments = Blueprint("comments", __name__)


@posts.route("/list")
def listing():
    return "[]"


@comments.post("/")
def add():
    return "ok"
