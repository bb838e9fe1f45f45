"""``compliance baseline`` commands."""

COMMANDS: list = []
