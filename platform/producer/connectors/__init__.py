"""Sans-I/O exchange connectors: one raw frame in, one :data:`coattail.producer.events.ParseResult` out.

Each connector module knows its exchange's message format, its URL shape and its subscribe
handshake; none of them touches a socket.
"""

from __future__ import annotations

from collections.abc import Callable

from coattail.producer.connectors import binance, coinbase
from coattail.producer.events import ParseResult
from coattail.producer.symbols import SymbolMap

Parser = Callable[[str | bytes, SymbolMap, str], ParseResult]

PARSERS: dict[str, Parser] = {"binance": binance.parse, "coinbase": coinbase.parse}
