"""Errors the CLI turns into one line on stderr and exit code 2, and the one wording of an AWS
failure (``error_code_and_message``) every stage uses."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """What every ``compliance`` command exits with."""

    OK = 0  # nothing at or above the threshold failed; the command did what it was asked
    FAILING = 1  # failing findings, an incomplete scan, findings not imported, a tampered history
    USAGE = 2  # bad input (one line on stderr, ``compliance: error: ...``)
    INTERRUPTED = 130  # Ctrl-C


class InputError(Exception):
    """Bad input from the user: a malformed file, an unknown rule, a wrong parameter.

    The message is shown as is, on one line, so it must name what was wrong and where.
    """


class PluginError(InputError):
    """A plugin named by the user could not be loaded or registered something invalid."""


def error_code_and_message(exc: BaseException) -> tuple[str, str]:
    """botocore's error code and message, or the exception's type and text."""
    response = getattr(exc, "response", None)
    if isinstance(response, dict):
        error = response.get("Error") or {}
        code = str(error.get("Code") or type(exc).__name__)
        message = str(error.get("Message") or exc)
        message = message.splitlines()[0] if message else code
        retries = (response.get("ResponseMetadata") or {}).get("RetryAttempts")
        if isinstance(retries, int) and retries > 0:
            message += f" (after {retries} retries)"
        return code, message
    text = str(exc).splitlines()[0] if str(exc) else ""
    return type(exc).__name__, text


def aws_input_error(exc: BaseException) -> InputError:
    """A credentials or account-wide AWS failure before anything could be collected, as one line."""
    from botocore.exceptions import NoCredentialsError

    if isinstance(exc, NoCredentialsError):
        return InputError(
            "no AWS credentials found: configure a profile, environment variables or an instance role (or try --demo)"
        )
    code, message = error_code_and_message(exc)
    return InputError(f"cannot read the account: {code}: {message}")
