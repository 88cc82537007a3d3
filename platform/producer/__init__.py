"""Exchange WebSocket feeds → Kinesis producer (one asyncio process, every enabled connector).

Layers, each in its own module:

* ``connectors.binance`` / ``connectors.coinbase`` — sans-I/O: raw frame → ``Trade`` (unified event) |
  ``Control`` | ``Rejected`` (DLQ reason); ``symbols`` maps native ↔ canonical symbols through the
  configured quote mapping; ``events`` builds the event (ISO-8601 ms timestamps, correlation id).
* ``batching`` — record encoding and PutRecords limits (500 records, 5 MiB); ``kinesis_writer`` — bounded
  queue (back-pressure), 1 s flush, retry of only the failed entries with backoff + jitter.
* ``feed`` — socket loop: subscribe, silence detection, reconnect backoff (``resilience.Backoff``, 1 s →
  60 s) behind a per-feed ``resilience.CircuitBreaker``; ``pipeline.Router`` routes parsed frames.
* ``app.Producer`` — wires it together; SIGTERM/SIGINT close the sockets and flush the buffers;
  ``metrics`` publishes MessagesIn/EventsOut/DLQCount/Reconnects/PutLatency to ``CryptoPulse/Producer``;
  ``jsonlog`` formats logs as JSON lines; ``config`` reads ``config.yaml`` < SSM < CTC_SYMBOLS/CTC_CONNECTORS.

Run it with ``ctc producer run`` (``--simulator ws://127.0.0.1:8765`` for the local exchange simulator).
"""
