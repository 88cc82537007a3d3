"""`ctc jobs` commands."""

from __future__ import annotations

import click


@click.group(name="jobs")
def group() -> None:
    """jobs commands."""
