"""CloudTrail -> CloudWatch Logs metric filters and alarms for security events (CIS AWS Foundations,
section "Monitoring").

A metric filter counts as watching an event only when its pattern, *evaluated* on representative
CloudTrail records, matches every record of that event and does not match an ordinary read-only
API call (a catch-all filter alarms on everything and watches nothing). Patterns are parsed with
CloudWatch Logs' filter syntax: JSON selectors (``{ ($.eventName = X) && ($.a.b != "Y") }``, with
``IS NULL``, ``NOT EXISTS``, ``IS TRUE/FALSE``, ``*`` wildcards, numeric comparisons) and
unstructured term patterns (``"ConsoleLogin" ?x -y``). A pattern outside that subset (regular
expressions, space-delimited ``[...]``) is *not understood*: it can make the answer UNKNOWN, never
PASS. The filter must sit on the log group the trail delivers to, and publish a metric that an
alarm with an enabled action watches.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from coattail.review.checks._common import Findings, finding, none_found
from coattail.review.inventory import CloudTrailTrail, CloudWatchAlarm, Inventory, MetricFilter
from coattail.review.model import Status

# -- filter pattern parsing ---------------------------------------------------------------------
_MISSING = object()
_TOKEN = re.compile(
    r"""\s*(?:
      (?P<op>&&|\|\||!=|<=|>=|=|<|>|\{|\}|\(|\))
    | (?P<sel>\$(?:\.[A-Za-z0-9_@\-]+|\[\d+\])*)
    | (?P<str>"(?:[^"\\]|\\.)*")
    | (?P<word>[^\s(){}"&|=!<>]+)
    )""",
    re.VERBOSE,
)


class PatternError(ValueError):
    """The pattern uses syntax outside the subset understood here."""


Predicate = Callable[[dict[str, Any]], bool]


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise PatternError(f"unexpected text at {text[pos : pos + 20]!r}")
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


def _lookup(event: Any, selector: str) -> Any:
    value = event
    for part in re.findall(r"\.([A-Za-z0-9_@\-]+)|\[(\d+)\]", selector):
        key, index = part
        if key:
            if not isinstance(value, dict) or key not in value:
                return _MISSING
            value = value[key]
        else:
            if not isinstance(value, list) or int(index) >= len(value):
                return _MISSING
            value = value[int(index)]
    return value


def _wildcard(expected: str) -> re.Pattern[str]:
    return re.compile("".join(".*" if c == "*" else re.escape(c) for c in expected) + r"\Z", re.DOTALL)


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _compare(actual: Any, op: str, expected: str) -> bool:
    if actual is _MISSING:
        return op == "!="
    if op in ("<", ">", "<=", ">=") or (
        op in ("=", "!=") and _number(expected) is not None and not isinstance(actual, str)
    ):
        want = _number(expected)
        have = actual if isinstance(actual, int | float) and not isinstance(actual, bool) else None
        if want is None or have is None:
            return op == "!="
        result = {
            "<": have < want,
            ">": have > want,
            "<=": have <= want,
            ">=": have >= want,
            "=": have == want,
            "!=": have != want,
        }[op]
        return bool(result)
    if isinstance(actual, dict | list) or actual is None:
        return op == "!="
    text = str(actual).lower() if isinstance(actual, bool) else str(actual)
    equal = _wildcard(expected).match(text) is not None
    return equal if op == "=" else not equal


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None or (value is not None and token[1].upper() != value):
            raise PatternError(f"expected {value or 'more'} at token {self.pos}")
        self.pos += 1
        return token

    def expression(self) -> Predicate:
        parts = [self.conjunction()]
        while self.peek() == ("op", "||"):
            self.take()
            parts.append(self.conjunction())
        if len(parts) == 1:
            return parts[0]

        def either(e: dict[str, Any]) -> bool:
            return any(p(e) for p in parts)

        return either

    def conjunction(self) -> Predicate:
        parts = [self.primary()]
        while self.peek() == ("op", "&&"):
            self.take()
            parts.append(self.primary())
        if len(parts) == 1:
            return parts[0]

        def both(e: dict[str, Any]) -> bool:
            return all(p(e) for p in parts)

        return both

    def primary(self) -> Predicate:
        token = self.peek()
        if token == ("op", "("):
            self.take()
            inner = self.expression()
            self.take(")")
            return inner
        kind, selector = self.take()
        if kind != "sel":
            raise PatternError(f"expected a $.selector, got {selector!r}")
        kind, op = self.take()
        if kind == "word" and op.upper() == "IS":
            what = self.take()[1].upper()
            tests: dict[str, Predicate] = {
                "NULL": lambda e: _lookup(e, selector) is None,
                "TRUE": lambda e: _lookup(e, selector) is True,
                "FALSE": lambda e: _lookup(e, selector) is False,
            }
            if what not in tests:
                raise PatternError(f"IS {what}")
            return tests[what]
        if kind == "word" and op.upper() == "NOT":
            self.take("EXISTS")
            return lambda e: _lookup(e, selector) is _MISSING
        if kind != "op" or op not in ("=", "!=", "<", ">", "<=", ">="):
            raise PatternError(f"expected a comparison after {selector}")
        kind, value = self.take()
        if kind == "str":
            value = json.loads(value)
        elif kind != "word" or value.startswith("%"):
            raise PatternError(f"unsupported value {value!r}")
        expected: str = value

        def compare(e: dict[str, Any]) -> bool:
            return _compare(_lookup(e, selector), op, expected)

        return compare


def _terms(pattern: str) -> Predicate:
    """Unstructured term matching over the raw JSON text of the record (case-sensitive)."""
    words = re.findall(r'[?-]?"(?:[^"\\]|\\.)*"|\S+', pattern)
    required: list[str] = []
    optional: list[str] = []
    excluded: list[str] = []
    for w in words:
        sign = w[0] if w[0] in "?-" else ""
        body = w[len(sign) :]
        body = json.loads(body) if body.startswith('"') else body
        {"?": optional, "-": excluded, "": required}[sign].append(body)

    def match(event: dict[str, Any]) -> bool:
        text = json.dumps(event)
        if optional and not any(t in text for t in optional):
            return False
        return all(t in text for t in required) and not any(t in text for t in excluded)

    return match


def compile_pattern(pattern: str | None) -> Predicate:
    """The pattern as a predicate over a CloudTrail record (raises :class:`PatternError`)."""
    text = (pattern or "").strip()
    if not text:
        return lambda e: True  # the empty pattern matches every event
    if text.startswith("["):
        raise PatternError("space-delimited patterns do not apply to CloudTrail's JSON records")
    if not text.startswith("{"):
        return _terms(text)
    parser = _Parser(_tokens(text))
    parser.take("{")
    predicate = parser.expression()
    parser.take("}")
    if parser.peek() is not None:
        raise PatternError("text after the closing brace")
    return predicate


# -- representative CloudTrail records ----------------------------------------------------------
ACCOUNT = "111122223333"
_USER = {
    "type": "IAMUser",
    "principalId": "AIDAEXAMPLEUSER",
    "arn": f"arn:aws:iam::{ACCOUNT}:user/alice",
    "accountId": ACCOUNT,
    "userName": "alice",
}
_ROOT = {"type": "Root", "principalId": ACCOUNT, "arn": f"arn:aws:iam::{ACCOUNT}:root", "accountId": ACCOUNT}


def record(source: str, name: str, **extra: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "eventVersion": "1.08",
        "userIdentity": _USER,
        "eventTime": "2026-01-01T00:00:00Z",
        "eventSource": source,
        "eventName": name,
        "awsRegion": "us-east-1",
        "sourceIPAddress": "203.0.113.10",
        "userAgent": "aws-cli/2.15",
        "requestParameters": {},
        "responseElements": None,
        "eventType": "AwsApiCall",
        "managementEvent": True,
        "readOnly": False,
        "recipientAccountId": ACCOUNT,
    }
    event.update(extra)
    return event


#: An ordinary read-only call by an IAM user: a filter matching it watches everything, not the event.
ORDINARY = record("ec2.amazonaws.com", "DescribeInstances", readOnly=True)


@dataclass(frozen=True)
class SecurityEvent:
    key: str
    label: str
    cis: str  # CIS AWS Foundations Benchmark v1.4 control
    records: tuple[tuple[str, dict[str, Any]], ...]  # (what, record) the filter must match
    example: str  # a filter pattern that holds

    def missed(self, predicate: Predicate) -> list[str]:
        return [what for what, event in self.records if not predicate(event)]


def api_calls(source: str, *names: str) -> tuple[tuple[str, dict[str, Any]], ...]:
    return tuple((n, record(source, n)) for n in names)


def pattern_of(source: str, *names: str) -> str:
    alternatives = " || ".join(f"($.eventName = {n})" for n in names)
    return f"{{ ($.eventSource = {source}) && ({alternatives}) }}"


_IAM_POLICY = (
    "DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy", "PutRolePolicy",
    "PutUserPolicy", "CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion",
    "AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy", "DetachUserPolicy", "AttachGroupPolicy",
    "DetachGroupPolicy",
)  # fmt: skip
_TRAIL = ("CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging")
_SECURITY_GROUP = (
    "AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress",
    "RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup",
)  # fmt: skip
_KMS = ("DisableKey", "ScheduleKeyDeletion")
_BUCKET_POLICY = (
    "PutBucketAcl", "PutBucketPolicy", "PutBucketCors", "PutBucketLifecycle", "PutBucketReplication",
    "DeleteBucketPolicy", "DeleteBucketCors", "DeleteBucketLifecycle", "DeleteBucketReplication",
)  # fmt: skip

EVENTS: dict[str, SecurityEvent] = {
    e.key: e
    for e in (
        SecurityEvent(
            "root_usage",
            "use of the root user",
            "CIS 1.4 4.3",
            (
                ("root API call", record("s3.amazonaws.com", "ListBuckets", userIdentity=_ROOT)),
                (
                    "root console sign-in",
                    record(
                        "signin.amazonaws.com",
                        "ConsoleLogin",
                        userIdentity=_ROOT,
                        eventType="AwsConsoleSignIn",
                        responseElements={"ConsoleLogin": "Success"},
                        additionalEventData={"MFAUsed": "Yes"},
                    ),
                ),
            ),
            '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS '
            '&& $.eventType != "AwsServiceEvent" }',
        ),
        SecurityEvent(
            "unauthorized_api_calls",
            "unauthorized API calls",
            "CIS 1.4 4.1",
            (
                (
                    "AccessDenied",
                    record("iam.amazonaws.com", "ListUsers", errorCode="AccessDenied", errorMessage="denied"),
                ),
                (
                    "UnauthorizedOperation",
                    record(
                        "ec2.amazonaws.com",
                        "RunInstances",
                        errorCode="Client.UnauthorizedOperation",
                        errorMessage="not authorized",
                    ),
                ),
            ),
            '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
        ),
        SecurityEvent(
            "console_signin_without_mfa",
            "console sign-in without MFA",
            "CIS 1.4 4.2",
            (
                (
                    "ConsoleLogin without MFA",
                    record(
                        "signin.amazonaws.com",
                        "ConsoleLogin",
                        eventType="AwsConsoleSignIn",
                        responseElements={"ConsoleLogin": "Success"},
                        additionalEventData={"MFAUsed": "No", "LoginTo": "https://console.aws.amazon.com"},
                    ),
                ),
            ),
            '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
        ),
        SecurityEvent(
            "iam_policy_changes",
            "IAM policy changes",
            "CIS 1.4 4.4",
            api_calls("iam.amazonaws.com", *_IAM_POLICY),
            pattern_of("iam.amazonaws.com", *_IAM_POLICY),
        ),
        SecurityEvent(
            "cloudtrail_changes",
            "CloudTrail configuration changes",
            "CIS 1.4 4.5",
            api_calls("cloudtrail.amazonaws.com", *_TRAIL),
            pattern_of("cloudtrail.amazonaws.com", *_TRAIL),
        ),
        SecurityEvent(
            "security_group_changes",
            "security group changes",
            "CIS 1.4 4.10",
            api_calls("ec2.amazonaws.com", *_SECURITY_GROUP),
            pattern_of("ec2.amazonaws.com", *_SECURITY_GROUP),
        ),
        SecurityEvent(
            "kms_key_disabled_or_deleted",
            "disabling or scheduled deletion of KMS keys",
            "CIS 1.4 4.7",
            api_calls("kms.amazonaws.com", *_KMS),
            pattern_of("kms.amazonaws.com", *_KMS),
        ),
        SecurityEvent(
            "s3_bucket_policy_changes",
            "S3 bucket policy changes",
            "CIS 1.4 4.8",
            api_calls("s3.amazonaws.com", *_BUCKET_POLICY),
            pattern_of("s3.amazonaws.com", *_BUCKET_POLICY),
        ),
    )
}


# -- the judgement ------------------------------------------------------------------------------
def _log_group_of(arn: str) -> tuple[str | None, str]:
    """(region, log group name) of a trail's ``CloudWatchLogsLogGroupArn`` (``...:log-group:NAME:*``)."""
    head, _, rest = arn.partition(":log-group:")
    parts = head.split(":")
    return (parts[3] or None if len(parts) > 3 else None), rest.removesuffix(":*")


@dataclass
class _Outcome:
    status: Status
    message: str
    observed: dict[str, Any]


def alarms_on(inv: Inventory, f: MetricFilter) -> list[CloudWatchAlarm]:
    metrics = {(t.namespace, t.metric_name) for t in f.metric_transformations}
    return [
        a
        for a in inv.by_type(CloudWatchAlarm)
        if (a.namespace, a.metric_name) in metrics and (a.region is None or f.region in (None, a.region))
    ]


def _judge_trail(inv: Inventory, trail: CloudTrailTrail, event: SecurityEvent) -> _Outcome:
    if trail.is_unknown("cloudwatch_log_group_arn"):
        return _Outcome(
            Status.UNKNOWN, "the CloudWatch Logs group it delivers to is known only after apply", {}
        )
    if not trail.cloudwatch_log_group_arn:
        return _Outcome(
            Status.FAIL,
            f"does not deliver to CloudWatch Logs: no metric filter can see {event.label}",
            {"cloudwatch_log_group_arn": None},
        )
    region, group = _log_group_of(trail.cloudwatch_log_group_arn)
    observed: dict[str, Any] = {"log_group": group}
    filters = [
        f
        for f in inv.by_type(MetricFilter)
        if f.log_group_name == group and (region is None or f.region in (None, region))
    ]
    not_understood: list[str] = []
    pending: list[str] = []
    alarmless: list[str] = []
    catch_all: list[str] = []
    partial: dict[str, list[str]] = {}
    for f in filters:
        if f.is_unknown("filter_pattern") or f.is_unknown("metric_transformations"):
            pending.append(f.name)
            continue
        try:
            predicate = compile_pattern(f.filter_pattern)
        except PatternError:
            not_understood.append(f.name)
            continue
        missed = event.missed(predicate)
        if predicate(ORDINARY):
            catch_all.append(f.name)
            continue
        if missed:
            if len(missed) < len(event.records):
                partial[f.name] = missed
            continue
        alarms = alarms_on(inv, f)
        acting = [a for a in alarms if a.has_actions]
        if acting:
            return _Outcome(
                Status.PASS,
                f"metric filter {f.name} on {group} matches {event.label}; alarm {acting[0].name} notifies",
                {
                    **observed,
                    "metric_filter": f.name,
                    "filter_pattern": f.filter_pattern,
                    "alarm": acting[0].name,
                },
            )
        if any(a.is_unknown("alarm_actions") or a.is_unknown("actions_enabled") for a in alarms):
            pending.append(f"{f.name} (alarm actions)")
        alarmless.append(f.name)
    observed.update(metric_filters=sorted(f.name for f in filters))
    gaps = [s for s in ("logs", "cloudwatch") if inv.gaps(s)]
    if gaps or pending or not_understood:
        why = (
            f"{', '.join(gaps)} not assessed"
            if gaps
            else f"pattern known only after apply: {', '.join(pending)}"
            if pending
            else f"pattern not understood: {', '.join(not_understood)}"
        )
        return _Outcome(
            Status.UNKNOWN,
            f"no metric filter on {group} shown to alarm on {event.label} ({why})",
            {**observed, "not_understood": not_understood, "pending": pending},
        )
    if alarmless:
        return _Outcome(
            Status.FAIL,
            f"metric filter {', '.join(alarmless)} on {group} matches {event.label}, but no alarm with an "
            "enabled action watches its metric",
            {**observed, "alarmless_filters": alarmless},
        )
    detail = "; ".join(
        [f"{name} misses {', '.join(m)}" for name, m in sorted(partial.items())]
        + [f"{name} matches every call (not specific)" for name in catch_all]
    )
    return _Outcome(
        Status.FAIL,
        f"no metric filter on {group} matches {event.label}" + (f" ({detail})" if detail else ""),
        {**observed, "partial_filters": partial, "catch_all_filters": catch_all},
    )


def _preferred(trails: list[CloudTrailTrail]) -> list[CloudTrailTrail]:
    return sorted(
        trails,
        key=lambda t: (not t.cloudwatch_log_group_arn, not t.is_multi_region, not t.is_logging, t.name),
    )


def judge(inv: Inventory, event: SecurityEvent) -> Findings:
    """One finding per account: PASS on a trail whose log group has a matching filter and alarm."""
    trails = list(inv.by_type(CloudTrailTrail))
    if not trails:
        yield none_found(inv, CloudTrailTrail, "CloudTrail trails")
        return
    accounts: dict[str | None, list[CloudTrailTrail]] = {}
    for t in trails:
        accounts.setdefault(t.account, []).append(t)
    for group in accounts.values():
        yield _account_finding(inv, _preferred(group), event)


def _account_finding(inv: Inventory, trails: list[CloudTrailTrail], event: SecurityEvent) -> Any:
    outcomes = [(t, _judge_trail(inv, t, event)) for t in trails]
    rank = {Status.PASS: 0, Status.UNKNOWN: 1, Status.FAIL: 2}
    trail, best = min(outcomes, key=lambda o: rank[o[1].status])
    return finding(trail, best.status, best.message, cis_control=event.cis, **best.observed)


def remediation_terraform(event: SecurityEvent, key: str) -> str:
    return (
        f'resource "aws_cloudwatch_log_metric_filter" "{key}" {{\n'
        f'  name = "{key}"  log_group_name = aws_cloudwatch_log_group.cloudtrail.name\n'
        f"  pattern = {json.dumps(event.example)}\n"
        f'  metric_transformation {{ name = "{key}"  namespace = "CISBenchmark"  value = "1" }}\n}}\n'
        f'resource "aws_cloudwatch_metric_alarm" "{key}" {{\n'
        f'  metric_name = "{key}"  namespace = "CISBenchmark"  statistic = "Sum"  period = 300\n'
        '  threshold = 1  comparison_operator = "GreaterThanOrEqualToThreshold"  evaluation_periods = 1\n'
        "  alarm_actions = [aws_sns_topic.security.arn]\n}"
    )


def remediation(event: SecurityEvent, key: str) -> str:
    return (
        f"aws logs put-metric-filter --log-group-name <trail log group> --filter-name {key} "
        f"--filter-pattern '{event.example}' --metric-transformations "
        f"metricName={key},metricNamespace=CISBenchmark,metricValue=1 && aws cloudwatch put-metric-alarm "
        f"--alarm-name {key} --namespace CISBenchmark --metric-name {key} --statistic Sum --period 300 "
        "--threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --evaluation-periods 1 "
        "--alarm-actions <SNS topic ARN>"
    )
