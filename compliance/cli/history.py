"""``compliance history`` commands."""

COMMANDS: list = []
