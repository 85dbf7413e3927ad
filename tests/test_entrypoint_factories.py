"""An app built by the module's own factory and bound at module level makes an entrypoint
(nsidnev/fastapi-realworld-example-app's `app/main.py`: `app = get_application()`)."""

from __future__ import annotations

from pathlib import Path

from nova_refactor.analysis.run.pipeline import Options, analyze

DATA = Path(__file__).parent / "data" / "routes"


def test_module_level_app_from_the_modules_own_factory_is_an_entrypoint() -> None:
    result = analyze([DATA / "settings_factory"], Options(use_cache=False))
    (entry,) = result.entrypoints
    assert entry.path == "app/main.py"
    assert [s.render() for s in entry.signals if s.strong] == [
        "module-level fastapi app `app` built by get_application() (line 16)"]


def test_a_module_level_call_of_a_function_returning_no_app_is_no_entrypoint(
        tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "service.py").write_text(
        "from fastapi import APIRouter\n\n\ndef make_router():\n    router = APIRouter()\n"
        "    return router\n\n\nrouter = make_router()\n", encoding="utf-8")
    assert analyze([tmp_path], Options(use_cache=False)).entrypoints == ()


FACTORY = Path(__file__).parent / "data" / "entrypoints" / "app_factory"


def test_a_package_app_factory_called_only_by_other_modules_is_the_entrypoint_to_split() -> None:
    """CTFd's shape: `create_app` in `CTFd/__init__.py` builds the app, `serve.py`/`wsgi.py`
    call it; `populate.py`, a longer data script, was the one a split was about."""
    from nova_refactor.codemods import runner
    from nova_refactor.planning.entry_phase import entry_phase

    result = analyze([FACTORY], Options(use_cache=False))
    entries = {e.path: e for e in result.entrypoints}
    factory = entries["shop/__init__.py"]
    assert [s.render() for s in factory.signals] == [
        "module-level flask app factory create_app() (line 22)"]
    assert [(s.kind, s.start_line) for s in factory.segments][-1] == ("routes", 22)
    assert entries["populate.py"].lines > factory.lines  # the larger one is not the server
    assert [s.render() for s in entries["serve.py"].signals] == [
        "module-level app `app` from imported create_app() (line 9), run at line 10"]
    proposal = runner.propose_on("split-entrypoint", FACTORY, result)
    assert proposal.plan.entrypoint == "shop/__init__.py"
    phase = entry_phase(result, FACTORY, None)
    assert phase is not None and phase.entrypoint == "shop/__init__.py"


def test_an_app_factory_called_in_its_own_module_is_said_once() -> None:
    result = analyze([DATA / "settings_factory"], Options(use_cache=False))
    (entry,) = result.entrypoints
    assert not any("app factory" in s.render() for s in entry.signals)


def test_the_plan_and_a_comparison_measure_the_entrypoint_phase_1_splits() -> None:
    """The plan's "Entrypoint lines" row and `compare`'s metric read the same entrypoint as
    Phase 1 (CTFd's plan showed `populate.py`, 498 lines, while Phase 1 split the factory)."""
    from nova_refactor.analysis.history.compare import _entrypoint
    from nova_refactor.config import load_config
    from nova_refactor.gate.rules import CATALOG
    from nova_refactor.planning.metrics import metrics

    result = analyze([FACTORY], Options(use_cache=False))
    factory = next(e for e in result.entrypoints if e.path == "shop/__init__.py")
    rows = {row.metric: row for row in metrics(result, load_config(FACTORY, CATALOG), None)}
    assert (rows["Entrypoint lines"].now, rows["Entrypoint lines"].where) == (
        str(factory.lines), "shop/__init__.py:1")
    assert _entrypoint(result) == (factory.lines, "shop/__init__.py")
