"""`ctc-review score | checks | explain` (the review engine's commands)."""

from __future__ import annotations

import click


def register(cli: click.Group) -> None:
    """Add this module's commands to the ``ctc-review`` group."""
