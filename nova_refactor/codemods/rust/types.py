"""Written Rust types as strings: split `Head<A, B>`, unwrap `Result`/`Option`, shorten a
qualified path back to the names a file imports."""

from __future__ import annotations

from collections.abc import Mapping

WRAPPERS = frozenset({"Arc", "Rc", "Mutex", "RwLock", "RefCell", "Cell", "Box", "Data"})
CLONE_HEADS = frozenset({"Arc", "Rc", "Data", "String", "Sender", "Receiver", "JoinSet",
                         "Duration", "Instant", "PathBuf", "Vec", "Option"})
NOT_CLONE = frozenset({"tokio::sync::watch::Sender", "std::sync::mpsc::Receiver",
                       "tokio::sync::mpsc::Receiver", "tokio::sync::mpsc::UnboundedReceiver",
                       "tokio::sync::oneshot::Sender", "tokio::sync::oneshot::Receiver",
                       "tokio::sync::broadcast::Receiver"})
COPY = frozenset({"bool", "char", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16",
                  "i32", "i64", "i128", "isize", "f32", "f64", "()"})
FUTURE = "@async "  # marks the type of an un-awaited call of an `async fn`
# marks a `Result<T, E>` whose `E` is unknown (a convention said it is fallible): `?`,
# `.expect(..)` yield `T`; the Result itself is never written down
FALLIBLE = "@fallible "


def split_generic(written: str) -> tuple[str, list[str]]:
    """`a::Result<T, E<F>>` -> (`a::Result`, [`T`, `E<F>`]); no generics -> (written, [])."""
    written = written.strip()
    if "<" not in written or not written.endswith(">"):
        return written, []
    head, _, rest = written.partition("<")
    args, depth, current = [], 0, ""
    for char in rest[:-1]:
        if char in "<([":
            depth += 1
        elif char in ">)]":
            depth -= 1
        if char == "," and depth == 0:
            args.append(current.strip())
            current = ""
        else:
            current += char
    if current.strip():
        args.append(current.strip())
    return head.strip(), args


def last(path: str) -> str:
    return path.rpartition("::")[2]


def unwrap(written: str | None) -> str | None:
    """What `?`, `.unwrap()` or `.expect(..)` yield from a `Result`/`Option` type."""
    if written is None:
        return None
    if written.startswith(FALLIBLE):
        return written[len(FALLIBLE):]
    head, args = split_generic(written)
    if last(head) in ("Result", "Option", "LockResult") and args:
        return args[0]
    return None


def inner(written: str) -> str:
    """Through `Arc`/`Box`/`Data`/`Rc` (what auto-deref reaches for method calls)."""
    head, args = split_generic(written)
    while last(head) in ("Arc", "Rc", "Box", "Data") and len(args) == 1:
        head, args = split_generic(args[0])
        written = f"{head}<{', '.join(args)}>" if args else head
    return written


def is_clone(written: str, crate_clone: set[str]) -> bool:
    if written.startswith("(") and written.endswith(")"):
        parts = split_generic("T<" + written[1:-1] + ">")[1]
        return all(is_clone(p, crate_clone) for p in parts)
    head, args = split_generic(written)
    if head in NOT_CLONE:
        return False
    if head in COPY or head in crate_clone or last(head) in ("Arc", "Rc", "Data"):
        return True
    if last(head) in ("Vec", "Option"):
        return all(is_clone(a, crate_clone) for a in args)
    return last(head) in CLONE_HEADS


def shorten(written: str, imports: Mapping[str, str]) -> str:
    """Write qualified paths with the names `imports` (name -> path) binds: with `use
    std::thread;` in scope, `std::thread::JoinHandle<u64>` becomes `thread::JoinHandle<u64>`."""
    by_path = sorted(((path, name) for name, path in imports.items()),
                     key=lambda item: -len(item[0]))
    out, token = [], ""
    for char in written + " ":
        if char.isalnum() or char in "_:":
            token += char
            continue
        if token:
            out.append(_short(token, by_path))
            token = ""
        out.append(char)
    return "".join(out)[:-1]


def _short(path: str, by_path: list[tuple[str, str]]) -> str:
    for full, name in by_path:
        if path == full:
            return name
        if path.startswith(full + "::"):
            return name + path[len(full):]
    if path.startswith("crate::") and path.count("::") == 1:
        return path  # an item of the crate root: written with its path
    return path
