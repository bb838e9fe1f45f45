"""Errors the CLI turns into one line on stderr and exit code 2."""


class InputError(Exception):
    """Bad input from the user: a malformed file, an unknown rule, a wrong parameter.

    The message is shown as is, on one line, so it must name what was wrong and where.
    """


class PluginError(InputError):
    """A plugin named by the user could not be loaded or registered something invalid."""
