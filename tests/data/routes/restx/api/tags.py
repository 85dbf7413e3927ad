from flask_restx import Namespace, Resource

tags_namespace = Namespace("tags", description="Endpoint to retrieve Tags")


@tags_namespace.route("/<tag_id>")
class Tag(Resource):
    def get(self, tag_id):
        return {}
