"""``click.Choice`` whose error names what the user gave and suggests the closest choice."""

from __future__ import annotations

from typing import Any

import click

from compliance.suggest import did_you_mean


class Choice(click.Choice):
    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            known = [str(c) for c in self.choices]
            name = param.opts[0] if param is not None and param.opts else "value"
            hint = did_you_mean(str(value).lower() if not self.case_sensitive else str(value), known)
            raise click.UsageError(f"{name}: unknown value {value!r}{hint} (one of: {', '.join(known)})", ctx) from None
