"""What the RDS checks share: a value the verdict needs must be known, and Aurora members defer."""

from __future__ import annotations

from coattail.review.checks._common import unknown, unknown_attributes
from coattail.review.inventory import RDSInstance
from coattail.review.model import Finding


def pending(db: RDSInstance, attribute: str, *, cluster_setting: bool = False) -> Finding | None:
    """UNKNOWN when ``attribute`` is not known yet (a plan), was not reported (None) or, for a
    ``cluster_setting``, belongs to the Aurora cluster the instance is a member of (not collected)."""
    if cluster_setting and db.in_cluster:
        return unknown(
            db,
            f"member of Aurora cluster {db.cluster_id}: {attribute.replace('_', ' ')} is the cluster's "
            "setting (DB clusters are not collected)",
            cluster_id=db.cluster_id,
        )
    found = unknown_attributes(db, attribute)
    if found is None and getattr(db, attribute) is None:
        return unknown(db, f"{attribute} not reported", unknown_attributes=[attribute])
    return found
