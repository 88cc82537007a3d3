"""Cases for the Kinesis and DynamoDB checks."""

from __future__ import annotations

from typing import Any

from coattail.review.inventory import DynamoDBTable, KeyElement, KinesisStream, SecondaryIndex
from coattail.review.model import SourceKind


def _gsi(name: str, hash_key: str, range_key: str) -> SecondaryIndex:
    return SecondaryIndex(
        name=name,
        keys=(KeyElement(name=hash_key, key_type="HASH"), KeyElement(name=range_key, key_type="RANGE")),
    )


def cases(b: Any) -> dict[str, list[Any]]:
    R = b.Row
    P, F, U = b.PASS, b.FAIL, b.UNKNOWN

    def plan(*unknown: str) -> dict[str, Any]:
        """Fields of a resource from a Terraform plan whose ``unknown`` ones are known only after apply."""
        return {"source": SourceKind.TERRAFORM, "unknown_attributes": unknown}

    def stream(name: str, **kw: Any) -> KinesisStream:
        return b.make(KinesisStream, name, id=f"arn:aws:kinesis:us-east-1:123456789012:stream/x:{name}", **kw)

    def table(name: str, **kw: Any) -> DynamoDBTable:
        return b.make(DynamoDBTable, name, **kw)

    alerts_keys = (
        KeyElement(name="alert_id", key_type="HASH"),
        KeyElement(name="detected_at", key_type="RANGE"),
    )
    gsis = (
        _gsi("type-time-index", "alert_type", "detected_at"),
        _gsi("symbol-time-index", "symbol", "detected_at"),
    )
    want_gsis = {
        "type-time-index": ["alert_type", "detected_at"],
        "symbol-time-index": ["symbol", "detected_at"],
    }
    kms = {"encryption_type": "KMS", "kms_key_id": "alias/aws/kinesis"}
    return {
        "kinesis_stream_encrypted": [
            R(b.inventory(stream("trades", **kms)), {P: {"trades"}}, {"kms_key": "alias/aws/kinesis"}),
            R(
                b.inventory(
                    stream("trades", **kms),
                    stream("plain", encryption_type="NONE"),
                    stream("cmk", encryption_type="KMS", kms_key_id="arn:aws:kms:us-east-1:1:key/abc"),
                ),
                {P: {"trades"}, F: {"plain", "cmk"}},
                {"kms_key": "alias/aws/kinesis"},
            ),
            R(b.inventory(stream("cmk", encryption_type="KMS", kms_key_id="key/abc")), {P: {"cmk"}}),
        ],
        "kinesis_on_demand": [
            R(b.inventory(stream("trades", stream_mode="ON_DEMAND")), {P: {"trades"}}),
            R(b.inventory(stream("trades", stream_mode="PROVISIONED", shard_count=2)), {F: {"trades"}}),
            R(
                b.inventory(stream("other", stream_mode="ON_DEMAND")),
                {F: {"kinesis:Kinesis streams"}},
                {"streams": ["ctc-dev-trades"]},
            ),
        ],
        "kinesis_dlq_stream": [
            R(
                b.inventory(stream("ctc-dev-trades-dlq", **kms, **plan("retention_hours"))),
                {U: {"ctc-dev-trades-dlq"}},
            ),
            R(
                b.inventory(
                    stream("ctc-dev-trades", **kms), stream("ctc-dev-trades-dlq", retention_hours=48, **kms)
                ),
                {P: {"ctc-dev-trades-dlq"}},
            ),
            R(
                b.inventory(stream("ctc-dev-trades-dlq", retention_hours=24, **kms)),
                {F: {"ctc-dev-trades-dlq"}},
            ),
            R(
                b.inventory(stream("ctc-dev-trades-dlq", retention_hours=48, encryption_type="NONE")),
                {F: {"ctc-dev-trades-dlq"}},
            ),
            R(b.inventory(stream("ctc-dev-trades", **kms)), {F: {"kinesis:Kinesis dead-letter streams"}}),
        ],
        "kinesis_retention_bounded": [
            R(
                b.inventory(stream("a", retention_hours=24), stream("b", retention_hours=48)),
                {P: {"a", "b"}},
                {"max_hours": 48},
            ),
            R(
                b.inventory(stream("a", retention_hours=24), stream("long", retention_hours=8760)),
                {P: {"a"}, F: {"long"}},
            ),
        ],
        "dynamodb_sse_enabled": [
            R(b.inventory(table("alerts", sse_enabled=True, sse_type="KMS")), {P: {"alerts"}}),
            R(
                b.inventory(table("alerts", sse_enabled=True, sse_type="KMS"), table("owned")),
                {P: {"alerts"}, F: {"owned"}},
            ),
            R(
                b.inventory(table("owned", sse_enabled=True, sse_type="AES256")),
                {P: {"owned"}},
                {"require_kms": False},
            ),
        ],
        "dynamodb_ttl_enabled": [
            R(
                b.inventory(table("ctc-dev-alerts", **plan("ttl_enabled", "ttl_attribute"))),
                {U: {"ctc-dev-alerts"}},
                {"tables": ["ctc-dev-alerts"], "attribute": "ttl_epoch"},
            ),
            R(
                b.inventory(table("ctc-dev-alerts", ttl_enabled=True, ttl_attribute="ttl_epoch")),
                {P: {"ctc-dev-alerts"}},
                {"tables": ["ctc-dev-alerts"], "attribute": "ttl_epoch"},
            ),
            R(
                b.inventory(table("ctc-dev-alerts", ttl_enabled=True, ttl_attribute="expires"), table("off")),
                {F: {"ctc-dev-alerts", "off"}},
                {"attribute": "ttl_epoch"},
            ),
        ],
        "dynamodb_pitr_enabled": [
            R(b.inventory(table("a", pitr_enabled=True)), {P: {"a"}}),
            R(
                b.inventory(table("a", pitr_enabled=True), table("off", pitr_enabled=False)),
                {P: {"a"}, F: {"off"}},
            ),
        ],
        "dynamodb_deletion_protection": [
            R(b.inventory(table("a", deletion_protection=True)), {P: {"a"}}),
            R(b.inventory(table("a", deletion_protection=False)), {F: {"a"}}),
        ],
        "dynamodb_pitr_matches_decision": [
            R(
                b.inventory(table("ctc-dev-alerts", pitr_enabled=False)),
                {P: {"ctc-dev-alerts"}},
                {"tables": ["ctc-dev-alerts"], "pitr_enabled": False},
            ),
            R(
                b.inventory(table("ctc-dev-alerts", pitr_enabled=True)),
                {F: {"ctc-dev-alerts"}},
                {"tables": ["ctc-dev-alerts"], "pitr_enabled": False},
            ),
            R(b.inventory(table("t", pitr_enabled=False)), {F: {"t"}}),
        ],
        "dynamodb_idempotent_key": [
            R(
                b.inventory(table("ctc-dev-alerts", key_schema=alerts_keys), table("other")),
                {P: {"ctc-dev-alerts"}},
            ),
            R(
                b.inventory(table("ctc-dev-alerts", key_schema=(KeyElement(name="uuid", key_type="HASH"),))),
                {F: {"ctc-dev-alerts"}},
            ),
            R(b.inventory(table("other")), {F: {"dynamodb:alert tables"}}),
        ],
        "dynamodb_gsi_access_patterns": [
            R(
                b.inventory(table("ctc-dev-alerts", **plan("global_secondary_indexes"))),
                {U: {"ctc-dev-alerts"}},
                {"indexes": want_gsis},
            ),
            R(
                b.inventory(table("ctc-dev-alerts", global_secondary_indexes=gsis)),
                {P: {"ctc-dev-alerts"}},
                {"indexes": want_gsis},
            ),
            R(
                b.inventory(table("ctc-dev-alerts", global_secondary_indexes=gsis[:1])),
                {F: {"ctc-dev-alerts"}},
                {"indexes": want_gsis},
            ),
            R(
                b.inventory(
                    table(
                        "ctc-dev-alerts",
                        global_secondary_indexes=(_gsi("type-time-index", "alert_type", "created"), gsis[1]),
                    )
                ),
                {F: {"ctc-dev-alerts"}},
                {"indexes": want_gsis},
            ),
            R(b.inventory(table("ctc-dev-alerts")), {F: {"ctc-dev-alerts"}}),
        ],
    }
