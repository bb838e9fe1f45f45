"""``compliance package`` commands."""

COMMANDS: list = []
