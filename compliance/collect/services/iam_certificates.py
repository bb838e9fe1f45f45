"""IAM server certificates (``AWS::IAM::ServerCertificate``, global): name, path, expiration.

One paginated ``ListServerCertificates``: its metadata already carries ``Expiration`` (what
CIS 1.19 / IAM.26 checks); certificate bodies are never fetched and private keys are not
readable through the API at all.
"""

from __future__ import annotations

from collections.abc import Iterator

from compliance.collect.base import GLOBAL_REGION, CollectContext, Collector
from compliance.collect.helpers import jsonable, paginate
from compliance.model import ConfigurationItem

SERVER_CERTIFICATE = "AWS::IAM::ServerCertificate"
TYPES = (SERVER_CERTIFICATE,)


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    iam = ctx.client("iam")
    listed = paginate(
        ctx, iam, "list_server_certificates", "ServerCertificateMetadataList", TYPES, error_region=GLOBAL_REGION
    )
    for certificate in listed or []:
        yield ctx.item(
            SERVER_CERTIFICATE,
            certificate["ServerCertificateId"],
            jsonable(certificate),
            arn=certificate.get("Arn"),
            name=certificate["ServerCertificateName"],
            region=GLOBAL_REGION,
            created=jsonable(certificate.get("UploadDate")),
        )


COLLECTORS = [
    Collector(
        name="iam-server-certificates",
        resource_types=TYPES,
        permissions=("iam:ListServerCertificates",),
        collect=collect,
        is_global=True,
        description="IAM server certificates and their expiration (global)",
    )
]
