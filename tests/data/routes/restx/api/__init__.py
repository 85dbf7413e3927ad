# CTFd's shape (CTFd/CTFd 91ced62d, CTFd/api/__init__.py): a flask-restx Api on a blueprint,
# one Namespace per module, Resource classes routed by `@ns.route(..)`.
from flask import Blueprint
from flask_restx import Api, Resource

from api.challenges import challenges_namespace
from api.stats import stats_namespace
from api.tags import tags_namespace

api = Blueprint("api", __name__, url_prefix="/api/v1")
API_v1 = Api(api, version="v1", doc=False, add_specs=False)


@API_v1.route("/health")
class Health(Resource):
    def get(self):
        return {}


API_v1.add_namespace(challenges_namespace, "/challenges")
API_v1.add_namespace(tags_namespace)  # no path: "/" + the namespace's name
API_v1.add_namespace(stats_namespace, "/statistics")  # its resources are another module's
