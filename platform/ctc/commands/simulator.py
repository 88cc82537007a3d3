"""`ctc simulator` commands: the local exchange simulator and its control API."""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import click

from coattail.cli.options import require_extras


@click.group(name="simulator")
def group() -> None:
    """Local Binance + Coinbase WebSocket simulator."""
    require_extras("platform")


def _fault(spec: str) -> tuple[str, dict[str, str]]:
    """``divergence?exchange=coinbase&pct=1.5`` → ("divergence", {...})."""
    action, _, query = spec.partition("?")
    return action.strip(), dict(parse_qsl(query))


@group.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8765, show_default=True, help="0 picks a free port.")
@click.option(
    "--rate", type=float, default=20.0, show_default=True, help="Tape trades per second (0: paused)."
)
@click.option(
    "--tape",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="JSONL of Binance/Coinbase trade messages (default: the packaged tape).",
)
@click.option("--generate", type=int, help="Use a generated tape of N trades instead of a file.")
@click.option(
    "--symbols",
    help="Comma-separated canonical symbols of the generated tape (implies --generate 400 without --tape).",
)
@click.option("--heartbeat-interval", type=float, default=1.0, show_default=True)
@click.option(
    "--fault",
    "faults",
    multiple=True,
    help="Control action applied at start, e.g. 'divergence?exchange=coinbase&symbol=BTC-USDT&pct=1.5', "
    "'refuse?exchange=coinbase', 'stall?exchange=binance'. Repeatable.",
)
@click.option("--log-level", default="INFO", show_default=True)
def run(
    host: str,
    port: int,
    rate: float,
    tape: Path | None,
    generate: int | None,
    symbols: str | None,
    heartbeat_interval: float,
    faults: tuple[str, ...],
    log_level: str,
) -> None:
    """Serve both exchange protocols until interrupted; prints its URLs as one JSON line."""
    from coattail.producer import jsonlog
    from coattail.simulator import ExchangeSimulator, generate_trades, load_tape
    from coattail.simulator.tape import DEFAULT_SYMBOLS

    jsonlog.configure(log_level)

    async def main() -> None:
        if symbols and tape is not None:
            raise click.UsageError("--symbols applies to generated tapes; drop --tape or --symbols")
        wanted = tuple(s.strip().upper() for s in symbols.split(",") if s.strip()) if symbols else None
        if generate or wanted:
            trades = generate_trades(generate or 400, wanted or DEFAULT_SYMBOLS)
        else:
            trades = load_tape(tape)
        sim = ExchangeSimulator(
            host=host, port=port, rate=rate, tape=trades, heartbeat_interval=heartbeat_interval
        )
        await sim.start()
        try:
            for spec in faults:
                action, params = _fault(spec)
                try:
                    await sim.control(action, params)
                except (ValueError, KeyError) as exc:
                    raise click.BadParameter(f"{spec}: {exc}", param_hint="--fault") from exc
            click.echo(
                json.dumps(
                    {
                        "url": sim.url,
                        "binance_url": sim.binance_url,
                        "coinbase_url": sim.coinbase_url,
                        "control_url": sim.control_url,
                    }
                ),
                nl=True,
            )
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(sig, stop.set)
            await stop.wait()
        finally:
            await sim.stop()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())


@group.command("fault")
@click.argument("action")
@click.argument("params", nargs=-1)
@click.option("--url", default="http://127.0.0.1:8765", show_default=True, help="Simulator base URL.")
def fault(action: str, params: tuple[str, ...], url: str) -> None:
    """Call the control API of a running simulator: ACTION [key=value ...] (e.g. whale usd=2000000)."""
    pairs = [p.partition("=") for p in params]
    query = urlencode([(k, v) for k, sep, v in pairs if sep])
    target = f"{url.rstrip('/').replace('ws://', 'http://')}/control/{action}" + (
        f"?{query}" if query else ""
    )
    try:
        with urllib.request.urlopen(target, timeout=30) as response:
            click.echo(response.read().decode())
    except urllib.error.HTTPError as exc:
        raise click.ClickException(f"{exc.code}: {exc.read().decode().strip()}") from exc
    except urllib.error.URLError as exc:
        raise click.ClickException(f"simulator not reachable at {url}: {exc.reason}") from exc
