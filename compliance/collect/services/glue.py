"""Glue jobs and machine learning transforms, as data (:mod:`compliance.collect.spec`): GetJobs and
GetMLTransforms return every property. Job arguments whose name looks like a secret (``--db-password``)
are stored redacted (:func:`compliance.collect.helpers.redact`); AWS Config spells the transform's
encryption ``TransformEncryption.MLUserDataEncryption.MLUserDataEncryptionMode`` (the API: ``Ml``)."""

from __future__ import annotations

import re
from typing import Any

from compliance.collect.base import CollectContext
from compliance.collect.helpers import redact
from compliance.collect.spec import ResourceSpec, spec_collector

JOB = "AWS::Glue::Job"
ML_TRANSFORM = "AWS::Glue::MLTransform"
SECRET_NAME = re.compile(r"pass(word|wd)?|secret|token|credential|api[-_]?key|private[-_]?key", re.IGNORECASE)


def _job_arn(ctx: CollectContext, entry: dict[str, Any]) -> str:
    return f"arn:{ctx.partition}:glue:{ctx.region}:{ctx.account_id}:job/{entry['Name']}"


def _job(entry: dict[str, Any]) -> dict[str, Any]:
    """The job with the values of secret-looking arguments redacted (names kept)."""
    cleaned = dict(entry)
    for key in ("DefaultArguments", "NonOverridableArguments"):
        arguments = entry.get(key)
        if isinstance(arguments, dict):
            cleaned[key] = {
                name: redact(value, salt=f"{entry.get('Name')}#{name}") if SECRET_NAME.search(name) else value
                for name, value in arguments.items()
            }
    return cleaned


def _transform(entry: dict[str, Any]) -> dict[str, Any]:
    encryption = dict(entry.get("TransformEncryption") or {})
    if "MlUserDataEncryption" in encryption:
        user_data = dict(encryption.pop("MlUserDataEncryption") or {})
        if "MlUserDataEncryptionMode" in user_data:
            user_data["MLUserDataEncryptionMode"] = user_data.pop("MlUserDataEncryptionMode")
        encryption["MLUserDataEncryption"] = user_data
    return {**entry, "TransformEncryption": encryption} if encryption else entry


def _transform_arn(ctx: CollectContext, entry: dict[str, Any]) -> str:
    return f"arn:{ctx.partition}:glue:{ctx.region}:{ctx.account_id}:mlTransform/{entry['TransformId']}"


COLLECTORS = [
    spec_collector(
        "glue",
        "glue",
        (
            ResourceSpec(
                JOB, "GetJobs", "Jobs", "Name", arn=_job_arn, name_key="Name", casing="api", tags_key=None, clean=_job
            ),
            ResourceSpec(
                ML_TRANSFORM,
                "GetMLTransforms",
                "Transforms",
                "TransformId",
                arn=_transform_arn,
                name_key="Name",
                casing="api",
                tags_key=None,
                clean=_transform,
            ),
        ),
        description="Glue jobs (Glue version; secret-looking arguments redacted) and ML transforms (encryption)",
    )
]
