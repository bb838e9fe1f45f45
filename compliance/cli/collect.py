"""``compliance collect`` commands."""

COMMANDS: list = []
