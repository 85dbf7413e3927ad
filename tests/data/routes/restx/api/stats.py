from flask_restx import Namespace

stats_namespace = Namespace("statistics", description="Endpoint to retrieve Statistics")

from api import stats_users  # noqa: E402,F401  (its resources route on this namespace)
