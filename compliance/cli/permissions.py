"""``compliance permissions`` commands."""

COMMANDS: list = []
