"""The typed vocabulary: enums and signals read as their strings in documents and come back as
members (JSON and the marshalled cache rows)."""

from __future__ import annotations

import json
import marshal

import pytest

from nova_refactor.codec import from_jsonable, from_rows, to_jsonable, to_rows
from nova_refactor.model import (
    EntrypointFacts,
    LockRole,
    LockSite,
    Segment,
    SegmentKind,
    Signal,
    SignalKind,
)

SIGNALS = [
    (Signal(SignalKind.MAIN_GUARD), 'if __name__ == "__main__" guard'),
    (Signal(SignalKind.APP, "flask app `app` (line 3)"), "module-level flask app `app` (line 3)"),
    (Signal(SignalKind.SCRIPT), "[project.scripts] target"),
    (Signal(SignalKind.FILE_NAME, "app.py"), "file named app.py"),
    (Signal(SignalKind.FN_MAIN, "(#[tokio::main]) in src/main.rs"),
     "`fn main` (#[tokio::main]) in src/main.rs"),
]


@pytest.mark.parametrize(("signal", "text"), SIGNALS)
def test_a_signal_is_its_text_in_json_and_comes_back_typed(signal, text):
    facts = EntrypointFacts(signals=(signal,))
    document = json.dumps(to_jsonable(facts))
    assert json.loads(document)["signals"] == [text]
    assert from_jsonable(EntrypointFacts, json.loads(document)).signals == (signal,)


def test_text_that_is_no_signal_is_refused():
    with pytest.raises(ValueError, match="not an entrypoint signal"):
        Signal.from_json("looks important")


def test_only_a_top_level_name_is_weak():
    assert not Signal(SignalKind.FILE_NAME, "app.py").strong
    assert Signal(SignalKind.FILE_NAME, "__main__.py").strong
    assert Signal(SignalKind.FN_MAIN, "(plain) in src/main.rs").strong


def test_enum_fields_marshal_as_plain_strings_and_decode_to_members():
    site = LockSite("LOCK", "threading.Lock", LockRole.CONSTRUCTION, "app.py", 3)
    row = to_rows(site)
    assert type(row[2]) is str  # marshal refuses str subclasses
    back = from_rows(LockSite, marshal.loads(marshal.dumps(row)))
    assert back == site and back.role is LockRole.CONSTRUCTION
    segment = from_jsonable(Segment, to_jsonable(Segment(SegmentKind.ROUTES, 1, 2)))
    assert segment.kind is SegmentKind.ROUTES


def test_typed_call_keys_are_a_field_and_keep_their_json_form():
    from nova_refactor.model import CallFacts

    calls = CallFacts("Svc::a", (".save", "fn:f"), ("@Svc.repo::save", "fn:f"))
    assert to_jsonable(calls) == {"caller": "Svc::a",
                                  "callees": [".save", "fn:f", "~@Svc.repo::save", "~fn:f"]}
    assert from_jsonable(CallFacts, to_jsonable(calls)) == calls
    python = CallFacts("handler", ("svc.method", "helper"))  # as written: order kept
    assert to_jsonable(python)["callees"] == ["svc.method", "helper"]


def test_the_schema_allows_exactly_the_vocabulary():
    """The JSON Schema we ship names each word too: the two never drift apart."""
    import json
    from importlib import resources

    from nova_refactor.model import (
        Framework,
        ImportKind,
        Language,
        MountKind,
        RouterKind,
        Severity,
    )

    text = resources.files("nova_refactor").joinpath(
        "report/machine/schemas/analysis-1.schema.json").read_text(encoding="utf-8")
    defs = json.loads(text)["$defs"]

    def allowed(definition: str, field: str) -> set[str]:
        return set(defs[definition]["properties"][field]["enum"])

    assert allowed("diagnostic", "severity") == set(Severity)
    assert allowed("lock", "role") == set(LockRole)
    assert allowed("segment", "kind") == set(SegmentKind)
    assert allowed("file", "language") == set(Language)
    assert allowed("router", "kind") == set(RouterKind)
    assert allowed("mount", "kind") == set(MountKind)
    assert allowed("route", "framework") == allowed("route_decl", "framework") == set(Framework)
    assert allowed("import", "kind") | allowed("import_edge", "kind") == set(ImportKind)
