"""IAM policy documents parsed into statements (used by IAM, S3, SNS, KMS, ... resources)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote

from coattail.review.inventory.base import Frozen


def _strings(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value)
    return (str(value),)


class PolicyStatement(Frozen):
    sid: str | None = None
    effect: str = "Allow"
    actions: tuple[str, ...] = ()
    not_actions: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    not_resources: tuple[str, ...] = ()
    principals: dict[str, tuple[str, ...]] = {}
    not_principals: dict[str, tuple[str, ...]] = {}
    conditions: dict[str, dict[str, tuple[str, ...]]] = {}

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> PolicyStatement:
        if not isinstance(raw, dict):
            raise ValueError(f"policy statement must be an object, got {type(raw).__name__}")
        return cls(
            sid=raw.get("Sid"),
            effect=str(raw.get("Effect", "Allow")),
            actions=_strings(raw.get("Action")),
            not_actions=_strings(raw.get("NotAction")),
            resources=_strings(raw.get("Resource")),
            not_resources=_strings(raw.get("NotResource")),
            principals=_principals(raw.get("Principal")),
            not_principals=_principals(raw.get("NotPrincipal")),
            conditions={
                str(op): {str(k): _strings(v) for k, v in (body or {}).items()}
                for op, body in (raw.get("Condition") or {}).items()
            },
        )

    @property
    def allows(self) -> bool:
        return self.effect == "Allow"

    @property
    def wildcard_actions(self) -> tuple[str, ...]:
        """Actions that are ``*`` or ``service:*`` (NotAction on Allow counts as ``*``)."""
        found = tuple(a for a in self.actions if a == "*" or a.endswith(":*"))
        if self.not_actions and self.allows:
            found += ("NotAction",)
        return found

    @property
    def wildcard_resource(self) -> bool:
        return "*" in self.resources or bool(self.not_resources and self.allows)

    @property
    def requires_mfa(self) -> bool:
        for op, body in self.conditions.items():
            for key, values in body.items():
                k = key.lower()
                if k == "aws:multifactorauthpresent" and op.startswith("Bool") and "true" in values:
                    return True
                if k == "aws:multifactorauthage" and op.startswith("Numeric"):
                    return True
        return False

    def principal_values(self) -> tuple[str, ...]:
        return tuple(v for vals in self.principals.values() for v in vals)


def _principals(raw: Any) -> dict[str, tuple[str, ...]]:
    if raw is None:
        return {}
    if raw == "*":
        return {"*": ("*",)}
    if isinstance(raw, dict):
        return {str(k): _strings(v) for k, v in raw.items()}
    raise ValueError(f"policy principal must be '*' or an object, got {raw!r}")


class PolicyDocument(Frozen):
    version: str | None = None
    statements: tuple[PolicyStatement, ...] = ()

    @classmethod
    def parse(cls, raw: str | dict[str, Any] | None) -> PolicyDocument | None:
        """Parse a policy from a dict or a (possibly URL-encoded) JSON string; ``None`` stays None."""
        if raw is None or raw == "":
            return None
        if isinstance(raw, str):
            text = raw if raw.lstrip().startswith("{") else unquote(raw)
            try:
                raw = json.loads(text)
            except json.JSONDecodeError as exc:
                raise ValueError(f"policy document is not valid JSON: {exc}") from exc
        if not isinstance(raw, dict):
            raise ValueError(f"policy document must be a JSON object, got {type(raw).__name__}")
        stmts = raw.get("Statement", [])
        if isinstance(stmts, dict):
            stmts = [stmts]
        return cls(version=raw.get("Version"), statements=tuple(PolicyStatement.parse(s) for s in stmts))

    def as_json(self) -> dict[str, Any]:
        """Back to IAM JSON (what policy libraries such as policyuniverse read)."""

        def principal(p: dict[str, tuple[str, ...]]) -> Any:
            return "*" if p == {"*": ("*",)} else {k: list(v) for k, v in p.items()}

        statements = []
        for st in self.statements:
            out: dict[str, Any] = {"Effect": st.effect}
            for key, value in (
                ("Sid", st.sid),
                ("Action", list(st.actions)),
                ("NotAction", list(st.not_actions)),
                ("Resource", list(st.resources)),
                ("NotResource", list(st.not_resources)),
                ("Principal", principal(st.principals) if st.principals else None),
                ("NotPrincipal", principal(st.not_principals) if st.not_principals else None),
                (
                    "Condition",
                    {op: {k: list(v) for k, v in body.items()} for op, body in st.conditions.items()},
                ),
            ):
                if value:
                    out[key] = value
            statements.append(out)
        return {"Version": self.version or "2012-10-17", "Statement": statements}

    @property
    def allow_statements(self) -> tuple[PolicyStatement, ...]:
        return tuple(s for s in self.statements if s.allows)

    @property
    def requires_mfa(self) -> bool:
        allows = self.allow_statements
        return bool(allows) and all(s.requires_mfa for s in allows)

    @property
    def actions(self) -> tuple[str, ...]:
        return tuple(a for s in self.allow_statements for a in s.actions)


class NamedPolicy(Frozen):
    """A policy attached to a principal: inline (``arn`` None) or managed."""

    name: str
    arn: str | None = None
    aws_managed: bool = False
    document: PolicyDocument | None = None
