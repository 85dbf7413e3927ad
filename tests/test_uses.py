"""What a module uses of the modules it imports whole: the weights of `import x` edges."""

from __future__ import annotations

from tests.helpers import facts_of


def _uses(code: str) -> dict[str, tuple[str, ...]]:
    return {spec.alias or spec.module: spec.uses for spec in facts_of(code).imports}


def test_attributes_of_plain_imports() -> None:
    uses = _uses("""
        import utils
        import os.path
        import a.b as c
        from models import User
        def f():
            utils.slugify(utils.clean(x)).upper()
            return os.path.join(c.helper, c.Thing.attr, utils.slugify)
    """)
    assert uses == {"utils": ("clean", "slugify"), "os.path": ("join",), "c": ("Thing", "helper"),
                    "models": ()}


def test_uses_anywhere_the_walk_goes_and_in_signatures() -> None:
    uses = _uses("""
        import m
        import t
        @m.deco(t.opt)
        class K(m.Base, metaclass=m.Meta):
            def f(self, x: t.Arg = m.DEFAULT, *a: t.Star, k=m.K, **kw: t.KW) -> t.Ret:
                return (lambda y=m.LAMBDA: y)() or g()[0].not_a_use or g(m.call.deep)
        match v:
            case m.Pattern(): pass
        assert m.checked
    """)
    assert uses == {"m": ("Base", "DEFAULT", "K", "LAMBDA", "Meta", "Pattern", "call", "checked",
                          "deco"),
                    "t": ("Arg", "KW", "Ret", "Star", "opt")}


def test_a_module_passed_around_uses_nothing_by_name() -> None:
    assert _uses("import utils\nregister(utils)\n") == {"utils": ()}


def test_handlers_record_the_module_names_they_read() -> None:
    facts = facts_of("""
        from flask import Flask, jsonify
        from services.posts import PostService
        app = Flask(__name__)
        post_service = PostService()
        LIMIT = 3

        def helper():
            return LIMIT

        @app.get("/posts")
        def list_posts():
            local = 1
            return jsonify(post_service.list(LIMIT, local), helper())
    """)
    handler = next(f for f in facts.functions if f.name == "list_posts")
    assert handler.is_handler
    assert handler.uses == ("LIMIT", "helper", "jsonify", "post_service")  # not `app`
    assert next(f for f in facts.functions if f.name == "helper").uses == ()
