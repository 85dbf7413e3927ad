from flask import Blueprint
from flask_restful import Api

from api.resources import Item, ItemList

api_bp = Blueprint("api", __name__, url_prefix="/api/v1")
api = Api(api_bp)
api.add_resource(ItemList, "/items", "/items/")
api.add_resource(Item, "/items/<int:item_id>", endpoint="item_detail")

api_v2 = Api(prefix="/api/v2")
api_v2.add_resource(Item, "/items/<int:item_id>")
