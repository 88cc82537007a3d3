"""`ctc-review score` on a clean ordinary account (not the platform), without --review-profile.

The tool picks the generic profile and says why; no claim check runs (all NOT_APPLICABLE, none
FAILS); best practices judge every seeded resource. What still fails or is unknown on the clean
account is a committed baseline (``clean_baseline.json``), so a new false positive shows as a
diff. ``CTC_UPDATE_BASELINE=1`` rewrites it.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from coattail.review.cli import cli
from tests.generic_account.harness import GenericAccount

pytestmark = [pytest.mark.emulator]
BASELINE = Path(__file__).with_name("clean_baseline.json")
#: Emulator-generated ids (sg-0a1b…, vol-…, key uuids) differ per run; the baseline names kinds.
_GENERATED = re.compile(
    r"\b(sg|vol|vpc|subnet|i|fl|rtb|igw|eni|acl|db|snap|ami|nat|eipalloc|lt)-[0-9a-f]{8,17}\b"
    r"|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"
)


def _stable(resource_id: str) -> str:
    return _GENERATED.sub(lambda m: f"<{m.group(1) or 'uuid'}>", resource_id)


def _not_passing(data: dict[str, Any]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for check in data["checks"]:
        for f in check["findings"]:
            if f["status"] in ("FAIL", "UNKNOWN", "ERROR"):
                out.setdefault(check["meta"]["id"], []).append(f"{f['status']} {_stable(f['resource_id'])}")
    return {k: sorted(v) for k, v in sorted(out.items())}


def test_a_clean_account_gets_the_generic_profile_no_claim_fails_and_matches_its_baseline(
    clean_account: GenericAccount, tmp_path: Path
) -> None:
    args = [
        "score",
        "--endpoint-url",
        clean_account.endpoint_url,
        "--output-dir",
        str(tmp_path),
        "--no-reports",
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code in (0, 3), result.output
    assert "review profile: generic (no SSM parameter under /ctc/dev/" in result.output
    data = json.loads((tmp_path / "results.json").read_text())
    assert data["profile_id"] == "generic" and data["decisions"] == []
    claims = [c for c in data["checks"] if c["meta"]["kind"] == "claim"]
    assert claims and all(c["status"] == "NOT_APPLICABLE" for c in claims)
    practices = [c for c in data["checks"] if c["meta"]["kind"] != "claim"]
    judged = {
        f["resource_id"].rsplit(":", 1)[-1].rsplit("/", 1)[-1]
        for c in practices
        for f in c["findings"]
        if f["status"] in ("PASS", "FAIL")
    }
    assert {"shop-invoices", "shop-orders", "shop-clicks", "shop-carts", "shop-jobs"} <= judged

    observed = _not_passing(data)
    if os.environ.get("CTC_UPDATE_BASELINE"):
        BASELINE.write_text(json.dumps(observed, indent=2, sort_keys=True) + "\n")
    expected = json.loads(BASELINE.read_text())
    new = {k: sorted(set(v) - set(expected.get(k, []))) for k, v in observed.items()}
    gone = {k: sorted(set(v) - set(observed.get(k, []))) for k, v in expected.items()}
    assert not {k: v for k, v in new.items() if v}, f"new findings on the clean account: {new}"
    assert not {k: v for k, v in gone.items() if v}, f"baseline findings no longer seen (update it): {gone}"
