"""`ctc-review diff | baseline | demo` (reports and the regression gate)."""

from __future__ import annotations

import click


def register(cli: click.Group) -> None:
    """Add this module's commands to the ``ctc-review`` group."""
