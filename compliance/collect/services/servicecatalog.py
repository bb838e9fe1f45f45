"""Service Catalog portfolios, as data (:mod:`compliance.collect.spec`), in AWS Config's camelCase spelling
(``AWS::ServiceCatalog::Portfolio``, resource id the portfolio id: ``id``, ``arn``, ``displayName``,
``description``, ``providerName``, ``createdTime``). ListPortfolioAccess per portfolio gives the accounts it is
shared with directly into ``supplementaryConfiguration.portfolioAccess.accountIds``, where Config keeps them
(the first 100: one is enough to judge sharing outside the organization); shares with an organization or an
organizational unit are not listed there. Products and constraints are not read."""

from __future__ import annotations

from typing import Any

from compliance.collect.spec import Detail, ResourceSpec, spec_collector

PORTFOLIO = "AWS::ServiceCatalog::Portfolio"
LISTED = {"Id": "Id", "ARN": "Arn", "DisplayName": "DisplayName", "Description": "Description",
          "ProviderName": "ProviderName", "CreatedTime": "CreatedTime"}  # fmt: skip


def _listed(entry: dict[str, Any]) -> dict[str, Any]:
    return {ours: entry[key] for key, ours in LISTED.items() if key in entry}


def _access(response: dict[str, Any]) -> dict[str, Any]:
    return {"AccountIds": list(response.get("AccountIds") or [])}


COLLECTORS = [
    spec_collector(
        "servicecatalog",
        "servicecatalog",
        (
            ResourceSpec(
                PORTFOLIO,
                "ListPortfolios",
                "PortfolioDetails",
                "Id",
                arn="Arn",
                name_key="DisplayName",
                tags_key=None,
                clean=_listed,
                details=(
                    Detail(
                        "ListPortfolioAccess",
                        "supplementaryConfiguration.portfolioAccess",
                        lambda e: {"PortfolioId": e["Id"], "PageSize": 100},
                        _access,
                    ),
                ),
                one=lambda portfolio_id: {},
            ),
        ),
        description="Service Catalog portfolios and the accounts they are shared with",
    )
]
