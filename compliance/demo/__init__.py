"""The demo account: an in-process simulated AWS account (moto), seeded with a realistic mix of
compliant and non-compliant resources in two regions, so ``compliance scan --demo`` works with
no AWS account and no credentials.

Seeding is modular: every module of this package (``compliance.demo.<service>``, names not
starting with ``_``) exposes ``seed(session, regions)``, where ``session`` is a boto3 Session
bound to the simulated account and ``regions`` the demo regions. Seed modules run in name
order; each seeds only its own service (create what another service needs, such as a bucket
for trail logs, in your own module under a distinct name). Seed values that look like secrets
(an EC2 user-data password, Lambda environment values, ...) are deliberate: the secrets test
asserts none of them reaches the snapshot; list them in your module's ``SECRETS`` tuple.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

from compliance.collect.service_models import OrjsonFileLoader
from compliance.declare import builtin_modules
from compliance.demo._clock import fix_timestamps, seed_identifiers
from compliance.errors import InputError
from compliance.model import Snapshot

DEMO_REGIONS: tuple[str, ...] = ("us-east-1", "eu-west-1")
DEMO_ACCOUNT_ID = "123456789012"  # moto's default account
INSTALL_HINT = "--demo needs the simulator: pip install 'compliance[demo]'"
# Simulator behaviour: no AMI catalogue (slow to load, unused), Lambda without Docker.
MOTO_CONFIG: dict[str, Any] = {"lambda": {"use_docker": False}}


def seed_modules(services: Iterable[str] | None = None) -> list[ModuleType]:
    """The seed modules, or only those of ``services`` (collector names: ``ec2-vpc`` -> ``ec2``;
    a module named ``lambda_`` seeds ``lambda``)."""
    wanted = None if services is None else {s.split("-")[0] for s in services}
    modules = builtin_modules(__name__, None if wanted is None else lambda name: name.rstrip("_") in wanted)
    return [m for m in modules if callable(getattr(m, "seed", None))]


def demo_secrets() -> list[str]:
    """Every secret value the seed modules planted (none may appear in a snapshot)."""
    return [s for module in seed_modules() for s in getattr(module, "SECRETS", ())]


@contextmanager
def _demo_environment() -> Iterator[None]:
    """Dummy credentials and no endpoint override while the simulator runs; restored after."""
    overrides = {
        "AWS_ACCESS_KEY_ID": "demo",
        "AWS_SECRET_ACCESS_KEY": "demo",
        "AWS_DEFAULT_REGION": DEMO_REGIONS[0],
        "MOTO_EC2_LOAD_DEFAULT_AMIS": "false",
    }
    removed = ("AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_PROFILE", "AWS_ENDPOINT_URL")
    saved = {k: os.environ.get(k) for k in (*overrides, *removed)}
    os.environ.update(overrides)
    for key in removed:
        os.environ.pop(key, None)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextmanager
def demo_account(
    regions: tuple[str, ...] | list[str] = DEMO_REGIONS, services: Iterable[str] | None = None
) -> Iterator[Any]:
    """Start the simulator, seed every service (or only ``services``), and yield a boto3
    Session bound to the simulated account."""
    with _demo_environment():
        try:
            import boto3
            from moto import mock_aws
        except ImportError:
            raise InputError(INSTALL_HINT) from None
        with _fast_service_models(), mock_aws(config=MOTO_CONFIG):
            session = boto3.Session(aws_access_key_id="demo", aws_secret_access_key="demo", region_name=DEMO_REGIONS[0])
            with _shared_service_models(session):
                for module in seed_modules(services):
                    seed_identifiers(module.__name__)
                    module.seed(session, list(regions))
                yield session


@contextmanager
def _fast_service_models() -> Iterator[None]:
    """Every botocore loader made meanwhile parses with orjson: the simulator loads each service's model
    once more with loaders of its own, and makes a botocore session per backend (a second of the start)."""
    from botocore.loaders import Loader

    saved = Loader.FILE_LOADER_CLASS
    Loader.FILE_LOADER_CLASS = OrjsonFileLoader
    try:
        yield
    finally:
        Loader.FILE_LOADER_CLASS = saved


@contextmanager
def _shared_service_models(session: Any) -> Iterator[None]:
    """The simulator reads each service's model through the demo session's loader, whose cache already
    holds what the session's clients parsed, instead of parsing every model a second time."""
    import moto.core.utils

    saved = moto.core.utils._load_service_model
    moto.core.utils._load_service_model = session._session.get_component("data_loader").load_service_model
    try:
        yield
    finally:
        moto.core.utils._load_service_model = saved


def steady(snapshot: Snapshot) -> Snapshot:
    """A demo snapshot with the demo clock's timestamps (see :mod:`compliance.demo._clock`)."""
    fix_timestamps(snapshot.configurationItems)
    return snapshot
