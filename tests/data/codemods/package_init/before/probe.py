from click.testing import CliRunner

import pkg

routes = {r.path: r for r in pkg.app.routes}
print(sorted((p, r.name, sorted(getattr(r, "methods", None) or [])) for p, r in routes.items()))
print(routes["/items/{name}"].endpoint("a"), routes["/items"].endpoint())
result = CliRunner().invoke(pkg.cli, ["add", "b"])
print(result.exit_code, result.output, sorted(pkg.STORE))
print(CliRunner().invoke(pkg.cli, ["--help"]).output)
