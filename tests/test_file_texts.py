"""The files' JSON made as their facts come in (`FileTexts`) gives the document `json.dumps`
writes, byte for byte, also for files whose facts the assembly replaced."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from nova_refactor.analysis.run.pipeline import Options, analyze
from nova_refactor.report.machine.analysis_json import FileTexts, analysis_document, render_json

ROOT = Path(__file__).resolve().parents[1]


def _whole(analysis) -> str:
    return json.dumps(analysis_document(analysis)) + "\n"


def test_texts_made_while_parsing_give_the_same_document() -> None:
    for example in ("python_monolith", "rust_monolith"):
        files = FileTexts()
        analysis = analyze([ROOT / "examples" / example], Options(use_cache=False, jobs=1,
                                                                  on_facts=files.add))
        assert len(files.made) == len(analysis.files)
        # the assembly marks hot lock sites: those files' facts are new objects
        replaced = [f for f in analysis.files if files.made[f.path][0] is not f]
        assert replaced, f"{example}: no file replaced by the assembly, the test proves less"
        assert render_json(analysis, files=files) == _whole(analysis)
        assert render_json(analysis) == _whole(analysis)


def test_a_stale_text_is_never_used() -> None:
    analysis = analyze([ROOT / "examples" / "python_monolith"], Options(use_cache=False))
    files = FileTexts()
    for facts in analysis.files:
        files.add(dataclasses.replace(facts, size_bytes=facts.size_bytes + 1))  # other facts
    assert render_json(analysis, files=files) == _whole(analysis)


def test_an_empty_analysis() -> None:
    analysis = analyze([ROOT / "examples" / "python_monolith"], Options(use_cache=False))
    empty = dataclasses.replace(analysis, files=())
    assert render_json(empty, files=FileTexts()) == _whole(empty)
