"""The words the model speaks: every closed vocabulary of its fields, one `StrEnum` each.

A member is its string (`==`, hashing, sorting, JSON and f-strings all see the plain value), so
documents and goldens read as before while the code names each word once, and a typo is an
AttributeError instead of a comparison that never holds. `model` re-exports them all.
"""

from __future__ import annotations

from enum import StrEnum


class Language(StrEnum):
    PYTHON = "python"
    RUST = "rust"


class Severity(StrEnum):
    """How much a diagnostic or a finding weighs: only errors break the gate."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


class SegmentKind(StrEnum):
    """The responsibility of a run of an entrypoint's top-level statements, in reading order."""

    IMPORTS = "imports"
    CONFIG = "config"
    LOGGING = "logging"
    STATE = "state"
    SERVICES = "services"
    ROUTES = "routes"
    CLI = "cli"
    BACKGROUND = "background"
    SERVER = "server"
    SHUTDOWN = "shutdown"
    OTHER = "other"


SEGMENT_KINDS = tuple(SegmentKind)


class LockRole(StrEnum):
    """What a lock site does with its lock."""

    CONSTRUCTION = "construction"  # the lock (or mutable global) is built
    DECLARATION = "declaration"  # Rust: a struct field or static typed as a lock
    ACQUISITION = "acquisition"  # the lock is taken
    REBINDING = "rebinding"  # the global is rebound (`global x; x = ..`)


class Worse(StrEnum):
    """Which direction of a finding's value makes things worse."""

    HIGHER = "higher"
    LOWER = "lower"


class ImportKind(StrEnum):
    """How one module reaches another: an import as written (ImportFacts) or resolved
    (ImportEdge)."""

    PLAIN = ""  # Python, as written: `import m`, `from m import x` (its edges say which)
    FACADE = "facade"  # Python, as written: an `apply` split facade forwards `main.NAME`
    IMPORT = "import"  # Python edge: `import m`
    FROM = "from"  # Python edge: `from m import x`
    STAR = "star"  # Python edge: `from m import *`
    USE = "use"  # Rust: a private `use`
    RE_EXPORT = "re-export"  # Rust: `pub use`; Python edge: a name re-exported by a package
    MOD = "mod"  # Rust: a `mod x;` item (alias = its #[path])
    MACRO = "macro"  # Rust, as written: the macros the file invokes
    MACRO_RULES = "macro_rules"  # Rust, as written: the macros it defines


FACADE = ImportKind.FACADE


# LockSite.primitive of a module global rebound through `global` (or a Rust `static mut`): shared
# mutable state without a lock. Other primitives are the lock types as written.
MUTABLE_GLOBAL = "mutable global"


class RouterKind(StrEnum):
    """What a routing object is."""

    FLASK = "flask"  # a Flask (or Quart) app
    BLUEPRINT = "blueprint"
    FASTAPI = "fastapi"
    APIROUTER = "apirouter"
    AIOHTTP = "aiohttp"  # an aiohttp Application
    AIOHTTP_TABLE = "aiohttp-table"  # an aiohttp RouteTableDef
    RESTFUL = "restful"  # a Flask-RESTful (or flask-restx) Api
    RESTX_NAMESPACE = "restx-namespace"  # a flask-restx Namespace: Resource classes under a path
    PARAMETER = "parameter"  # a function parameter that routes hang on
    ACTIX_APP = "actix-app"  # `App::new()`
    ACTIX_SERVICE = "actix-service"  # a `#[get(..)]` handler registered as a service
    ACTIX_CONFIG = "actix-config"  # a helper's `&mut ServiceConfig`
    ACTIX_SCOPE = "actix-scope"  # a `web::scope(..)` a function returns
    AXUM = "axum"  # `Router::new()`
    AXUM_RETURNED = "axum-returned"  # built and handed back: served only if used
    AXUM_HELPER = "axum-helper"  # a helper's `Router` parameter
    ROUTER_METHOD = "router-method"  # `self` of a method written for `Router`


class Framework(StrEnum):
    """The web framework a route is declared with."""

    FLASK = "flask"  # Flask, Quart, flask-restful
    FASTAPI = "fastapi"  # FastAPI, Starlette
    AIOHTTP = "aiohttp"
    ACTIX_WEB = "actix-web"
    AXUM = "axum"


class MountKind(StrEnum):
    MOUNT = ""  # `register_blueprint`, `include_router`, a Rust `nest`/`service`/`configure`
    SAME = "same"  # child and parent are one object (`return bp`, `x = make_bp()`)


# Routers that are applications: a module holding one at module level is an entrypoint.
APP_KINDS = (RouterKind.FLASK, RouterKind.FASTAPI, RouterKind.AIOHTTP)


class SignalKind(StrEnum):
    """Why a file looks like an entrypoint."""

    MAIN_GUARD = "main guard"  # Python: `if __name__ == "__main__":`
    APP = "app"  # Python: a Flask/FastAPI/aiohttp app built at module level
    SCRIPT = "script"  # Python: the target of a `[project.scripts]` (or setup) entry
    FILE_NAME = "file name"  # a conventional entrypoint name (`app.py`, `__main__.py`, ...)
    FN_MAIN = "fn main"  # Rust: `fn main` of a binary or of an async runtime


# How each signal reads in reports and in the analysis JSON; `{}` is the signal's detail.
SIGNAL_TEXT = {
    SignalKind.MAIN_GUARD: 'if __name__ == "__main__" guard',
    SignalKind.APP: "module-level {}",
    SignalKind.SCRIPT: "[project.scripts] target",
    SignalKind.FILE_NAME: "file named {}",
    SignalKind.FN_MAIN: "`fn main` {}",
}


class SkipKind(StrEnum):
    """Why a codemod leaves a site alone (`codemods.plan.Skipped.kind`): a refusal of the whole
    change, or a site skipped while the rest goes ahead. Reports group and count by it."""

    NAME_CLASH = "name-clash"  # a name or file the change needs is taken, or would be hidden
    OWN_MODULE = "own-module"  # code that finds its own module by name or reads its namespace
    DEPENDENCY = "dependency"  # an import that would point the wrong way across the new boundary
    MISSING = "missing"  # what the change names or needs is not there
    UNSUPPORTED = "unsupported"  # a shape the codemod cannot rewrite without changing behaviour
    OVERLAP = "overlap"  # another change of the same run rewrites the same file
    REVIEW = "review"  # left as it was for a person to check (not a refusal)
