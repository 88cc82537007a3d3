"""The results contract shared by the engine, scoring and every report.

Reports render only from :class:`ReviewResults` (serialised as ``results.json``); the JSON
schema is generated from these models (``ctc-review schema``) and versioned by
``RESULTS_SCHEMA_VERSION``: bump the minor for additive fields, the major for anything else.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

RESULTS_SCHEMA_VERSION = "1.1"


class Pillar(StrEnum):
    OPERATIONAL_EXCELLENCE = "operational_excellence"
    SECURITY = "security"
    RELIABILITY = "reliability"
    PERFORMANCE_EFFICIENCY = "performance_efficiency"
    COST_OPTIMIZATION = "cost_optimization"
    SUSTAINABILITY = "sustainability"

    @property
    def title(self) -> str:  # type: ignore[override]
        return PILLAR_TITLES[self]


PILLAR_TITLES: dict[Pillar, str] = {
    Pillar.OPERATIONAL_EXCELLENCE: "Operational Excellence",
    Pillar.SECURITY: "Security",
    Pillar.RELIABILITY: "Reliability",
    Pillar.PERFORMANCE_EFFICIENCY: "Performance Efficiency",
    Pillar.COST_OPTIMIZATION: "Cost Optimization",
    Pillar.SUSTAINABILITY: "Sustainability",
}


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"


class VerifiedOn(StrEnum):
    """Where the check's verdict is shown to flip on a real misconfiguration (tests/)."""

    EMULATOR = "emulator"  # a boto3 change in the moto server: the platform deployment or a generic account
    FIXTURES = "fixtures"  # repository files or Terraform plans/state with the defect
    RECORDED = "recorded responses"  # botocore-validated answers of an API the emulator lacks


class CheckKind(StrEnum):
    """A best practice applies to any account; a claim checks a workload's own stated figure or role
    and runs only when the review profile names it (NOT_APPLICABLE otherwise, never FAIL)."""

    BEST_PRACTICE = "best practice"
    CLAIM = "claim"


class Status(StrEnum):
    """Four verdicts. UNKNOWN is never a pass and is kept out of the score (it lowers confidence)."""

    PASS = "PASS"
    FAIL = "FAIL"
    UNKNOWN = "UNKNOWN"
    NOT_APPLICABLE = "NOT_APPLICABLE"


class Risk(StrEnum):
    """A question's risk on the Well-Architected Tool's model (plus LOW, which the tool leaves out)."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    NONE = "none"
    NOT_ASSESSED = "not assessed"


class PracticeStatus(StrEnum):
    MET = "met"  # every assessed check of the best practice passed
    UNMET = "unmet"  # a check failed, not waived
    ACCEPTED = "accepted"  # checks failed, every failure under a waiver in force
    NOT_ASSESSED = "not assessed"  # its applicable checks are all UNKNOWN


class SourceKind(StrEnum):
    LIVE = "live"
    TERRAFORM = "terraform"
    REPOSITORY = "repository"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Location(_Frozen):
    """Where a finding sits in a file (Terraform or repository sources); used by SARIF."""

    path: str
    start_line: int | None = None
    end_line: int | None = None


class Finding(_Frozen):
    """One verdict on one resource (or file), with what was observed."""

    resource_id: str = Field(description="ARN, Terraform address or repository path")
    resource_type: str = Field(description="e.g. AWS::S3::Bucket, aws_s3_bucket, file")
    source: SourceKind
    status: Status
    message: str = Field(description="A human sentence saying what was observed")
    observed: dict[str, Any] = Field(default_factory=dict)
    region: str | None = None
    account: str | None = None
    location: Location | None = None
    waived_by: str | None = Field(default=None, description="Waiver id when an accepted risk")
    terraform_address: str | None = Field(
        default=None, description="The same resource's Terraform address, when both views were judged"
    )
    views: tuple[SourceKind, ...] = Field(
        default=(), description="The sources whose views of the resource this one verdict joins"
    )


class CheckMeta(_Frozen):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    title: str
    pillar: Pillar
    bp_id: str = Field(pattern=r"^(OPS|SEC|REL|PERF|COST|SUS)\d{2}-BP\d{2}$")
    severity: Severity
    service: str
    resource_type: str
    rationale: str
    remediation: str
    remediation_terraform: str | None = None
    reference_url: str | None = None
    kind: CheckKind = CheckKind.BEST_PRACTICE
    verified_on: VerifiedOn = VerifiedOn.EMULATOR


class CheckResult(_Frozen):
    meta: CheckMeta
    status: Status = Field(description="Aggregate: FAIL if any unwaived finding fails, ...")
    findings: tuple[Finding, ...] = ()
    waived: bool = Field(default=False, description="Every failing finding is covered by a waiver")


class Waiver(_Frozen):
    id: str
    check_id: str
    resource: str = Field(default="*", description="Resource id or fnmatch pattern")
    justification: str
    expires: date
    owner: str | None = None


class AppliedWaiver(_Frozen):
    waiver: Waiver
    expired: bool
    matched_findings: int


class NotAssessed(_Frozen):
    service: str
    source: SourceKind
    reason: str
    error_code: str | None = None
    region: str | None = None
    account: str | None = None


class SourceRun(_Frozen):
    kind: SourceKind
    target: str = Field(description="account/region, Terraform directory or plan file, repository root")
    collected_at: datetime
    ok: bool
    detail: str = ""
    api_calls: int | None = None


class PracticeResult(_Frozen):
    """One Well-Architected best practice, judged from the checks that map to it."""

    id: str = Field(description="e.g. SEC08-BP02")
    title: str
    level: Risk = Field(description="The framework's risk level when the practice is not established")
    status: PracticeStatus
    check_ids: tuple[str, ...] = Field(description="Applicable checks (not NOT_APPLICABLE)")
    failing_check_ids: tuple[str, ...] = ()
    waivers: tuple[str, ...] = Field(default=(), description="Waivers covering its failures")


class QuestionResult(_Frozen):
    """One Well-Architected question: its risk is the level of its worst unmet best practice."""

    id: str = Field(description="e.g. SEC08")
    title: str
    risk: Risk
    accepted: bool = Field(default=False, description="Every unmet best practice is an accepted risk")
    practices: tuple[PracticeResult, ...] = ()


class PillarScore(_Frozen):
    pillar: Pillar
    score: float = Field(ge=1, le=5, description="1-5, one decimal, rounded down")
    passed: int
    failed: int
    unknown: int
    waived: int
    not_applicable: int
    confidence: float = Field(ge=0, le=1, description="Share of applicable best practices and rows assessed")
    key_strength: str = ""
    key_gap: str = ""
    high_risks: int = Field(default=0, description="Questions at high risk (open or accepted)")
    medium_risks: int = Field(default=0, description="Questions at medium risk (open or accepted)")
    accepted_risks: int = Field(default=0, description="Of those, questions whose risk is accepted")
    questions: tuple[QuestionResult, ...] = ()


class Scores(_Frozen):
    pillars: tuple[PillarScore, ...]
    overall: float = Field(description="Mean of the pillar scores, rounded down to one decimal")
    confidence: float
    rubric: str = Field(description="Rubric id/version, documented in docs/SCORING.md")
    lowest_pillar: Pillar | None = Field(default=None, description="Shown beside the mean")
    lowest_score: float | None = None


class DecisionResult(_Frozen):
    """One row of a profile's Decisions table, proven (or not) by checks."""

    pillar: Pillar
    area: str
    claim: str = Field(description="The profile's stated implementation")
    seed_claim: str = Field(default="", description="The seed's wording where the claim moved on from it")
    implementation: str = Field(description="Implementation stated from observed values")
    evidence: tuple[str, ...] = Field(description="Real resources and files cited by the checks")
    check_ids: tuple[str, ...]
    status: Status


class ImprovementStatus(StrEnum):
    """Where an improvement opportunity stands, judged from its checks."""

    OPEN = "open"  # a check that shows it fails
    ACCEPTED = "accepted"  # it fails, under a waiver in force
    NOT_ASSESSED = "not assessed"  # judged by hand, or its checks found nothing to judge
    DEFERRED = "deferred"  # deliberately not done, with a reason, until a date (then open)
    DONE = "done"  # every check that shows it passed


class Improvement(_Frozen):
    pillar: Pillar
    text: str
    origin: str = Field(description="'profile' or a failed check id")
    severity: Severity | None = None
    status: ImprovementStatus = ImprovementStatus.OPEN
    check_ids: tuple[str, ...] = ()
    evidence: tuple[str, ...] = Field(default=(), description="What the checks observed")
    deferred_until: date | None = Field(default=None, description="End of a deliberate deferral")


class Drift(_Frozen):
    resource_type: str
    resource_id: str
    attribute: str
    terraform_value: Any = None
    live_value: Any = None


class AccountScores(_Frozen):
    """One account's own scores when a review covers several (the roll-up is ``ReviewResults.scores``)."""

    account: str
    resources: int = Field(description="Resources of this account the checks read")
    scores: Scores
    failed_checks: tuple[str, ...] = Field(default=(), description="Checks with a failing finding here")


class ReviewResults(_Frozen):
    schema_version: str = RESULTS_SCHEMA_VERSION
    tool_name: str = "ctc-review"
    tool_version: str
    generated_at: datetime
    profile_id: str
    profile_title: str
    design_principles: dict[Pillar, str] = Field(default_factory=dict)
    sources: tuple[SourceRun, ...]
    checks: tuple[CheckResult, ...]
    not_assessed: tuple[NotAssessed, ...] = ()
    waivers: tuple[AppliedWaiver, ...] = ()
    decisions: tuple[DecisionResult, ...] = ()
    improvements: tuple[Improvement, ...] = ()
    drift: tuple[Drift, ...] = ()
    scores: Scores
    accounts: tuple[AccountScores, ...] = Field(
        default=(), description="Per-account scores when the review covers more than one account"
    )
    cost: dict[str, Any] | None = Field(default=None, description="Cost summary (reports issue)")

    @property
    def complete(self) -> bool:
        return not self.not_assessed and all(s.ok for s in self.sources)
