"""Click options every AWS-facing command shares."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from typing import Any, TypeVar

import click

from coattail.core.aws import DEFAULT_REGION, AwsTarget

F = TypeVar("F", bound=Callable[..., Any])

DISTRIBUTION = "coat-tail-capital"
# what each extra brings, by the modules a command needs from it
EXTRA_MODULES = {"platform": ("pyspark", "pyiceberg", "websockets"), "emulator": ("moto",)}


def require_extras(*extras: str) -> None:
    """A clear usage error naming the extras to install when a command's runtime is not installed."""
    missing = [e for e in extras if any(importlib.util.find_spec(m) is None for m in EXTRA_MODULES[e])]
    if missing:
        raise click.UsageError(
            f"this command needs the {' and '.join(missing)} extra: "
            f"pip install '{DISTRIBUTION}[{','.join(missing)}]'"
        )


def aws_options(func: F) -> F:
    """Adds --region/--profile/--endpoint-url/--project/--environment (env: CTC_*, AWS_ENDPOINT_URL)."""
    options = [
        click.option("--region", envvar="AWS_REGION", default=DEFAULT_REGION, show_default=True),
        click.option("--profile", envvar="AWS_PROFILE", default=None, help="AWS named profile."),
        click.option(
            "--endpoint-url",
            envvar="CTC_ENDPOINT_URL",
            default=None,
            help="AWS endpoint (the local emulator, e.g. http://127.0.0.1:5000).",
        ),
        click.option("--project", envvar="CTC_PROJECT", default="ctc", show_default=True),
        click.option("--environment", envvar="CTC_ENVIRONMENT", default="dev", show_default=True),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def target_from(region: str, profile: str | None, endpoint_url: str | None) -> AwsTarget:
    return AwsTarget(region=region, profile=profile, endpoint_url=endpoint_url)
