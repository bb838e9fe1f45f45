"""AWS Config itself: configuration recorders (with their recording status) and delivery channels.

Recorders are ``AWS::Config::ConfigurationRecorder`` items in Config's own (PascalCase) spelling,
with ``Recording`` from the recorder status. Per region, the account item gets
``configurationRecorders`` (recorder names) and ``configDeliveryChannels``, so a rule can tell
"no recorder in this region" from "not collected". A region without a recorder is known from
that one call: a delivery channel needs a recorder, so there is none either.
"""

from __future__ import annotations

from collections.abc import Iterator

from compliance.collect.base import CollectContext, Collector
from compliance.collect.helpers import call, config_case, jsonable, pascal_case
from compliance.model import ACCOUNT_RESOURCE_TYPE, ConfigurationItem

RECORDER = "AWS::Config::ConfigurationRecorder"
TYPES = (RECORDER, ACCOUNT_RESOURCE_TYPE)


def collect(ctx: CollectContext) -> Iterator[ConfigurationItem]:
    config = ctx.client("config")
    recorders = call(ctx, "config", "DescribeConfigurationRecorders", config.describe_configuration_recorders, TYPES)
    if recorders is not None and not recorders.get("ConfigurationRecorders"):
        ctx.account_setting("configurationRecorders", [], regional=True)
        ctx.account_setting("configDeliveryChannels", [], regional=True)
        return
    statuses = call(
        ctx, "config", "DescribeConfigurationRecorderStatus", config.describe_configuration_recorder_status, TYPES
    )
    if recorders is not None:
        by_name = {s["name"]: s for s in (statuses or {}).get("ConfigurationRecordersStatus", [])}
        names = []
        for recorder in recorders.get("ConfigurationRecorders", []):
            name = recorder["name"]
            names.append(name)
            configuration = pascal_case(recorder)
            supplementary = {}
            if statuses is not None:
                status = by_name.get(name, {})
                configuration["Recording"] = bool(status.get("recording"))
                supplementary["ConfigurationRecorderStatus"] = jsonable(status)
            yield ctx.item(
                RECORDER,
                name,
                configuration,
                arn=recorder.get("arn"),
                name=name,
                supplementary=supplementary,
            )
        ctx.account_setting("configurationRecorders", names, regional=True)
    channels = call(ctx, "config", "DescribeDeliveryChannels", config.describe_delivery_channels, TYPES)
    if channels is not None:
        ctx.account_setting("configDeliveryChannels", config_case(channels.get("DeliveryChannels", [])), regional=True)


COLLECTORS = [
    Collector(
        name="config",
        resource_types=TYPES,
        permissions=(
            "config:DescribeConfigurationRecorders",
            "config:DescribeConfigurationRecorderStatus",
            "config:DescribeDeliveryChannels",
        ),
        collect=collect,
        description="AWS Config recorders, their recording status, and delivery channels (per region)",
    )
]
