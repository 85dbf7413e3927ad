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
