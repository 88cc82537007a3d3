"""Frame routing: parse one raw frame and hand the result to the trades or the DLQ writer."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping

from coattail.producer.batching import dlq_record, trade_record
from coattail.producer.connectors import PARSERS
from coattail.producer.events import Control, Rejected, Trade, now_iso
from coattail.producer.kinesis_writer import KinesisWriter
from coattail.producer.metrics import Counters
from coattail.producer.symbols import SymbolMap

log = logging.getLogger("producer.pipeline")


class Router:
    """Every frame is counted once as an event, a control message or a rejected (DLQ) frame."""

    def __init__(
        self,
        events: KinesisWriter,
        dlq: KinesisWriter,
        counters: Counters,
        symbol_maps: Mapping[str, SymbolMap],
    ) -> None:
        self.events, self.dlq, self.counters, self.symbol_maps = events, dlq, counters, symbol_maps
        self.last_trade_id: dict[tuple[str, str], str] = {}

    async def handle(self, exchange: str, raw: str | bytes) -> None:
        counters = self.counters
        counters.frames_in[exchange] += 1
        received_at = now_iso()
        result = PARSERS[exchange](raw, self.symbol_maps[exchange], received_at)
        if isinstance(result, Trade):
            key, trade_id = (exchange, result.symbol), str(result.event["trade_id"])
            if result.replayed and self.last_trade_id.get(key) == trade_id:
                counters.control[exchange] += 1  # a last_match we already turned into an event
                return
            self.last_trade_id[key] = trade_id
            counters.events[exchange] += 1
            if log.isEnabledFor(logging.DEBUG):
                log.debug("trade", extra={"exchange": exchange, "correlation_id": result.correlation_id})
            await self.events.put(trade_record(result.event))
        elif isinstance(result, Control):
            counters.control[exchange] += 1
        else:
            await self.reject(exchange, raw, result, received_at)

    async def reject(self, exchange: str, raw: str | bytes, result: Rejected, received_at: str) -> None:
        self.counters.rejected[exchange] += 1
        body = raw if isinstance(raw, bytes) else raw.encode("utf-8", errors="replace")
        log.warning(
            "frame sent to the dead-letter stream",
            extra={
                "exchange": exchange,
                "reason": result.reason,
                "error": result.error,
                # links this line to its DLQ record: sha256(exchange + raw payload), first 16 hex
                "correlation_id": hashlib.sha256(exchange.encode() + body).hexdigest()[:16],
                "received_at": received_at,
            },
        )
        await self.dlq.put(dlq_record(result.reason, exchange, raw, result.error, received_at))
