"""Demo Service Catalog: the platform team's portfolio is shared with the organization, a legacy one with a
single outside account (ServiceCatalog.1). The simulator draws portfolio ids from ``uuid.uuid4``, not from its
seedable random source: the seed hands it that source while it creates them, so the ids are the same every run."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any
from unittest import mock


def seed(session: Any, regions: list[str]) -> None:
    catalog = session.client("servicecatalog", region_name=regions[0])
    shares = {
        "platform-golden-paths": {"OrganizationNode": {"Type": "ORGANIZATION", "Value": "o-demo1234ab"}},
        "legacy-vendor-stacks": {"AccountId": "444455556666"},
    }
    from moto.moto_api._internal import mock_random
    from moto.servicecatalog import models

    with mock.patch.object(models, "uuid", SimpleNamespace(uuid4=mock_random.uuid4)):
        for name, share in shares.items():
            portfolio = catalog.create_portfolio(DisplayName=name, ProviderName="Platform team", IdempotencyToken=name)
            catalog.create_portfolio_share(PortfolioId=portfolio["PortfolioDetail"]["Id"], **share)
