from flask import Blueprint

admin = Blueprint("admin", __name__, url_prefix="/admin")


@admin.get("/users")
def users():
    return "[]"
