"""Terraform -> inventory: EMR Serverless, Lambda, ECS, Step Functions, EventBridge."""

from __future__ import annotations

from coattail.review.collectors.live.specs.compute import ecs_containers, lifecycle_rule_count
from coattail.review.collectors.terraform.context import TfContext
from coattail.review.collectors.terraform.loader import TfResource
from coattail.review.collectors.values import (
    as_bool,
    as_int,
    blank,
    first,
    positive_or_none,
    resource_policy,
    sorted_strs,
    strs,
)
from coattail.review.inventory import (
    ECRRepository,
    ECSCluster,
    ECSTaskDefinition,
    EMRServerlessApp,
    EventBridgeRule,
    EventBus,
    EventTarget,
    LambdaFunction,
    PolicyDocument,
    PolicyStatement,
    Resource,
    SfnDefinition,
    StepFunctionsStateMachine,
    WorkerCapacity,
    parse_gb,
    parse_vcpu,
)


def emr_application(ctx: TfContext, r: TfResource) -> Resource:
    stop = first(r.get("auto_stop_configuration"))
    start = first(r.get("auto_start_configuration"))
    cap = first(r.get("maximum_capacity"))
    initial = []
    for ic in r.get("initial_capacity", []):
        conf = first(ic.get("initial_capacity_config"))
        w = first(conf.get("worker_configuration"))
        initial.append(
            WorkerCapacity(
                worker_type=str(ic.get("initial_capacity_type", "")).upper(),
                count=int(conf.get("worker_count", 0)),
                cpu_vcpu=parse_vcpu(w.get("cpu")),
                memory_gb=parse_gb(w.get("memory")),
                disk_gb=parse_gb(w.get("disk")),
            )
        )
    return EMRServerlessApp(
        **ctx.base(r, arn=r.get("arn"), name=r.get("name", r.name)),
        app_type=str(r.get("type", "")).upper() or None,
        release_label=r.get("release_label"),
        auto_stop_enabled=as_bool(stop.get("enabled")) if stop else None,
        auto_stop_idle_minutes=as_int(stop.get("idle_timeout_minutes")) if stop else None,
        auto_start_enabled=as_bool(start.get("enabled")) if start else None,
        max_cpu_vcpu=parse_vcpu(cap.get("cpu")),
        max_memory_gb=parse_gb(cap.get("memory")),
        max_disk_gb=parse_gb(cap.get("disk")),
        initial_capacity=tuple(sorted(initial, key=lambda w: w.worker_type)),
        architecture=blank(r.get("architecture")),
        network_configured=bool(first(r.get("network_configuration")).get("subnet_ids")),
    )


def lambda_function(ctx: TfContext, r: TfResource) -> Resource:
    name = r.get("function_name", r.name)
    env = first(r.get("environment")).get("variables") or {}
    urls = ctx.related("aws_lambda_function_url", "function_name", r, (name, r.get("arn")))
    permissions = ctx.related("aws_lambda_permission", "function_name", r, (name, r.get("arn")))
    base = ctx.base(r, arn=r.get("arn"), name=name)
    pending = {"url_auth_type"} if any("authorization_type" in u.unknown for u in urls) else set()
    if any({"principal", "source_arn", "source_account"} & p.unknown for p in permissions):
        pending.add("policy")
    if pending:
        base["unknown_attributes"] = tuple(sorted({*base["unknown_attributes"], *pending}))
    return LambdaFunction(
        **base,
        runtime=blank(r.get("runtime")),
        handler=blank(r.get("handler")),
        package_type=r.get("package_type") or "Zip",
        memory_mb=as_int(r.get("memory_size")) or 128,
        timeout_seconds=as_int(r.get("timeout")) or 3,
        reserved_concurrency=positive_or_none(r.get("reserved_concurrent_executions")),
        tracing_mode=first(r.get("tracing_config")).get("mode") or "PassThrough",
        role_arn=blank(r.get("role")),
        env_var_names=sorted_strs(env.keys()),
        dead_letter_target_arn=blank(first(r.get("dead_letter_config")).get("target_arn")),
        architectures=strs(r.get("architectures") or ["x86_64"]),
        kms_key_arn=blank(r.get("kms_key_arn")),
        vpc_configured=bool(first(r.get("vpc_config")).get("subnet_ids")),
        vpc_subnet_ids=tuple(first(r.get("vpc_config")).get("subnet_ids") or ()),
        log_group=first(r.get("logging_config")).get("log_group") or f"/aws/lambda/{name}",
        url_auth_type=next((blank(u.get("authorization_type")) for u in urls), None),
        policy=permissions_policy(permissions, base["id"]),
    )


def permissions_policy(permissions: list[TfResource], function_arn: str) -> PolicyDocument | None:
    """The function's resource-based policy as AWS builds it from its ``aws_lambda_permission``s
    (GetPolicy's form: the source ARN under ``ArnLike``, the source account under ``StringEquals``)."""
    if not permissions:
        return None
    statements = []
    for p in permissions:
        principal = str(p.get("principal") or "")
        conditions: dict[str, dict[str, tuple[str, ...]]] = {}
        if p.get("source_arn"):
            conditions["ArnLike"] = {"AWS:SourceArn": (str(p.get("source_arn")),)}
        if p.get("source_account"):
            conditions["StringEquals"] = {"AWS:SourceAccount": (str(p.get("source_account")),)}
        statements.append(
            PolicyStatement(
                sid=blank(p.get("statement_id")),
                actions=(str(p.get("action") or "lambda:InvokeFunction"),),
                resources=(function_arn,),
                principals={"Service" if principal.endswith(".amazonaws.com") else "AWS": (principal,)},
                conditions=conditions,
            )
        )
    return PolicyDocument(version="2012-10-17", statements=tuple(statements))


def ecs_task_definition(ctx: TfContext, r: TfResource) -> Resource:
    family = r.get("family", r.name)
    return ECSTaskDefinition(
        **ctx.base(r, arn=r.get("arn"), name=f"{family}:{r.get('revision')}"),
        family=family,
        revision=as_int(r.get("revision")),
        cpu=as_int(r.get("cpu")),
        memory_mb=as_int(r.get("memory")),
        network_mode=blank(r.get("network_mode")),
        requires_compatibilities=sorted_strs(r.get("requires_compatibilities")),
        task_role_arn=blank(r.get("task_role_arn")),
        execution_role_arn=blank(r.get("execution_role_arn")),
        cpu_architecture=blank(first(r.get("runtime_platform")).get("cpu_architecture")),
        containers=ecs_containers(r.get("container_definitions")) if r.get("container_definitions") else (),
    )


def ecs_cluster(ctx: TfContext, r: TfResource) -> Resource:
    name = r.get("name", r.name)
    insights = next(
        (s.get("value") for s in r.get("setting", []) if s.get("name") == "containerInsights"), None
    )
    providers = [
        p
        for cp in ctx.related("aws_ecs_cluster_capacity_providers", "cluster_name", r, (name,))
        for p in cp.get("capacity_providers", [])
    ]
    return ECSCluster(
        **ctx.base(r, arn=r.get("arn"), name=name),
        container_insights=insights,
        capacity_providers=sorted_strs(providers),
    )


def state_machine(ctx: TfContext, r: TfResource) -> Resource:
    logging = first(r.get("logging_configuration"))
    return StepFunctionsStateMachine(
        **ctx.base(r, arn=r.get("arn"), name=r.get("name", r.name)),
        machine_type=r.get("type") or "STANDARD",
        role_arn=blank(r.get("role_arn")),
        definition=SfnDefinition.parse(blank(r.get("definition"))),
        logging_level=logging.get("level") or "OFF",
        logging_include_execution_data=bool(logging.get("include_execution_data", False)),
        tracing_enabled=bool(first(r.get("tracing_configuration")).get("enabled", False)),
        status=blank(r.get("status")),
    )


#: A value the plan sets from another resource's attribute, known only after apply.
AFTER_APPLY = "(known after apply)"


def _event_target(t: TfResource) -> EventTarget:
    dead_letter = first(t.get("dead_letter_config"))
    retry = first(t.get("retry_policy"))
    # a configured dead-letter block whose queue ARN a plan knows only after apply is still set
    pending = any(u.startswith("dead_letter_config") for u in t.unknown)
    dlq = blank(dead_letter.get("arn")) or (AFTER_APPLY if pending else None)
    return EventTarget(
        id=t.get("target_id") or t.name,
        arn=t.get("arn"),
        role_arn=blank(t.get("role_arn")),
        dead_letter_arn=dlq,
        retry_max_attempts=as_int(retry.get("maximum_retry_attempts")) if retry else None,
        retry_max_event_age_seconds=as_int(retry.get("maximum_event_age_in_seconds")) if retry else None,
    )


def event_rule(ctx: TfContext, r: TfResource) -> Resource:
    name = r.get("name", r.name)
    state = r.get("state") or ("ENABLED" if r.get("is_enabled", True) else "DISABLED")
    targets = [_event_target(t) for t in ctx.related("aws_cloudwatch_event_target", "rule", r, (name,))]
    return EventBridgeRule(
        **ctx.base(r, arn=r.get("arn"), name=name),
        event_bus=r.get("event_bus_name") or "default",
        schedule_expression=blank(r.get("schedule_expression")),
        event_pattern=blank(r.get("event_pattern")),
        state=state,
        targets=tuple(sorted(targets, key=lambda t: t.id)),
    )


def ecr_repository(ctx: TfContext, r: TfResource) -> Resource:
    name = r.get("name", r.name)
    keys = (name, r.get("id"))
    policy = ctx.related("aws_ecr_repository_policy", "repository", r, keys)
    lifecycle = ctx.related("aws_ecr_lifecycle_policy", "repository", r, keys)
    encryption = first(r.get("encryption_configuration"))
    return ECRRepository(
        **ctx.base(r, arn=r.get("arn"), name=name),
        uri=blank(r.get("repository_url")),
        scan_on_push=bool(first(r.get("image_scanning_configuration")).get("scan_on_push", False)),
        tag_mutability=r.get("image_tag_mutability") or "MUTABLE",
        encryption_type=encryption.get("encryption_type") or "AES256",
        kms_key=blank(encryption.get("kms_key")),
        lifecycle_rules=lifecycle_rule_count(lifecycle[0].get("policy")) if lifecycle else 0,
        policy=resource_policy(policy[0].get("policy")) if policy else None,
    )


def event_bus(ctx: TfContext, r: TfResource) -> Resource:
    name = r.get("name", r.name)
    policy = ctx.related("aws_cloudwatch_event_bus_policy", "event_bus_name", r, (name,))
    return EventBus(
        **ctx.base(r, arn=r.get("arn"), name=name),
        policy=resource_policy(policy[0].get("policy")) if policy else None,
    )


NORMALISERS = {
    "aws_ecr_repository": ecr_repository,
    "aws_cloudwatch_event_bus": event_bus,
    "aws_emrserverless_application": emr_application,
    "aws_lambda_function": lambda_function,
    "aws_ecs_task_definition": ecs_task_definition,
    "aws_ecs_cluster": ecs_cluster,
    "aws_sfn_state_machine": state_machine,
    "aws_cloudwatch_event_rule": event_rule,
}
