"""The whole error tree. Each error maps to an exit code and prints as one line.

Per-file problems (syntax errors, bad encodings, ...) are not exceptions: they travel as
`Diagnostic` values inside the model so that one bad file never stops a run.
"""

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_REFUSED = 4  # a codemod refused the change (its reasons printed); nothing written


class NovaError(Exception):
    """Base of every error the CLI reports as one line."""

    exit_code = EXIT_INTERNAL


class UsageError(NovaError):
    """A bad option or a path that does not exist."""

    exit_code = EXIT_USAGE


class ConfigError(NovaError):
    """The target's configuration cannot be used."""

    exit_code = EXIT_USAGE


class InputError(NovaError):
    """An input document (e.g. an analysis JSON file) cannot be read."""

    exit_code = EXIT_USAGE


class VerificationFailed(NovaError):
    """A written change failed its checks or the `--verify` command; it was rolled back."""

    exit_code = EXIT_FAILED


class WriteError(NovaError):
    """The target cannot take the change (read-only, no permission, disk full); nothing of
    it stays written."""

    exit_code = EXIT_USAGE


class Refused(NovaError):
    """A codemod refused to change the code (what it cannot move safely); nothing was written.
    Not a usage error: the command was right, the code is not (yet) in a shape it can change."""

    exit_code = EXIT_REFUSED
