"""The clean account's compute: a Lambda function invoked by one API (its resource policy pinned
by source ARN), with its role, dead-letter queue and log group; resource policies on the stream
and the table that name only this account's principals."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from tests.generic_account.seed_core import ACCOUNT, TAGS, tag_list

FUNCTION = "shop-checkout"
ROLE = "shop-checkout-lambda"
API_ARN = f"arn:aws:execute-api:us-east-1:{ACCOUNT}:a1b2c3d4e5/*/POST/checkout"


def _package() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("handler.py", "def handle(event, context):\n    return {'statusCode': 200}\n")
    return buffer.getvalue()


def _policy(statement: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def _private_network(aws: Any) -> tuple[list[str], str]:
    """Two private subnets (no internet route) and a security group without ingress, flow-logged."""
    ec2 = aws("ec2")
    vpc = ec2.create_vpc(
        CidrBlock="10.20.0.0/16",
        TagSpecifications=[
            {"ResourceType": "vpc", "Tags": [*tag_list(), {"Key": "Name", "Value": "shop-private"}]}
        ],
    )["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(
            VpcId=vpc,
            CidrBlock=f"10.20.{i}.0/24",
            AvailabilityZone=f"us-east-1{az}",
            TagSpecifications=[{"ResourceType": "subnet", "Tags": tag_list()}],
        )["Subnet"]["SubnetId"]
        for i, az in ((1, "a"), (2, "b"))
    ]
    group = ec2.create_security_group(
        GroupName="shop-checkout-fn",
        Description="checkout function, egress only",
        VpcId=vpc,
        TagSpecifications=[{"ResourceType": "security-group", "Tags": tag_list()}],
    )["GroupId"]
    logs = aws("logs")
    logs.create_log_group(logGroupName="/vpc/shop-private/flow", tags=TAGS)
    logs.put_retention_policy(logGroupName="/vpc/shop-private/flow", retentionInDays=90)
    delivery = {
        "Effect": "Allow",
        "Principal": {"Service": "vpc-flow-logs.amazonaws.com"},
        "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}},
    }
    flow_role = aws("iam").create_role(
        RoleName="shop-flow-logs", AssumeRolePolicyDocument=_policy(delivery), Tags=tag_list()
    )["Role"]["Arn"]
    ec2.create_flow_logs(
        ResourceIds=[vpc],
        ResourceType="VPC",
        TrafficType="ALL",
        LogDestinationType="cloud-watch-logs",
        LogGroupName="/vpc/shop-private/flow",
        DeliverLogsPermissionArn=flow_role,
        TagSpecifications=[{"ResourceType": "vpc-flow-log", "Tags": tag_list()}],
    )
    return subnets, group


def seed(aws: Any) -> None:
    trust = {
        "Effect": "Allow",
        "Principal": {"Service": "lambda.amazonaws.com"},
        "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}},
    }
    role = aws("iam").create_role(RoleName=ROLE, AssumeRolePolicyDocument=_policy(trust), Tags=tag_list())[
        "Role"
    ]
    dlq = aws("sqs").create_queue(
        QueueName="shop-checkout-dlq", Attributes={"SqsManagedSseEnabled": "true"}, tags=TAGS
    )["QueueUrl"]
    dlq_arn = aws("sqs").get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    logs = aws("logs")
    logs.create_log_group(logGroupName=f"/aws/lambda/{FUNCTION}", tags=TAGS)
    logs.put_retention_policy(logGroupName=f"/aws/lambda/{FUNCTION}", retentionInDays=30)
    subnets, group = _private_network(aws)
    lam = aws("lambda")
    lam.create_function(
        FunctionName=FUNCTION,
        Runtime="python3.12",
        Role=role["Arn"],
        Handler="handler.handle",
        Code={"ZipFile": _package()},
        MemorySize=256,
        Timeout=10,
        Architectures=["arm64"],
        TracingConfig={"Mode": "Active"},
        DeadLetterConfig={"TargetArn": dlq_arn},
        VpcConfig={"SubnetIds": subnets, "SecurityGroupIds": [group]},
        Tags=TAGS,
    )
    lam.put_function_concurrency(FunctionName=FUNCTION, ReservedConcurrentExecutions=20)
    lam.add_permission(
        FunctionName=FUNCTION,
        StatementId="api-invoke",
        Action="lambda:InvokeFunction",
        Principal="apigateway.amazonaws.com",
        SourceArn=API_ARN,
    )
    stream = aws("kinesis").describe_stream_summary(StreamName="shop-clicks")["StreamDescriptionSummary"]
    reader = {
        "Effect": "Allow",
        "Principal": {"AWS": role["Arn"]},
        "Action": ["kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:DescribeStreamSummary"],
        "Resource": stream["StreamARN"],
    }
    aws("kinesis").put_resource_policy(ResourceARN=stream["StreamARN"], Policy=_policy(reader))
    table = aws("dynamodb").describe_table(TableName="shop-carts")["Table"]["TableArn"]
    writer = {
        "Effect": "Allow",
        "Principal": {"AWS": role["Arn"]},
        "Action": ["dynamodb:GetItem", "dynamodb:PutItem"],
        "Resource": table,
    }
    aws("dynamodb").put_resource_policy(ResourceArn=table, Policy=_policy(writer))
