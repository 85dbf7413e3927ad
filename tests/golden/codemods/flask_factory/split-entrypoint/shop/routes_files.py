"""Routes registered by register_files(), lifted out of an app factory.

Split out of `shop/__init__.py` by nova-refactor (split-entrypoint).
"""

import os

from flask import jsonify, redirect, request, url_for

from . import app_state
from .app_state import AUDIT
from .routes import shout


def register_files(app, prefix):
    """Routes of `create_app()`, mostly /files, registered where the factory defined them."""

    def file_size(name):
        # used by the files routes only: moves with them
        return app_state.datastore["files"].get(name, 0)

    @app.route("/files", methods=["GET"])
    def files_list():
        """Files: list."""
        size = file_size('a.mp4')
        values = [shout('list'), size, 'list']
        if request.args.get('redirect'):
            return redirect(url_for('index', origin='files_list'))
        for _ in range(2):
            values.append(len(values))
        values.append(os.environ.get('SHOP_FILES_LIST', 'unset'))
        result = {'endpoint': request.endpoint, 'values': values}
        result['title'] = prefix
        result['count'] = len(AUDIT)
        return jsonify(result)

    @app.route("/files/show/<item>", methods=["GET"])
    def files_show(item):
        """Files: show."""
        size = file_size(item)
        values = [shout('show'), size, item]
        if request.args.get('redirect'):
            return redirect(url_for('index', origin='files_show'))
        for _ in range(2):
            values.append(len(values))
        values.append(os.environ.get('SHOP_FILES_SHOW', 'unset'))
        result = {'endpoint': request.endpoint, 'values': values}
        result['title'] = prefix
        result['count'] = len(AUDIT)
        return jsonify(result)

    @app.route("/files/rename/<item>", methods=["GET"])
    def files_rename(item):
        """Files: rename."""
        size = file_size(item)
        values = [shout('rename'), size, item]
        if request.args.get('redirect'):
            return redirect(url_for('index', origin='files_rename'))
        for _ in range(2):
            values.append(len(values))
        values.append(os.environ.get('SHOP_FILES_RENAME', 'unset'))
        result = {'endpoint': request.endpoint, 'values': values}
        result['title'] = prefix
        result['count'] = len(AUDIT)
        return jsonify(result)

    @app.route("/files/delete/<item>", methods=["GET"])
    def files_delete(item):
        """Files: delete."""
        size = file_size(item)
        values = [shout('delete'), size, item]
        if request.args.get('redirect'):
            return redirect(url_for('index', origin='files_delete'))
        for _ in range(2):
            values.append(len(values))
        values.append(os.environ.get('SHOP_FILES_DELETE', 'unset'))
        result = {'endpoint': request.endpoint, 'values': values}
        result['title'] = prefix
        result['count'] = len(AUDIT)
        return jsonify(result)

    @app.route("/files/scan", methods=["GET"])
    def files_scan():
        """Files: scan."""
        size = file_size('a.mp4')
        values = [shout('scan'), size, 'scan']
        if request.args.get('redirect'):
            return redirect(url_for('index', origin='files_scan'))
        for _ in range(2):
            values.append(len(values))
        values.append(os.environ.get('SHOP_FILES_SCAN', 'unset'))
        result = {'endpoint': request.endpoint, 'values': values}
        result['title'] = prefix
        result['count'] = len(AUDIT)
        return jsonify(result)

    @app.route("/files/sizes", methods=["GET"])
    def files_sizes():
        """Files: sizes."""
        size = file_size('a.mp4')
        values = [shout('sizes'), size, 'sizes']
        if request.args.get('redirect'):
            return redirect(url_for('index', origin='files_sizes'))
        for _ in range(2):
            values.append(len(values))
        values.append(os.environ.get('SHOP_FILES_SIZES', 'unset'))
        result = {'endpoint': request.endpoint, 'values': values}
        result['title'] = prefix
        result['count'] = len(AUDIT)
        return jsonify(result)

    @app.route("/files/search", methods=["GET"])
    def files_search():
        """Files: search."""
        size = file_size('a.mp4')
        values = [shout('search'), size, 'search']
        if request.args.get('redirect'):
            return redirect(url_for('index', origin='files_search'))
        for _ in range(2):
            values.append(len(values))
        values.append(os.environ.get('SHOP_FILES_SEARCH', 'unset'))
        result = {'endpoint': request.endpoint, 'values': values}
        result['title'] = prefix
        result['count'] = len(AUDIT)
        return jsonify(result)

    @app.route("/files/export", methods=["GET"])
    def files_export():
        """Files: export."""
        size = file_size('a.mp4')
        values = [shout('export'), size, 'export']
        if request.args.get('redirect'):
            return redirect(url_for('index', origin='files_export'))
        for _ in range(2):
            values.append(len(values))
        values.append(os.environ.get('SHOP_FILES_EXPORT', 'unset'))
        result = {'endpoint': request.endpoint, 'values': values}
        result['title'] = prefix
        result['count'] = len(AUDIT)
        return jsonify(result)
