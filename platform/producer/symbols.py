"""Canonical ``BASE-QUOTE`` symbols and each exchange's native spelling of them.

The quote mapping is explicit configuration: ``{"coinbase": {"USD": "USDT"}}`` says Coinbase's USD
books are compared with USDT books elsewhere, so ``BTC-USD`` on Coinbase and ``btcusdt`` on Binance
both become ``BTC-USDT`` in the unified trade event.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

EXCHANGES = ("binance", "coinbase")


def split_canonical(symbol: str) -> tuple[str, str]:
    """``"BTC-USDT"`` → ``("BTC", "USDT")``; anything else is a clear error."""
    parts = symbol.strip().upper().split("-")
    if len(parts) != 2 or not all(p.isalnum() and p for p in parts):
        raise ValueError(f"symbol {symbol!r} is not in canonical BASE-QUOTE form (e.g. BTC-USDT)")
    return parts[0], parts[1]


def native_symbol(exchange: str, canonical: str, quote_mapping: Mapping[str, str]) -> str:
    """The exchange's own name of a canonical symbol (Binance ``BTCUSDT``, Coinbase ``BTC-USD``).

    ``quote_mapping`` maps the exchange's native quote to the canonical quote; it is inverted here.
    """
    base, quote = split_canonical(canonical)
    native_quote = {canon: native for native, canon in quote_mapping.items()}.get(quote, quote)
    if exchange == "binance":
        return f"{base}{native_quote}"
    if exchange == "coinbase":
        return f"{base}-{native_quote}"
    raise ValueError(f"unknown exchange {exchange!r}; expected one of {', '.join(EXCHANGES)}")


@dataclass(frozen=True)
class SymbolMap:
    """Native ↔ canonical lookups for one exchange."""

    exchange: str
    to_canonical: Mapping[str, str]  # native (as the exchange spells it in messages) -> canonical

    @classmethod
    def build(cls, exchange: str, symbols: Iterable[str], quote_mapping: Mapping[str, str]) -> SymbolMap:
        table = {native_symbol(exchange, s, quote_mapping): s.strip().upper() for s in symbols}
        return cls(exchange=exchange, to_canonical=table)

    @property
    def natives(self) -> list[str]:
        return list(self.to_canonical)
