"""``compliance export`` commands."""

COMMANDS: list = []
