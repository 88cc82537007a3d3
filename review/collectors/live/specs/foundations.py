"""Account foundations: AWS Config, GuardDuty, Security Hub, IAM Access Analyzer (one resource per
region each, present when the service is off), Secrets Manager secrets and ACM certificates."""

from __future__ import annotations

from typing import Any

from coattail.review.collectors.live.spec import Context, Detail, Raw, ResourceSpec, tags_from_list
from coattail.review.collectors.values import as_bool, as_int, blank, sorted_strs
from coattail.review.inventory import (
    AccessAnalyzer,
    ACMCertificate,
    Analyzer,
    ConfigRecorder,
    GuardDutyDetector,
    PolicyDocument,
    Secret,
    SecurityHub,
)
from coattail.review.model import SourceKind

LIVE = SourceKind.LIVE


def _where(ctx: Context) -> dict[str, Any]:
    return {"source": LIVE, "region": ctx.region, "account": ctx.account}


# -- AWS Config ---------------------------------------------------------------------------------
def _customer_recorder(recorders: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The customer-managed recorder (service-linked recorders name a ``servicePrincipal``)."""
    own = [r for r in recorders if not r.get("servicePrincipal")]
    return (own or recorders)[0] if recorders else None


def config_recorder(raw: Raw, ctx: Context) -> ConfigRecorder:
    recorder = _customer_recorder(list(raw["item"] or ()))
    base = f"arn:{ctx.partition}:config:{ctx.region}:{ctx.account}:configuration-recorder"
    if recorder is None:
        return ConfigRecorder(id=base, name="configuration-recorder", **_where(ctx))
    name = recorder["name"]
    status: dict[str, Any] = next((s for s in raw.get("status") or () if s.get("name") == name), {})
    group = recorder.get("recordingGroup") or {}
    return ConfigRecorder(
        id=recorder.get("arn") or f"{base}/{name}",
        name=name,
        **_where(ctx),
        recorder_name=name,
        recording=as_bool(status.get("recording")),
        last_status=blank(status.get("lastStatus")),
        all_supported=as_bool(group.get("allSupported")),
        include_global_resource_types=as_bool(group.get("includeGlobalResourceTypes")),
        resource_types=sorted_strs(group.get("resourceTypes")),
    )


CONFIG_RECORDERS = ResourceSpec(
    model=ConfigRecorder,
    service="config",
    singleton=True,
    list_operation="describe_configuration_recorders",
    list_path="ConfigurationRecorders",
    details=(
        Detail(
            "status", "describe_configuration_recorder_status", lambda r: {}, "ConfigurationRecordersStatus"
        ),
    ),
    normalise=config_recorder,
)


# -- GuardDuty ----------------------------------------------------------------------------------
def guardduty_detector(raw: Raw, ctx: Context) -> GuardDutyDetector:
    ids = list(raw["item"] or ())
    base = f"arn:{ctx.partition}:guardduty:{ctx.region}:{ctx.account}:detector"
    if not ids:
        return GuardDutyDetector(id=base, name="guardduty", **_where(ctx))
    detector = (raw.get("detectors") or [{}])[0] or {}
    return GuardDutyDetector(
        id=f"{base}/{ids[0]}",
        name=ids[0],
        **_where(ctx),
        tags=dict(detector.get("Tags") or {}),
        detector_id=ids[0],
        status=blank(detector.get("Status")),
        finding_publishing_frequency=blank(detector.get("FindingPublishingFrequency")),
    )


GUARDDUTY_DETECTORS = ResourceSpec(
    model=GuardDutyDetector,
    service="guardduty",
    singleton=True,
    list_operation="list_detectors",
    list_path="DetectorIds",
    details=(
        # a region holds at most one detector
        Detail("detectors", "get_detector", lambda r: [{"DetectorId": d} for d in (r["item"] or ())[:1]]),
    ),
    normalise=guardduty_detector,
)


# -- Security Hub -------------------------------------------------------------------------------
def security_hub(raw: Raw, ctx: Context) -> SecurityHub:
    hub = raw["item"] or {}
    arn = hub.get("HubArn") or f"arn:{ctx.partition}:securityhub:{ctx.region}:{ctx.account}:hub/default"
    return SecurityHub(
        id=arn,
        name="security-hub",
        **_where(ctx),
        enabled=bool(hub.get("HubArn")),
        subscribed_at=blank(hub.get("SubscribedAt")),
        auto_enable_controls=as_bool(hub.get("AutoEnableControls")),
    )


SECURITY_HUBS = ResourceSpec(
    model=SecurityHub,
    service="securityhub",
    singleton=True,
    list_operation="describe_hub",
    list_path="@",
    # how Security Hub answers an account (region) that is not subscribed
    list_missing=("InvalidAccessException", "ResourceNotFoundException"),
    normalise=security_hub,
)


# -- IAM Access Analyzer ------------------------------------------------------------------------
def access_analyzer(raw: Raw, ctx: Context) -> AccessAnalyzer:
    return AccessAnalyzer(
        id=f"arn:{ctx.partition}:access-analyzer:{ctx.region}:{ctx.account}:analyzer",
        name="access-analyzer",
        **_where(ctx),
        analyzers=tuple(
            sorted(
                (
                    Analyzer(name=a["name"], type=a["type"], status=blank(a.get("status")))
                    for a in raw["item"] or ()
                ),
                key=lambda a: a.name,
            )
        ),
    )


ACCESS_ANALYZERS = ResourceSpec(
    model=AccessAnalyzer,
    service="accessanalyzer",
    singleton=True,
    list_operation="list_analyzers",
    list_path="analyzers",
    list_action="access-analyzer:ListAnalyzers",
    normalise=access_analyzer,
)


# -- Secrets Manager ----------------------------------------------------------------------------
def secret(raw: Raw, ctx: Context) -> Secret:
    s = raw["item"]
    rules = s.get("RotationRules") or {}
    return Secret(
        id=s["ARN"],
        name=s["Name"],
        **_where(ctx),
        tags=tags_from_list(s.get("Tags")),
        kms_key_id=blank(s.get("KmsKeyId")),
        rotation_enabled=bool(s.get("RotationEnabled", False)),
        rotation_lambda_arn=blank(s.get("RotationLambdaARN")),
        rotation_days=as_int(rules.get("AutomaticallyAfterDays")),
        last_rotated_at=s.get("LastRotatedDate"),
        created_at=s.get("CreatedDate"),
        last_accessed_at=s.get("LastAccessedDate"),
        policy=PolicyDocument.parse(blank(raw.get("policy"))),
    )


SECRETS = ResourceSpec(
    model=Secret,
    service="secretsmanager",
    list_operation="list_secrets",
    list_path="SecretList",
    details=(
        Detail("policy", "get_resource_policy", lambda r: {"SecretId": r["item"]["ARN"]}, "ResourcePolicy"),
    ),
    normalise=secret,
)


# -- ACM ----------------------------------------------------------------------------------------
#: ListCertificates returns only RSA_2048 certificates unless asked for the other key types.
ALL_KEY_TYPES = (
    "RSA_1024",
    "RSA_2048",
    "RSA_3072",
    "RSA_4096",
    "EC_prime256v1",
    "EC_secp384r1",
    "EC_secp521r1",
)


def acm_certificate(raw: Raw, ctx: Context) -> ACMCertificate:
    c = {**raw["item"], **(raw.get("certificate") or {})}
    return ACMCertificate(
        id=c["CertificateArn"],
        name=c.get("DomainName") or c["CertificateArn"].rsplit("/", 1)[-1],
        **_where(ctx),
        tags=tags_from_list(raw.get("tags")),
        domain_name=blank(c.get("DomainName")),
        certificate_type=blank(c.get("Type")),
        status=blank(c.get("Status")),
        not_after=c.get("NotAfter"),
        in_use_by=sorted_strs(c.get("InUseBy")),
        renewal_eligibility=blank(c.get("RenewalEligibility")),
    )


ACM_CERTIFICATES = ResourceSpec(
    model=ACMCertificate,
    service="acm",
    list_operation="list_certificates",
    list_params={"Includes": {"keyTypes": list(ALL_KEY_TYPES)}},
    list_path="CertificateSummaryList",
    details=(
        Detail(
            "certificate",
            "describe_certificate",
            lambda r: {"CertificateArn": r["item"]["CertificateArn"]},
            "Certificate",
        ),
        Detail(
            "tags",
            "list_tags_for_certificate",
            lambda r: {"CertificateArn": r["item"]["CertificateArn"]},
            "Tags",
        ),
    ),
    normalise=acm_certificate,
)

SPECS = (
    CONFIG_RECORDERS,
    GUARDDUTY_DETECTORS,
    SECURITY_HUBS,
    ACCESS_ANALYZERS,
    SECRETS,
    ACM_CERTIFICATES,
)
