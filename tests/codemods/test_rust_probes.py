"""Typed probes (`apply split-entrypoint --probe-types`): the compiler types the bindings our
index cannot (`HashMap::new()` typed by a later insert), read back from `cargo check
--message-format=json` on a throw-away copy; used only when the crate compiles, and only types
that can be written in a new module. `tests/data/codemods/rust_probes` is std-only, so its
check costs no dependency build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nova_refactor.codemods import runner
from nova_refactor.codemods.protocol import Proposal
from nova_refactor.codemods.registry import SplitOptions
from nova_refactor.codemods.rust import probes
from tests.cargo_helpers import cargo_env, has_cargo
from tests.helpers import propose

CASE = Path(__file__).resolve().parents[1] / "data" / "codemods" / "rust_probes"
needs_cargo = pytest.mark.skipif(not has_cargo(), reason="cargo is not installed")


def _copy(tmp_path: Path, monkeypatch) -> Path:
    for key, value in cargo_env().items():
        monkeypatch.setenv(key, value)
    crate = tmp_path / "tally-service"
    shutil.copytree(CASE, crate, ignore=shutil.ignore_patterns("target"))
    return crate


def _notes(proposal: Proposal) -> list[str]:
    return list(proposal.plan.notes)


def test_without_probes_the_untyped_state_stays_in_main(tmp_path, monkeypatch) -> None:
    proposal = propose("split-entrypoint", _copy(tmp_path, monkeypatch))
    assert "line 21: not moved: defines `tallies`, used later by main, whose type cannot be " \
        "inferred" in _notes(proposal)
    assert not any("typed probe" in note for note in _notes(proposal))


@needs_cargo
def test_the_compiler_types_what_the_index_cannot(tmp_path, monkeypatch) -> None:
    crate = _copy(tmp_path, monkeypatch)
    before = (crate / "src" / "main.rs").read_bytes()
    proposal = propose("split-entrypoint", crate, options=SplitOptions(probe_types=True))
    notes = _notes(proposal)
    # typed where every use has been seen: before the rebinding, not right after `new()`
    assert "line 21: `tallies` typed by the compiler (typed probe): `HashMap<String, u64>`" \
        in notes
    assert "line 24: `tallies` typed by the compiler (typed probe): " \
        "`Arc<Mutex<HashMap<String, u64>>>`" in notes
    # `collect()` typed only by the next statement's annotation: `_` at the probe, not taken
    assert "line 23: the compiler says `stop_words` is `_`, which cannot be written here as " \
        "it stands" in notes
    assert "line 27: `words_file` typed by the compiler (typed probe): `File`" in notes
    texts = {c.path: c.after.decode() for c in proposal.changeset.changes}
    assert "pub(crate) tallies: Arc<Mutex<HashMap<String, u64>>>," in texts["src/app_state.rs"]
    assert "pub(crate) words_rx: mpsc::Receiver<String>," in texts["src/app_state.rs"]
    assert (crate / "src" / "main.rs").read_bytes() == before  # probes only in the copy
    outcome = runner.write(proposal)
    assert outcome.compiled == "compiled: yes"


@needs_cargo
def test_no_probe_is_used_when_the_crate_does_not_compile(tmp_path, monkeypatch) -> None:
    crate = _copy(tmp_path, monkeypatch)
    main = crate / "src" / "main.rs"
    main.write_text(main.read_text().replace('println!("{}", banner);',
                                             'println!("{}", banner); let _: u8 = "x";'))
    proposal = propose("split-entrypoint", crate, options=SplitOptions(probe_types=True))
    assert "typed probes not used: the crate does not compile (mismatched types)" \
        in _notes(proposal)
    assert not any("typed by the compiler" in note for note in _notes(proposal))


def test_only_types_that_can_be_written_are_taken() -> None:
    known = {"HashMap", "Config", "redis"}
    assert probes._writable("HashMap<String, u64>", known)
    assert probes._writable("redis::aio::ConnectionManager", known)
    assert probes._writable("std::sync::Arc<Config>", known)
    assert not probes._writable("HashMap<_, _>", known)
    assert not probes._writable("{closure@src/main.rs:7:13}", known)
    assert not probes._writable("JoinHandle<()>", known)  # not imported by main.rs
    assert not probes._writable("impl Future<Output = ()>", known)


@needs_cargo
def test_a_type_printed_by_a_name_main_rs_does_not_import_is_asked_for_its_path(
        tmp_path, monkeypatch) -> None:
    """rustc prints `BTreeSet<usize>` (a unique name); main.rs does not import it, so a
    second check against a look-alike struct gives `std::collections::BTreeSet<usize>`."""
    for key, value in cargo_env().items():
        monkeypatch.setenv(key, value)
    (tmp_path / "src").mkdir()
    (tmp_path / "Cargo.toml").write_text('[package]\nname = "sizes"\nversion = "0.1.0"\n'
                                         'edition = "2021"\n')
    source = (b"fn main() {\n"
              b"    let mut sizes = std::collections::BTreeSet::new();\n"
              b"    sizes.insert(3usize);\n"
              b"    let map = std::collections::HashMap::<u8, u8>::new();\n"
              b"    println!(\"{:?} {:?}\", sizes, map);\n"
              b"}\n")
    (tmp_path / "src" / "main.rs").write_bytes(source)
    tail = source.rindex(b"}")
    wanted = [probes.Wanted((0, "sizes"), 2, tail), probes.Wanted((2, "map"), 4, tail)]
    found = probes.probe_types(tmp_path, "src/main.rs", source, wanted, {"HashMap"})
    assert found.types == {(0, "sizes"): "std::collections::BTreeSet<usize>",
                           (2, "map"): "HashMap<u8, u8>"}  # short, and `known` has it
    assert "line 2: `sizes` typed by the compiler (typed probe, `BTreeSet<usize>` by its " \
        "full path): `std::collections::BTreeSet<usize>`" in found.notes


def test_only_a_short_outer_name_is_asked_for_its_path() -> None:
    known = {"HashMap", "redis"}
    assert probes._short_outer("BTreeSet<usize>", known) == "BTreeSet"
    assert probes._short_outer("Client", known) == "Client"
    assert probes._short_outer("HashMap<String, u64>", known) == ""  # main.rs imports it
    assert probes._short_outer("Arc<Client>", known) == ""  # the inner name is short too
    assert probes._short_outer("std::sync::Arc<u8>", known) == ""  # a path already
    shadowed = probes._with_probes(b"fn main() {\n    let c = x();\n}\n",
                                   [probes.Wanted((0, "c"), 2, 27)], {(0, "c"): "Client"})[0]
    assert b"let _: &nova_refactor_shadow::Client = &c;" in shadowed
    assert shadowed.endswith(b"mod nova_refactor_shadow { pub struct Client; }\n")


def test_std_mpsc_channels_are_std_types(tmp_path, monkeypatch) -> None:
    proposal = propose("split-entrypoint", _copy(tmp_path, monkeypatch))
    placed = {p.start_line: p for p in proposal.plan.placements}
    assert placed[30].module == "app_state"  # `mpsc::channel::<String>()` of std, typed
    texts = {c.path: c.after.decode() for c in proposal.changeset.changes}
    assert "tokio" not in texts["src/app_state.rs"]


def test_the_compilers_word_replaces_a_convention(tmp_path, monkeypatch) -> None:
    """A binding typed by a documented convention is probed too; what the compiler says
    replaces the rule, and the plan no longer says the binding rests on it. (The cargo run is
    replaced here: this crate names a redis it does not depend on.)"""
    crate = tmp_path / "conv"
    (crate / "src").mkdir(parents=True)
    (crate / "Cargo.toml").write_text('[package]\nname = "conv"\nversion = "0.1.0"\n'
                                      'edition = "2021"\n')
    (crate / "src" / "main.rs").write_text(
        "fn main() {\n"
        "    let redis_client = redis::Client::open(\"redis://x\").expect(\"client\");\n"
        "    let manager = redis_client.get_connection().expect(\"connection\");\n"
        "    println!(\"{:?}\", manager);\n"
        "}\n")
    asked: list[tuple[int, str]] = []

    def compiler(root, entry, source, wanted, known):
        asked.extend(w.key for w in wanted)
        found = probes.Probed()
        found.types[wanted[-1].key] = "redis::Connection"
        found.notes.append("line 3: `manager` typed by the compiler (typed probe)")
        found.notes.append("line 2: the compiler says `redis_client` is `Client`, which "
                           "cannot be written here as it stands")
        found.said.update({wanted[0].key: "Client", wanted[-1].key: "redis::Connection"})
        return found

    monkeypatch.setattr(probes, "probe_types", compiler)
    notes = propose("split-entrypoint", crate,
                           options=SplitOptions(probe_types=True)).plan.notes
    assert [name for _, name in asked] == ["redis_client", "manager"]
    assert "line 3: `manager` typed by the compiler (typed probe)" in notes
    assert not any(n.startswith("line 3: `manager` typed by convention") for n in notes)
    assert any(n.startswith("line 2: `redis_client` typed by convention") for n in notes)
    # printed too briefly to be written, but the same type: the convention is confirmed
    assert "line 2: `redis_client`: the compiler confirms the convention (`Client` is " \
        "`redis::Client`)" in notes
    assert not any(n.startswith("line 2: the compiler says") for n in notes)  # said once


def test_probes_go_before_mains_tail_whatever_its_kind() -> None:
    """Nova's `main` ends with a bare `result`: a probe after it is a syntax error."""
    from nova_refactor.codemods.rust.propose import _tail_position
    from nova_refactor.frontends.rust.syntax import parse

    for source, before in ((b"fn main() { let a = 1; result }", b"result }"),
                           (b"fn main() { let a = 1; Ok(()) }", b"Ok(()) }"),
                           (b"fn main() { server.await }", b"server.await }"),
                           (b"fn main() { let a = 1; a; }", b"}")):
        body = parse(source).root_node.named_children[0].child_by_field_name("body")
        assert source[_tail_position(body):] == before
