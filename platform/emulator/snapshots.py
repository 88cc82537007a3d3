"""Named snapshots of the emulator's whole state, inside the emulator process.

Seeding an account through the API costs thousands of requests; restoring a snapshot is one deep
copy of moto's backends (about a second for a hundred resources in two regions). Tests that need
"this exact account again" (the generic account before each misconfiguration) take a snapshot once
and restore it, instead of resetting and reseeding.

Served by :class:`SnapshotApi`, a WSGI layer in front of moto's application::

    POST /ctc-api/snapshots/<name>           take (or replace) the snapshot <name>
    POST /ctc-api/snapshots/<name>/restore   make the emulator hold exactly what <name> held
    GET  /ctc-api/snapshots                  the names taken, as JSON

A restore replaces every service's state: services first used after the snapshot are emptied, as
``/moto-api/reset`` would. moto keeps a few objects that ``copy`` cannot duplicate (thread locks,
SSM's parameter dictionary); reducers registered through :mod:`copyreg` rebuild them.
"""

from __future__ import annotations

import copy
import copyreg
import json
import re
import threading
from collections.abc import Callable, Iterable
from typing import Any

#: One service's registry, its accounts (account id -> region -> backend) and its extra attributes.
_Entry = tuple[Any, dict[str, Any], dict[str, Any]]

SNAPSHOT_PATH = re.compile(r"^/ctc-api/snapshots/(?P<name>[A-Za-z0-9_.-]{1,64})(?P<restore>/restore)?$")
LIST_PATH = "/ctc-api/snapshots"

#: name -> [(BackendDict, its accounts, its own extra attributes)] as taken; never served directly.
_SNAPSHOTS: dict[str, list[_Entry]] = {}
_REDUCERS_REGISTERED = False
#: What ``BackendDict.__init__`` sets; anything else on one (S3's bucket -> account map) is state.
_BACKEND_DICT_FIELDS = frozenset(
    {"backend", "service_name", "_use_boto3_regions", "_additional_regions", "_id"}
)


class UnknownSnapshot(KeyError):
    """No snapshot of that name was taken in this emulator process."""


def _new_rlock(_: object) -> tuple[Callable[[], Any], tuple[()]]:
    return threading.RLock, ()


def _new_lock(_: object) -> tuple[Callable[[], Any], tuple[()]]:
    return threading.Lock, ()


def _ssm_parameter_dict(d: Any) -> tuple[Any, ...]:
    """``ParameterDict(account_id, region_name)``, then its attributes and items."""
    return type(d), (d.account_id, d.region_name), dict(vars(d)), None, iter(d.items())


def _register_reducers() -> None:
    global _REDUCERS_REGISTERED
    if _REDUCERS_REGISTERED:
        return
    from moto.ssm.models import ParameterDict

    copyreg.pickle(type(threading.RLock()), _new_rlock)
    copyreg.pickle(type(threading.Lock()), _new_lock)
    copyreg.pickle(ParameterDict, _ssm_parameter_dict)
    _REDUCERS_REGISTERED = True


def _copy(state: list[_Entry]) -> list[_Entry]:
    """A deep copy in which references to moto's module-level backend registries stay shared."""
    _register_reducers()
    memo: dict[int, Any] = {id(bd): bd for bd, _, _ in state}
    return [(bd, copy.deepcopy(accounts, memo), copy.deepcopy(extra, memo)) for bd, accounts, extra in state]


def _tracked_counts() -> list[tuple[list[Any], int]]:
    from moto.core.model_instances import model_data

    lists: list[list[Any]] = [
        cls.instances_tracked  # type: ignore[attr-defined]
        for models in model_data.values()
        for cls in models.values()
    ]
    return [(tracked, len(tracked)) for tracked in lists]


def take(name: str) -> None:
    """Copy every service's state. moto registers each model object it builds (a copy too) for
    ``reset`` to dispose of; the snapshot's copies are unregistered so a reset cannot close their files."""
    from moto.core.base_backend import BackendDict, backend_lock

    with backend_lock:
        state = [
            (bd, dict(bd), {k: v for k, v in vars(bd).items() if k not in _BACKEND_DICT_FIELDS})
            for bd in BackendDict._instances  # type: ignore[misc]
        ]
        counts = _tracked_counts()
        _SNAPSHOTS[name] = _copy(state)
        for tracked, count in counts:
            del tracked[count:]


def restore(name: str) -> None:
    from moto.core.base_backend import BackendDict, backend_lock
    from moto.core.model_instances import reset_model_data

    if name not in _SNAPSHOTS:
        raise UnknownSnapshot(name)
    with backend_lock:
        BackendDict.reset()
        reset_model_data()
        for bd, accounts, extra in _copy(_SNAPSHOTS[name]):
            dict.update(bd, accounts)
            for key, value in extra.items():
                setattr(bd, key, value)
            instances: list[Any] = BackendDict._instances  # type: ignore[misc]
            instances.append(bd)


def names() -> list[str]:
    return sorted(_SNAPSHOTS)


class SnapshotApi:
    """WSGI middleware: answers ``/ctc-api/snapshots...`` and hands every other request to ``app``."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if not path.startswith("/ctc-api/"):
            return self.app(environ, start_response)
        method = environ.get("REQUEST_METHOD", "GET")
        if path == LIST_PATH and method == "GET":
            return _answer(start_response, 200, {"snapshots": names()})
        match = SNAPSHOT_PATH.match(path)
        if match is None:
            return _answer(start_response, 404, {"error": f"no such emulator API path: {path}"})
        if method != "POST":
            return _answer(start_response, 405, {"error": f"{path} takes POST, not {method}"})
        name = match["name"]
        if match["restore"]:
            try:
                restore(name)
            except UnknownSnapshot:
                return _answer(
                    start_response, 404, {"error": f"no snapshot named {name!r}; taken: {names()}"}
                )
            return _answer(start_response, 200, {"restored": name})
        take(name)
        return _answer(start_response, 200, {"taken": name})


def _answer(start_response: Callable[..., Any], status: int, body: dict[str, Any]) -> list[bytes]:
    reason = {200: "OK", 404: "Not Found", 405: "Method Not Allowed"}[status]
    payload = json.dumps(body).encode()
    start_response(
        f"{status} {reason}",
        [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))],
    )
    return [payload]
