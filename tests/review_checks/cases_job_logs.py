"""Cases for the streaming job's structured-log error filter and alarm."""

from __future__ import annotations

from typing import Any

from coattail.review.inventory import CloudWatchAlarm, LogGroup, MetricFilter, MetricTransformation

TOPIC = "arn:aws:sns:us-east-1:123456789012:ctc-dev-alarms"
GROUP = "/aws/emr-serverless/ctc-dev-spark"
ERRORS = '{ $.level = "ERROR" }'
NAME = "ctc-dev-spark"  # how a finding on GROUP is named in the expectations


def cases(b: Any) -> dict[str, list[Any]]:
    R = b.Row
    P, F = b.PASS, b.FAIL

    def group(name: str = GROUP) -> LogGroup:
        return b.make(LogGroup, name)

    def flt(name: str, pattern: str, group_name: str = GROUP) -> MetricFilter:
        return b.make(
            MetricFilter,
            name,
            log_group_name=group_name,
            filter_pattern=pattern,
            metric_transformations=(MetricTransformation(namespace="CryptoPulse/Jobs", metric_name=name),),
        )

    def alarm(metric: str, **kw: Any) -> CloudWatchAlarm:
        kw.setdefault("actions_enabled", True)
        kw.setdefault("alarm_actions", (TOPIC,))
        return b.make(
            CloudWatchAlarm, f"{metric}-alarm", namespace="CryptoPulse/Jobs", metric_name=metric, **kw
        )

    other = group("/aws/lambda/ctc-dev-api")  # not a job's log group: not judged
    return {
        "streaming_job_json_errors_alarmed": [
            R(b.inventory(group(), other, flt("errors", ERRORS), alarm("errors")), {P: {NAME}}),
            R(  # a filter that cannot be read as JSON fields is reported; the good one passes
                b.inventory(
                    group(), flt("text", "ERROR"), flt("errors", ERRORS), alarm("errors"), alarm("text")
                ),
                {P: {NAME}},
            ),
            R(b.inventory(group(), flt("text", "ERROR"), alarm("text")), {F: {NAME}}),  # text match
            R(b.inventory(group(), flt("all", '{ $.level = "*" }'), alarm("all")), {F: {NAME}}),
            R(b.inventory(group(), flt("warn", '{ $.level = "WARNING" }'), alarm("warn")), {F: {NAME}}),
            R(b.inventory(group(), flt("errors", ERRORS)), {F: {NAME}}),  # nobody is told
            R(
                b.inventory(group(), flt("errors", ERRORS), alarm("errors", actions_enabled=False)),
                {F: {NAME}},
            ),
            R(b.inventory(group(), flt("errors", ERRORS, "/elsewhere"), alarm("errors")), {F: {NAME}}),
        ],
    }
