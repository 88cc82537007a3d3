"""Typed inventory: what the collectors found, in one shape whatever the source.

The live (boto3) collector and the Terraform (plan/state JSON) collector both normalise into
these frozen pydantic models, so a check cannot tell where data came from; the repository
collector fills :class:`RepositoryFacts`. Checks read an :class:`Inventory` and never call AWS.

Conventions: every resource has ``id`` (ARN for live, ARN-or-address for Terraform), ``name``,
``source``, ``region``, ``account``, ``tf_address``, ``location`` (Terraform file+line) and
``tags``. Attributes a source could not know are ``None`` (Terraform values unknown until
apply are also listed in ``unknown_attributes``). Policies are parsed into
:class:`PolicyDocument`/:class:`PolicyStatement`; capacities and definitions are parsed into
numbers and states.

Adding a resource type:
1. Write the model in the service's module (subclass :class:`Resource`, set the class vars
   ``resource_type`` (CloudFormation-style), ``service`` (the boto3 service name used in
   ``NotAssessed``) and ``tf_types``) and export it here.
2. Add a field to :class:`Inventory` and an entry to ``RESOURCE_FIELDS`` (snapshot.py).
3. Teach the collectors: a ``ResourceSpec`` in ``review/collectors/live/specs/<group>.py`` and
   a normaliser in ``review/collectors/terraform/normalise/<group>.py`` (keyed by Terraform
   type). Both must give equal attribute values for the same resource: the drift test
   (tests/review_core/test_terraform_collector_state.py) fails otherwise. The least-privilege
   policy (``ctc-review permissions``) follows from the spec automatically.
"""

from coattail.review.inventory.apigateway import (
    ApiGatewayHttpApi,
    ApiGatewayHttpStage,
    ApiGatewayRestApi,
    ApiGatewayStage,
    ApiMethod,
    MethodSetting,
)
from coattail.review.inventory.awslambda import LambdaFunction
from coattail.review.inventory.base import Frozen, Resource
from coattail.review.inventory.checkov import CheckovFinding
from coattail.review.inventory.cloudwatch import (
    CloudWatchAlarm,
    CloudWatchDashboard,
    DashboardWidget,
    LogGroup,
    MetricFilter,
    MetricRef,
    MetricTransformation,
    parse_dashboard_body,
)
from coattail.review.inventory.costs import AnomalySubscription, CostAnomalyMonitor
from coattail.review.inventory.dynamodb import DynamoDBTable, KeyElement, SecondaryIndex
from coattail.review.inventory.ecr import ECRRepository
from coattail.review.inventory.ecs import ContainerDefinition, ECSCluster, ECSTaskDefinition
from coattail.review.inventory.efs import EFSFileSystem
from coattail.review.inventory.elb import LoadBalancer, LoadBalancerListener
from coattail.review.inventory.emr import EMRServerlessApp, WorkerCapacity, parse_gb, parse_vcpu
from coattail.review.inventory.events import EventBridgeRule, EventBus, EventTarget
from coattail.review.inventory.firehose import FirehoseDeliveryStream
from coattail.review.inventory.foundations import (
    AccessAnalyzer,
    ACMCertificate,
    Analyzer,
    ConfigRecorder,
    GuardDutyDetector,
    Secret,
    SecurityHub,
)
from coattail.review.inventory.glue import GlueDatabase, GlueDataCatalog, GlueTable
from coattail.review.inventory.governance import (
    Budget,
    BudgetNotification,
    CloudTrailTrail,
    KMSKey,
    ManagementEventSelector,
    WafRule,
    WafWebAcl,
)
from coattail.review.inventory.iam import (
    IAMAccessKey,
    IAMAccountSettings,
    IAMGroup,
    IAMPolicy,
    IAMRole,
    IAMUser,
    PasswordPolicy,
)
from coattail.review.inventory.kinesis import KinesisStream
from coattail.review.inventory.lakeformation import (
    LakeFormationPermission,
    LakeFormationResourceTags,
    LakeFormationSettings,
    LakeFormationTag,
)
from coattail.review.inventory.messaging import SNSSubscription, SNSTopic, SQSQueue
from coattail.review.inventory.network import (
    AMI,
    VPC,
    BackupVault,
    EBSEncryptionByDefault,
    EBSSnapshot,
    EBSVolume,
    EC2Instance,
    ElasticIP,
    IngressRule,
    NatGateway,
    S3AccountPublicAccessBlock,
    SecurityGroup,
)
from coattail.review.inventory.policy import NamedPolicy, PolicyDocument, PolicyStatement
from coattail.review.inventory.rds import RDSInstance
from coattail.review.inventory.repository import (
    AgentSpec,
    CIJob,
    CIStep,
    CIWorkflow,
    CodeUsage,
    ConfigFile,
    DocumentFacts,
    RepositoryFacts,
    ScriptFacts,
    SecretMatch,
    TerraformLayout,
)
from coattail.review.inventory.s3 import AclGrant, LifecycleRule, PublicAccessBlock, S3Bucket, Transition
from coattail.review.inventory.snapshot import RESOURCE_FIELDS, TF_TYPES, Inventory
from coattail.review.inventory.ssm import SSMParameter
from coattail.review.inventory.stepfunctions import (
    SfnCatcher,
    SfnDefinition,
    SfnRetrier,
    SfnState,
    StepFunctionsStateMachine,
)

__all__ = [
    "AMI",
    "RESOURCE_FIELDS",
    "TF_TYPES",
    "VPC",
    "ACMCertificate",
    "AccessAnalyzer",
    "AclGrant",
    "AgentSpec",
    "Analyzer",
    "AnomalySubscription",
    "ApiGatewayHttpApi",
    "ApiGatewayHttpStage",
    "ApiGatewayRestApi",
    "ApiGatewayStage",
    "ApiMethod",
    "BackupVault",
    "Budget",
    "BudgetNotification",
    "CIJob",
    "CIStep",
    "CIWorkflow",
    "CheckovFinding",
    "CloudTrailTrail",
    "CloudWatchAlarm",
    "CloudWatchDashboard",
    "CodeUsage",
    "ConfigFile",
    "ConfigRecorder",
    "ContainerDefinition",
    "CostAnomalyMonitor",
    "DashboardWidget",
    "DocumentFacts",
    "DynamoDBTable",
    "EBSEncryptionByDefault",
    "EBSSnapshot",
    "EBSVolume",
    "EC2Instance",
    "ECRRepository",
    "ECSCluster",
    "ECSTaskDefinition",
    "EFSFileSystem",
    "EMRServerlessApp",
    "ElasticIP",
    "EventBridgeRule",
    "EventBus",
    "EventTarget",
    "FirehoseDeliveryStream",
    "Frozen",
    "GlueDataCatalog",
    "GlueDatabase",
    "GlueTable",
    "GuardDutyDetector",
    "IAMAccessKey",
    "IAMAccountSettings",
    "IAMGroup",
    "IAMPolicy",
    "IAMRole",
    "IAMUser",
    "IngressRule",
    "Inventory",
    "KMSKey",
    "KeyElement",
    "KinesisStream",
    "LakeFormationPermission",
    "LakeFormationResourceTags",
    "LakeFormationSettings",
    "LakeFormationTag",
    "LambdaFunction",
    "LifecycleRule",
    "LoadBalancer",
    "LoadBalancerListener",
    "LogGroup",
    "ManagementEventSelector",
    "MethodSetting",
    "MetricFilter",
    "MetricRef",
    "MetricTransformation",
    "NamedPolicy",
    "NatGateway",
    "PasswordPolicy",
    "PolicyDocument",
    "PolicyStatement",
    "PublicAccessBlock",
    "RDSInstance",
    "RepositoryFacts",
    "Resource",
    "S3AccountPublicAccessBlock",
    "S3Bucket",
    "SNSSubscription",
    "SNSTopic",
    "SQSQueue",
    "SSMParameter",
    "ScriptFacts",
    "SecondaryIndex",
    "Secret",
    "SecretMatch",
    "SecurityGroup",
    "SecurityHub",
    "SfnCatcher",
    "SfnDefinition",
    "SfnRetrier",
    "SfnState",
    "StepFunctionsStateMachine",
    "TerraformLayout",
    "Transition",
    "WafRule",
    "WafWebAcl",
    "WorkerCapacity",
    "parse_dashboard_body",
    "parse_gb",
    "parse_vcpu",
]
