from flask_restful import Resource


class ItemList(Resource):
    def get(self):
        return []

    def post(self):
        return {}, 201


class Item(Resource):
    def get(self, item_id):
        return {}

    def delete(self, item_id):
        return "", 204

    def helper(self):
        return None
