"""Demo load balancers: an internal ALB with deletion protection and HTTP->HTTPS redirect, and an
internet-facing one serving plain HTTP without protection (ELB.1 and friends)."""

from __future__ import annotations

from typing import Any


def seed(session: Any, regions: list[str]) -> None:
    for index, region in enumerate(regions[:2]):
        ec2 = session.client("ec2", region_name=region)
        vpc = ec2.create_vpc(CidrBlock="10.60.0.0/16")["Vpc"]["VpcId"]
        subnets = [
            ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.60.{i}.0/24", AvailabilityZone=f"{region}{az}")["Subnet"][
                "SubnetId"
            ]
            for i, az in enumerate("ab")
        ]
        sg = ec2.create_security_group(GroupName="demo-web-lb", Description="web load balancer", VpcId=vpc)
        elbv2 = session.client("elbv2", region_name=region)
        name, scheme = ("orders-internal", "internal") if index == 0 else ("legacy-public-web", "internet-facing")
        arn = elbv2.create_load_balancer(Name=name, Subnets=subnets, SecurityGroups=[sg["GroupId"]], Scheme=scheme)[
            "LoadBalancers"
        ][0]["LoadBalancerArn"]
        if index == 0:
            elbv2.modify_load_balancer_attributes(
                LoadBalancerArn=arn,
                Attributes=[
                    {"Key": "deletion_protection.enabled", "Value": "true"},
                    {"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true"},
                ],
            )
            action = {
                "Type": "redirect",
                "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"},
            }
        else:
            action = {
                "Type": "fixed-response",
                "FixedResponseConfig": {"StatusCode": "200", "ContentType": "text/plain"},
            }
        elbv2.create_listener(LoadBalancerArn=arn, Protocol="HTTP", Port=80, DefaultActions=[action])
