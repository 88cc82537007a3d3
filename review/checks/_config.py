"""Helper for checks that compare values in a repository configuration file with the profile."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from coattail.review.checks._common import Findings, no_repository, repository_finding
from coattail.review.inventory import Inventory
from coattail.review.model import Status


def config_checks(
    inv: Inventory,
    path: str,
    expected: dict[str, Any],
    same: Callable[[Any, Any], bool] = lambda seen, want: seen == want,
    expectation: str = "expected",
) -> Findings:
    """One finding on ``path``: PASS when every dotted key has its expected value (``same`` says
    what matching means; ``expectation`` names it in the message, e.g. "expected at most")."""
    repo = inv.repository
    if repo is None:
        yield no_repository(inv, path)
        return
    cfg = repo.config(path)
    if cfg is None:
        yield repository_finding(path, Status.FAIL, "configuration file not found (or not parsed)")
        return
    seen = {k: cfg.get(k) for k in expected}
    wrong = [f"{k} = {seen[k]!r} ({expectation} {v!r})" for k, v in expected.items() if not same(seen[k], v)]
    yield repository_finding(
        path,
        Status.FAIL if wrong else Status.PASS,
        "; ".join(wrong) or ", ".join(f"{k} = {v}" for k, v in seen.items()),
        **{k.replace(".", "_"): v for k, v in seen.items()},
    )
