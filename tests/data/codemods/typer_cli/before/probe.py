from typer.testing import CliRunner

import main

runner = CliRunner()
for args in (["--help"], ["show", "--help"], ["show", "apple"], ["show", "pear"],
             ["add", "pear", "--count", "2"], ["show", "pear"]):
    result = runner.invoke(main.app, args)
    print(args, result.exit_code, result.output)
