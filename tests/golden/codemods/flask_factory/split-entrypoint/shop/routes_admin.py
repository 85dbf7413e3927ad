"""Routes registered by register_admin(), lifted out of an app factory.

Split out of `shop/__init__.py` by nova-refactor (split-entrypoint).
"""

import os

from flask import jsonify, redirect, request, url_for

from . import app_state
from .app_state import AUDIT
from .routes import shout


def register_admin(app, audit, prefix):
    """Routes of `create_app()`, mostly /admin, registered where the factory defined them."""

    @app.route("/admin/status", methods=["GET"])
    def admin_status():
        """Admin: status."""
        audit('admin_status')
        size = len(app_state.datastore['queue'])
        values = [shout('status'), size, 'status']
        if request.args.get('redirect'):
            return redirect(url_for('index', origin='admin_status'))
        for _ in range(2):
            values.append(len(values))
        values.append(os.environ.get('SHOP_ADMIN_STATUS', 'unset'))
        result = {'endpoint': request.endpoint, 'values': values}
        result['title'] = prefix
        result['count'] = len(AUDIT)
        return jsonify(result)

    @app.route("/admin/reset", methods=["GET"])
    def admin_reset():
        """Admin: reset."""
        audit('admin_reset')
        size = len(app_state.datastore['queue'])
        values = [shout('reset'), size, 'reset']
        if request.args.get('redirect'):
            return redirect(url_for('index', origin='admin_reset'))
        for _ in range(2):
            values.append(len(values))
        values.append(os.environ.get('SHOP_ADMIN_RESET', 'unset'))
        result = {'endpoint': request.endpoint, 'values': values}
        result['title'] = prefix
        result['count'] = len(AUDIT)
        return jsonify(result)

    @app.route("/admin/config", methods=["GET"])
    def admin_config():
        """Admin: config."""
        audit('admin_config')
        size = len(app_state.datastore['queue'])
        values = [shout('config'), size, 'config']
        if request.args.get('redirect'):
            return redirect(url_for('index', origin='admin_config'))
        for _ in range(2):
            values.append(len(values))
        values.append(os.environ.get('SHOP_ADMIN_CONFIG', 'unset'))
        result = {'endpoint': request.endpoint, 'values': values}
        result['title'] = prefix
        result['count'] = len(AUDIT)
        return jsonify(result)

    @app.route("/admin/users", methods=["GET"])
    def admin_users():
        """Admin: users."""
        audit('admin_users')
        size = len(app_state.datastore['queue'])
        values = [shout('users'), size, 'users']
        if request.args.get('redirect'):
            return redirect(url_for('index', origin='admin_users'))
        for _ in range(2):
            values.append(len(values))
        values.append(os.environ.get('SHOP_ADMIN_USERS', 'unset'))
        result = {'endpoint': request.endpoint, 'values': values}
        result['title'] = prefix
        result['count'] = len(AUDIT)
        return jsonify(result)

    @app.route("/admin/logs", methods=["GET"])
    def admin_logs():
        """Admin: logs."""
        audit('admin_logs')
        size = len(app_state.datastore['queue'])
        values = [shout('logs'), size, 'logs']
        if request.args.get('redirect'):
            return redirect(url_for('index', origin='admin_logs'))
        for _ in range(2):
            values.append(len(values))
        values.append(os.environ.get('SHOP_ADMIN_LOGS', 'unset'))
        result = {'endpoint': request.endpoint, 'values': values}
        result['title'] = prefix
        result['count'] = len(AUDIT)
        return jsonify(result)

    @app.route("/admin/backup", methods=["GET"])
    def admin_backup():
        """Admin: backup."""
        audit('admin_backup')
        size = len(app_state.datastore['queue'])
        values = [shout('backup'), size, 'backup']
        if request.args.get('redirect'):
            return redirect(url_for('index', origin='admin_backup'))
        for _ in range(2):
            values.append(len(values))
        values.append(os.environ.get('SHOP_ADMIN_BACKUP', 'unset'))
        result = {'endpoint': request.endpoint, 'values': values}
        result['title'] = prefix
        result['count'] = len(AUDIT)
        return jsonify(result)

    @app.route("/admin/restore", methods=["GET"])
    def admin_restore():
        """Admin: restore."""
        audit('admin_restore')
        size = len(app_state.datastore['queue'])
        values = [shout('restore'), size, 'restore']
        if request.args.get('redirect'):
            return redirect(url_for('index', origin='admin_restore'))
        for _ in range(2):
            values.append(len(values))
        values.append(os.environ.get('SHOP_ADMIN_RESTORE', 'unset'))
        result = {'endpoint': request.endpoint, 'values': values}
        result['title'] = prefix
        result['count'] = len(AUDIT)
        return jsonify(result)

    @app.route("/admin/ping", methods=["GET"])
    def admin_ping():
        """Admin: ping."""
        audit('admin_ping')
        size = len(app_state.datastore['queue'])
        values = [shout('ping'), size, 'ping']
        if request.args.get('redirect'):
            return redirect(url_for('index', origin='admin_ping'))
        for _ in range(2):
            values.append(len(values))
        values.append(os.environ.get('SHOP_ADMIN_PING', 'unset'))
        result = {'endpoint': request.endpoint, 'values': values}
        result['title'] = prefix
        result['count'] = len(AUDIT)
        return jsonify(result)
