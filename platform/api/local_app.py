"""The API application wired to a deployment through SSM discovery (``ctc api serve``, ``ctc local``)."""

from __future__ import annotations

from botocore.exceptions import BotoCoreError, ClientError

from coattail.api.app import App
from coattail.api.health import HealthSources
from coattail.api.store import AlertStore
from coattail.core.aws import AwsTarget, discover_platform, find_emr_application


def local_app(target: AwsTarget, project: str, environment: str, table: str | None = None) -> App:
    """The API application wired to ``target``: table (and health sources) from SSM discovery."""
    symbols: tuple[str, ...] = ()
    stream = None
    if table is None:
        names = discover_platform(target, project, environment)
        table, symbols, stream = names.alerts_table, names.symbols, names.trades_stream
    try:
        emr_app: str | None = find_emr_application(target, f"{project}-{environment}-spark")
    except (LookupError, BotoCoreError, ClientError):  # health then reports the job as not observed
        emr_app = None
    return App(
        store=AlertStore(target.client("dynamodb"), table),
        health_sources=HealthSources(
            cloudwatch=target.client("cloudwatch"),
            emr=target.client("emr-serverless") if emr_app else None,
            trades_stream=stream,
            emr_application_id=emr_app,
        ),
        allowed_symbols=symbols,
    )
