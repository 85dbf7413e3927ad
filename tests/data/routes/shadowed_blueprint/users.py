# CTFd's shape (CTFd/CTFd 91ced62d, CTFd/users.py): a view binds a local of the blueprint's
# name; the blueprint keeps its name and its endpoints their "users." prefix.
from flask import Blueprint

users = Blueprint("users", __name__)


def query_users():
    return []


@users.route("/users")
def listing():
    users = query_users()
    return str(users)
