"""compliance: a Config-style compliance rule engine for AWS."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("compliance")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

from compliance.hookspecs import hookimpl  # noqa: E402  (the one name plugins import from us)

__all__ = ["__version__", "hookimpl"]
