"""The narrowest `pub`: the definitions rustc's privacy errors point at, and their widening."""

from __future__ import annotations

import json
from pathlib import Path

from nova_refactor.codemods.extract.rust_visibility import privacy_sites, widen_line


def _message(code: str, text: str, spans: list[dict[str, object]],
             children: list[dict[str, object]] = ()) -> str:
    return json.dumps({"reason": "compiler-message", "message": {
        "level": "error", "code": {"code": code}, "message": text, "spans": spans,
        "children": list(children)}})


def _span(file: str, line: int, primary: bool) -> dict[str, object]:
    return {"file_name": file, "line_start": line, "is_primary": primary}


def test_the_definition_span_of_a_private_method_or_item_is_widened(tmp_path: Path) -> None:
    ours = "services/s/src/streams.rs"
    (tmp_path / "services/s/src").mkdir(parents=True)
    (tmp_path / ours).write_text("pub struct S {\n    pub(crate) n: u64,\n}\n")
    stdout = "\n".join([
        "not json: a build script's line",
        _message("E0624", "method `heartbeat` is private",  # secondary span: the definition
                 [_span("src/main.rs", 108, True), _span(ours, 57, False)]),
        _message("E0603", "struct `StreamState` is private", [_span("src/main.rs", 3, True)],
                 [{"message": "the struct `StreamState` is defined here",
                   "spans": [_span(ours, 9, False)]}]),
        _message("E0616", "field `n` of struct `S` is private", [_span("src/main.rs", 9, True)]),
        _message("E0433", "failed to resolve", [_span(ours, 2, False)]),  # not privacy
    ])
    sites = privacy_sites(stdout, tmp_path, tmp_path, {ours})
    assert [(s.path, s.line) for s in sites] == [(ours, 2), (ours, 9), (ours, 57)]
    # a definition outside the moved files (the monolith's own) is never touched
    assert privacy_sites(stdout, tmp_path, tmp_path, {"other.rs"}) == []


def test_widen_line_makes_exactly_the_item_pub() -> None:
    assert widen_line("    pub(crate) async fn heartbeat(&self) {") == \
        "    pub async fn heartbeat(&self) {"
    assert widen_line("pub(super) struct State {") == "pub struct State {"
    assert widen_line("    fn count(&self) -> usize {") == "    pub fn count(&self) -> usize {"
    assert widen_line("    n: u64,") == "    pub n: u64,"
    assert widen_line("    pub fn already(&self) {}") == "    pub fn already(&self) {}"
    assert widen_line("    let x = 1;") == "    let x = 1;"  # not an item: left alone
