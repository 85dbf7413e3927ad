"""FastAPI app factories (the shape of LightRAG's server): closure routes on a local `app`
and on a module-level `APIRouter` become registration functions; FastAPI's own route table,
OpenAPI schema and the endpoints' answers are unchanged."""

from __future__ import annotations

from tests.codemods.harness import probe, split_case


def test_fastapi_factory_closure_routes_split_by_domain_and_keep_the_route_table(tmp_path):
    split = split_case(tmp_path, "fastapi_factory", entrypoint="server.py")
    written = {c.path: split.text(c.path) for c in split.proposal.changeset.changes}
    registers = {path: text for path, text in written.items() if "def register_" in text}
    assert len(registers) >= 4, sorted(written)
    # the module-level router is passed in like a local app: `documents` is a parameter
    assert any("def register_" in t and "(documents, " in t for t in registers.values())
    factory = written["routes.py"]
    assert "app.include_router(create_document_routes(store, api_key))" in factory
    # and the factory's own closures on its local app, with the dependency they capture
    assert any(line.strip().startswith("register_") and "(app, " in line
               and "combined_auth" in line for line in factory.splitlines())
    assert all(text.count("\n") < 500 for text in written.values()), {
        p: t.count("\n") for p, t in written.items()}
    assert written["server.py"].count("\n") <= 100
    before = probe(split.before)
    assert before.startswith("exit=0\nRoute /openapi.json") and "get_status {'query': ''" in before
    assert probe(split.after) == before
