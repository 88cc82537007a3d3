"""EMR Serverless, Lambda, ECS, Step Functions and EventBridge."""

from __future__ import annotations

import json
from typing import Any

from coattail.review.collectors.live.spec import (
    BatchDetail,
    Context,
    Detail,
    Raw,
    ResourceSpec,
    tags_from_list,
)
from coattail.review.collectors.values import as_bool, as_int, blank, resource_policy, sorted_strs, strs
from coattail.review.inventory import (
    ContainerDefinition,
    ECRRepository,
    ECSCluster,
    ECSTaskDefinition,
    EMRServerlessApp,
    EventBridgeRule,
    EventBus,
    EventTarget,
    LambdaFunction,
    SfnDefinition,
    StepFunctionsStateMachine,
    WorkerCapacity,
    parse_gb,
    parse_vcpu,
)
from coattail.review.inventory.ecs import SECRET_NAME
from coattail.review.model import SourceKind

LIVE = SourceKind.LIVE


# -- EMR Serverless -----------------------------------------------------------------------------
def _emr(raw: Raw, ctx: Context) -> EMRServerlessApp:
    a = raw["application"]
    stop = a.get("autoStopConfiguration") or {}
    start = a.get("autoStartConfiguration") or {}
    cap = a.get("maximumCapacity") or {}
    initial = []
    for worker_type, conf in sorted((a.get("initialCapacity") or {}).items()):
        w = conf.get("workerConfiguration") or {}
        initial.append(
            WorkerCapacity(
                worker_type=worker_type.upper(),
                count=int(conf.get("workerCount", 0)),
                cpu_vcpu=parse_vcpu(w.get("cpu")),
                memory_gb=parse_gb(w.get("memory")),
                disk_gb=parse_gb(w.get("disk")),
            )
        )
    return EMRServerlessApp(
        id=a["arn"],
        name=a["name"],
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=dict(a.get("tags") or {}),
        app_type=str(a.get("type", "")).upper() or None,
        release_label=a.get("releaseLabel"),
        state=a.get("state"),
        auto_stop_enabled=as_bool(stop.get("enabled")),
        auto_stop_idle_minutes=as_int(stop.get("idleTimeoutMinutes")),
        auto_start_enabled=as_bool(start.get("enabled")),
        max_cpu_vcpu=parse_vcpu(cap.get("cpu")),
        max_memory_gb=parse_gb(cap.get("memory")),
        max_disk_gb=parse_gb(cap.get("disk")),
        initial_capacity=tuple(initial),
        architecture=a.get("architecture"),
        network_configured=bool((a.get("networkConfiguration") or {}).get("subnetIds")),
    )


EMR_APPS = ResourceSpec(
    model=EMRServerlessApp,
    service="emr-serverless",
    list_operation="list_applications",
    # deleted applications stay listed as TERMINATED for a while: no workers, nothing to judge
    list_params={"states": ["CREATING", "CREATED", "STARTING", "STARTED", "STOPPING", "STOPPED"]},
    list_path="applications",
    details=(
        Detail("application", "get_application", lambda r: {"applicationId": r["item"]["id"]}, "application"),
    ),
    normalise=_emr,
)


# -- Lambda -------------------------------------------------------------------------------------
def _lambda(raw: Raw, ctx: Context) -> LambdaFunction:
    f = raw["item"]
    got = raw.get("function") or {}
    return LambdaFunction(
        id=f["FunctionArn"],
        name=f["FunctionName"],
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=dict(got.get("Tags") or {}),
        runtime=f.get("Runtime"),
        handler=f.get("Handler"),
        package_type=f.get("PackageType", "Zip"),
        memory_mb=as_int(f.get("MemorySize")),
        timeout_seconds=as_int(f.get("Timeout")),
        reserved_concurrency=as_int((got.get("Concurrency") or {}).get("ReservedConcurrentExecutions")),
        tracing_mode=(f.get("TracingConfig") or {}).get("Mode", "PassThrough"),
        role_arn=f.get("Role"),
        env_var_names=sorted_strs(((f.get("Environment") or {}).get("Variables") or {}).keys()),
        dead_letter_target_arn=blank((f.get("DeadLetterConfig") or {}).get("TargetArn")),
        architectures=strs(f.get("Architectures") or ["x86_64"]),
        kms_key_arn=blank(f.get("KMSKeyArn")),
        vpc_configured=bool((f.get("VpcConfig") or {}).get("SubnetIds")),
        vpc_subnet_ids=tuple((f.get("VpcConfig") or {}).get("SubnetIds") or ()),
        log_group=(f.get("LoggingConfig") or {}).get("LogGroup") or f"/aws/lambda/{f['FunctionName']}",
        vpc_subnet_azs=sorted_strs(raw["subnet_azs"]) if raw.get("subnet_azs") is not None else None,
        policy=resource_policy(raw.get("policy")),
        url_auth_type=blank((raw.get("url") or {}).get("AuthType")),
    )


LAMBDA_FUNCTIONS = ResourceSpec(
    model=LambdaFunction,
    service="lambda",
    list_operation="list_functions",
    list_path="Functions",
    details=(
        Detail("function", "get_function", lambda r: {"FunctionName": r["item"]["FunctionName"]}),
        Detail(
            "subnet_azs",
            "describe_subnets",
            lambda r: (
                {"SubnetIds": ids} if (ids := (r["item"].get("VpcConfig") or {}).get("SubnetIds")) else None
            ),
            "Subnets[].AvailabilityZone",
            service="ec2",
        ),
        Detail(
            "policy",
            "get_policy",
            lambda r: {"FunctionName": r["item"]["FunctionName"]},
            "Policy",
            missing=("ResourceNotFoundException",),
        ),
        Detail(
            "url",
            "get_function_url_config",
            lambda r: {"FunctionName": r["item"]["FunctionName"]},
            missing=("ResourceNotFoundException",),
        ),
    ),
    normalise=_lambda,
)


# -- ECS ----------------------------------------------------------------------------------------
def ecs_container(c: dict[str, Any]) -> ContainerDefinition:
    env = [e.get("name", "") for e in c.get("environment") or ()]
    log = c.get("logConfiguration") or {}
    return ContainerDefinition(
        name=c.get("name", ""),
        image=c.get("image"),
        essential=as_bool(c.get("essential")) if c.get("essential") is not None else True,
        readonly_root_filesystem=bool(c.get("readonlyRootFilesystem", False)),
        privileged=bool(c.get("privileged", False)),
        user=blank(c.get("user")),
        log_driver=log.get("logDriver"),
        env_var_names=sorted_strs(env),
        secret_like_env_names=sorted_strs(n for n in env if SECRET_NAME.search(n)),
        secrets_from=sorted_strs(s.get("name", "") for s in c.get("secrets") or ()),
    )


def ecs_containers(definitions: Any) -> tuple[ContainerDefinition, ...]:
    if isinstance(definitions, str):
        definitions = json.loads(definitions)
    return tuple(sorted((ecs_container(c) for c in definitions or ()), key=lambda c: c.name))


def _task_definition(raw: Raw, ctx: Context) -> ECSTaskDefinition:
    t = raw["task"]["taskDefinition"]
    return ECSTaskDefinition(
        id=t["taskDefinitionArn"],
        name=f"{t['family']}:{t.get('revision')}",
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=tags_from_list(raw["task"].get("tags"), "key", "value"),
        family=t["family"],
        revision=as_int(t.get("revision")),
        cpu=as_int(t.get("cpu")),
        memory_mb=as_int(t.get("memory")),
        network_mode=t.get("networkMode"),
        requires_compatibilities=sorted_strs(t.get("requiresCompatibilities")),
        task_role_arn=blank(t.get("taskRoleArn")),
        execution_role_arn=blank(t.get("executionRoleArn")),
        cpu_architecture=(t.get("runtimePlatform") or {}).get("cpuArchitecture"),
        containers=ecs_containers(t.get("containerDefinitions")),
    )


ECS_TASK_DEFINITIONS = ResourceSpec(
    # The latest ACTIVE revision of each family: what runs (and what Terraform manages), one call each.
    model=ECSTaskDefinition,
    service="ecs",
    list_operation="list_task_definition_families",
    list_params={"status": "ACTIVE"},
    list_path="families",
    details=(
        Detail(
            "task", "describe_task_definition", lambda r: {"taskDefinition": r["item"], "include": ["TAGS"]}
        ),
    ),
    normalise=_task_definition,
)


def _cluster(raw: Raw, ctx: Context) -> ECSCluster | None:
    c = raw.get("cluster")
    if not c:
        return None
    insights = next(
        (s.get("value") for s in c.get("settings") or () if s.get("name") == "containerInsights"), None
    )
    return ECSCluster(
        id=c["clusterArn"],
        name=c["clusterName"],
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=tags_from_list(c.get("tags"), "key", "value"),
        container_insights=insights,
        capacity_providers=sorted_strs(c.get("capacityProviders")),
    )


ECS_CLUSTERS = ResourceSpec(
    model=ECSCluster,
    service="ecs",
    list_operation="list_clusters",
    list_path="clusterArns",
    batch=(
        BatchDetail(
            "cluster",
            "describe_clusters",
            lambda chunk: {"clusters": [r["item"] for r in chunk], "include": ["SETTINGS", "TAGS"]},
            "clusters",
            lambda found, raw: found.get("clusterArn") == raw["item"],
        ),
    ),
    normalise=_cluster,
)


# -- Step Functions -----------------------------------------------------------------------------
def _state_machine(raw: Raw, ctx: Context) -> StepFunctionsStateMachine:
    d = raw["machine"]
    logging = d.get("loggingConfiguration") or {}
    return StepFunctionsStateMachine(
        id=d["stateMachineArn"],
        name=d["name"],
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=tags_from_list(raw.get("tags"), "key", "value"),
        machine_type=d.get("type"),
        role_arn=d.get("roleArn"),
        definition=SfnDefinition.parse(d.get("definition")),
        logging_level=logging.get("level", "OFF"),
        logging_include_execution_data=bool(logging.get("includeExecutionData", False)),
        tracing_enabled=bool((d.get("tracingConfiguration") or {}).get("enabled", False)),
        status=d.get("status"),
    )


STATE_MACHINES = ResourceSpec(
    model=StepFunctionsStateMachine,
    service="stepfunctions",
    list_operation="list_state_machines",
    list_path="stateMachines",
    details=(
        Detail(
            "machine",
            "describe_state_machine",
            lambda r: {"stateMachineArn": r["item"]["stateMachineArn"]},
            action="states:DescribeStateMachine",
        ),
        Detail(
            "tags",
            "list_tags_for_resource",
            lambda r: {"resourceArn": r["item"]["stateMachineArn"]},
            "tags",
            action="states:ListTagsForResource",
        ),
    ),
    list_action="states:ListStateMachines",
    normalise=_state_machine,
)


# -- EventBridge --------------------------------------------------------------------------------
def _rule(raw: Raw, ctx: Context) -> EventBridgeRule:
    r = raw["item"]
    return EventBridgeRule(
        id=r["Arn"],
        name=r["Name"],
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=tags_from_list(raw.get("tags")),
        event_bus=r.get("EventBusName", "default"),
        schedule_expression=blank(r.get("ScheduleExpression")),
        event_pattern=blank(r.get("EventPattern")),
        state=r.get("State"),
        targets=tuple(
            sorted(
                (
                    EventTarget(
                        id=t["Id"],
                        arn=t.get("Arn"),
                        role_arn=blank(t.get("RoleArn")),
                        dead_letter_arn=blank((t.get("DeadLetterConfig") or {}).get("Arn")),
                        retry_max_attempts=as_int((t.get("RetryPolicy") or {}).get("MaximumRetryAttempts")),
                        retry_max_event_age_seconds=as_int(
                            (t.get("RetryPolicy") or {}).get("MaximumEventAgeInSeconds")
                        ),
                    )
                    for t in raw.get("targets") or ()
                ),
                key=lambda t: t.id,
            )
        ),
    )


EVENT_RULES = ResourceSpec(
    model=EventBridgeRule,
    service="events",
    list_operation="list_rules",
    list_path="Rules",
    details=(
        Detail("targets", "list_targets_by_rule", lambda r: {"Rule": r["item"]["Name"]}, "Targets"),
        Detail("tags", "list_tags_for_resource", lambda r: {"ResourceARN": r["item"]["Arn"]}, "Tags"),
    ),
    normalise=_rule,
)


def _bus(raw: Raw, ctx: Context) -> EventBus:
    b = raw["item"]
    return EventBus(
        id=b["Arn"],
        name=b["Name"],
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=tags_from_list(raw.get("tags")),
        policy=resource_policy(b.get("Policy")),
        aws_default=b["Name"] == "default",
    )


EVENT_BUSES = ResourceSpec(
    model=EventBus,
    service="events",
    list_operation="list_event_buses",
    list_path="EventBuses",
    details=(Detail("tags", "list_tags_for_resource", lambda r: {"ResourceARN": r["item"]["Arn"]}, "Tags"),),
    normalise=_bus,
)


# -- ECR ----------------------------------------------------------------------------------------
def lifecycle_rule_count(text: Any) -> int:
    """Rules in an ECR lifecycle policy document (0 when none is set)."""
    return len((json.loads(text) if isinstance(text, str) else text or {}).get("rules") or ())


def _ecr(raw: Raw, ctx: Context) -> ECRRepository:
    r = raw["item"]
    encryption = r.get("encryptionConfiguration") or {}
    return ECRRepository(
        id=r["repositoryArn"],
        name=r["repositoryName"],
        source=LIVE,
        region=ctx.region,
        account=ctx.account,
        tags=tags_from_list(raw.get("tags")),
        uri=r.get("repositoryUri"),
        scan_on_push=bool((r.get("imageScanningConfiguration") or {}).get("scanOnPush", False)),
        tag_mutability=r.get("imageTagMutability"),
        encryption_type=encryption.get("encryptionType", "AES256"),
        kms_key=blank(encryption.get("kmsKey")),
        lifecycle_rules=lifecycle_rule_count(raw.get("lifecycle")),
        policy=resource_policy(raw.get("policy")),
    )


def _repo(raw: Raw) -> dict[str, Any]:
    return {"repositoryName": raw["item"]["repositoryName"], "registryId": raw["item"]["registryId"]}


ECR_REPOSITORIES = ResourceSpec(
    model=ECRRepository,
    service="ecr",
    list_operation="describe_repositories",
    list_path="repositories",
    details=(
        Detail(
            "policy",
            "get_repository_policy",
            _repo,
            "policyText",
            missing=("RepositoryPolicyNotFoundException",),
        ),
        Detail(
            "lifecycle",
            "get_lifecycle_policy",
            _repo,
            "lifecyclePolicyText",
            missing=("LifecyclePolicyNotFoundException",),
        ),
        Detail(
            "tags", "list_tags_for_resource", lambda r: {"resourceArn": r["item"]["repositoryArn"]}, "tags"
        ),
    ),
    normalise=_ecr,
)

SPECS = (
    EMR_APPS,
    LAMBDA_FUNCTIONS,
    ECS_CLUSTERS,
    ECS_TASK_DEFINITIONS,
    STATE_MACHINES,
    EVENT_RULES,
    EVENT_BUSES,
    ECR_REPOSITORIES,
)
