"""The live collector: one or more accounts (assumed roles) x regions, services concurrently."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import boto3
import botocore.loaders
import botocore.session
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, EndpointConnectionError, NoCredentialsError

from coattail.core.aws import AwsTarget
from coattail.review.collectors.live.interpreter import CallCounter, Interpreter, SpecFailed, error_code
from coattail.review.collectors.live.spec import Context, ResourceSpec
from coattail.review.collectors.live.specs import ALL_SPECS
from coattail.review.inventory import Inventory, Resource
from coattail.review.model import NotAssessed, SourceKind, SourceRun

ALL_REGIONS = "all"
EventHook = tuple[str, Callable[..., Any]]
ProgressFn = Callable[[int, int, str], None]


class LiveCollectionError(RuntimeError):
    """Nothing could be collected from an account (no credentials, endpoint unreachable, ...)."""


@dataclass(frozen=True)
class LiveOptions:
    #: Regions to scan; ``("all",)`` = every region enabled in each account (EC2 DescribeRegions).
    regions: tuple[str, ...] = ("us-east-1",)
    profile: str | None = None
    role_arns: tuple[str, ...] = ()  # empty: the caller's own account
    #: Role name to assume in every active account of the caller's AWS Organization (the caller's
    #: own account is read with its own credentials); joins ``role_arns``.
    organization_role: str | None = None
    endpoint_url: str | None = None
    max_attempts: int = 5
    workers: int = 4
    specs: tuple[ResourceSpec, ...] = ALL_SPECS
    event_hooks: tuple[EventHook, ...] = field(default=(), compare=False)  # registered on every client

    @property
    def all_regions(self) -> bool:
        return self.regions == (ALL_REGIONS,)

    @property
    def home_region(self) -> str:
        """Where sessions, STS and the region listing are called."""
        return self.regions[0] if not self.all_regions else (default_region() or "us-east-1")

    @property
    def target_label(self) -> str:
        where = self.endpoint_url or "aws"
        return f"{','.join(self.regions)} @ {where}"


@dataclass
class _Account:
    session: boto3.session.Session
    account: str
    label: str
    regions: tuple[str, ...] = ()


class _Clients:
    """Thread-safe client cache for one account and region, with counting and extra hooks."""

    def __init__(self, account: _Account, region: str, options: LiveOptions, counter: CallCounter) -> None:
        self._account = account
        self._region = region
        self._options = options
        self._counter = counter
        self._lock = threading.Lock()
        self._clients: dict[str, Any] = {}

    def __call__(self, service: str) -> Any:
        with self._lock:
            client = self._clients.get(service)
            if client is None:
                client = make_client(
                    self._account.session, service, self._region, self._options, self._counter
                )
                self._clients[service] = client
            return client


def make_client(
    session: boto3.session.Session, service: str, region: str, options: LiveOptions, counter: CallCounter
) -> Any:
    target = AwsTarget(
        region=region, endpoint_url=options.endpoint_url, max_attempts=options.max_attempts, _session=session
    )
    client = target.session().client(  # type: ignore[call-overload]
        service,
        region_name=region,
        endpoint_url=options.endpoint_url,
        config=Config(
            retries={"mode": "adaptive", "max_attempts": options.max_attempts},
            connect_timeout=5,
            read_timeout=30,
        ),
    )
    client.meta.events.register("before-call", counter.on_call)
    client.meta.events.register("before-send", counter.on_send)
    if service == "s3control" and _is_emulated(options.endpoint_url):
        client.meta.events.register("before-sign.s3-control", _drop_account_host_prefix)
    for event, handler in options.event_hooks:
        client.meta.events.register(event, handler)
    return client


def _fatal_message(exc: BaseException, options: LiveOptions) -> str:
    if isinstance(exc, NoCredentialsError):
        return (
            "no AWS credentials found: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE or "
            "pass --profile"
        )
    if isinstance(exc, EndpointConnectionError):
        return (
            f"cannot reach the AWS endpoint {options.endpoint_url or exc}: is the emulator running "
            "(`ctc local up`) or is the --endpoint-url right?"
        )
    if isinstance(exc, ClientError):
        return f"{error_code(exc)}: {exc.response.get('Error', {}).get('Message', exc)}"
    return f"{type(exc).__name__}: {exc}"


def _is_emulated(endpoint_url: str | None) -> bool:
    """An endpoint that is not AWS's own (an emulator): it cannot serve per-account host names."""
    host = urlsplit(endpoint_url).hostname if endpoint_url else None
    return host is not None and not host.endswith((".amazonaws.com", ".amazonaws.com.cn"))


def _drop_account_host_prefix(request: Any, **_: Any) -> None:
    """S3 Control addresses ``<account>.<endpoint>``; an emulator at 127.0.0.1 has no such host."""
    request.url = re.sub(r"^(\w+://)\d{12}\.", r"\1", request.url)


def is_local_endpoint(endpoint_url: str | None) -> bool:
    host = urlsplit(endpoint_url).hostname if endpoint_url else None
    return host in ("127.0.0.1", "localhost", "::1")


_MODEL_LOADER: list[botocore.loaders.Loader] = []  # the first session's loader, shared after
_LOADER_LOCK = threading.Lock()


def new_session(**kwargs: Any) -> boto3.session.Session:
    """A boto3 session whose service models come from one loader per process.

    Each new session would otherwise decode every service model again (about 1.3 s of CPU for the
    services a scan reads), once per assumed account and once per scan."""
    with _LOADER_LOCK:
        core = botocore.session.get_session()
        if _MODEL_LOADER:
            core.register_component("data_loader", _MODEL_LOADER[0])
        else:
            _MODEL_LOADER.append(core.get_component("data_loader"))
        session = boto3.session.Session(botocore_session=core, **kwargs)
        paths = _MODEL_LOADER[0].search_paths  # boto3 appends its own data path per session
        paths[:] = list(dict.fromkeys(paths))
    return session


def base_session(options: LiveOptions) -> boto3.session.Session:
    """The caller's session; a local emulator endpoint without credentials gets dummy ones."""
    session = new_session(profile_name=options.profile, region_name=options.home_region)
    if session.get_credentials() is None and is_local_endpoint(options.endpoint_url):
        session = new_session(
            aws_access_key_id="testing", aws_secret_access_key="testing", region_name=options.home_region
        )
    return session


def _accounts(options: LiveOptions, counter: CallCounter) -> tuple[list[_Account], list[NotAssessed]]:
    try:
        base = base_session(options)
    except BotoCoreError as exc:  # e.g. ProfileNotFound
        raise LiveCollectionError(f"{exc} (check --profile / AWS_PROFILE)") from exc
    sts = make_client(base, "sts", options.home_region, options, counter)
    try:
        me = sts.get_caller_identity()
    except (BotoCoreError, ClientError) as exc:
        raise LiveCollectionError(_fatal_message(exc, options)) from exc
    accounts: list[_Account] = []
    gaps: list[NotAssessed] = []
    role_arns = list(options.role_arns)
    if options.organization_role:
        members = _organization_accounts(base, options, counter)
        partition = me["Arn"].split(":")[1]
        role_arns += [
            f"arn:{partition}:iam::{a}:role/{options.organization_role}"
            for a in members
            if a != me["Account"]
        ]
        accounts.append(_Account(base, me["Account"], f"account {me['Account']} (organization management)"))
    if not role_arns and not accounts:
        return [_Account(base, me["Account"], f"account {me['Account']}")], []
    for role in dict.fromkeys(role_arns):
        try:
            creds = sts.assume_role(RoleArn=role, RoleSessionName="ctc-review")["Credentials"]
            session = new_session(
                aws_access_key_id=creds["AccessKeyId"],
                aws_secret_access_key=creds["SecretAccessKey"],
                aws_session_token=creds["SessionToken"],
                region_name=options.home_region,
            )
            ident = make_client(session, "sts", options.home_region, options, counter).get_caller_identity()
            accounts.append(_Account(session, ident["Account"], f"account {ident['Account']} via {role}"))
        except (BotoCoreError, ClientError) as exc:
            account = role.split(":")[4] if role.count(":") >= 5 else None
            gaps.append(
                NotAssessed(
                    service="*",
                    source=SourceKind.LIVE,
                    reason=f"cannot assume {role}: {_fatal_message(exc, options)}",
                    error_code=error_code(exc),
                    account=account,
                )
            )
    return accounts, gaps


def _organization_accounts(
    base: boto3.session.Session, options: LiveOptions, counter: CallCounter
) -> list[str]:
    """Active member accounts of the caller's organization (ListAccounts, paginated)."""
    orgs = make_client(base, "organizations", options.home_region, options, counter)
    try:
        pages = orgs.get_paginator("list_accounts").paginate()
        return sorted(
            a["Id"] for page in pages for a in page["Accounts"] if a.get("Status", "ACTIVE") == "ACTIVE"
        )
    except (BotoCoreError, ClientError) as exc:
        raise LiveCollectionError(
            f"cannot list the organization's accounts ({_fatal_message(exc, options)}); "
            "--organization-role needs organizations:ListAccounts from the management or a delegated "
            "administrator account"
        ) from exc


def default_region() -> str | None:
    import os

    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")


def _enabled_regions(
    acct: _Account, options: LiveOptions, counter: CallCounter
) -> tuple[tuple[str, ...], NotAssessed | None]:
    """The account's enabled regions (opted in or not needing opt-in), or the home region with a gap."""
    if not options.all_regions:
        return options.regions, None
    home = options.home_region
    try:
        answer = make_client(acct.session, "ec2", home, options, counter).describe_regions(AllRegions=False)
    except (BotoCoreError, ClientError) as exc:
        gap = NotAssessed(
            service="regions",
            source=SourceKind.LIVE,
            reason=f"cannot list the enabled regions ({_fatal_message(exc, options)}); scanned {home} only",
            error_code=error_code(exc),
            account=acct.account,
        )
        return (home,), gap
    enabled = ("opt-in-not-required", "opted-in")
    names = sorted(
        r["RegionName"] for r in answer.get("Regions", ()) if r.get("OptInStatus", enabled[0]) in enabled
    )
    return tuple(names) or (home,), None


def collect_live(options: LiveOptions, progress: ProgressFn | None = None) -> LiveCollection:
    """Collect every spec for every account and region; failures become NotAssessed entries."""
    started = datetime.now(UTC)
    counter = CallCounter()
    accounts, gaps = _accounts(options, counter)
    jobs: list[tuple[_Account, str, ResourceSpec, _Clients]] = []
    for acct in accounts:
        acct.regions, gap = _enabled_regions(acct, options, counter)
        gaps.extend([gap] if gap else [])
        home = options.home_region
        clients = {r: _Clients(acct, r, options, counter) for r in {*acct.regions, home}}
        for spec in options.specs:
            regions = (home,) if spec.scope == "global" else acct.regions
            jobs.extend((acct, r, spec, clients[r]) for r in regions)

    resources: list[Resource] = []
    enumerated: set[str] = set()
    lock = threading.Lock()

    def run(acct: _Account, region: str, spec: ResourceSpec, clients: _Clients) -> None:
        ctx = Context(account=acct.account, region=region)
        try:
            found = Interpreter(clients, ctx).run(spec)
            with lock:
                resources.extend(found)
                enumerated.add(spec.model.resource_type)
        except SpecFailed as exc:
            with lock:
                gaps.append(
                    NotAssessed(
                        service=spec.model.service,
                        source=SourceKind.LIVE,
                        reason=exc.reason,
                        error_code=exc.error_code,
                        region=None if spec.scope == "global" else region,
                        account=acct.account,
                    )
                )

    done = 0
    with ThreadPoolExecutor(max_workers=max(1, options.workers), thread_name_prefix="ctc-review") as pool:
        futures = {pool.submit(run, *job): job for job in jobs}
        for future in as_completed(futures):
            future.result()
            done += 1
            if progress:
                acct, region, spec, _ = futures[future]
                progress(done, len(jobs), f"{spec.name} {acct.account}/{region}")

    runs = tuple(
        SourceRun(
            kind=SourceKind.LIVE,
            target=f"{acct.label}; regions {', '.join(acct.regions)}"
            + (f"; endpoint {options.endpoint_url}" if options.endpoint_url else ""),
            collected_at=started,
            ok=not any(g.account in (acct.account, None) for g in gaps),
            detail=f"{sum(1 for r in resources if r.account == acct.account)} resources",
            api_calls=counter.total if len(accounts) == 1 else None,
        )
        for acct in accounts
    ) or (
        SourceRun(
            kind=SourceKind.LIVE,
            target=options.target_label,
            collected_at=started,
            ok=False,
            detail="no account could be assessed",
            api_calls=counter.total,
        ),
    )
    unique_gaps = tuple(
        dict.fromkeys(sorted(gaps, key=lambda g: (g.service, g.account or "", g.region or "")))
    )
    inventory = Inventory.from_resources(
        sorted(resources, key=lambda r: (type(r).__name__, r.id)),
        sources=runs,
        not_assessed=unique_gaps,
        live_resource_types=tuple(sorted(enumerated)),
    )
    return LiveCollection(inventory=inventory, counter=counter)


@dataclass(frozen=True)
class LiveCollection:
    inventory: Inventory
    counter: CallCounter

    @property
    def api_calls(self) -> int:
        return self.counter.total
