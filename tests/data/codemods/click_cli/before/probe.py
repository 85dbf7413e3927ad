import sys

from click.testing import CliRunner

import main

runner = CliRunner()
for args in (["--help"], ["hello", "--help"], ["--loud", "hello", "--name", "x"], ["hello"],
             ["fail"], ["nope"]):
    result = runner.invoke(main.cli, args)
    print(args, result.exit_code, result.output)
print(main.calls, main.bump(), main.calls, file=sys.stdout)
