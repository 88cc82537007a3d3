"""``python -m coattail.emulator --host 127.0.0.1 --port N [--port-file F]``: the project's moto server.

Binds first (port 0 picks a free port), writes the bound port to ``--port-file`` when given, then
serves moto's application with the project's divergence fixes applied in this process.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from pathlib import Path
from types import FrameType


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m coattail.emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=5000, help="port to bind; 0 picks a free one")
    parser.add_argument("--port-file", type=Path, default=None, help="file that receives the bound port")
    parser.add_argument("--access-log", action="store_true", help="log every request (slow under load)")
    return parser.parse_args(argv)


def _stop(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    from coattail.emulator.divergences import apply_all

    apply_all()  # before moto builds any backend (IAM reads its env var then)

    from moto.moto_server.werkzeug_app import (
        DomainDispatcherApplication,
        MotoRequestHandler,
        create_backend_app,
    )
    from werkzeug.serving import make_server

    if not args.access_log:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
    from coattail.emulator.snapshots import SnapshotApi

    app = SnapshotApi(DomainDispatcherApplication(create_backend_app))
    server = make_server(args.host, args.port, app, threaded=True, request_handler=MotoRequestHandler)
    port = server.server_port
    os.environ["MOTO_PORT"] = str(port)
    if args.port_file is not None:
        tmp = args.port_file.with_suffix(".tmp")
        tmp.write_text(str(port))
        tmp.replace(args.port_file)
    signal.signal(signal.SIGTERM, _stop)
    print(f"emulator listening on http://{args.host}:{port}", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
