"""Routes registered by register_queue(), lifted out of an app factory.

Split out of `shop/__init__.py` by nova-refactor (split-entrypoint).
"""

import os

from flask import jsonify, redirect, request, url_for

from . import app_state
from .app_state import AUDIT
from .routes import shout


def register_queue(app, audit, prefix):
    """Routes of `create_app()`, mostly /queue, registered where the factory defined them."""

    @app.before_request
    def remember_path():
        AUDIT.append(request.path)

    @app.route("/")
    def index():
        return jsonify(title=prefix, queue=len(app_state.datastore["queue"]))

    @app.route("/queue", methods=["GET"])
    def queue_list():
        """Queue: list."""
        audit('queue_list')
        size = len(app_state.datastore['queue'])
        values = [shout('list'), size, 'list']
        if request.args.get('redirect'):
            return redirect(url_for('index', origin='queue_list'))
        for _ in range(2):
            values.append(len(values))
        values.append(os.environ.get('SHOP_QUEUE_LIST', 'unset'))
        result = {'endpoint': request.endpoint, 'values': values}
        result['title'] = prefix
        result['count'] = len(AUDIT)
        return jsonify(result)

    @app.route("/queue/add/<item>", methods=["GET"])
    def queue_add(item):
        """Queue: add."""
        audit('queue_add')
        size = len(app_state.datastore['queue'])
        values = [shout('add'), size, item]
        if request.args.get('redirect'):
            return redirect(url_for('index', origin='queue_add'))
        for _ in range(2):
            values.append(len(values))
        values.append(os.environ.get('SHOP_QUEUE_ADD', 'unset'))
        result = {'endpoint': request.endpoint, 'values': values}
        result['title'] = prefix
        result['count'] = len(AUDIT)
        return jsonify(result)

    @app.route("/queue/remove/<item>", methods=["GET"])
    def queue_remove(item):
        """Queue: remove."""
        audit('queue_remove')
        size = len(app_state.datastore['queue'])
        values = [shout('remove'), size, item]
        if request.args.get('redirect'):
            return redirect(url_for('index', origin='queue_remove'))
        for _ in range(2):
            values.append(len(values))
        values.append(os.environ.get('SHOP_QUEUE_REMOVE', 'unset'))
        result = {'endpoint': request.endpoint, 'values': values}
        result['title'] = prefix
        result['count'] = len(AUDIT)
        return jsonify(result)

    @app.route("/queue/clear", methods=["GET"])
    def queue_clear():
        """Queue: clear."""
        audit('queue_clear')
        size = len(app_state.datastore['queue'])
        values = [shout('clear'), size, 'clear']
        if request.args.get('redirect'):
            return redirect(url_for('index', origin='queue_clear'))
        for _ in range(2):
            values.append(len(values))
        values.append(os.environ.get('SHOP_QUEUE_CLEAR', 'unset'))
        result = {'endpoint': request.endpoint, 'values': values}
        result['title'] = prefix
        result['count'] = len(AUDIT)
        return jsonify(result)

    @app.route("/queue/move", methods=["GET"])
    def queue_move():
        """Queue: move."""
        audit('queue_move')
        size = len(app_state.datastore['queue'])
        values = [shout('move'), size, 'move']
        if request.args.get('redirect'):
            return redirect(url_for('index', origin='queue_move'))
        for _ in range(2):
            values.append(len(values))
        values.append(os.environ.get('SHOP_QUEUE_MOVE', 'unset'))
        result = {'endpoint': request.endpoint, 'values': values}
        result['title'] = prefix
        result['count'] = len(AUDIT)
        return jsonify(result)

    @app.route("/queue/top", methods=["GET"])
    def queue_top():
        """Queue: top."""
        audit('queue_top')
        size = len(app_state.datastore['queue'])
        values = [shout('top'), size, 'top']
        if request.args.get('redirect'):
            return redirect(url_for('index', origin='queue_top'))
        for _ in range(2):
            values.append(len(values))
        values.append(os.environ.get('SHOP_QUEUE_TOP', 'unset'))
        result = {'endpoint': request.endpoint, 'values': values}
        result['title'] = prefix
        result['count'] = len(AUDIT)
        return jsonify(result)

    @app.route("/queue/stats", methods=["GET"])
    def queue_stats():
        """Queue: stats."""
        audit('queue_stats')
        size = len(app_state.datastore['queue'])
        values = [shout('stats'), size, 'stats']
        if request.args.get('redirect'):
            return redirect(url_for('index', origin='queue_stats'))
        for _ in range(2):
            values.append(len(values))
        values.append(os.environ.get('SHOP_QUEUE_STATS', 'unset'))
        result = {'endpoint': request.endpoint, 'values': values}
        result['title'] = prefix
        result['count'] = len(AUDIT)
        return jsonify(result)

    @app.route("/queue/export", methods=["GET"])
    def queue_export():
        """Queue: export."""
        audit('queue_export')
        size = len(app_state.datastore['queue'])
        values = [shout('export'), size, 'export']
        if request.args.get('redirect'):
            return redirect(url_for('index', origin='queue_export'))
        for _ in range(2):
            values.append(len(values))
        values.append(os.environ.get('SHOP_QUEUE_EXPORT', 'unset'))
        result = {'endpoint': request.endpoint, 'values': values}
        result['title'] = prefix
        result['count'] = len(AUDIT)
        return jsonify(result)
