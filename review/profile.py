"""Review profiles: a platform's Well-Architected claims as data (YAML), validated on load.

A profile says, per pillar, the design principle, the decision areas (what implements each, the
evidence to look at, and which checks prove it with which expected figures), the improvement
opportunities, and the claimed scorecard. ``review/profiles/ctc.yaml`` reproduces the seed
review of Coat Tail Capital; another team writes its own file without touching code.

Check parameters come from two places that are merged per check: ``check_params`` at the top
level, and the ``checks`` mapping of each decision (``{check_id: {param: value}}``). The same
parameter given two different values is an error, so two decisions cannot silently disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from coattail.review.inventory import RESOURCE_FIELDS, Inventory, Resource
from coattail.review.model import Pillar

PROFILES_DIR = Path(__file__).with_name("profiles")


class ProfileError(ValueError):
    """The profile is unreadable or invalid; the message names the file, the place and the problem."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DocumentControl(_Frozen):
    project: str
    version: str
    authors: tuple[str, ...] = ()
    framework_version: str
    scope: str


class Scope(_Frozen):
    """Which resources of an account the profile reviews (an account may host other workloads).

    A resource is in scope when its name or id matches one of ``resource_patterns`` (fnmatch), or
    its type is an account-level singleton listed in ``account_level_types``. No patterns: all.
    """

    resource_patterns: tuple[str, ...] = ()
    account_level_types: tuple[str, ...] = (
        "AWS::LakeFormation::DataLakeSettings",
        "AWS::LakeFormation::Tag",
        "AWS::CloudTrail::Trail",
        "AWS::Budgets::Budget",
    )

    def includes(self, resource: Resource) -> bool:
        if not self.resource_patterns or resource.resource_type in self.account_level_types:
            return True
        return any(fnmatchcase(v, p) for p in self.resource_patterns for v in (resource.name, resource.id))

    def apply(self, inventory: Inventory) -> Inventory:
        """The inventory restricted to in-scope resources (and the drift of those resources)."""
        if not self.resource_patterns:
            return inventory
        update: dict[str, Any] = {
            field: tuple(r for r in getattr(inventory, field) if self.includes(r))
            for field in RESOURCE_FIELDS.values()
        }
        kept = {r.id for field in update.values() for r in field}
        update["drift"] = tuple(d for d in inventory.drift if d.resource_id in kept)
        return inventory.model_copy(update=update)


class Decision(_Frozen):
    """One row of a pillar's Decisions table and the checks that prove it."""

    area: str
    claim: str = Field(description="The stated implementation")
    seed_claim: str = Field(
        default="", description="The seed's wording, kept visible where the platform deliberately moved on"
    )
    evidence_hint: str = ""
    checks: dict[str, dict[str, Any] | None] = Field(description="check id -> expected parameters (or null)")

    @field_validator("checks")
    @classmethod
    def _at_least_one(cls, value: dict[str, dict[str, Any] | None]) -> dict[str, dict[str, Any] | None]:
        if not value:
            raise ValueError("a decision needs at least one check that proves it")
        return value

    @property
    def check_ids(self) -> tuple[str, ...]:
        return tuple(self.checks)


class Deferral(_Frozen):
    """An opportunity deliberately not taken: why, who decided, and until when (then it counts as open)."""

    reason: str = Field(min_length=1)
    until: date
    owner: str = ""


class ImprovementSpec(_Frozen):
    """An improvement opportunity and the checks whose passing shows it done (none: judged by hand);
    ``deferred`` records one deliberately not done (a check-bound one is accepted by a waiver instead)."""

    text: str
    checks: tuple[str, ...] = ()
    deferred: Deferral | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _deferral_without_checks(self) -> ImprovementSpec:
        if self.deferred is not None and self.checks:
            raise ValueError(
                f"improvement {self.text!r}: deferred and bound to checks {list(self.checks)}; "
                "a failing check is accepted by a waiver (profiles/*-waivers.yaml), not a deferral"
            )
        return self


class ScorecardRow(_Frozen):
    score: float = Field(ge=1, le=5)
    key_strength: str = ""
    key_gap: str = ""


class PillarProfile(_Frozen):
    pillar: Pillar
    design_principle: str
    decisions: tuple[Decision, ...] = ()
    improvements: tuple[ImprovementSpec, ...] = ()
    scorecard: ScorecardRow | None = None


class CostRow(_Frozen):
    mode: str
    cost: str


class OverallClaim(_Frozen):
    score: float = Field(ge=1, le=5)
    verdict: str = ""


class Profile(_Frozen):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: str
    tagline: str = ""
    document_control: DocumentControl
    scope: Scope = Field(default_factory=Scope)
    check_params: dict[str, dict[str, Any]] = Field(default_factory=dict)
    pillars: tuple[PillarProfile, ...]
    cost_summary: tuple[CostRow, ...] = ()
    overall: OverallClaim | None = None
    # Claim checks the profile makes beyond those its decisions, improvements and parameters name
    claims: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Profile:
        seen = [p.pillar for p in self.pillars]
        dupes = sorted({p.value for p in seen if seen.count(p) > 1})
        if dupes:
            raise ValueError(f"pillar listed twice: {', '.join(dupes)}")
        self.merged_check_params()  # raises on conflicting parameter values
        return self

    # -- derived views ------------------------------------------------------------------------
    def pillar(self, pillar: Pillar) -> PillarProfile | None:
        return next((p for p in self.pillars if p.pillar == pillar), None)

    @property
    def decisions(self) -> tuple[tuple[Pillar, Decision], ...]:
        return tuple((p.pillar, d) for p in self.pillars for d in p.decisions)

    @property
    def design_principles(self) -> dict[Pillar, str]:
        return {p.pillar: p.design_principle for p in self.pillars}

    def referenced_check_ids(self) -> set[str]:
        in_improvements = {c for p in self.pillars for i in p.improvements for c in i.checks}
        named = {c for _, d in self.decisions for c in d.checks} | in_improvements | set(self.claims)
        return set(self.check_params) | named

    @property
    def named_checks(self) -> set[str]:
        """Every check the profile names: the claim checks it makes run, the others are N/A."""
        return self.referenced_check_ids()

    def merged_check_params(self) -> dict[str, dict[str, Any]]:
        """Parameters per check from ``check_params`` and every decision; conflicts are errors."""
        merged: dict[str, dict[str, Any]] = {k: dict(v or {}) for k, v in self.check_params.items()}
        origin: dict[tuple[str, str], str] = {(c, k): "check_params" for c, v in merged.items() for k in v}
        for pillar, decision in self.decisions:
            for check_id, params in decision.checks.items():
                target = merged.setdefault(check_id, {})
                for key, value in (params or {}).items():
                    where = f"{pillar.value} / {decision.area}"
                    if key in target and target[key] != value:
                        raise ValueError(
                            f"check {check_id} parameter {key!r}: {target[key]!r} in "
                            f"{origin[(check_id, key)]} but {value!r} in {where}"
                        )
                    target[key] = value
                    origin.setdefault((check_id, key), where)
        return {k: v for k, v in merged.items() if v}

    def validate_against(self, checks: Iterable[Any]) -> None:
        """Every referenced check exists and every parameter is one the check declares."""
        by_id = {c.meta.id: c for c in checks}
        problems = [f"unknown check {c!r}" for c in sorted(self.referenced_check_ids()) if c not in by_id]
        for check_id, params in self.merged_check_params().items():
            if check_id in by_id:
                try:
                    by_id[check_id].params(params)
                except ValueError as exc:
                    problems.append(str(exc))
        if problems:
            raise ProfileError(f"profile {self.id}: " + "; ".join(problems))


def _describe(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'profile'}: {e['msg']}" for e in exc.errors())


def parse_profile(raw: Any, source: str = "profile") -> Profile:
    if not isinstance(raw, Mapping):
        raise ProfileError(f"{source}: expected a mapping at the top level")
    try:
        return Profile.model_validate(raw)
    except ValidationError as exc:
        raise ProfileError(f"{source}: {_describe(exc)}") from exc


def resolve_profile_path(name_or_path: str | Path) -> Path:
    """A path to a YAML file, or the name of a bundled profile (``ctc`` -> review/profiles/ctc.yaml)."""
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return path
    bundled = PROFILES_DIR / f"{name_or_path}.yaml"
    if bundled.exists():
        return bundled
    known = ", ".join(sorted(p.stem for p in PROFILES_DIR.glob("*.yaml") if not p.stem.endswith("-waivers")))
    raise ProfileError(f"no profile {name_or_path!r}: not a file, and not a bundled profile ({known})")


def load_profile(name_or_path: str | Path, checks: Sequence[Any] | None = None) -> Profile:
    """Load and validate a profile; with ``checks``, also validate check ids and parameters."""
    path = resolve_profile_path(name_or_path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProfileError(f"cannot read profile {path}: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise ProfileError(f"profile {path} is not valid YAML: {exc}") from exc
    profile = parse_profile(raw, source=str(path))
    if checks is not None:
        profile.validate_against(checks)
    return profile


def bundled_waivers_path(profile_id: str) -> Path | None:
    """review/profiles/<id>-waivers.yaml when the profile ships accepted risks."""
    path = PROFILES_DIR / f"{profile_id}-waivers.yaml"
    return path if path.exists() else None
