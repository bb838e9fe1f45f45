"""One module per AWS service, each exposing ``COLLECTORS: list[Collector]``."""
