"""``compliance remediate`` commands."""

COMMANDS: list = []
