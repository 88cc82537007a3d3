"""The job's Python dependencies packed for EMR Serverless (coattail.jobs.packaging) and shipped by start.sh.

The archive is built from the installed distributions (offline) into start.sh's cache; one test fetches
wheels for another architecture from PyPI through pip (it fails, naming pip's error, when PyPI
cannot be reached). The unpacked archive is run with this machine's Debian ``/usr/bin/python3.11``
— a different CPython 3.11 build than the one the wheels were installed with, as on the cluster.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tarfile
import uuid
from email.parser import Parser
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.tags import parse_tag
from packaging.utils import canonicalize_name

from coattail.jobs.packaging import (
    ARCHIVE_NAME,
    PackagingError,
    PythonTarget,
    VenvArchive,
    build_venv_archive,
    download_wheels,
    packages_from_environment,
    packages_from_wheels,
    spark_conf,
    write_archive,
)
from coattail.jobs.submit import DEFAULT_SPARK_PARAMETERS, packaged_spark_parameters

SITE = "lib/python3.11/site-packages"
CLUSTER_PYTHON = Path("/usr/bin/python3.11")
LINUX_311 = {
    "python_version": "3.11",
    "python_full_version": "3.11.0",
    "sys_platform": "linux",
    "platform_system": "Linux",
    "platform_machine": "x86_64",
    "os_name": "posix",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
    "extra": "",
}


@pytest.fixture(scope="module")
def venv_cache() -> Path:
    """The cache start.sh uses (``.local/emr-venv``, keyed by target and versions; atomic writes):
    one build per set of versions serves these tests and tests/ops alike."""
    from coattail.cli.job_artifacts import venv_cache_dir

    return venv_cache_dir()


@pytest.fixture(scope="module")
def archive(venv_cache: Path) -> VenvArchive:
    return build_venv_archive(venv_cache)


@pytest.fixture(scope="module")
def contents(archive: VenvArchive) -> dict[str, Any]:
    """Every entry of the archive; the bodies of the small metadata files."""
    entries: dict[str, tarfile.TarInfo] = {}
    texts: dict[str, str] = {}
    with tarfile.open(archive.path, "r:gz") as tar:
        for info in tar:
            entries[info.name] = info
            if info.isreg() and (info.name.endswith(("/WHEEL", "/METADATA")) or "/" not in info.name):
                handle = tar.extractfile(info)
                assert handle is not None
                texts[info.name] = handle.read().decode()
    return {"entries": entries, "texts": texts}


def _dist_infos(contents: dict[str, Any]) -> dict[str, str]:
    """canonical name -> dist-info folder, from the archive's METADATA files."""
    found: dict[str, str] = {}
    for name, text in contents["texts"].items():
        if name.endswith(".dist-info/METADATA"):
            found[canonicalize_name(Parser().parsestr(text)["Name"])] = name.rsplit("/", 1)[0]
    return found


# ------------------------------------------------------------------------------- pure functions
def test_target_tags_follow_the_cluster_python_and_glibc() -> None:
    target = PythonTarget()
    assert target.python_path == "/usr/bin/python3.11"
    assert target.platforms()[0] == "manylinux_2_34_x86_64" and "manylinux2014_x86_64" in target.platforms()
    fits = [
        "cp311-cp311-manylinux_2_28_x86_64",
        "cp310-abi3-manylinux_2_17_x86_64",
        "py3-none-any",
        "cp311-cp311-manylinux1_x86_64",
    ]
    misfits = [
        "cp312-cp312-manylinux_2_28_x86_64",
        "cp311-cp311-manylinux_2_35_x86_64",
        "cp311-cp311-manylinux_2_28_aarch64",
        "cp311-cp311-musllinux_1_2_x86_64",
        "cp311-cp311-macosx_11_0_arm64",
    ]
    assert [t for t in fits if not target.fits(parse_tag(t))] == []
    assert [t for t in misfits if target.fits(parse_tag(t))] == []
    arm = PythonTarget(architecture="ARM64", python="3.12")
    assert arm.architecture == "aarch64" and arm.fits(parse_tag("cp312-cp312-manylinux_2_28_aarch64"))
    with pytest.raises(PackagingError, match="architecture must be one of"):
        PythonTarget(architecture="sparc")
    with pytest.raises(PackagingError, match="CPython 3 minor version"):
        PythonTarget(python="3")


def test_spark_parameters_point_driver_and_executors_at_the_archive_python() -> None:
    uri = "s3://b/artifacts/jobs/pyspark_venv.tar.gz"
    assert spark_conf(uri) == {
        "spark.archives": f"{uri}#environment",
        "spark.emr-serverless.driverEnv.PYSPARK_DRIVER_PYTHON": "./environment/bin/python",
        "spark.emr-serverless.driverEnv.PYSPARK_PYTHON": "./environment/bin/python",
        "spark.executorEnv.PYSPARK_PYTHON": "./environment/bin/python",
    }
    params = packaged_spark_parameters("s3://b/artifacts/jobs/ctc_jobs.zip", uri)
    assert params.startswith(DEFAULT_SPARK_PARAMETERS) and params.endswith(
        "--py-files s3://b/artifacts/jobs/ctc_jobs.zip"
    )
    assert f"--conf spark.archives={uri}#environment" in params
    assert params.count("=./environment/bin/python") == 3
    with pytest.raises(ValueError, match="s3:// URI"):
        packaged_spark_parameters("s3://b/z.zip", "/local/venv.tar.gz")


def test_same_packages_give_the_same_archive_bytes(tmp_path: Path) -> None:
    packages = packages_from_environment(["six"], PythonTarget())
    write_archive(tmp_path / "a" / ARCHIVE_NAME, packages, PythonTarget())
    write_archive(tmp_path / "b" / ARCHIVE_NAME, packages, PythonTarget())
    assert (tmp_path / "a" / ARCHIVE_NAME).read_bytes() == (tmp_path / "b" / ARCHIVE_NAME).read_bytes()


def test_installed_distributions_for_another_platform_are_refused() -> None:
    with pytest.raises(PackagingError, match=r"pyyaml .*x86_64.*--source pypi"):
        packages_from_environment(["pyyaml"], PythonTarget(architecture="ARM64"))
    with pytest.raises(PackagingError, match=r"CPython 3\.12"):
        packages_from_environment(["pyyaml"], PythonTarget(python="3.12"))
    with pytest.raises(PackagingError, match="not installed"):
        packages_from_environment(["no-such-distribution-ctc"], PythonTarget())


def test_pypi_source_fetches_wheels_for_the_target_platform(tmp_path: Path) -> None:
    """Cross-platform download through pip (its cache keeps repeats quick); needs PyPI."""
    arm = PythonTarget(architecture="ARM64")
    wheels = download_wheels([f"pyyaml=={metadata.version('pyyaml')}"], arm, tmp_path)
    assert [w.name.split("-")[0] for w in wheels] == ["pyyaml"]
    assert "aarch64" in wheels[0].name and "cp311" in wheels[0].name
    (package,) = packages_from_wheels(wheels, arm)
    assert any(rel.startswith("yaml/_yaml.cpython-311-aarch64") for rel, _, _ in package.files)
    with pytest.raises(PackagingError, match=r"does not run on CPython 3\.11 x86_64"):
        packages_from_wheels(wheels, PythonTarget())


# ------------------------------------------------------------------------------------- archive
def test_archive_is_laid_out_as_a_venv_for_the_cluster_python(archive, contents) -> None:
    entries, texts = contents["entries"], contents["texts"]
    assert entries["bin/python"].issym() and entries["bin/python"].linkname == "python3.11"
    assert entries["bin/python3.11"].linkname == "/usr/bin/python3.11"
    assert "include-system-site-packages = false" in texts["pyvenv.cfg"]
    assert "home = /usr/bin" in texts["pyvenv.cfg"]
    for module in ("pyiceberg/__init__.py", "pyiceberg_core/__init__.py", "pyarrow/__init__.py"):
        assert f"{SITE}/{module}" in entries, module
    assert f"{SITE}/pyarrow/lib.cpython-311-x86_64-linux-gnu.so" in entries
    assert not [n for n in entries if n.endswith(".pyc") or "__pycache__" in n]
    assert not [n for n in entries if n.startswith((f"{SITE}/pyspark/", f"{SITE}/py4j/"))]
    assert not [n for n in entries if not n.startswith(("bin", "lib", SITE, "pyvenv.cfg", "ctc-venv.json"))]
    manifest = json.loads(texts["ctc-venv.json"])
    assert manifest["packages"] == archive.packages
    assert set(manifest["packages"]) == set(_dist_infos(contents))


def test_every_binary_in_the_archive_is_built_for_the_target(contents) -> None:
    glibc = re.compile(r"manylinux(?:_2_(\d+)|2014|2010|1)_x86_64")
    for name, folder in _dist_infos(contents).items():
        tags = [
            t
            for line in contents["texts"][f"{folder}/WHEEL"].splitlines()
            if line.startswith("Tag:")
            for t in parse_tag(line.split(":", 1)[1].strip())
        ]
        assert tags, name

        def runs(tag: Any) -> bool:
            platform_ok = tag.platform == "any" or (
                (m := glibc.fullmatch(tag.platform)) is not None and int(m.group(1) or 17) <= 34
            )
            python_ok = tag.interpreter in ("py3", "py311", "cp311") or (
                tag.abi == "abi3" and tag.interpreter.startswith("cp3") and int(tag.interpreter[3:]) <= 11
            )
            return platform_ok and python_ok

        assert any(runs(t) for t in tags), (name, [str(t) for t in tags])
    extensions = [n for n in contents["entries"] if re.search(r"\.cpython-\d+-[^/]*\.so$", n)]
    assert extensions and all("cpython-311-x86_64-linux-gnu" in n for n in extensions)


def test_archive_holds_every_dependency_of_the_job_libraries(contents) -> None:
    infos = _dist_infos(contents)
    assert {"pyiceberg", "pyiceberg-core", "pyarrow", "boto3", "pyyaml", "pydantic"} <= set(infos)
    missing = []
    for name, folder in infos.items():
        for text in Parser().parsestr(contents["texts"][f"{folder}/METADATA"]).get_all("Requires-Dist") or []:
            req = Requirement(text)
            extras = ("", "pyarrow") if name == "pyiceberg" else ("",)  # the job asks pyiceberg[pyarrow]
            marker: Marker | None = req.marker
            needed = marker is None or any(marker.evaluate(LINUX_311 | {"extra": e}) for e in extras)
            if needed and canonicalize_name(req.name) not in infos | {"pyspark": "", "py4j": ""}:
                missing.append(f"{name} -> {text}")
    assert missing == []


def _unpack(archive: VenvArchive, where: Path) -> Path:
    if not CLUSTER_PYTHON.exists():
        pytest.fail(f"{CLUSTER_PYTHON} is missing: apt-get install -y python3.11 (stands for the cluster's)")
    environment = where / "environment"
    environment.mkdir()
    with tarfile.open(archive.path, "r:gz") as tar:
        tar.extractall(environment, filter="tar")
    return environment


@pytest.mark.emulator
def test_unpacked_archive_writes_iceberg_through_glue_on_another_python(
    archive, deployment, endpoint_url, tmp_path, aws
) -> None:
    """What an EMR driver does: ./environment/bin/python with the jobs zip on PYTHONPATH."""
    from coattail.cli.job_artifacts import build_py_files_zip
    from coattail.core.aws import AwsTarget, discover_platform

    environment = _unpack(archive, tmp_path)
    jobs_zip = tmp_path / "ctc_jobs.zip"
    jobs_zip.write_bytes(build_py_files_zip())
    bucket = discover_platform(AwsTarget(endpoint_url=endpoint_url)).processed_bucket
    namespace = f"pack_{uuid.uuid4().hex[:8]}"
    probe = f"""
import json, sys, pyarrow as pa, pyiceberg
from coattail.jobs.sinks import tables
from coattail.jobs.sinks.iceberg import CatalogSettings, append_batch, conform, ensure_table, open_catalog
settings = CatalogSettings(kind="glue", namespace={namespace!r}, warehouse="s3://{bucket}/warehouse",
                           endpoint_url={endpoint_url!r})
catalog = open_catalog(settings)
table = ensure_table(catalog, {namespace!r}, tables.WHALE_TRADES)
row = dict.fromkeys(tables.WHALE_TRADES.schema.names) | {{"event_id": "e", "symbol": "BTC-USDT"}}
append_batch(table, conform(pa.Table.from_pylist([row]), tables.WHALE_TRADES), "pack", 1)
rows = catalog.load_table({namespace!r} + ".whale_trades").scan().to_arrow().num_rows
print(json.dumps([sys.prefix, list(sys.version_info[:2]), pyiceberg.__file__, rows]))
catalog.drop_table({namespace!r} + ".whale_trades")
catalog.drop_namespace({namespace!r})
"""
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(jobs_zip),
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    done = subprocess.run(
        ["./environment/bin/python", "-c", probe],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    prefix, version, module, rows = json.loads(done.stdout.splitlines()[-1])
    assert (prefix, version, rows) == (str(environment), [3, 11], 1)
    assert module.startswith(f"{environment}/{SITE}/pyiceberg/")
    s3 = aws("s3")
    leftovers = s3.list_object_versions(Bucket=bucket, Prefix=f"warehouse/{namespace}.db/")
    doomed = [{"Key": v["Key"], "VersionId": v["VersionId"]} for v in leftovers.get("Versions", [])]
    if doomed:
        s3.delete_objects(Bucket=bucket, Delete={"Objects": doomed, "Quiet": True})


@pytest.mark.emulator
def test_start_uploads_the_environment_and_the_job_run_uses_it(
    archive, venv_cache, repo_root, endpoint_url, platform_outputs, aws
) -> None:
    from coattail.cli.ops import cli as ops_cli

    env = dict(
        os.environ,
        CTC_ENDPOINT_URL=endpoint_url,
        AWS_DEFAULT_REGION="us-east-1",
        CTC_EMR_VENV_CACHE=str(venv_cache),
    )
    app_id = platform_outputs["emr_application_id"]
    emr, s3 = aws("emr-serverless"), aws("s3")
    try:
        done = subprocess.run(
            [str(repo_root / "scripts" / "start.sh"), "--components", "job"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        actions = {a["component"]: a for a in map(json.loads, done.stdout.splitlines())}
        shipped = actions["python-env"]["detail"]
        bucket = shipped["uri"].split("/")[2]
        assert shipped["uri"] == f"s3://{bucket}/artifacts/jobs/{ARCHIVE_NAME}"
        assert (shipped["sha256"], shipped["architecture"]) == (archive.sha256, "x86_64")
        head = s3.head_object(Bucket=bucket, Key=f"artifacts/jobs/{ARCHIVE_NAME}")
        assert head["Metadata"]["sha256"] == archive.sha256
        assert head["ContentLength"] == archive.path.stat().st_size

        run_id = actions["job"]["detail"]["job_run_id"]
        params = emr.get_job_run(applicationId=app_id, jobRunId=run_id)["jobRun"]["jobDriver"]["sparkSubmit"][
            "sparkSubmitParameters"
        ]
        for key, value in spark_conf(shipped["uri"]).items():
            assert f"--conf {key}={value}" in params, key
        assert f"--py-files s3://{bucket}/artifacts/jobs/ctc_jobs.zip" in params

        again = CliRunner().invoke(
            ops_cli, ["package", "--endpoint-url", endpoint_url], env={"CTC_EMR_VENV_CACHE": str(venv_cache)}
        )
        assert again.exit_code == 0, again.output
        repeated = {a["component"]: a for a in map(json.loads, again.output.splitlines())}
        assert repeated["python-env"]["action"] == "up-to-date"
    finally:
        subprocess.run(
            [str(repo_root / "scripts" / "stop.sh"), "--components", "job"],
            env=env,
            capture_output=True,
            timeout=180,
            check=False,
        )


@pytest.mark.emulator
def test_batch_spark_step_runs_the_same_environment(platform_outputs, aws) -> None:
    """The Step Functions batch (SubmitSparkJob) runs batch_reprocess.py with the archive too."""
    machine = aws("stepfunctions").describe_state_machine(
        stateMachineArn=platform_outputs["sfn_state_machine_arn"]
    )
    spark = json.loads(machine["definition"])["States"]["SubmitSparkJob"]["Parameters"]["JobDriver"][
        "SparkSubmit"
    ]
    artifacts = f"s3://{platform_outputs['s3_bucket_names']['processed']}/artifacts/jobs"
    for key, value in spark_conf(f"{artifacts}/{ARCHIVE_NAME}").items():
        assert f"--conf {key}={value}" in spark["SparkSubmitParameters"], key
    assert f"--py-files {artifacts}/ctc_jobs.zip" in spark["SparkSubmitParameters"]
