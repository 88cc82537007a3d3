"""The ``ctc-review`` command. Commands live in ``coattail.review.commands.<module>`` and register here.

Exit codes: 0 fine, 1 a threshold or regression breached, 2 usage error, 3 assessment incomplete.
"""

from __future__ import annotations

import click

from coattail.review import __version__
from coattail.review.commands import reports, score


@click.group()
@click.version_option(__version__, prog_name="ctc-review")
def cli() -> None:
    """AWS Well-Architected review: collect evidence, run checks, score the six pillars."""


for _module in (score, reports):
    _module.register(cli)


def main() -> None:
    cli()
