"""The immutable inventory: every collected resource, typed, plus what could not be assessed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

from coattail.review.inventory.apigateway import (
    ApiGatewayHttpApi,
    ApiGatewayHttpStage,
    ApiGatewayRestApi,
    ApiGatewayStage,
)
from coattail.review.inventory.awslambda import LambdaFunction
from coattail.review.inventory.base import Frozen, Resource
from coattail.review.inventory.checkov import CheckovFinding
from coattail.review.inventory.cloudwatch import (
    CloudWatchAlarm,
    CloudWatchDashboard,
    LogGroup,
    MetricFilter,
)
from coattail.review.inventory.costs import CostAnomalyMonitor
from coattail.review.inventory.dynamodb import DynamoDBTable
from coattail.review.inventory.ecr import ECRRepository
from coattail.review.inventory.ecs import ECSCluster, ECSTaskDefinition
from coattail.review.inventory.efs import EFSFileSystem
from coattail.review.inventory.elb import LoadBalancer
from coattail.review.inventory.emr import EMRServerlessApp
from coattail.review.inventory.events import EventBridgeRule, EventBus
from coattail.review.inventory.firehose import FirehoseDeliveryStream
from coattail.review.inventory.foundations import (
    AccessAnalyzer,
    ACMCertificate,
    ConfigRecorder,
    GuardDutyDetector,
    Secret,
    SecurityHub,
)
from coattail.review.inventory.glue import GlueDatabase, GlueDataCatalog, GlueTable
from coattail.review.inventory.governance import Budget, CloudTrailTrail, KMSKey, WafWebAcl
from coattail.review.inventory.iam import IAMAccountSettings, IAMGroup, IAMPolicy, IAMRole, IAMUser
from coattail.review.inventory.kinesis import KinesisStream
from coattail.review.inventory.lakeformation import (
    LakeFormationPermission,
    LakeFormationResourceTags,
    LakeFormationSettings,
    LakeFormationTag,
)
from coattail.review.inventory.messaging import SNSTopic, SQSQueue
from coattail.review.inventory.network import (
    AMI,
    VPC,
    BackupVault,
    EBSEncryptionByDefault,
    EBSSnapshot,
    EBSVolume,
    EC2Instance,
    ElasticIP,
    NatGateway,
    S3AccountPublicAccessBlock,
    SecurityGroup,
)
from coattail.review.inventory.rds import RDSInstance
from coattail.review.inventory.repository import RepositoryFacts
from coattail.review.inventory.run_state import StoppedState
from coattail.review.inventory.s3 import S3Bucket
from coattail.review.inventory.ssm import SSMParameter
from coattail.review.inventory.stepfunctions import StepFunctionsStateMachine
from coattail.review.model import Drift, NotAssessed, SourceKind, SourceRun

R = TypeVar("R", bound=Resource)

#: Inventory field name for every resource type. Adding a type: add it here and as a field below.
RESOURCE_FIELDS: dict[type[Resource], str] = {
    S3Bucket: "s3_buckets",
    KinesisStream: "kinesis_streams",
    DynamoDBTable: "dynamodb_tables",
    IAMRole: "iam_roles",
    IAMPolicy: "iam_policies",
    EMRServerlessApp: "emr_serverless_apps",
    GlueDatabase: "glue_databases",
    GlueTable: "glue_tables",
    GlueDataCatalog: "glue_catalogs",
    LakeFormationSettings: "lakeformation_settings",
    LakeFormationPermission: "lakeformation_permissions",
    LakeFormationTag: "lakeformation_tags",
    LakeFormationResourceTags: "lakeformation_resource_tags",
    StepFunctionsStateMachine: "state_machines",
    EventBridgeRule: "eventbridge_rules",
    CloudWatchAlarm: "cloudwatch_alarms",
    CloudWatchDashboard: "cloudwatch_dashboards",
    LogGroup: "log_groups",
    MetricFilter: "metric_filters",
    SNSTopic: "sns_topics",
    SQSQueue: "sqs_queues",
    SSMParameter: "ssm_parameters",
    LambdaFunction: "lambda_functions",
    ApiGatewayRestApi: "apigateway_rest_apis",
    ApiGatewayStage: "apigateway_stages",
    ApiGatewayHttpApi: "apigateway_http_apis",
    ApiGatewayHttpStage: "apigateway_http_stages",
    ECSCluster: "ecs_clusters",
    ECSTaskDefinition: "ecs_task_definitions",
    KMSKey: "kms_keys",
    Budget: "budgets",
    CloudTrailTrail: "cloudtrail_trails",
    WafWebAcl: "waf_web_acls",
    NatGateway: "nat_gateways",
    ECRRepository: "ecr_repositories",
    EFSFileSystem: "efs_file_systems",
    FirehoseDeliveryStream: "firehose_streams",
    EventBus: "event_buses",
    CostAnomalyMonitor: "cost_anomaly_monitors",
    IAMUser: "iam_users",
    IAMGroup: "iam_groups",
    IAMAccountSettings: "iam_account_settings",
    SecurityGroup: "security_groups",
    VPC: "vpcs",
    EBSEncryptionByDefault: "ebs_encryption_defaults",
    EBSVolume: "ebs_volumes",
    EC2Instance: "ec2_instances",
    S3AccountPublicAccessBlock: "s3_account_public_access_blocks",
    ConfigRecorder: "config_recorders",
    GuardDutyDetector: "guardduty_detectors",
    SecurityHub: "securityhub_hubs",
    AccessAnalyzer: "access_analyzers",
    Secret: "secrets",
    ACMCertificate: "acm_certificates",
    RDSInstance: "rds_instances",
    LoadBalancer: "load_balancers",
    EBSSnapshot: "ebs_snapshots",
    AMI: "amis",
    ElasticIP: "elastic_ips",
    BackupVault: "backup_vaults",
}

#: Terraform resource type -> model class.
TF_TYPES: dict[str, type[Resource]] = {t: cls for cls in RESOURCE_FIELDS for t in cls.tf_types}


class Inventory(Frozen):
    """One snapshot of everything collected; checks read it and never call AWS.

    Checks should distinguish "no resources" from "could not look": use
    :meth:`assessed` (False when the service is in ``not_assessed``) and answer UNKNOWN.
    """

    s3_buckets: tuple[S3Bucket, ...] = ()
    kinesis_streams: tuple[KinesisStream, ...] = ()
    dynamodb_tables: tuple[DynamoDBTable, ...] = ()
    iam_roles: tuple[IAMRole, ...] = ()
    iam_policies: tuple[IAMPolicy, ...] = ()
    emr_serverless_apps: tuple[EMRServerlessApp, ...] = ()
    glue_databases: tuple[GlueDatabase, ...] = ()
    glue_tables: tuple[GlueTable, ...] = ()
    glue_catalogs: tuple[GlueDataCatalog, ...] = ()
    lakeformation_settings: tuple[LakeFormationSettings, ...] = ()
    lakeformation_permissions: tuple[LakeFormationPermission, ...] = ()
    lakeformation_tags: tuple[LakeFormationTag, ...] = ()
    lakeformation_resource_tags: tuple[LakeFormationResourceTags, ...] = ()
    state_machines: tuple[StepFunctionsStateMachine, ...] = ()
    eventbridge_rules: tuple[EventBridgeRule, ...] = ()
    cloudwatch_alarms: tuple[CloudWatchAlarm, ...] = ()
    cloudwatch_dashboards: tuple[CloudWatchDashboard, ...] = ()
    log_groups: tuple[LogGroup, ...] = ()
    metric_filters: tuple[MetricFilter, ...] = ()
    nat_gateways: tuple[NatGateway, ...] = ()
    sns_topics: tuple[SNSTopic, ...] = ()
    sqs_queues: tuple[SQSQueue, ...] = ()
    ssm_parameters: tuple[SSMParameter, ...] = ()
    lambda_functions: tuple[LambdaFunction, ...] = ()
    apigateway_rest_apis: tuple[ApiGatewayRestApi, ...] = ()
    apigateway_stages: tuple[ApiGatewayStage, ...] = ()
    apigateway_http_apis: tuple[ApiGatewayHttpApi, ...] = ()
    apigateway_http_stages: tuple[ApiGatewayHttpStage, ...] = ()
    ecs_clusters: tuple[ECSCluster, ...] = ()
    ecs_task_definitions: tuple[ECSTaskDefinition, ...] = ()
    kms_keys: tuple[KMSKey, ...] = ()
    budgets: tuple[Budget, ...] = ()
    cloudtrail_trails: tuple[CloudTrailTrail, ...] = ()
    waf_web_acls: tuple[WafWebAcl, ...] = ()
    ecr_repositories: tuple[ECRRepository, ...] = ()
    efs_file_systems: tuple[EFSFileSystem, ...] = ()
    firehose_streams: tuple[FirehoseDeliveryStream, ...] = ()
    event_buses: tuple[EventBus, ...] = ()
    cost_anomaly_monitors: tuple[CostAnomalyMonitor, ...] = ()
    iam_users: tuple[IAMUser, ...] = ()
    iam_groups: tuple[IAMGroup, ...] = ()
    iam_account_settings: tuple[IAMAccountSettings, ...] = ()
    security_groups: tuple[SecurityGroup, ...] = ()
    vpcs: tuple[VPC, ...] = ()
    ebs_encryption_defaults: tuple[EBSEncryptionByDefault, ...] = ()
    ebs_volumes: tuple[EBSVolume, ...] = ()
    ec2_instances: tuple[EC2Instance, ...] = ()
    s3_account_public_access_blocks: tuple[S3AccountPublicAccessBlock, ...] = ()
    config_recorders: tuple[ConfigRecorder, ...] = ()
    guardduty_detectors: tuple[GuardDutyDetector, ...] = ()
    securityhub_hubs: tuple[SecurityHub, ...] = ()
    access_analyzers: tuple[AccessAnalyzer, ...] = ()
    secrets: tuple[Secret, ...] = ()
    acm_certificates: tuple[ACMCertificate, ...] = ()
    rds_instances: tuple[RDSInstance, ...] = ()
    load_balancers: tuple[LoadBalancer, ...] = ()
    ebs_snapshots: tuple[EBSSnapshot, ...] = ()
    amis: tuple[AMI, ...] = ()
    elastic_ips: tuple[ElasticIP, ...] = ()
    backup_vaults: tuple[BackupVault, ...] = ()

    repository: RepositoryFacts | None = None
    #: what a plan of the platform's stopped state removes (None: not given, nothing is assumed)
    stopped_state: StoppedState | None = None
    checkov_findings: tuple[CheckovFinding, ...] = ()
    sources: tuple[SourceRun, ...] = ()
    not_assessed: tuple[NotAssessed, ...] = ()
    drift: tuple[Drift, ...] = ()
    #: Resource types the live source enumerated completely (so absence there means "does not exist").
    live_resource_types: tuple[str, ...] = ()

    # -- typed access -------------------------------------------------------------------------
    def by_type(self, cls: type[R]) -> tuple[R, ...]:
        field = RESOURCE_FIELDS.get(cls)
        if field is None:
            raise KeyError(f"{cls.__name__} is not an inventory resource type")
        return getattr(self, field)

    def resources(self) -> Iterator[Resource]:
        for field in RESOURCE_FIELDS.values():
            yield from getattr(self, field)

    def find(self, resource_id: str) -> Resource | None:
        return next((r for r in self.resources() if resource_id in (r.id, r.tf_address, r.name)), None)

    def named(self, cls: type[R], name: str) -> tuple[R, ...]:
        return tuple(r for r in self.by_type(cls) if r.name == name)

    # -- sources ------------------------------------------------------------------------------
    @property
    def source_kinds(self) -> tuple[SourceKind, ...]:
        return tuple(dict.fromkeys(s.kind for s in self.sources))

    def for_source(self, kind: SourceKind) -> Inventory:
        """The same inventory restricted to the resources (and gaps) of one source."""
        update: dict[str, Any] = {
            field: tuple(r for r in getattr(self, field) if r.source == kind)
            for field in RESOURCE_FIELDS.values()
        }
        update["sources"] = tuple(s for s in self.sources if s.kind == kind)
        update["not_assessed"] = tuple(n for n in self.not_assessed if n.source == kind)
        if kind != SourceKind.REPOSITORY:
            update["repository"] = None
        if kind != SourceKind.TERRAFORM:
            update["checkov_findings"] = ()
        return self.model_copy(update=update)

    def assessed(self, service: str, source: SourceKind | None = None) -> bool:
        """False when ``service`` could not be read (by ``source``, or by any source if None)."""
        return not any(
            n.service == service and (source is None or n.source == source) for n in self.not_assessed
        )

    def gaps(self, service: str) -> tuple[NotAssessed, ...]:
        return tuple(n for n in self.not_assessed if n.service == service)

    def checkov_for(self, resource: Resource) -> tuple[CheckovFinding, ...]:
        keys = {resource.id, resource.tf_address}
        return tuple(f for f in self.checkov_findings if f.inventory_id in keys or f.tf_address in keys)

    @property
    def counts(self) -> dict[str, int]:
        return {
            field: len(getattr(self, field)) for field in RESOURCE_FIELDS.values() if getattr(self, field)
        }

    # -- combining ----------------------------------------------------------------------------
    def merge(self, *others: Inventory) -> Inventory:
        """Concatenate inventories (e.g. several accounts, regions or sources)."""
        update: dict[str, Any] = {}
        tuple_fields = [
            *RESOURCE_FIELDS.values(),
            "checkov_findings",
            "sources",
            "not_assessed",
            "drift",
            "live_resource_types",
        ]
        for field in tuple_fields:
            update[field] = getattr(self, field) + tuple(x for o in others for x in getattr(o, field))
        repo = self.repository
        for o in others:
            repo = repo or o.repository
        update["repository"] = repo
        stopped = self.stopped_state
        for o in others:
            stopped = stopped or o.stopped_state
        update["stopped_state"] = stopped
        return self.model_copy(update=update)

    @classmethod
    def from_resources(cls, resources: list[Resource] | tuple[Resource, ...], **extra: Any) -> Inventory:
        """Build an inventory from a flat list of resources (sorted into their typed tuples)."""
        buckets: dict[str, list[Resource]] = {}
        for r in resources:
            field = RESOURCE_FIELDS.get(type(r))
            if field is None:
                raise KeyError(f"{type(r).__name__} is not an inventory resource type")
            buckets.setdefault(field, []).append(r)
        fields: dict[str, Any] = {k: tuple(v) for k, v in buckets.items()}
        return cls.model_validate({**fields, **extra})
