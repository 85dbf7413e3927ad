from flask_restx import Namespace, Resource

challenges_namespace = Namespace("challenges", description="Endpoint to retrieve Challenges")


@challenges_namespace.route("")
class ChallengeList(Resource):
    def get(self):
        return []

    def post(self):
        return {}


@challenges_namespace.route("/<challenge_id>")
class Challenge(Resource):
    def get(self, challenge_id):
        return {}

    def patch(self, challenge_id):
        return {}

    def delete(self, challenge_id):
        return {}


@challenges_namespace.route("/types", "/kinds", endpoint="types")
class ChallengeTypes(Resource):
    def get(self):
        return []

    def head(self):
        return ""
