"""DataSync tasks, as data (:mod:`compliance.collect.spec`): ListTasks, then DescribeTask per task
(CloudWatch log group, options). Config's resource id is the task ARN; a task that does not log has no
``CloudWatchLogGroupArn``."""

from __future__ import annotations

from compliance.collect.spec import Detail, ResourceSpec, spec_collector

TASK = "AWS::DataSync::Task"

COLLECTORS = [
    spec_collector(
        "datasync",
        "datasync",
        (
            ResourceSpec(
                TASK,
                "ListTasks",
                "Tasks",
                "TaskArn",
                arn="TaskArn",
                name_key="Name",
                casing="api",
                tags_key=None,
                details=(Detail("DescribeTask", "configuration", lambda e: {"TaskArn": e["TaskArn"]}),),
            ),
        ),
        description="DataSync tasks: CloudWatch logging",
    )
]
