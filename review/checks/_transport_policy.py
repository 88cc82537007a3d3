"""Resource policies that deny requests made without TLS (``aws:SecureTransport`` false)."""

from __future__ import annotations

from coattail.review.inventory import PolicyDocument


def denies_plain_transport(policy: PolicyDocument | None, service: str) -> bool:
    """A Deny of every ``service`` action (``service:*`` or ``*``) conditioned on ``aws:SecureTransport``
    being false (Bool or BoolIfExists)."""
    if policy is None:
        return False
    every = {"*", f"{service}:*"}
    for s in policy.statements:
        if s.effect != "Deny" or not every & {a.lower() for a in s.actions}:
            continue
        for op, body in s.conditions.items():
            values = {v.lower() for k, vs in body.items() if k.lower() == "aws:securetransport" for v in vs}
            if op.startswith("Bool") and "false" in values:
                return True
    return False
