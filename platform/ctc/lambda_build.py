"""Build the Lambda deployment zips in Python (the archive provider is not available offline).

Zips are deterministic — sorted entries, fixed timestamps and permissions — so the same sources
give the same bytes, the same ``filebase64sha256`` and therefore no diff on a re-plan.

- ``api.zip``: the ``coattail.api`` package (handler ``coattail.api.handler.lambda_handler``)
- ``batch.zip``: ``coattail/jobs/__init__.py`` and the ``coattail.jobs.batch`` package
  (handlers ``coattail.jobs.batch.lambda_handlers.{historical_load,run_quality_checks,update_catalog}``)
- ``autostop.zip``: the ``coattail.autostop`` package and ``coattail.core`` (handler
  ``coattail.autostop.handler.lambda_handler``)

Only the project's own pure-Python sources go in, taken from the installed packages (a checkout's
editable install or a wheel alike); ``coattail`` is a namespace package, so the zips need no
``coattail/__init__.py``. The Lambda runtime provides boto3.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

FIXED_DATE = (1980, 1, 1, 0, 0, 0)
EXCLUDED_PARTS = {"__pycache__", ".mypy_cache", ".pytest_cache"}
EXCLUDED_SUFFIXES = {".pyc", ".pyo"}


@dataclass(frozen=True)
class PackageSpec:
    """One zip: which packages (recursively) and which single package ``__init__`` files it holds."""

    name: str
    trees: tuple[str, ...]  # packages copied recursively, e.g. "coattail.api"
    inits: tuple[str, ...] = ()  # packages whose __init__.py alone goes in


PACKAGES = (
    PackageSpec("api.zip", trees=("coattail.api",)),
    PackageSpec("batch.zip", trees=("coattail.jobs.batch",), inits=("coattail.jobs",)),
    PackageSpec("autostop.zip", trees=("coattail.autostop", "coattail.core")),
)


def package_dir(package: str, source_dir: Path | None = None) -> Path:
    """Where ``package``'s files are: under ``source_dir`` if given, else where it is installed."""
    if source_dir is not None:
        return source_dir.joinpath(*package.split("."))
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise FileNotFoundError(f"package {package} is not installed")
    return Path(spec.origin).parent


def package_members(spec: PackageSpec, source_dir: Path | None = None) -> dict[str, Path]:
    """Archive name -> file of ``spec``, sorted by archive name."""
    members: dict[str, Path] = {}
    for tree in spec.trees:
        root = package_dir(tree, source_dir)
        if not (root / "__init__.py").is_file():
            raise FileNotFoundError(f"{spec.name}: package folder {root} (with __init__.py) is missing")
        prefix = tree.replace(".", "/")
        for path in root.rglob("*"):
            rel = path.relative_to(root)
            if (
                path.is_file()
                and not EXCLUDED_PARTS & set(rel.parts)
                and path.suffix not in EXCLUDED_SUFFIXES
            ):
                members[f"{prefix}/{rel.as_posix()}"] = path
    for package in spec.inits:
        init = package_dir(package, source_dir) / "__init__.py"
        if not init.is_file():
            raise FileNotFoundError(f"{spec.name}: required file {init} is missing")
        members[package.replace(".", "/") + "/__init__.py"] = init
    return dict(sorted(members.items()))


def zip_bytes(spec: PackageSpec, source_dir: Path | None = None, suffixes: tuple[str, ...] = ()) -> bytes:
    """The deterministic zip of ``spec`` as bytes (only files with ``suffixes``, if given)."""
    members = {
        name: path
        for name, path in package_members(spec, source_dir).items()
        if not suffixes or path.suffix in suffixes
    }
    # zipimport finds the ``coattail`` namespace package (no __init__.py) only through directory entries
    folders = sorted(
        {"/".join(name.split("/")[:n]) + "/" for name in members for n in range(1, name.count("/") + 1)}
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for folder in folders:
            entry = zipfile.ZipInfo(folder, date_time=FIXED_DATE)
            entry.external_attr = 0o40755 << 16
            archive.writestr(entry, b"")
        for arcname, path in members.items():
            info = zipfile.ZipInfo(arcname, date_time=FIXED_DATE)
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def build_packages(output_dir: Path, source_dir: Path | None = None) -> dict[str, Path]:
    """Write every zip into ``output_dir`` (rewritten only when the bytes change)."""
    output_dir.mkdir(parents=True, exist_ok=True)
    built: dict[str, Path] = {}
    for spec in PACKAGES:
        data = zip_bytes(spec, source_dir)
        target = output_dir / spec.name
        if not target.exists() or target.read_bytes() != data:
            tmp = target.with_suffix(".tmp")
            tmp.write_bytes(data)
            tmp.replace(target)
        built[spec.name] = target
    return built


def sha256_hex(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> None:
    """``python -m coattail.cli.lambda_build OUTPUT_DIR``: build the zips for a hand-run terraform."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        raise SystemExit("usage: python -m coattail.cli.lambda_build OUTPUT_DIR (e.g. platform/infra/build)")
    output = Path(args[0])
    for name, path in build_packages(output).items():
        print(f"{name}\t{path}\t{sha256_hex(path)[:16]}")


if __name__ == "__main__":
    main()
