from flask import Flask
from views.tags import make_blueprint

app = Flask(__name__)
app.register_blueprint(make_blueprint(), url_prefix="/tags")
archive = make_blueprint()
app.register_blueprint(archive, url_prefix="/old-tags", name="old_tags")
