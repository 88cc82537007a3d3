"""`ctc local` commands."""

from __future__ import annotations

import click


@click.group(name="local")
def group() -> None:
    """local commands."""
