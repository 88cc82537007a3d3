"""The job's Python dependencies for EMR Serverless, as a packed virtual environment.

EMR Serverless runs PySpark with the image's Python; what the job imports beyond Spark (pyiceberg,
pyiceberg-core, pyarrow, boto3, pyyaml, pydantic and their dependencies) ships as a virtualenv
archive, the way the EMR Serverless guide ("Using Python libraries with EMR Serverless") describes:
``spark.archives=s3://…/pyspark_venv.tar.gz#environment`` plus ``PYSPARK_PYTHON`` /
``PYSPARK_DRIVER_PYTHON`` = ``./environment/bin/python`` (see :func:`spark_conf`).

Built here without Docker, for a target Python and platform (:class:`PythonTarget`: CPython 3.11
on Amazon Linux 2023, glibc 2.34, the application's architecture), from either

* ``environment`` — the distributions installed in the running interpreter, when the wheel tags
  recorded in their ``.dist-info/WHEEL`` fit the target (offline; exactly the versions the tests
  ran); or
* ``pypi`` — the wheels ``pip download --only-binary=:all: --platform … --python-version …``
  fetches for the target (pip's cache keeps repeat builds quick).

Either way every wheel's tags are checked against the target before it goes in. The archive is laid
out as ``venv-pack`` lays one out: ``pyvenv.cfg``, ``bin/python*`` symlinks to the cluster's
interpreter (``/usr/bin/python3.11``), ``lib/python3.11/site-packages``. Entries are sorted with
fixed times and owners, so the same inputs give the same bytes (an unchanged archive is not
uploaded again).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.tags import Tag, compatible_tags, cpython_tags, parse_tag
from packaging.utils import canonicalize_name, parse_wheel_filename

ARCHIVE_NAME = "pyspark_venv.tar.gz"
ENV_ALIAS = "environment"  # the folder the archive is unpacked into (``#environment``)
# What the job imports besides the standard library and Spark (pyspark/py4j come with the cluster).
JOB_REQUIREMENTS = ("pyiceberg[pyarrow]", "pyiceberg-core", "pyarrow", "boto3", "pyyaml", "pydantic")
PROVIDED_BY_CLUSTER = frozenset({"pyspark", "py4j"})
SOURCES = ("environment", "pypi")
_EPOCH = 315532800  # 1980-01-01: fixed entry times
_SKIPPED_SUFFIXES = (".pyc", ".pyo")
_ARCHITECTURES = {"X86_64": "x86_64", "ARM64": "aarch64", "x86_64": "x86_64", "aarch64": "aarch64"}


class PackagingError(RuntimeError):
    """The environment cannot be built for the target (the message names what and why)."""


@dataclass(frozen=True)
class PythonTarget:
    """Where the job's Python runs: emr-spark-8.0.0 offers CPython 3.11 to 3.13 on Amazon Linux 2023."""

    python: str = "3.11"
    architecture: str = "x86_64"  # x86_64 | aarch64 (or the EMR names X86_64 | ARM64)
    glibc: tuple[int, int] = (2, 34)  # Amazon Linux 2023
    interpreter: str | None = None  # the cluster's interpreter; default /usr/bin/python<version>

    def __post_init__(self) -> None:
        if self.architecture not in _ARCHITECTURES:
            raise PackagingError(
                f"architecture must be one of {sorted(_ARCHITECTURES)}, got {self.architecture!r}"
            )
        object.__setattr__(self, "architecture", _ARCHITECTURES[self.architecture])
        parts = self.python.split(".")
        if len(parts) != 2 or not all(p.isdigit() for p in parts) or parts[0] != "3":
            raise PackagingError(f"python must be a CPython 3 minor version like '3.11', got {self.python!r}")

    @property
    def version(self) -> tuple[int, int]:
        major, minor = self.python.split(".")
        return int(major), int(minor)

    @property
    def python_path(self) -> str:
        return self.interpreter or f"/usr/bin/python{self.python}"

    def platforms(self) -> list[str]:
        """manylinux platform tags the target's glibc runs, newest first (plus the legacy aliases)."""
        arch = self.architecture
        found = [f"manylinux_{self.glibc[0]}_{minor}_{arch}" for minor in range(self.glibc[1], 4, -1)]
        legacy = {17: "manylinux2014", 12: "manylinux2010", 5: "manylinux1"}
        found += [f"{name}_{arch}" for minor, name in legacy.items() if minor <= self.glibc[1]]
        return found

    def tags(self) -> frozenset[Tag]:
        interpreter = f"cp{self.version[0]}{self.version[1]}"
        platforms = self.platforms()
        return frozenset(cpython_tags(self.version, platforms=platforms)) | frozenset(
            compatible_tags(self.version, interpreter=interpreter, platforms=platforms)
        )

    def markers(self, extra: str = "") -> dict[str, str]:
        """PEP 508 marker values of the target (to follow only the dependencies it needs)."""
        return {
            "python_version": self.python,
            "python_full_version": f"{self.python}.0",
            "implementation_name": "cpython",
            "platform_python_implementation": "CPython",
            "implementation_version": f"{self.python}.0",
            "os_name": "posix",
            "sys_platform": "linux",
            "platform_system": "Linux",
            "platform_machine": self.architecture,
            "platform_release": "",
            "platform_version": "",
            "extra": extra,
        }

    def pip_flags(self) -> list[str]:
        flags = ["--only-binary=:all:", "--python-version", self.python, "--implementation", "cp"]
        flags += ["--abi", f"cp{self.version[0]}{self.version[1]}", "--abi", "abi3", "--abi", "none"]
        for platform in self.platforms():
            flags += ["--platform", platform]
        return flags

    def fits(self, tags: Iterable[Tag]) -> bool:
        return not self.tags().isdisjoint(tags)


@dataclass(frozen=True)
class Package:
    """One distribution in the archive, with the wheel tags it was built for."""

    name: str
    version: str
    tags: tuple[str, ...]
    files: tuple[tuple[str, bytes, int], ...] = field(repr=False)  # (path in site-packages, body, mode)


@dataclass(frozen=True)
class VenvArchive:
    path: Path
    sha256: str
    target: PythonTarget
    packages: dict[str, dict[str, object]]  # name -> {"version": ..., "tags": [...]} (ctc-venv.json)


MANIFEST = "ctc-venv.json"


def read_manifest(archive: Path) -> dict[str, object]:
    """The archive's ``ctc-venv.json`` (an early entry: only the archive's head is decompressed)."""
    with tarfile.open(archive, "r:gz") as tar:
        for info in tar:
            if info.name == MANIFEST:
                handle = tar.extractfile(info)
                if handle is not None:
                    loaded: dict[str, object] = json.loads(handle.read())
                    return loaded
    raise PackagingError(f"{archive} has no {MANIFEST}: not built by jobs.packaging")


# ------------------------------------------------------------------------------ requirement closure
def _wanted(requirements: Sequence[str], target: PythonTarget) -> Iterator[tuple[str, frozenset[str]]]:
    for text in requirements:
        req = Requirement(text)
        if req.marker is None or req.marker.evaluate(target.markers()):
            yield canonicalize_name(req.name), frozenset(req.extras)


def _dependencies(dist: metadata.Distribution, extras: frozenset[str], target: PythonTarget) -> list[str]:
    needed = []
    for text in dist.requires or []:
        req = Requirement(text)
        marker: Marker | None = req.marker
        if marker is None or any(marker.evaluate(target.markers(extra)) for extra in ("", *extras)):
            needed.append(text.split(";")[0].strip())
    return needed


def installed_closure(requirements: Sequence[str], target: PythonTarget) -> list[metadata.Distribution]:
    """The installed distributions the requirements need on the target (markers evaluated for it)."""
    chosen: dict[str, metadata.Distribution] = {}
    seen_extras: dict[str, frozenset[str]] = {}
    queue = list(_wanted(requirements, target))
    while queue:
        name, extras = queue.pop()
        if name in PROVIDED_BY_CLUSTER:
            continue
        if name in chosen and extras <= seen_extras[name]:
            continue
        try:
            dist = chosen.get(name) or metadata.distribution(name)
        except metadata.PackageNotFoundError as exc:
            raise PackagingError(
                f"{name} is required by the job but not installed in {sys.prefix}: "
                "install it, or build with --source pypi"
            ) from exc
        chosen[name] = dist
        seen_extras[name] = seen_extras.get(name, frozenset()) | extras
        queue.extend(_wanted(_dependencies(dist, extras, target), target))
    return [chosen[n] for n in sorted(chosen)]


def _wheel_tags(dist: metadata.Distribution) -> tuple[str, ...]:
    text = dist.read_text("WHEEL") or ""
    return tuple(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("Tag:"))


# --------------------------------------------------------------------------------------- sources
def packages_from_environment(requirements: Sequence[str], target: PythonTarget) -> list[Package]:
    """The installed files of each needed distribution, if its wheel tags fit the target."""
    packages = []
    misfits = []
    for dist in installed_closure(requirements, target):
        name = canonicalize_name(dist.metadata["Name"])
        tags = _wheel_tags(dist)
        if not tags or not target.fits(t for text in tags for t in parse_tag(text)):
            misfits.append(f"{name} {dist.version} ({', '.join(tags) or 'no wheel tags'})")
            continue
        root = Path(str(dist.locate_file(""))).resolve()
        files = []
        for entry in dist.files or []:
            rel = PurePosixPath(str(entry))
            if ".." in rel.parts or "__pycache__" in rel.parts or rel.suffix in _SKIPPED_SUFFIXES:
                continue  # console scripts outside site-packages; bytecode of this interpreter
            path = root / rel
            if path.is_file():
                mode = 0o755 if path.stat().st_mode & 0o111 else 0o644
                files.append((rel.as_posix(), path.read_bytes(), mode))
        packages.append(Package(name, dist.version, tags, tuple(sorted(files))))
    if misfits:
        raise PackagingError(
            f"installed distributions not built for CPython {target.python} {target.architecture} "
            f"glibc {target.glibc[0]}.{target.glibc[1]}: {'; '.join(misfits)} — build with --source pypi"
        )
    return packages


def pinned_requirements(requirements: Sequence[str] = JOB_REQUIREMENTS) -> list[str]:
    """The requirements pinned to the versions installed here (what the tests ran), where installed."""
    pinned = []
    for text in requirements:
        req = Requirement(text)
        try:
            version = metadata.version(req.name)
        except metadata.PackageNotFoundError:
            pinned.append(text)
            continue
        extras = f"[{','.join(sorted(req.extras))}]" if req.extras else ""
        pinned.append(f"{req.name}{extras}=={version}")
    return pinned


def download_wheels(requirements: Sequence[str], target: PythonTarget, wheelhouse: Path) -> list[Path]:
    """``pip download`` the target's wheels (binary only, target platform and Python) into ``wheelhouse``."""
    wheelhouse.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "--quiet"]
    command += [*target.pip_flags(), "--dest", str(wheelhouse), *requirements]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise PackagingError(
            f"pip download for CPython {target.python} {target.architecture} failed "
            f"(is PyPI reachable? pip's own message follows):\n{done.stderr.strip()[-2000:]}"
        )
    return sorted(wheelhouse.glob("*.whl"))


def packages_from_wheels(wheels: Sequence[Path], target: PythonTarget) -> list[Package]:
    """Unpack wheels (``.data/purelib|platlib`` into site-packages), each checked against the target."""
    packages = []
    for wheel in wheels:
        name, version, _, tags = parse_wheel_filename(wheel.name)
        if canonicalize_name(name) in PROVIDED_BY_CLUSTER:
            continue
        if not target.fits(tags):
            raise PackagingError(
                f"{wheel.name} does not run on CPython {target.python} {target.architecture}"
            )
        files = []
        with zipfile.ZipFile(wheel) as archive:
            for info in archive.infolist():
                rel = PurePosixPath(info.filename)
                if info.is_dir() or rel.suffix in _SKIPPED_SUFFIXES or "__pycache__" in rel.parts:
                    continue
                if rel.parts[0].endswith(".data"):
                    if len(rel.parts) < 3 or rel.parts[1] not in ("purelib", "platlib"):
                        continue  # scripts, headers, data: not needed to import the package
                    rel = PurePosixPath(*rel.parts[2:])
                mode = 0o755 if (info.external_attr >> 16) & 0o111 else 0o644
                files.append((rel.as_posix(), archive.read(info), mode))
        tag_texts = tuple(sorted(str(t) for t in tags))
        packages.append(Package(canonicalize_name(name), str(version), tag_texts, tuple(sorted(files))))
    return packages


# ---------------------------------------------------------------------------------------- archive
def _entry(name: str, kind: bytes, mode: int, size: int = 0, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.mode, info.size, info.linkname, info.mtime = kind, mode, size, link, _EPOCH
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    return info


def _venv_files(target: PythonTarget) -> list[tuple[tarfile.TarInfo, bytes]]:
    versioned = f"python{target.python}"
    cfg = (
        f"home = {PurePosixPath(target.python_path).parent}\n"
        "include-system-site-packages = false\n"
        f"version = {target.python}\n"
        "prompt = ctc-jobs\n"
    ).encode()
    return [
        (_entry("bin", tarfile.DIRTYPE, 0o755), b""),
        (_entry(f"bin/{versioned}", tarfile.SYMTYPE, 0o777, link=target.python_path), b""),
        (_entry("bin/python3", tarfile.SYMTYPE, 0o777, link=versioned), b""),
        (_entry("bin/python", tarfile.SYMTYPE, 0o777, link=versioned), b""),
        (_entry("pyvenv.cfg", tarfile.REGTYPE, 0o644, len(cfg)), cfg),
        (_entry("lib64", tarfile.SYMTYPE, 0o777, link="lib"), b""),
    ]


def write_archive(out: Path, packages: Sequence[Package], target: PythonTarget) -> None:
    """Write the venv archive: the same packages and target give the same bytes."""
    site = f"lib/python{target.python}/site-packages"
    entries = _venv_files(target)
    manifest = json.dumps(
        {
            "python": target.python,
            "architecture": target.architecture,
            "glibc": ".".join(map(str, target.glibc)),
            "packages": {p.name: {"version": p.version, "tags": list(p.tags)} for p in packages},
        },
        indent=1,
        sort_keys=True,
    ).encode()
    entries.append((_entry(MANIFEST, tarfile.REGTYPE, 0o644, len(manifest)), manifest))
    files: dict[str, tuple[bytes, int]] = {}
    for package in packages:
        for rel, body, mode in package.files:
            files[f"{site}/{rel}"] = (body, mode)
    folders = {str(PurePosixPath(p).parent) for p in files} | {site}
    for folder in list(folders):
        folders.update(str(parent) for parent in PurePosixPath(folder).parents if str(parent) != ".")
    folders.discard("bin")
    for folder in sorted(folders):
        entries.append((_entry(folder, tarfile.DIRTYPE, 0o755), b""))
    for name in sorted(files):
        body, mode = files[name]
        entries.append((_entry(name, tarfile.REGTYPE, mode, len(body)), body))
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f"{out.name}.{os.getpid()}.partial")  # concurrent builders never share one
    with (
        partial.open("wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=6) as gz,
        tarfile.open(fileobj=gz, mode="w", format=tarfile.GNU_FORMAT) as tar,
    ):
        for info, body in entries:
            tar.addfile(info, io.BytesIO(body) if info.isreg() else None)
    partial.replace(out)


def _cache_key(source: str, requirements: Sequence[str], target: PythonTarget) -> str:
    state: list[object] = [source, list(requirements), target.python, target.architecture, list(target.glibc)]
    state.append(target.python_path)
    if source == "environment":
        state.append([(d.metadata["Name"], d.version) for d in installed_closure(requirements, target)])
    return hashlib.sha256(json.dumps(state).encode()).hexdigest()[:16]


def build_venv_archive(
    cache_dir: Path,
    *,
    target: PythonTarget | None = None,
    source: str = "environment",
    requirements: Sequence[str] | None = None,
) -> VenvArchive:
    """Build (or reuse from ``cache_dir``, keyed by source, target and versions) the archive."""
    target = target or PythonTarget()
    if source not in SOURCES:
        raise PackagingError(f"source must be one of {', '.join(SOURCES)}, got {source!r}")
    reqs = list(requirements or pinned_requirements())
    folder = cache_dir / _cache_key(source, reqs, target)
    out = folder / ARCHIVE_NAME
    if not out.is_file():
        if source == "environment":
            packages = packages_from_environment(reqs, target)
        else:
            packages = packages_from_wheels(download_wheels(reqs, target, folder / "wheelhouse"), target)
        write_archive(out, packages, target)
    manifest = read_manifest(out)
    packages_seen = manifest.get("packages")
    if not isinstance(packages_seen, dict):
        raise PackagingError(f"{out}: {MANIFEST} lists no packages")
    return VenvArchive(out, hashlib.sha256(out.read_bytes()).hexdigest(), target, packages_seen)


def spark_conf(archive_uri: str) -> dict[str, str]:
    """Spark settings that make driver and executors run ``./environment/bin/python`` of the archive."""
    python = f"./{ENV_ALIAS}/bin/python"
    return {
        "spark.archives": f"{archive_uri}#{ENV_ALIAS}",
        "spark.emr-serverless.driverEnv.PYSPARK_DRIVER_PYTHON": python,
        "spark.emr-serverless.driverEnv.PYSPARK_PYTHON": python,
        "spark.executorEnv.PYSPARK_PYTHON": python,
    }


def spark_submit_conf(archive_uri: str) -> str:
    """:func:`spark_conf` as ``sparkSubmitParameters`` text."""
    return " ".join(f"--conf {key}={value}" for key, value in spark_conf(archive_uri).items())
