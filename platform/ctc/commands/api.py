"""`ctc api` commands."""

from __future__ import annotations

import click


@click.group(name="api")
def group() -> None:
    """api commands."""
