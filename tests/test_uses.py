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


def test_a_module_passed_around_uses_nothing_by_name() -> None:
    assert _uses("import utils\nregister(utils)\n") == {"utils": ()}
