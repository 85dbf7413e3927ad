"""A tiny app for the accuracy script's own test: one route it finds, one it should not."""

from flask import Blueprint, Flask

app = Flask(__name__)
orphan = Blueprint("orphan", __name__)  # never registered: listed, not mounted


@app.route("/items", methods=["GET", "POST"])
def items():
    return "[]"


@orphan.route("/lost")
def lost():
    return "no"
