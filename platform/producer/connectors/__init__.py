"""Sans-I/O exchange connectors: one raw frame in, one :data:`producer.events.ParseResult` out.

Each connector module knows its exchange's message format, its URL shape and its subscribe
handshake; none of them touches a socket.
"""

from __future__ import annotations

from collections.abc import Callable

from producer.connectors import binance, coinbase
from producer.events import ParseResult
from producer.symbols import SymbolMap

Parser = Callable[[str | bytes, SymbolMap, str], ParseResult]

PARSERS: dict[str, Parser] = {"binance": binance.parse, "coinbase": coinbase.parse}
