"""`ctc simulator` commands."""

from __future__ import annotations

import click


@click.group(name="simulator")
def group() -> None:
    """simulator commands."""
