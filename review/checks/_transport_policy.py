"""Resource policies that deny requests made without TLS (``aws:SecureTransport`` false)."""

from __future__ import annotations

from collections.abc import Iterable
from fnmatch import fnmatchcase

from coattail.review.inventory import PolicyDocument


def denies_plain_transport(policy: PolicyDocument | None, actions: Iterable[str]) -> bool:
    """A Deny statement for every principal (``*``) whose actions cover each of ``actions``
    (``*``, ``sqs:*``, ``sns:Publish``...; case-insensitive), conditioned on ``aws:SecureTransport``
    being false (Bool or BoolIfExists)."""
    if policy is None:
        return False
    wanted = [a.lower() for a in actions]
    for s in policy.statements:
        if s.effect != "Deny" or not any("*" in ps for ps in s.principals.values()):
            continue
        patterns = [a.lower() for a in s.actions]
        if not all(any(fnmatchcase(w, p) for p in patterns) for w in wanted):
            continue
        for op, body in s.conditions.items():
            values = {v.lower() for k, vs in body.items() if k.lower() == "aws:securetransport" for v in vs}
            if op.startswith("Bool") and "false" in values:
                return True
    return False
