from flask_restx import Resource

from api.stats import stats_namespace


@stats_namespace.route("/users")
class UserStatistics(Resource):
    def get(self):
        return {}
