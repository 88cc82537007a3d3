"""Build the Lambda deployment zips in Python (the archive provider is not available offline).

Zips are deterministic — sorted entries, fixed timestamps and permissions — so the same sources
give the same bytes, the same ``filebase64sha256`` and therefore no diff on a re-plan.

- ``api.zip``: the ``api`` package (handler ``api.handler.lambda_handler``)
- ``batch.zip``: ``jobs/__init__.py`` and the ``jobs.batch`` package
  (handlers ``jobs.batch.lambda_handlers.{historical_load,run_quality_checks,update_catalog}``)

Only the project's own pure-Python sources go in: the Lambda runtime provides boto3.
"""

from __future__ import annotations

import hashlib
import io
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

PLATFORM_DIR = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT_DIR = PLATFORM_DIR / "infra" / "build"
FIXED_DATE = (1980, 1, 1, 0, 0, 0)
EXCLUDED_PARTS = {"__pycache__", ".mypy_cache", ".pytest_cache"}
EXCLUDED_SUFFIXES = {".pyc", ".pyo"}


@dataclass(frozen=True)
class PackageSpec:
    """One zip: which files (relative to ``platform/``) it holds."""

    name: str
    trees: tuple[str, ...]  # folders copied recursively
    files: tuple[str, ...] = ()  # single files


PACKAGES = (
    PackageSpec("api.zip", trees=("api",)),
    PackageSpec("batch.zip", trees=("jobs/batch",), files=("jobs/__init__.py",)),
)


def package_members(spec: PackageSpec, source_dir: Path = PLATFORM_DIR) -> list[Path]:
    """Files of ``spec``, relative to ``source_dir``, sorted."""
    members: set[Path] = set()
    for tree in spec.trees:
        root = source_dir / tree
        if not (root / "__init__.py").is_file():
            raise FileNotFoundError(f"{spec.name}: package folder {root} (with __init__.py) is missing")
        for path in root.rglob("*"):
            rel = path.relative_to(source_dir)
            if (
                path.is_file()
                and not EXCLUDED_PARTS & set(rel.parts)
                and path.suffix not in EXCLUDED_SUFFIXES
            ):
                members.add(rel)
    for name in spec.files:
        if not (source_dir / name).is_file():
            raise FileNotFoundError(f"{spec.name}: required file {source_dir / name} is missing")
        members.add(Path(name))
    return sorted(members, key=lambda p: p.as_posix())


def zip_bytes(spec: PackageSpec, source_dir: Path = PLATFORM_DIR) -> bytes:
    """The deterministic zip of ``spec`` as bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for rel in package_members(spec, source_dir):
            info = zipfile.ZipInfo(rel.as_posix(), date_time=FIXED_DATE)
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, (source_dir / rel).read_bytes())
    return buffer.getvalue()


def build_packages(output_dir: Path = DEFAULT_OUTPUT_DIR, source_dir: Path = PLATFORM_DIR) -> dict[str, Path]:
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
    """``python -m ctc.lambda_build [OUTPUT_DIR]``: build the zips for a hand-run terraform."""
    args = sys.argv[1:] if argv is None else argv
    output = Path(args[0]) if args else DEFAULT_OUTPUT_DIR
    for name, path in build_packages(output).items():
        print(f"{name}\t{path}\t{sha256_hex(path)[:16]}")


if __name__ == "__main__":
    main()
