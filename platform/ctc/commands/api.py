"""`ctc api` commands: serve the API and dashboard locally, publish the dashboard, run the stack."""

from __future__ import annotations

import signal
import sys
from types import FrameType

import click

from coattail.api.local_app import local_app
from coattail.cli.options import aws_options, target_from


@click.group(name="api")
def group() -> None:
    """The alerts API and the dashboard, locally."""


@group.command("serve")
@aws_options
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option(
    "--port", default=8080, show_default=True, type=click.IntRange(0, 65535), help="0 = any free port."
)
@click.option("--table", default=None, help="Alerts table (default: discovered from SSM).")
@click.option(
    "--poll-ms", default=None, type=click.IntRange(500, 600_000), help="Default: dashboard config.json."
)
def serve(
    region: str,
    profile: str | None,
    endpoint_url: str | None,
    project: str,
    environment: str,
    host: str,
    port: int,
    table: str | None,
    poll_ms: int | None,
) -> None:
    """Serve GET /alerts, /metrics/{symbol}, /health and the dashboard at / until interrupted."""
    from coattail.api.local_server import LocalApiServer
    from coattail.dashboard import asset_files, config_js

    target = target_from(region, profile, endpoint_url)
    try:
        app = local_app(target, project, environment, table)
    except LookupError as exc:
        raise click.ClickException(str(exc)) from exc
    server = LocalApiServer(app, host, port, static_files=asset_files(), config_js=config_js("", poll_ms))
    click.echo(f"ctc api: dashboard and API on {server.url}/ (table {app.store.table_name})", err=True)
    click.echo(server.url)
    sys.stdout.flush()

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()


@group.command("publish-dashboard")
@aws_options
@click.option("--bucket", required=True, help="S3 bucket (website or CloudFront origin) to upload to.")
@click.option(
    "--api-url", required=True, help="Invoke URL of the API stage (Terraform output api_invoke_url)."
)
@click.option("--prefix", default="", help="Key prefix inside the bucket.")
def publish_dashboard(
    region: str,
    profile: str | None,
    endpoint_url: str | None,
    project: str,
    environment: str,
    bucket: str,
    api_url: str,
    prefix: str,
) -> None:
    """Upload the dashboard's assets to S3 with a config.js pointing at the deployed API."""
    from coattail.dashboard import publish

    uploaded = publish(target_from(region, profile, endpoint_url).client("s3"), bucket, api_url, prefix)
    for key in uploaded:
        click.echo(f"s3://{bucket}/{key}")


@group.command("stack")
@aws_options
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535))
@click.option("--workdir", default=None, type=click.Path(file_okay=False), help="Logs and checkpoints.")
@click.option("--rate", default=20.0, show_default=True, type=float, help="Simulator trades per second.")
@click.option("--job/--no-job", default=True, show_default=True, help="Run the Spark streaming job too.")
def stack(
    region: str,
    profile: str | None,
    endpoint_url: str | None,
    project: str,
    environment: str,
    port: int,
    workdir: str | None,
    rate: float,
    job: bool,
) -> None:
    """Run simulator + producer + streaming job + API against a deployed endpoint; Ctrl-C stops all."""
    from coattail.cli.stack import DataStack

    if not endpoint_url:
        raise click.ClickException("ctc api stack runs against the local emulator: pass --endpoint-url")
    local = DataStack(
        endpoint_url=endpoint_url,
        region=region,
        project=project,
        environment=environment,
        api_port=port,
        workdir=workdir,
        simulator_rate=rate,
        with_job=job,
    )
    local.run_until_interrupted(echo=lambda line: click.echo(line, err=True))
