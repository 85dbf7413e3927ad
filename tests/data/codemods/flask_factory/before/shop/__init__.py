"""A shop whose app factory defines every route as a closure, changedetection.io-style."""

import os

from flask import Flask, jsonify, redirect, request, url_for

app = Flask(__name__)
datastore = None
AUDIT = []


def shout(text):
    return str(text).upper()


def create_app(config=None, store=None):
    global datastore
    datastore = store if store is not None else {"queue": [], "files": {"a.mp4": 3}}
    settings = dict(config or {})
    prefix = settings.get("title", "shop")

    def audit(event):
        # used by two groups: stays in the factory and is passed to both
        AUDIT.append(f"{prefix}:{event}")

    @app.before_request
    def remember_path():
        AUDIT.append(request.path)

    @app.route("/")
    def index():
        return jsonify(title=prefix, queue=len(datastore["queue"]))

    @app.route("/queue", methods=["GET"])
    def queue_list():
        """Queue: list."""
        audit('queue_list')
        size = len(datastore['queue'])
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
        size = len(datastore['queue'])
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
        size = len(datastore['queue'])
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
        size = len(datastore['queue'])
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
        size = len(datastore['queue'])
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
        size = len(datastore['queue'])
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
        size = len(datastore['queue'])
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
        size = len(datastore['queue'])
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

    def file_size(name):
        # used by the files routes only: moves with them
        return datastore["files"].get(name, 0)

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

    @app.route("/admin/status", methods=["GET"])
    def admin_status():
        """Admin: status."""
        audit('admin_status')
        size = len(datastore['queue'])
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
        size = len(datastore['queue'])
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
        size = len(datastore['queue'])
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
        size = len(datastore['queue'])
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
        size = len(datastore['queue'])
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
        size = len(datastore['queue'])
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
        size = len(datastore['queue'])
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
        size = len(datastore['queue'])
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

    app.config["READY"] = True
    return app


def main():
    create_app({"title": "cli"}).run(port=int(os.environ.get("PORT", "5000")))


if __name__ == "__main__":
    main()
