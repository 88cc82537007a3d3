"""Misconfigurations of the clean account's trail: encryption. (Delivery health is shown on recorded
responses: moto reports no delivery error and refreshes a logging trail's last delivery on every read.)"""

from __future__ import annotations

from typing import Any

TRAIL = "shop-audit"


def misconfigurations(M: Any) -> list[Any]:
    return [
        M(
            "Trail log files no longer encrypted with a KMS key",
            "cloudtrail_kms_encrypted",
            TRAIL,
            lambda aws: aws("cloudtrail").update_trail(Name=TRAIL, KmsKeyId=""),
        ),
        M(
            "Trail delivery failing (bucket policy no longer admits CloudTrail)",
            "cloudtrail_delivery_healthy",
            TRAIL,
            _no_op,
            verified="recorded responses",
        ),
    ]


def _no_op(aws: Any) -> None:
    raise NotImplementedError("shown in tests/review_checks/test_cloudtrail_recorded.py")
