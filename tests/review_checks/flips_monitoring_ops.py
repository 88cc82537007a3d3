"""Misconfigurations of the deployed platform: EMR Serverless settings, where compute runs and how it
is billed, CloudWatch alarms and dashboard, log retention, EventBridge targets and the Step Functions
failure path and logging (see conftest ``Flip``)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any


def _prefix(n: Any) -> str:
    """``<project>-<environment>`` of the deployment (from the alerts table name)."""
    return str(n.table).removesuffix("-alerts")


# -- EMR Serverless -------------------------------------------------------------------------------


def _emr_update(field: str, value: Any) -> Callable[..., Any]:
    """A change that sets one UpdateApplication field and returns the value it replaced."""

    def apply(aws: Any, n: Any) -> Any:
        emr = aws("emr-serverless")
        saved = emr.get_application(applicationId=n.emr_app)["application"].get(field)
        emr.update_application(applicationId=n.emr_app, **{field: value})
        return saved

    return apply


def _emr_restore(field: str) -> Callable[..., None]:
    def undo(aws: Any, n: Any, saved: Any) -> None:
        aws("emr-serverless").update_application(applicationId=n.emr_app, **{field: saved})

    return undo


def _legacy_app(n: Any) -> str:
    return f"{_prefix(n)}-review-test-legacy-spark"


def _emr_legacy_release(aws: Any, n: Any) -> Any:
    """A second Spark application on an EMR 6 release (moto ignores releaseLabel in UpdateApplication)."""
    return aws("emr-serverless").create_application(
        name=_legacy_app(n), releaseLabel="emr-6.15.0", type="SPARK"
    )["applicationId"]


def _emr_delete_app(aws: Any, n: Any, app_id: Any) -> None:
    aws("emr-serverless").delete_application(applicationId=app_id)


# -- VPC attachment -------------------------------------------------------------------------------


def _private_network(aws: Any, n: Any) -> dict[str, str]:
    ec2 = aws("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.42.0.0/16")["Vpc"]["VpcId"]
    # two subnets in two AZs, as a real repair would use (one subnet pins a function to one AZ)
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.42.{i}.0/24", AvailabilityZone=f"us-east-1{az}")[
            "Subnet"
        ]["SubnetId"]
        for i, az in ((1, "a"), (2, "b"))
    ]
    group = ec2.create_security_group(
        GroupName=f"{_prefix(n)}-review-test-functions",
        Description="review test: functions in a VPC",
        VpcId=vpc,
    )["GroupId"]
    return {"vpc": vpc, "subnets": " ".join(subnets), "group": group}


def _delete_network(aws: Any, net: dict[str, str]) -> None:
    ec2 = aws("ec2")
    ec2.delete_security_group(GroupId=net["group"])
    for subnet in net["subnets"].split():
        ec2.delete_subnet(SubnetId=subnet)
    ec2.delete_vpc(VpcId=net["vpc"])


def _functions(aws: Any, n: Any, every: bool) -> list[str]:
    if not every:
        return [n.api_function]
    pages = aws("lambda").get_paginator("list_functions").paginate()
    return sorted(f["FunctionName"] for page in pages for f in page["Functions"])


def _attach_to_vpc(every: bool) -> Callable[..., Any]:
    """Attach the API function (or every function) to a private subnet of a new VPC."""

    def apply(aws: Any, n: Any) -> Any:
        net = _private_network(aws, n)
        names = _functions(aws, n, every)
        try:
            for name in names:
                aws("lambda").update_function_configuration(
                    FunctionName=name,
                    VpcConfig={"SubnetIds": net["subnets"].split(), "SecurityGroupIds": [net["group"]]},
                )
            if every:  # the Spark application too: all of the platform's compute
                _emr_network(
                    aws, n, {"subnetIds": net["subnets"].split(), "securityGroupIds": [net["group"]]}
                )
        except Exception:
            _detach_from_vpc(aws, n, (net, names, every))
            raise
        return net, names, every

    return apply


def _emr_network(aws: Any, n: Any, network: dict[str, list[str]]) -> None:
    """EMR Serverless takes a network change only while CREATED or STOPPED."""
    emr = aws("emr-serverless")
    if emr.get_application(applicationId=n.emr_app)["application"]["state"] in ("STARTED", "STARTING"):
        emr.stop_application(applicationId=n.emr_app)
    emr.update_application(applicationId=n.emr_app, networkConfiguration=network)


def _detach_from_vpc(aws: Any, n: Any, saved: Any) -> None:
    net, names, every = saved
    for name in names:  # empty lists detach a function from its VPC (AWS's documented way)
        aws("lambda").update_function_configuration(
            FunctionName=name, VpcConfig={"SubnetIds": [], "SecurityGroupIds": []}
        )
    if every:
        _emr_network(aws, n, {"subnetIds": [], "securityGroupIds": []})
    _delete_network(aws, net)


# -- DynamoDB capacity ----------------------------------------------------------------------------


def _table_provisioned(aws: Any, n: Any) -> Any:
    ddb = aws("dynamodb")
    table = ddb.describe_table(TableName=n.table)["Table"]
    units = {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
    ddb.update_table(
        TableName=n.table,
        BillingMode="PROVISIONED",
        ProvisionedThroughput=units,
        GlobalSecondaryIndexUpdates=[
            {"Update": {"IndexName": g["IndexName"], "ProvisionedThroughput": units}}
            for g in table.get("GlobalSecondaryIndexes", ())
        ],
    )
    return table.get("BillingModeSummary", {}).get("BillingMode", "PAY_PER_REQUEST")


def _table_billing_restore(aws: Any, n: Any, mode: Any) -> None:
    aws("dynamodb").update_table(TableName=n.table, BillingMode=mode)


# -- CloudWatch alarms ----------------------------------------------------------------------------


def _alarm_deleted(h: Any, metric: str) -> Callable[..., Any]:
    def apply(aws: Any, n: Any) -> Any:
        cw = aws("cloudwatch")
        alarm = h.metric_alarm(aws, metric)
        tags = cw.list_tags_for_resource(ResourceARN=alarm["AlarmArn"])["Tags"]
        cw.delete_alarms(AlarmNames=[alarm["AlarmName"]])
        return h.alarm_arguments(alarm), tags

    return apply


def _alarm_recreated(aws: Any, n: Any, saved: Any) -> None:
    arguments, tags = saved
    cw = aws("cloudwatch")
    cw.put_metric_alarm(**arguments)
    if tags:
        arn = next(
            a["AlarmArn"] for a in cw.describe_alarms(AlarmNames=[arguments["AlarmName"]])["MetricAlarms"]
        )
        cw.tag_resource(ResourceARN=arn, Tags=tags)


def _actions_disabled(h: Any, *metrics: str) -> Callable[..., Any]:
    def apply(aws: Any, n: Any) -> Any:
        names = [h.metric_alarm(aws, m)["AlarmName"] for m in metrics]
        aws("cloudwatch").disable_alarm_actions(AlarmNames=names)
        return names

    return apply


def _without_functions(actions: Any, aws: Any, n: Any) -> list[str]:
    """The auto-stop alarm's actions without the Lambda function: it still notifies, it stops nothing."""
    return [a for a in actions if ":lambda:" not in a]


def _actions_enabled(aws: Any, n: Any, names: Any) -> None:
    aws("cloudwatch").enable_alarm_actions(AlarmNames=names)


BAND_ARGUMENTS = (
    "AlarmName",
    "AlarmDescription",
    "ActionsEnabled",
    "OKActions",
    "AlarmActions",
    "EvaluationPeriods",
    "DatapointsToAlarm",
    "ComparisonOperator",
    "TreatMissingData",
    "Metrics",
    "ThresholdMetricId",
)


def _band_alarm(n: Any) -> str:
    return f"{_prefix(n)}-records-processed-anomaly"


def _anomaly_band_deleted(aws: Any, n: Any) -> dict[str, Any]:
    """The deployed anomaly band over RecordsProcessed removed; returns it for :func:`_band_back`."""
    cw = aws("cloudwatch")
    (alarm,) = cw.describe_alarms(AlarmNames=[_band_alarm(n)])["MetricAlarms"]
    saved = {k: alarm[k] for k in BAND_ARGUMENTS if alarm.get(k) not in (None, [], "")}
    cw.delete_alarms(AlarmNames=[_band_alarm(n)])
    return saved


def _band_back(aws: Any, n: Any, saved: dict[str, Any]) -> None:
    aws("cloudwatch").put_metric_alarm(**saved)


# -- the job's error filter over its JSON log records ---------------------------------------------


def _job_log_group(n: Any) -> str:
    return f"/aws/emr-serverless/{_prefix(n)}-spark"


def _job_error_filter_as_text(aws: Any, n: Any) -> dict[str, Any]:
    """The error filter back to a text match (as for plain-text logs); returns the deployed filter."""
    logs = aws("logs")
    (saved,) = logs.describe_metric_filters(logGroupName=_job_log_group(n))["metricFilters"]
    logs.put_metric_filter(
        logGroupName=saved["logGroupName"],
        filterName=saved["filterName"],
        filterPattern="ERROR",
        metricTransformations=saved["metricTransformations"],
    )
    return saved


def _job_error_filter_back(aws: Any, n: Any, saved: dict[str, Any]) -> None:
    aws("logs").put_metric_filter(
        logGroupName=saved["logGroupName"],
        filterName=saved["filterName"],
        filterPattern=saved["filterPattern"],
        metricTransformations=saved["metricTransformations"],
    )


# -- CloudWatch dashboard -------------------------------------------------------------------------


def _dashboard_name(n: Any) -> str:
    return f"{_prefix(n)}-platform"


def _job_dashboard_name(n: Any) -> str:
    return f"{_prefix(n)}-streaming-job"


def _dashboard_edit(
    edit: Callable[[list[dict[str, Any]]], list[dict[str, Any]]],
    name_of: Callable[[Any], str] = _dashboard_name,
) -> Callable[..., Any]:
    """Re-put a dashboard (the platform's by default) with its widgets passed through ``edit``;
    returns its name and old body."""

    def apply(aws: Any, n: Any) -> Any:
        cw, name = aws("cloudwatch"), name_of(n)
        body = cw.get_dashboard(DashboardName=name)["DashboardBody"]
        parsed = json.loads(body)
        parsed["widgets"] = edit(copy.deepcopy(parsed["widgets"]))
        cw.put_dashboard(DashboardName=name, DashboardBody=json.dumps(parsed))
        return name, body

    return apply


def _dashboard_restore(aws: Any, n: Any, saved: Any) -> None:
    name, body = saved
    aws("cloudwatch").put_dashboard(DashboardName=name, DashboardBody=body)


def _without_whale_widget(widgets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [w for w in widgets if "WhaleCount" not in json.dumps(w["properties"].get("metrics"))]


def _without_billing_widget(widgets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [w for w in widgets if "AWS/Billing" not in json.dumps(w["properties"].get("metrics"))]


def _alerts_widget_in_wrong_namespace(widgets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The alerts widget charts ``CTC/Alerts`` (a namespace nothing publishes) instead of CryptoPulse/."""
    for w in widgets:
        for row in w["properties"].get("metrics", ()):
            if row and str(row[0]).startswith("CryptoPulse/"):
                row[0] = "CTC/" + str(row[0]).split("/", 1)[1]
    return widgets


# -- CloudWatch Logs ------------------------------------------------------------------------------


def _sfn_log_group(n: Any) -> str:
    return f"/aws/vendedlogs/states/{n.state_machine.rsplit(':', 1)[-1]}"


def _retention(days: int | None) -> Callable[..., Any]:
    """Set (or, with None, remove) the retention of the workflow's log group; returns the old one."""

    def apply(aws: Any, n: Any) -> Any:
        logs, name = aws("logs"), _sfn_log_group(n)
        group = next(
            g
            for g in logs.describe_log_groups(logGroupNamePrefix=name)["logGroups"]
            if g["logGroupName"] == name
        )
        if days is None:
            logs.delete_retention_policy(logGroupName=name)
        else:
            logs.put_retention_policy(logGroupName=name, retentionInDays=days)
        return group.get("retentionInDays")

    return apply


def _retention_restore(aws: Any, n: Any, days: Any) -> None:
    logs, name = aws("logs"), _sfn_log_group(n)
    if days is None:
        logs.delete_retention_policy(logGroupName=name)
    else:
        logs.put_retention_policy(logGroupName=name, retentionInDays=days)


# -- EventBridge ----------------------------------------------------------------------------------


def _schedule_rule(n: Any) -> str:
    return f"{n.state_machine.rsplit(':', 1)[-1]}-schedule"


def _targets_removed(aws: Any, n: Any) -> Any:
    events, rule = aws("events"), _schedule_rule(n)
    targets = events.list_targets_by_rule(Rule=rule)["Targets"]
    events.remove_targets(Rule=rule, Ids=[t["Id"] for t in targets])
    return targets


def _targets_restored(aws: Any, n: Any, targets: Any) -> None:
    aws("events").put_targets(Rule=_schedule_rule(n), Targets=targets)


# -- Step Functions -------------------------------------------------------------------------------


def _catches_end_silently(aws: Any, n: Any) -> Any:
    """Every Catch of a non-alerting state goes straight to the Pass state before Fail (no SNS)."""
    sfn = aws("stepfunctions")
    definition = sfn.describe_state_machine(stateMachineArn=n.state_machine)["definition"]
    broken = json.loads(definition)
    fail = next(k for k, s in broken["States"].items() if s["Type"] == "Fail")
    for state in broken["States"].values():
        if "sns:publish" not in str(state.get("Resource", "")):
            for catcher in state.get("Catch", ()):
                catcher["Next"] = fail
    sfn.update_state_machine(stateMachineArn=n.state_machine, definition=json.dumps(broken))
    return definition


def _definition_restore(aws: Any, n: Any, definition: Any) -> None:
    aws("stepfunctions").update_state_machine(stateMachineArn=n.state_machine, definition=definition)


def _sfn_logging_off(aws: Any, n: Any) -> Any:
    sfn = aws("stepfunctions")
    saved = sfn.describe_state_machine(stateMachineArn=n.state_machine)["loggingConfiguration"]
    sfn.update_state_machine(stateMachineArn=n.state_machine, loggingConfiguration={"level": "OFF"})
    return saved


def _sfn_logging_restore(aws: Any, n: Any, saved: Any) -> None:
    aws("stepfunctions").update_state_machine(stateMachineArn=n.state_machine, loggingConfiguration=saved)


def _silent_monitor(aws: Any, n: Any) -> Any:
    """A second anomaly monitor that nobody subscribed to (the deployed one notifies the topic)."""
    spec = {
        "MonitorName": f"{_prefix(n)}-silent",
        "MonitorType": "DIMENSIONAL",
        "MonitorDimension": "SERVICE",
    }
    return aws("ce").create_anomaly_monitor(AnomalyMonitor=spec)["MonitorArn"]


def _delete_monitor(aws: Any, n: Any, arn: Any) -> None:
    aws("ce").delete_anomaly_monitor(MonitorArn=arn)


def flips(h: Any) -> dict[str, Any]:
    return {
        "cost-anomaly-monitor-without-subscription": h.Flip(
            "cost_anomaly_detection", lambda n: f"{_prefix(n)}-silent", _silent_monitor, _delete_monitor
        ),
        # EMR Serverless
        "emr-architecture-arm64-repair": h.Flip(
            "emr_arm64_architecture",
            lambda n: n.emr_app,
            _emr_update("architecture", "ARM64"),
            _emr_restore("architecture"),
            deployed="broken",
        ),
        "emr-auto-stop-after-60-minutes": h.Flip(
            "emr_auto_stop",
            lambda n: n.emr_app,
            _emr_update("autoStopConfiguration", {"enabled": True, "idleTimeoutMinutes": 60}),
            _emr_restore("autoStopConfiguration"),
        ),
        "emr-driver-pre-initialised-at-4-vcpu": h.Flip(
            "emr_initial_capacity",
            lambda n: n.emr_app,
            _emr_update(
                "initialCapacity",
                {"DRIVER": {"workerCount": 1, "workerConfiguration": {"cpu": "4 vCPU", "memory": "16 GB"}}},
            ),
            _emr_restore("initialCapacity"),
        ),
        "emr-second-application-on-emr-6": h.Flip(
            "emr_release_current", _legacy_app, _emr_legacy_release, _emr_delete_app
        ),
        # where compute runs and how it is billed
        "compute-every-function-in-a-vpc-repair": h.Flip(
            "compute_network_isolation",
            lambda n: f"function:{_prefix(n)}-",
            _attach_to_vpc(every=True),
            _detach_from_vpc,
            deployed="broken",
            services=("lambda",),
        ),
        "compute-api-function-in-a-vpc": h.Flip(
            "compute_outside_vpc",
            lambda n: n.api_function,
            _attach_to_vpc(every=False),
            _detach_from_vpc,
            services=("lambda", "emr-serverless"),
        ),
        "compute-emr-auto-stop-disabled": h.Flip(
            "compute_scales_to_zero",
            lambda n: n.emr_app,
            _emr_update("autoStopConfiguration", {"enabled": False}),
            _emr_restore("autoStopConfiguration"),
            services=("emr-serverless", "dynamodb"),
        ),
        "compute-emr-auto-start-disabled": h.Flip(
            "compute_serverless",
            lambda n: n.emr_app,
            _emr_update("autoStartConfiguration", {"enabled": False}),
            _emr_restore("autoStartConfiguration"),
            services=("emr-serverless", "lambda", "ecs", "dynamodb"),
        ),
        "alerts-table-provisioned-capacity": h.Flip(
            "serverless_pay_per_use",
            lambda n: n.table,
            _table_provisioned,
            _table_billing_restore,
            services=("kinesis", "dynamodb", "emr-serverless"),
        ),
        # CloudWatch alarms and dashboard
        "alarms-two-of-four-actions-disabled": h.Flip(
            "cloudwatch_alarm_count",
            lambda n: f"alarm:{_prefix(n)}-",
            _actions_disabled(h, "GetRecords.IteratorAgeMilliseconds", "ThrottledRequests"),
            _actions_enabled,
        ),
        "billing-auto-stop-alarm-only-notifies": h.Flip(
            "billing_auto_stop",
            lambda n: f"alarm:{_prefix(n)}-billing-",  # no billing alarm stops anything: each fails
            h.alarm_edit("EstimatedCharges", "billing-auto-stop", AlarmActions=_without_functions),
            h.put_alarm_back,
            services=("cloudwatch", "lambda", "iam"),
        ),
        "quality-alarm-without-actions": h.Flip(
            "cloudwatch_alarms_have_actions",
            lambda n: "data-quality-score",
            h.alarm_edit("QualityScore", AlarmActions=None),
            h.put_alarm_back,
        ),
        "records-processed-anomaly-band-removed": h.Flip(
            "cloudwatch_anomaly_detection",
            lambda n: "RecordsProcessed",
            _anomaly_band_deleted,
            _band_back,
        ),
        "job-error-filter-text-match": h.Flip(
            "streaming_job_json_errors_alarmed",
            _job_log_group,
            _job_error_filter_as_text,
            _job_error_filter_back,
            services=("logs", "cloudwatch"),
        ),
        "dashboard-billing-widget-removed": h.Flip(
            "cloudwatch_dashboard_widgets",
            _dashboard_name,
            _dashboard_edit(_without_billing_widget),
            _dashboard_restore,
        ),
        "job-dashboard-whale-widget-removed": h.Flip(
            "cloudwatch_streaming_job_dashboard",
            _job_dashboard_name,
            _dashboard_edit(_without_whale_widget, _job_dashboard_name),
            _dashboard_restore,
        ),
        "dashboard-charts-no-custom-namespace": h.Flip(
            "custom_metrics_namespace",
            _dashboard_name,
            _dashboard_edit(_alerts_widget_in_wrong_namespace),
            _dashboard_restore,
        ),
        "dynamodb-throttle-alarm-deleted": h.Flip(
            "dynamodb_throttle_alarm",
            lambda n: "ThrottledRequests",
            _alarm_deleted(h, "ThrottledRequests"),
            _alarm_recreated,
        ),
        "iterator-age-alarm-actions-disabled": h.Flip(
            "kinesis_iterator_age_alarm",
            lambda n: "trades-iterator-age",
            _actions_disabled(h, "GetRecords.IteratorAgeMilliseconds"),
            _actions_enabled,
        ),
        "quality-alarm-floor-at-50": h.Flip(
            "quality_score_alarm",
            lambda n: "data-quality-score",
            h.alarm_edit("QualityScore", Threshold=50.0),
            h.put_alarm_back,
        ),
        # logs, schedules, workflow
        "workflow-logs-never-expire": h.Flip(
            "log_group_retention_bounded", _sfn_log_group, _retention(None), _retention_restore
        ),
        "workflow-logs-kept-one-day": h.Flip(
            "log_group_retention_set", _sfn_log_group, _retention(1), _retention_restore
        ),
        "batch-schedule-without-targets": h.Flip(
            "eventbridge_rule_has_targets", _schedule_rule, _targets_removed, _targets_restored
        ),
        "workflow-catches-end-silently": h.Flip(
            "stepfunctions_failure_alert",
            lambda n: n.state_machine,
            _catches_end_silently,
            _definition_restore,
        ),
        "workflow-logging-off": h.Flip(
            "stepfunctions_logging_enabled", lambda n: n.state_machine, _sfn_logging_off, _sfn_logging_restore
        ),
    }
