"""Package layout: every folder of the repository installs under the one ``coattail`` namespace.

The metadata lives in pyproject.toml; only the folder -> package mapping is computed here, so that a
new subpackage in a mapped folder needs no edit. ``coattail`` itself is a namespace package (PEP 420),
and ``platform/`` is never a package (it would shadow the standard library's ``platform``).
"""

from pathlib import Path

from setuptools import find_namespace_packages, setup

HERE = Path(__file__).parent
FOLDERS = {
    "coattail.core": "core",
    "coattail.review": "review",
    "coattail.cli": "platform/ctc",
    "coattail.emulator": "platform/emulator",
    "coattail.jobs": "platform/jobs",
    "coattail.api": "platform/api",
    "coattail.producer": "platform/producer",
    "coattail.simulator": "platform/simulator",
    "coattail.dashboard": "platform/dashboard",
    "coattail.autostop": "platform/autostop",
}
# The Terraform root module and its modules ship as data of one package (module folders have hyphens;
# the file patterns are in pyproject.toml's package-data).
TERRAFORM = {"coattail.infra": "platform/infra"}
SKIPPED = ["*__pycache__*", "*.egg-info*"]


def packages() -> list[str]:
    found = []
    for name, folder in FOLDERS.items():
        found.append(name)
        found += [f"{name}.{sub}" for sub in find_namespace_packages(str(HERE / folder), exclude=SKIPPED)]
    return [*found, *TERRAFORM]


setup(packages=packages(), package_dir={**FOLDERS, **TERRAFORM})
