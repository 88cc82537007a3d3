"""The quality gate: six rules, in the specification's order, as DataFrame -> DataFrame steps.

Input is the source frame (``data`` = the raw Kinesis payload, ``arrival_time``, ``shard_id``,
``sequence_number``). Rules 1-3 set ``dlq_reason`` (first failing rule wins) and ``dlq_error``
(what exactly was wrong); rule 4 drops duplicates (stateful, streaming-safe); rules 5-6 only flag.

    gated = raw.transform(parse_trades).transform(flag_incomplete).transform(flag_invalid(symbols))
    clean = gated.transform(drop_duplicate_events("1 hour")).transform(flag_late(300)) ...

Every step works on batch and streaming frames alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F
from pyspark.sql import types as T

from coattail.jobs.detectors.windows import interval_seconds

Transform = Callable[[DataFrame], DataFrame]

MALFORMED, INCOMPLETE, INVALID = "malformed", "incomplete", "invalid"
DLQ_REASONS = (MALFORMED, INCOMPLETE, INVALID)

STRING_FIELDS = (
    "event_id",
    "exchange",
    "symbol",
    "side",
    "timestamp",
    "ingestion_timestamp",
    "correlation_id",
    "trade_id",
)
NUMERIC_FIELDS = ("price", "quantity", "quote_volume")
REQUIRED_FIELDS = ("event_id", "symbol", "price", "quantity", "timestamp")
_CORRUPT = "_corrupt_record"

# Every field read as text first, so a wrong type is reported as such instead of becoming null.
_PAYLOAD_SCHEMA = T.StructType(
    [T.StructField(name, T.StringType()) for name in (*STRING_FIELDS, *NUMERIC_FIELDS)]
    + [T.StructField(_CORRUPT, T.StringType())]
)

SOURCE_SCHEMA = T.StructType(
    [
        T.StructField("data", T.StringType()),
        T.StructField("partition_key", T.StringType()),
        T.StructField("sequence_number", T.StringType()),
        T.StructField("shard_id", T.StringType()),
        T.StructField("arrival_time", T.TimestampType()),
    ]
)


def _first_error(checks: Sequence[tuple[Column, str]]) -> Column:
    """The message of the first true check, else null."""
    expr: Column = F.lit(None).cast("string")
    for condition, message in reversed(checks):
        expr = F.when(condition, F.lit(message)).otherwise(expr)
    return expr


def _error_column(reason: str) -> str:
    return f"_error_{reason}"


def parse_trades(raw: DataFrame) -> DataFrame:
    """Rule 1 (schema): JSON object with numbers where numbers belong, else ``malformed``."""
    parsed = F.from_json(
        F.col("data"), _PAYLOAD_SCHEMA, {"columnNameOfCorruptRecord": _CORRUPT, "mode": "PERMISSIVE"}
    )
    df = raw.withColumn("_p", parsed)
    text = {n: F.col(f"_p.{n}") for n in NUMERIC_FIELDS}
    df = df.select(
        *raw.columns,
        "_p",
        *[F.col(f"_p.{name}").alias(name) for name in STRING_FIELDS],
        *[text[n].try_cast("double").alias(n) for n in NUMERIC_FIELDS],
        F.try_to_timestamp(F.col("_p.timestamp")).alias("event_time"),
    )
    checks: list[tuple[Column, str]] = [
        (F.col("data").isNull(), "empty record"),
        (F.col("_p").isNull() | F.col(f"_p.{_CORRUPT}").isNotNull(), "not a JSON object"),
    ]
    checks += [(text[n].isNotNull() & F.col(n).isNull(), f"{n} is not a number") for n in NUMERIC_FIELDS]
    checks.append(
        (F.col("timestamp").isNotNull() & F.col("event_time").isNull(), "timestamp is not ISO-8601")
    )
    return df.withColumn(_error_column(MALFORMED), _first_error(checks)).drop("_p")


def flag_incomplete(df: DataFrame) -> DataFrame:
    """Rule 2: the required fields are present, else ``incomplete``."""
    checks = [
        (F.col(n).isNull() | (F.trim(F.col(n).cast("string")) == ""), f"{n} is missing")
        for n in REQUIRED_FIELDS
    ]
    return df.withColumn(_error_column(INCOMPLETE), _first_error(checks))


def flag_invalid(symbols: Sequence[str]) -> Transform:
    """Rule 3: positive price and quantity, a configured symbol, else ``invalid``."""
    if not symbols:
        raise ValueError("flag_invalid needs at least one configured symbol")
    allowed = list(symbols)

    def step(df: DataFrame) -> DataFrame:
        checks = [
            (~(F.col("price") > 0), "price must be > 0"),
            (~(F.col("quantity") > 0), "quantity must be > 0"),
            (~F.col("symbol").isin(allowed), "symbol is not configured"),
        ]
        return df.withColumn(_error_column(INVALID), _first_error(checks))

    return step


def route_failures(df: DataFrame) -> DataFrame:
    """``dlq_reason``/``dlq_error`` from the first failing rule, in the specification's order.

    Each rule only adds its own error column, so the plan stays flat (no rule re-reads another's
    result) and the order is decided once, here.
    """
    present = [r for r in DLQ_REASONS if _error_column(r) in df.columns]
    reason: Column = F.lit(None).cast("string")
    for r in reversed(present):
        reason = F.when(F.col(_error_column(r)).isNotNull(), F.lit(r)).otherwise(reason)
    error = F.coalesce(*[F.col(_error_column(r)) for r in present]) if present else F.lit(None).cast("string")
    return df.withColumns({"dlq_reason": reason, "dlq_error": error}).drop(
        *[_error_column(r) for r in present]
    )


GATE_BARRIER = "_gate_partition"


def gate(symbols: Sequence[str]) -> Transform:
    """Rules 1-3 and the routing: the stateless part of the gate.

    The last projection carries ``GATE_BARRIER`` (the partition id: nondeterministic). A filter that
    references it (``passed``) cannot be pushed below the gate, nor the column pruned away. Pushed
    down, a filter on ``dlq_reason`` is rewritten into the rules' expressions with ``from_json``
    inlined into every field reference: the payload parsed dozens of times per record (~50 copies
    of ``from_json`` were counted in one streaming plan).
    """

    def step(raw: DataFrame) -> DataFrame:
        return (
            raw.transform(parse_trades)
            .transform(flag_incomplete)
            .transform(flag_invalid(symbols))
            .transform(route_failures)
            .withColumn(GATE_BARRIER, F.spark_partition_id())
        )

    return step


def passed(df: DataFrame) -> DataFrame:
    return df.where(passed_condition(df))


def passed_condition(df: DataFrame) -> Column:
    """``dlq_reason`` is null; on a gated frame also anchored at the gate (see ``gate``)."""
    condition = F.col("dlq_reason").isNull()
    # ">= 0" (always true): "is not null" would be folded away, the partition id being non-nullable
    return condition & (F.col(GATE_BARRIER) >= 0) if GATE_BARRIER in df.columns else condition


def failed(df: DataFrame) -> DataFrame:
    return df.where(F.col("dlq_reason").isNotNull())


def drop_duplicate_events(horizon: str, event_lag_seconds: int | None = None) -> Transform:
    """Rule 4: a repeated ``event_id`` arriving within ``horizon`` (arrival time) is dropped.

    Arrival time, not event time, bounds the state: a re-sent trade keeps its event time but arrives
    later, and nothing with an old event time is ever discarded as late here. Rows already routed to
    the DLQ carry a per-record key so they never collapse.

    ``event_lag_seconds`` (R): the query also holds event-time watermarks proposing
    ``max(event_time) - R`` (see ``coattail.jobs.detectors.windows``). A query has one global watermark, the
    minimum over its nodes, so an arrival-time node with a 1 h delay would hold every window back
    by an hour. Instead its column is ``arrival_time + horizon - R`` with no delay: it proposes a
    value far ahead (never the minimum); a key is kept until event time passes its arrival +
    ``horizon``; a row is dropped as late only if it arrives more than ``horizon`` before the newest
    event time seen.
    """
    horizon_s = interval_seconds(horizon)

    def step(df: DataFrame) -> DataFrame:
        key = F.when(F.col("dlq_reason").isNull(), F.concat(F.lit("e:"), F.col("event_id"))).otherwise(
            F.concat_ws(":", F.lit("r"), F.col("shard_id"), F.col("sequence_number"))
        )
        keyed = df.withColumn("_dedup_key", key)
        if not df.isStreaming:  # a batch frame is one complete set: plain de-duplication
            return keyed.dropDuplicates(["_dedup_key"]).drop("_dedup_key")
        if event_lag_seconds is None:
            marked = keyed.withColumn("_dedup_time", F.col("arrival_time")).withWatermark(
                "_dedup_time", horizon
            )
        else:
            lead = F.expr(f"INTERVAL {horizon_s - event_lag_seconds} SECONDS")
            marked = keyed.withColumn("_dedup_time", F.col("arrival_time") + lead).withWatermark(
                "_dedup_time", "0 seconds"
            )
        return marked.dropDuplicatesWithinWatermark(["_dedup_key"]).drop("_dedup_key", "_dedup_time")

    return step


def flag_late(late_after_seconds: int, now: Column | None = None) -> Transform:
    """Rule 5: ``is_late`` when the trade time is older than ``late_after_seconds`` vs processing time."""

    def step(df: DataFrame) -> DataFrame:
        reference = now if now is not None else F.current_timestamp()
        age = reference.cast("double") - F.col("event_time").cast("double")
        return df.withColumn("is_late", F.coalesce(age > F.lit(late_after_seconds), F.lit(False)))

    return step


def flag_quote_volume(tolerance: float) -> Transform:
    """Rule 6: ``quote_volume_mismatch`` when |qv - p*q| > tolerance * p*q; a missing qv is filled."""

    def step(df: DataFrame) -> DataFrame:
        notional = F.col("price") * F.col("quantity")
        mismatch = F.abs(F.col("quote_volume") - notional) > F.lit(tolerance) * notional
        return df.withColumn("quote_volume_mismatch", F.coalesce(mismatch, F.lit(False))).withColumn(
            "quote_volume", F.coalesce(F.col("quote_volume"), notional)
        )

    return step


def dlq_records(df: DataFrame) -> DataFrame:
    """Failed rows as DLQ records: reason, raw payload, error, exchange, received_at, source position."""
    return failed(df).select(
        F.col("dlq_reason").alias("reason"),
        F.col("exchange"),
        F.col("data").alias("raw"),
        F.col("dlq_error").alias("error"),
        F.date_format("arrival_time", "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").alias("received_at"),
        F.date_format(F.coalesce("arrival_time", F.current_timestamp()), "yyyy-MM-dd").alias("dt"),
        F.col("shard_id"),
        F.col("sequence_number"),
    )
