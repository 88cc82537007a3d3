"""Live collection through boto3 (see ``spec.py`` for the enumeration-as-data design)."""

from coattail.review.collectors.live.collector import (
    LiveCollection,
    LiveCollectionError,
    LiveOptions,
    collect_live,
)
from coattail.review.collectors.live.specs import ALL_SPECS

__all__ = ["ALL_SPECS", "LiveCollection", "LiveCollectionError", "LiveOptions", "collect_live"]
