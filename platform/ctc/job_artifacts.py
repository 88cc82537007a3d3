"""The streaming job's code and Python environment in S3 (``s3://<processed>/artifacts/jobs/``).

The two entry points EMR runs (``streaming_app.py`` for the stream, ``batch_reprocess.py`` for the Step
Functions batch), ``ctc_jobs.zip`` with ``coattail.jobs`` and ``coattail.core`` (``--py-files``) and
``pyspark_venv.tar.gz``, the packed virtualenv of the job's dependencies for the application's
architecture (``coattail.jobs.packaging``; built once per set of versions into ``CTC_EMR_VENV_CACHE``,
default ``.local/emr-venv``). Objects whose stored copy is identical are not uploaded again.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coattail.cli.lambda_build import PackageSpec, package_dir, zip_bytes
from coattail.cli.ops_resources import ARTIFACTS_PREFIX, Action, OpsError
from coattail.core.aws import AwsTarget

ENTRY_POINT_FILES = ("streaming_app.py", "batch_reprocess.py")  # files of the jobs package
PY_FILES_ZIP = "ctc_jobs.zip"
# The jobs package and the one bottom-layer package it imports (coattail.core: AwsTarget).
PY_FILES = PackageSpec(PY_FILES_ZIP, trees=("coattail.jobs", "coattail.core"))
ZIP_SUFFIXES = (".py", ".yaml", ".yml", ".json")
VENV_CACHE_ENV, VENV_SOURCE_ENV, VENV_PYTHON_ENV = (
    "CTC_EMR_VENV_CACHE",
    "CTC_EMR_VENV_SOURCE",
    "CTC_EMR_PYTHON",
)


@dataclass(frozen=True)
class Artifact:
    """One object of the job's code under ``artifacts/jobs/``."""

    name: str
    body: bytes
    content_type: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()

    @property
    def sha256_b64(self) -> str:
        return base64.b64encode(hashlib.sha256(self.body).digest()).decode()

    @property
    def md5(self) -> str:
        return hashlib.md5(self.body, usedforsecurity=False).hexdigest()


def build_py_files_zip(source_dir: Path | None = None) -> bytes:
    """``coattail.jobs`` (sources + config) and ``coattail.core``, as a reproducible zip."""
    return zip_bytes(PY_FILES, source_dir, suffixes=ZIP_SUFFIXES)


def job_artifacts(source_dir: Path | None = None) -> list[Artifact]:
    jobs = package_dir("coattail.jobs", source_dir)
    missing = [name for name in ENTRY_POINT_FILES if not (jobs / name).is_file()]
    if missing:
        raise OpsError(f"job entry point(s) missing under {jobs}: {', '.join(missing)}")
    artifacts = [Artifact(name, (jobs / name).read_bytes(), "text/x-python") for name in ENTRY_POINT_FILES]
    artifacts.append(Artifact(PY_FILES_ZIP, build_py_files_zip(source_dir), "application/zip"))
    return artifacts


def py_files_uri(bucket: str) -> str:
    return f"s3://{bucket}/{ARTIFACTS_PREFIX}{PY_FILES_ZIP}"


def _stored_matches(s3: Any, bucket: str, key: str, artifact: Artifact) -> bool:
    """True when the stored object has the artifact's SHA-256 (checksum or metadata) or MD5 ETag."""
    try:
        head = s3.head_object(Bucket=bucket, Key=key, ChecksumMode="ENABLED")
    except s3.exceptions.ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
            return False
        raise
    if head.get("ChecksumSHA256"):
        return bool(head["ChecksumSHA256"] == artifact.sha256_b64)
    if head.get("Metadata", {}).get("sha256"):
        return bool(head["Metadata"]["sha256"] == artifact.sha256)
    return bool(head.get("ETag", "").strip('"') == artifact.md5)  # single-part SSE-S3 upload


def _put_unless_stored(s3: Any, bucket: str, artifact: Artifact) -> bool:
    """PUT the artifact under ``artifacts/jobs/`` (with its SHA-256) unless identical; True if put."""
    key = ARTIFACTS_PREFIX + artifact.name
    if _stored_matches(s3, bucket, key, artifact):
        return False
    s3.put_object(
        Bucket=bucket,
        Key=key,
        Body=artifact.body,
        ContentType=artifact.content_type,
        ChecksumSHA256=artifact.sha256_b64,
        Metadata={"sha256": artifact.sha256},
    )
    return True


def upload_job_artifacts(target: AwsTarget, bucket: str, root: Path | None = None) -> Action:
    """Upload the entry points and the ``--py-files`` zip unless the stored copy is identical."""
    s3 = target.client("s3")
    uploaded: list[str] = []
    unchanged: list[str] = []
    for artifact in job_artifacts(root):
        key = ARTIFACTS_PREFIX + artifact.name
        (uploaded if _put_unless_stored(s3, bucket, artifact) else unchanged).append(key)
    return Action(
        "artifacts",
        "uploaded" if uploaded else "up-to-date",
        {"bucket": bucket, "uploaded": uploaded, "unchanged": unchanged},
    )


def venv_archive_uri(bucket: str) -> str:
    from coattail.jobs.packaging import ARCHIVE_NAME

    return f"s3://{bucket}/{ARTIFACTS_PREFIX}{ARCHIVE_NAME}"


def venv_cache_dir() -> Path:
    configured = os.environ.get(VENV_CACHE_ENV)
    return Path(configured) if configured else Path(".local") / "emr-venv"


def application_architecture(target: AwsTarget, application_id: str) -> str:
    app = target.client("emr-serverless").get_application(applicationId=application_id)["application"]
    return str(app.get("architecture") or "X86_64")


def upload_python_environment(
    target: AwsTarget,
    bucket: str,
    *,
    architecture: str = "X86_64",
    python: str | None = None,
    source: str | None = None,
    cache_dir: Path | None = None,
) -> Action:
    """Build (or reuse) the job's packed virtualenv and upload it unless the stored copy is identical."""
    from coattail.jobs.packaging import ARCHIVE_NAME, PackagingError, PythonTarget, build_venv_archive

    try:
        python_target = PythonTarget(
            python=python or os.environ.get(VENV_PYTHON_ENV, "3.11"), architecture=architecture
        )
        archive = build_venv_archive(
            cache_dir or venv_cache_dir(),
            target=python_target,
            source=source or os.environ.get(VENV_SOURCE_ENV, "environment"),
        )
    except PackagingError as exc:
        raise OpsError(f"the job's Python environment could not be built: {exc}") from exc
    artifact = Artifact(ARCHIVE_NAME, archive.path.read_bytes(), "application/gzip")
    uploaded = _put_unless_stored(target.client("s3"), bucket, artifact)
    return Action(
        "python-env",
        "uploaded" if uploaded else "up-to-date",
        {
            "uri": venv_archive_uri(bucket),
            "sha256": archive.sha256,
            "bytes": len(artifact.body),
            "python": python_target.python,
            "architecture": python_target.architecture,
            "packages": len(archive.packages),
        },
    )
