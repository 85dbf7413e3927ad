from api import api_bp, api_v2
from flask import Flask

app = Flask(__name__)
app.register_blueprint(api_bp)
api_v2.init_app(app)
