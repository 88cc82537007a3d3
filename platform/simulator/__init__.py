"""Exchange simulator: a local WebSocket server speaking Binance's and Coinbase's trade protocols.

Used by the local stack (``ctc simulator run``) and by tests in place of the real exchanges.

Protocols (one port, ``127.0.0.1`` by default)::

    ws://HOST:PORT/binance/stream?streams=btcusdt@trade/ethusdt@trade   Binance combined stream
                                                                         (``/stream?…`` works too)
    ws://HOST:PORT/coinbase                                             Coinbase feed: send
        {"type":"subscribe","product_ids":["BTC-USD"],"channels":["matches","heartbeat"]}
        → ``subscriptions``, one ``last_match`` per product, then ``match``; ``heartbeat`` each
        ``heartbeat_interval`` seconds when subscribed to it.

Async API::

    from coattail.simulator import ExchangeSimulator
    async with ExchangeSimulator(rate=50) as sim:        # rate 0: tape paused, inject explicitly
        sim.url, sim.binance_url, sim.coinbase_url, sim.control_url
        await sim.wait_for_clients("binance")
        await sim.inject_burst(500, exchange=None)         # next tape trades back to back
        await sim.inject_whale("binance", "BTC-USDT", usd=2_000_000)
        await sim.inject_volume_spike("coinbase", "ETH-USDT", multiplier=30, trades=40)
        sim.set_divergence("coinbase", "BTC-USDT", pct=1.5)   # Coinbase BTC quoted 1.5 % higher
        await sim.inject_malformed("coinbase", kind="invalid_json", count=3)
        await sim.disconnect("binance")                    # 1012 close; abrupt=True drops TCP
        sim.refuse("coinbase")                             # handshakes answered 503 until refuse(…, False)
        sim.stall("binance")                               # silent feed until stall(…, False)
        sim.pause(); sim.resume(rate=200)
        sim.sent / sim.frames("trade", "binance")          # every delivered frame (ground truth)

Sync API (a background thread)::

    from coattail.simulator import BackgroundSimulator
    with BackgroundSimulator(rate=0) as bg:
        bg.url; bg.inject_burst(100); bg.refuse("coinbase"); bg.frames("trade")

Control API (HTTP GET on the same port, JSON answers)::

    /control/status | disconnect?exchange=&abrupt=1 | burst?count=&exchange= |
    malformed?exchange=&kind=&count= | whale?exchange=&symbol=&usd= |
    spike?exchange=&symbol=&multiplier=&trades= | divergence?exchange=&symbol=&pct= |
    refuse?exchange=&on=0|1 | stall?exchange=&on=0|1 | pause | resume?rate=

Malformed kinds: invalid_json, missing_field, invalid_value, unknown_symbol, unexpected_message —
each equal to the DLQ reason the producer records. The tape is ``simulator/tape.jsonl`` (400 real-format
messages generated deterministically by ``python -m coattail.simulator.tape``) or any JSONL of such messages.
"""

from coattail.simulator.background import BackgroundSimulator
from coattail.simulator.server import ExchangeSimulator, SentFrame
from coattail.simulator.tape import TapeTrade, generate_trades, load_tape

__all__ = [
    "BackgroundSimulator",
    "ExchangeSimulator",
    "SentFrame",
    "TapeTrade",
    "generate_trades",
    "load_tape",
]
