"""botocore's service models read with orjson.

Creating a client loads the service's model, paginators and endpoint rules: a few megabytes of
JSON per service, which botocore parses with the standard library into OrderedDicts. A scan (and
the demo account, whose simulator loads the same models once more) creates clients for some fifty
services, so that parsing is seconds of every run; orjson (already a dependency, for snapshots)
does it several times faster. Plain dicts keep key order, which is all botocore relies on.
"""

from __future__ import annotations

import gzip
import os
from typing import Any

import orjson
from botocore.loaders import JSONFileLoader, Loader


class OrjsonFileLoader(JSONFileLoader):
    """botocore's JSON file loader (``.json``, then ``.json.gz``), parsing with orjson."""

    def load_file(self, file_path: str) -> Any:
        for ext, opener in ((".json", open), (".json.gz", gzip.open)):
            path = file_path + ext
            if os.path.isfile(path):
                with opener(path, "rb") as fp:
                    return orjson.loads(fp.read())
        return None


def use_fast_loader(boto_session: Any) -> None:
    """Make ``boto_session`` (a boto3 or botocore session) parse service data with orjson."""
    core = getattr(boto_session, "_session", boto_session)
    loader = core.get_component("data_loader")
    if isinstance(loader, Loader) and type(loader.file_loader) is JSONFileLoader:
        loader.file_loader = OrjsonFileLoader()
