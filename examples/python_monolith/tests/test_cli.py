"""Tests for the argparse CLI (``cli_main``) and configuration loading."""

from __future__ import annotations

import json
import signal
import sys
import threading

import pytest

import main


class FakeRun:
    """Stands in for ``app.run`` so no socket is ever opened."""

    def __init__(self) -> None:
        self.calls: list[dict] = []
        self.threads_during_run: list[str] = []

    def __call__(self, **kwargs) -> None:
        self.calls.append(kwargs)
        self.threads_during_run = sorted(
            t.name for t in threading.enumerate() if t.name.startswith("nova-")
        )


@pytest.fixture
def fake_run(monkeypatch) -> FakeRun:
    fake = FakeRun()
    monkeypatch.setattr(main.app, "run", fake)
    return fake


def test_help_exits_zero(capsys):
    assert main.cli_main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "usage: nova-app" in out
    for command in ("serve", "seed", "healthcheck", "routes", "stats"):
        assert command in out


@pytest.mark.parametrize("command", ["serve", "seed", "healthcheck", "routes", "stats"])
def test_subcommand_help(command, capsys):
    assert main.cli_main([command, "--help"]) == 0
    assert f"nova-app {command}" in capsys.readouterr().out


def test_version_flag(capsys):
    assert main.cli_main(["--version"]) == 0
    assert main.APP_VERSION in capsys.readouterr().out


def test_no_command_prints_help_and_returns_2(capsys):
    assert main.cli_main([]) == 2
    assert "usage:" in capsys.readouterr().out


def test_unknown_command_is_usage_error(capsys):
    assert main.cli_main(["explode"]) == 2
    assert "invalid choice" in capsys.readouterr().err


def test_routes_text(capsys):
    assert main.cli_main(["routes"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == f"{len(list(main.app.url_map.iter_rules()))} routes"
    assert any(
        line.startswith("/admin/stats") and "admin.stats" in line for line in out
    )


def test_routes_json(capsys):
    assert main.cli_main(["routes", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {
        "rule": "/api/v2/posts",
        "methods": ["GET"],
        "endpoint": "api_v2.list_posts",
    } in rows
    assert len([r for r in rows if r["endpoint"] != "static"]) >= 32


def test_healthcheck_ok(capsys):
    assert main.cli_main(["healthcheck"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["status"] == "ok"
    assert report["checks"] == {
        "storage": True,
        "cache": True,
        "not_in_maintenance": True,
    }


def test_healthcheck_fails_when_cache_down(monkeypatch, capsys):
    monkeypatch.setattr(main.cache, "healthy", False)
    assert main.cli_main(["healthcheck", "--pretty"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["status"] == "fail" and report["checks"]["cache"] is False


def test_healthcheck_fails_without_storage(monkeypatch, capsys):
    monkeypatch.setattr(main, "repo", None)
    assert main.cli_main(["healthcheck"]) == 1
    assert json.loads(capsys.readouterr().out)["checks"]["storage"] is False


def test_seed_populates_deterministically(capsys):
    assert main.cli_main(["seed", "--users", "4", "--posts-per-user", "2"]) == 0
    first = json.loads(capsys.readouterr().out)["seeded"]
    assert first["users"] == 4 and first["posts"] == 8
    assert main.user_service.find_by_username("demo_user_04") is not None
    assert (
        main.cli_main(["seed", "--users", "4", "--posts-per-user", "2", "--reset"]) == 0
    )
    second = json.loads(capsys.readouterr().out)["seeded"]
    assert second == first  # same seed, same data
    assert main.INDEX_QUEUE.qsize() == 8


def test_seed_is_idempotent_for_users(capsys):
    main.cli_main(["seed", "--users", "3", "--posts-per-user", "0"])
    main.cli_main(["seed", "--users", "3", "--posts-per-user", "0"])
    assert main.repo.count("users") == 3


@pytest.mark.parametrize("args", [["--users", "0"], ["--posts-per-user", "-1"]])
def test_seed_rejects_bad_counts(args, capsys):
    assert main.cli_main(["seed", *args]) == 2
    assert "error:" in capsys.readouterr().err


def test_stats(client, capsys):
    client.get("/health")
    assert main.cli_main(["stats"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["requests"] == 1 and stats["workers"] == []


def test_serve_without_workers(fake_run):
    sigterm_before = signal.getsignal(signal.SIGTERM)
    assert (
        main.cli_main(["serve", "--host", "0.0.0.0", "--port", "5055", "--no-workers"])
        == 0
    )
    assert fake_run.calls == [
        {
            "host": "0.0.0.0",
            "port": 5055,
            "debug": False,
            "use_reloader": False,
            "threaded": True,
        }
    ]
    assert fake_run.threads_during_run == []
    assert main._started_at is not None
    assert signal.getsignal(signal.SIGTERM) is sigterm_before  # handler restored


def test_serve_with_workers_starts_and_stops_them(fake_run, monkeypatch):
    monkeypatch.setattr(main, "WORKER_SHUTDOWN_TIMEOUT", 2.0)
    assert main.cli_main(["serve", "--port", "5056"]) == 0
    assert fake_run.threads_during_run == sorted(name for name, _ in main.WORKER_SPECS)
    assert main.BACKGROUND_WORKERS == []
    assert not any(t.name.startswith("nova-") for t in threading.enumerate())


def test_serve_rejects_bad_port(fake_run, capsys):
    assert main.cli_main(["serve", "--port", "70000"]) == 2
    assert fake_run.calls == []


def test_serve_delegates_to_run_server(monkeypatch):
    calls = []
    monkeypatch.setattr(main, "run_server", lambda *a, **kw: calls.append((a, kw)))
    assert main.cli_main(["serve", "--port", "6000", "--no-workers", "--debug"]) == 0
    assert calls == [((main.HOST, 6000), {"workers": False, "debug": True})]


def test_keyboard_interrupt_returns_130(monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(main, "run_server", interrupted)
    assert main.cli_main(["serve"]) == 130


def test_main_exits_with_cli_code(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["nova-app", "healthcheck"])
    with pytest.raises(SystemExit) as excinfo:
        main.main()
    assert excinfo.value.code == 0


def test_verbose_switches_log_level(monkeypatch):
    monkeypatch.setattr(main, "configure_logging", lambda level=None, fmt=None: level)
    seen = []
    # build_parser() looks cmd_stats up at call time, so the patch is honoured.
    monkeypatch.setattr(main, "cmd_stats", lambda args: seen.append(args.verbose) or 0)
    assert main.cli_main(["-v", "stats"]) == 0
    assert seen == [True]


# --------------------------------------------------------------------- config


def test_load_config_defaults():
    config = main.load_config({})
    assert config.port == 8080 and config.enable_streaming is True
    assert "secret_key" not in config.public_dict()


def test_load_config_overrides():
    config = main.load_config(
        {
            "NOVA_PORT": "9000",
            "NOVA_ENABLE_STREAMING": "off",
            "NOVA_LOG_FORMAT": "JSON",
            "NOVA_MAX_CONCURRENT_UPLOADS": "8",
        }
    )
    assert (config.port, config.enable_streaming, config.log_format) == (
        9000,
        False,
        "json",
    )
    assert config.max_concurrent_uploads == 8


@pytest.mark.parametrize(
    "env",
    [
        {"NOVA_PORT": "http"},
        {"NOVA_PORT": "0"},
        {"NOVA_LOG_FORMAT": "xml"},
        {"NOVA_DEFAULT_PAGE_SIZE": "500"},
        {"NOVA_MAX_CONCURRENT_UPLOADS": "0"},
    ],
)
def test_load_config_rejects_invalid(env):
    with pytest.raises(ValueError, match="invalid configuration"):
        main.load_config(env)


def test_json_log_formatter_includes_request_id(app):
    import logging

    formatter = main.JsonLogFormatter()
    record = logging.LogRecord(
        "nova", logging.INFO, __file__, 1, "hello %s", ("x",), None
    )
    with app.test_request_context():
        from flask import g

        g.request_id = "req-42"
        main.RequestIdFilter().filter(record)
    payload = json.loads(formatter.format(record))
    assert payload["message"] == "hello x" and payload["request_id"] == "req-42"
