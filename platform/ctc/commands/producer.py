"""`ctc producer` commands."""

from __future__ import annotations

import click


@click.group(name="producer")
def group() -> None:
    """producer commands."""
