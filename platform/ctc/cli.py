"""The ``ctc`` command: platform operations. Each sub-group lives in ``coattail.cli.commands.<name>``."""

from __future__ import annotations

import click

from coattail.cli import __version__
from coattail.cli.commands import api, jobs, local, producer, simulator


@click.group()
@click.version_option(__version__, prog_name="ctc")
def cli() -> None:
    """Coat Tail Capital platform operations."""


for _module in (local, simulator, producer, jobs, api):
    cli.add_command(_module.group)


def main() -> None:
    cli()
