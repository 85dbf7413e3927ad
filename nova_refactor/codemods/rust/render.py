"""Render a Rust slicing into file texts: the new modules (functions, structs, `use` lists
pruned to what their code names) and the new `main.rs` (calls in place of the moved
statements, `mod` declarations added, unused `use` items removed). Moved code is copied byte
for byte, comments included; only `return x` becomes `return Some(x)` in an early exit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from tree_sitter import Node

from nova_refactor.codemods.rust import uses
from nova_refactor.codemods.rust.crate_index import Scope
from nova_refactor.codemods.rust.planner import Extraction, Param
from nova_refactor.codemods.rust.targets import ModuleNames
from nova_refactor.codemods.rust.types import is_clone, shorten, split_generic
from nova_refactor.codemods.split_modules import ALL_MODULES, RUST_DOCS
from nova_refactor.frontends.rust.syntax import parse, text, walk

ORDER = ALL_MODULES  # the split modules, lowest layer first (codemods/split_modules.py)
TITLES = RUST_DOCS
MORE = {"background": "\n//! The handles go back to main, whose shutdown sequence stops and "
                      "awaits them."}
OPAQUE = ("closure_expression", "async_block", "function_item")


class Renderer:
    def __init__(self, source: bytes, scope: Scope, main_returns: str, crate_clone: set[str],
                 entry: str, codemod: str = "split-entrypoint",
                 names: ModuleNames | None = None) -> None:
        self.source = source
        self.scope = scope
        self.main_returns = main_returns
        self.crate_clone = crate_clone
        self.entry = entry
        self.codemod = codemod
        self.names = names or ModuleNames()  # role -> the module name written (`http_routes`)

    def short(self, written: str) -> str:
        """As main.rs names it; items of the crate root by their name (imported below)."""
        shortened = shorten(written, self.scope.imports)
        return re.sub(r"\bcrate::(\w+)\b(?!::)",
                      lambda m: m[1] if m[1] in self.scope.items else m[0], shortened)

    # ----- functions -----------------------------------------------------------------------

    def function(self, ex: Extraction) -> str:
        params = ", ".join(self._param(p) for p in ex.params)
        body = self._body(ex)
        head = f"pub(crate) {'async ' if ex.is_async else ''}fn {ex.function}({params})"
        returns = self._return_type(ex)
        signature = head + (f" -> {returns}" if returns else "")
        if not ex.struct:
            return f"{signature} {{\n    {body}\n}}\n"
        derive = "#[derive(Clone)]\n" if all(is_clone(t, self.crate_clone)
                                             for _, t, _ in ex.returns) else ""
        fields = "".join(f"    pub(crate) {n}: {self.short(t)},\n" for n, t, _ in ex.returns)
        method = "\n".join("    " + line if line else line
                           for line in f"{signature} {{\n    {body}\n}}".split("\n"))
        return (f"{derive}pub(crate) struct {ex.struct} {{\n{fields}}}\n\n"
                f"impl {ex.struct} {{\n{method}\n}}\n")

    def _param(self, param: Param) -> str:
        written = self.short(param.type)
        if param.by_value:
            return f"{'mut ' if param.mutable else ''}{param.name}: {written}"
        return f"{param.name}: &{written}"

    def _value_type(self, ex: Extraction) -> str:
        if ex.struct:
            return "Self"
        if len(ex.returns) == 1:
            return self.short(ex.returns[0][1])
        return "(" + ", ".join(self.short(t) for _, t, _ in ex.returns) + ")"

    def _return_type(self, ex: Extraction) -> str:
        if ex.early_exit:
            return f"Option<{self.main_returns or '()'}>"
        value = self._value_type(ex) if ex.returns else "()"
        if ex.fallible:
            head, args = split_generic(self.main_returns)
            return f"{head}<{', '.join([value, *args[1:]])}>"
        return "" if value == "()" else value

    def _body(self, ex: Extraction) -> str:
        start, end = ex.stmts[0].start, ex.stmts[-1].end
        code = self._early_exits(ex, start, end) if ex.early_exit else \
            self.source[start:end].decode("utf-8")
        tail = self._tail(ex)
        return ex.prelude + code + (f"\n    {tail}" if tail else "")

    def _tail(self, ex: Extraction) -> str:
        if ex.early_exit:
            return "None"
        names = [n for n, _, _ in ex.returns]
        if ex.struct:
            value = f"Self {{ {', '.join(names)} }}"
        elif len(names) == 1:
            value = names[0]
        elif names:
            value = f"({', '.join(names)})"
        else:
            value = "()" if ex.fallible else ""
        return f"Ok({value})" if ex.fallible else value

    def _early_exits(self, ex: Extraction, start: int, end: int) -> str:
        edits = []
        for stmt in ex.stmts:
            for node in _own(stmt.node, "return_expression"):
                value = node.named_children[0] if node.named_children else None
                inner = text(value) if value is not None else "()"
                edits.append((node.start_byte, node.end_byte, f"return Some({inner})"))
        return splice(self.source[start:end], edits, start)

    # ----- call sites in main ----------------------------------------------------------------

    def call(self, ex: Extraction) -> str:
        args = ", ".join(p.name if p.by_value else f"&{p.name}" for p in ex.params)
        module = self.names[ex.module]
        target = "::".join(filter(None, (module, ex.struct, ex.function)))
        expr = f"{target}({args})" + (".await" if ex.is_async else "") + \
            ("?" if ex.fallible else "")
        if ex.early_exit:
            return f"if let Some(exit) = {expr} {{\n        return exit;\n    }}"
        names = [("mut " if m else "") + n for n, _, m in ex.returns]
        if not names:
            return expr + ";"
        return f"let {self._pattern(ex, names)} = {expr};"

    def _pattern(self, ex: Extraction, names: list[str]) -> str:
        if ex.struct:
            return f"{self.names[ex.module]}::{ex.struct} {{ {', '.join(names)} }}"
        return names[0] if len(names) == 1 else f"({', '.join(names)})"

    # ----- modules ---------------------------------------------------------------------------

    def module(self, name: str, items: list[str]) -> str:
        code = "\n".join(items)
        imports = self.imports_for(code)
        more = MORE.get(name, "")
        header = (f"//! {TITLES[name]}{more}\n//!\n//! Extracted from `fn main` in {self.entry} "
                  f"by `nova-refactor apply {self.codemod}`.\n\n")
        return header + ("\n".join(imports) + "\n\n" if imports else "") + code

    def imports_for(self, code: str) -> list[str]:
        """The `use` leaves of main.rs the code may need, written for a child module: those it
        names, and, when unsure, those main never names (traits, whose methods are called
        without naming them; globs). The compiler prunes the extra ones when it can run."""
        tree = parse(code.encode("utf-8"))
        names = uses.used_names(tree.root_node) | uses.traits_needed(code)
        own = uses.defined_names(tree.root_node)
        heads = path_heads(tree.root_node)
        main_tree = parse(self.source)
        declarations = uses.declarations(main_tree.root_node)
        named_in_main = uses.used_names(main_tree.root_node, declarations)
        lines = []
        bound: set[str] = set()
        for declaration in declarations:
            kept = [self._crate_relative(leaf) for leaf in uses.leaves(declaration,
                                                                       self.scope.module)
                    if leaf.name not in own and self._needed(leaf, names, named_in_main)]
            bound |= {leaf.name for leaf in kept}
            if kept:
                lines.append(uses.attributes(declaration) + uses.render_tree(kept))
        # a `macro_rules!` of main.rs reaches the modules declared below it, not by a path
        macros = {text(n.child_by_field_name("name")) for n in main_tree.root_node.named_children
                  if n.type == "macro_definition"}
        local = (self.scope.modules & heads) | (self.scope.items - {"main"} - macros) & names
        lines += [f"use crate::{name};" for name in sorted(local - bound - own)]
        return lines

    def _needed(self, leaf: uses.Leaf, names: set[str], named_in_main: set[str]) -> bool:
        if uses.binds_no_name(leaf):
            return True  # what a glob brings (traits, macros) is not known here: keep it
        if leaf.name in names:
            return True
        return leaf.name not in named_in_main and uses.may_be_trait(leaf.name)

    def _crate_relative(self, leaf: uses.Leaf) -> uses.Leaf:
        """`use handlers::x;` in the crate root names the root's `handlers`; a child module
        must write `crate::handlers::x`."""
        head = leaf.path.split("::")[0]
        if head in self.scope.modules or head in self.scope.items:
            return uses.Leaf(f"{self.scope.module}::{leaf.path}", leaf.name)
        return leaf


def path_heads(root: Node) -> set[str]:
    heads = set()
    for node in walk(root):
        if node.type in ("scoped_identifier", "scoped_type_identifier") and \
                node.child_by_field_name("path") is not None:
            path = node.child_by_field_name("path")
            while path is not None and path.type in ("scoped_identifier",):
                path = path.child_by_field_name("path")
            if path is not None and path.type == "identifier":
                heads.add(text(path))
    return heads


def _own(node: Node, kind: str) -> Iterable[Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == kind:
            yield current
        stack.extend(c for c in current.children if c.type not in OPAQUE)


def splice(data: bytes, edits: list[tuple[int, int, str]], offset: int = 0) -> str:
    """Apply (start, end, replacement) edits given in absolute bytes to `data` at `offset`."""
    out = data
    for start, end, replacement in sorted(edits, reverse=True):
        out = out[: start - offset] + replacement.encode("utf-8") + out[end - offset:]
    return out.decode("utf-8")


def main_text(source: bytes, calls: list[tuple[int, int, str]], modules: list[str],
              scope: Scope, extra: Sequence[tuple[int, int, str]] = ()) -> str:
    """main.rs with the moved code replaced by calls, `mod`s added (`modules`, as written,
    in layer order) and `use`s pruned."""
    edited = splice(source, [*calls, *extra]).encode("utf-8")
    original = parse(source).root_node
    before = uses.used_names(original, uses.declarations(original))
    root = parse(edited).root_node
    edits = _pruned_uses(edited, root, scope, before) + _added_mods(root, modules)
    return re.sub(r"\n{3,}", "\n\n", splice(edited, edits))


def _pruned_uses(edited: bytes, root: Node, scope: Scope, before: set[str]
                 ) -> list[tuple[int, int, str]]:
    """Drop the leaves whose every use moved out: named in main before, named no more. A leaf
    main never named (a trait, a macro it may need) stays; the compiler prunes it if unused."""
    declarations = uses.declarations(root)
    names = uses.used_names(root, declarations)
    edits = []
    for declaration in declarations:
        all_leaves = uses.leaves(declaration, scope.module)
        kept = [leaf for leaf in all_leaves if leaf.name in names or uses.binds_no_name(leaf) or
                leaf.name not in before and uses.may_be_trait(leaf.name)]
        if len(kept) == len(all_leaves):
            continue
        end = declaration.end_byte + (edited[declaration.end_byte:][:1] == b"\n")
        edits.append((declaration.start_byte, end,
                      uses.render_tree(kept) + "\n" if kept else ""))
    return edits


def _added_mods(root: Node, modules: list[str]) -> list[tuple[int, int, str]]:
    items = [n for n in root.named_children if n.type == "mod_item"]
    existing = {text(n.child_by_field_name("name")) for n in items}
    added = "".join(f"\nmod {m};" for m in modules if m not in existing)
    if not added:
        return []
    anchor = _last_mod_or_macro(root)
    if anchor is not None:
        return [(anchor.end_byte, anchor.end_byte, added)]
    at = _first_item(root)
    return [(at, at, added.lstrip("\n") + "\n\n")]


def _last_mod_or_macro(root: Node) -> Node | None:
    """The new `mod`s go after the last `mod` and after the file's own `macro_rules!`: a
    macro is only visible to the modules declared below its definition."""
    anchors = [n for n in root.named_children if is_mod_anchor(n)]
    return max(anchors, key=lambda n: n.end_byte) if anchors else None


def is_mod_anchor(node: Node) -> bool:
    """`mod x;` or `macro_rules!`; not an inline `mod tests { .. }` (often last in the file)."""
    return node.type == "macro_definition" or \
        node.type == "mod_item" and node.child_by_field_name("body") is None


def _first_item(root: Node) -> int:
    """Where the first item starts, after the crate's inner doc comments and attributes."""
    for node in root.named_children:
        header = node.type == "inner_attribute_item" or text(node).startswith(("//!", "/*!"))
        if not header:
            return node.start_byte
    return root.end_byte
