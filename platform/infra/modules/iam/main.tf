# IAM roles of the platform, one per workload, each with one inline least-privilege policy.
#
# Rule: every statement names resource ARNs. The only "*" resources are actions that have no
# resource-level permissions in IAM; each such statement is commented and, where the service
# offers a condition key, constrained by it (cloudwatch:namespace for PutMetricData).

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  glue_catalog_arn   = "arn:${local.partition}:glue:${local.region}:${local.account_id}:catalog"
  glue_database_arn  = "arn:${local.partition}:glue:${local.region}:${local.account_id}:database/${var.glue_database_name}"
  glue_tables_arn    = "arn:${local.partition}:glue:${local.region}:${local.account_id}:table/${var.glue_database_name}/*"
  glue_resource_arns = [local.glue_catalog_arn, local.glue_database_arn, local.glue_tables_arn]

  ssm_parameter_arns = [
    "arn:${local.partition}:ssm:${local.region}:${local.account_id}:parameter${var.ssm_parameter_prefix}",
    "arn:${local.partition}:ssm:${local.region}:${local.account_id}:parameter${var.ssm_parameter_prefix}/*",
  ]

  lambda_function_arns = {
    for key, name in var.lambda_function_names :
    key => "arn:${local.partition}:lambda:${local.region}:${local.account_id}:function:${name}"
  }
  batch_function_arns = [
    local.lambda_function_arns.historical_load,
    local.lambda_function_arns.run_quality_checks,
    local.lambda_function_arns.update_catalog,
  ]

  state_machine_arn = "arn:${local.partition}:states:${local.region}:${local.account_id}:stateMachine:${var.state_machine_name}"
  # Rule Step Functions manages for the EMR Serverless .sync integration.
  sfn_emr_events_rule_arn = "arn:${local.partition}:events:${local.region}:${local.account_id}:rule/StepFunctionsGetEventsForEMRServerlessJobRule"

  lakehouse_rw_buckets = [var.bucket_arns.raw, var.bucket_arns.processed, var.bucket_arns.checkpoint]

  analyst_trusted = length(var.analyst_trusted_principal_arns) > 0 ? var.analyst_trusted_principal_arns : ["arn:${local.partition}:iam::${local.account_id}:root"]

  source_account_services = [
    "emr-serverless.amazonaws.com", "ecs-tasks.amazonaws.com", "states.amazonaws.com", "events.amazonaws.com",
  ]

  # Actions without resource-level permissions: their statements must use "*".
  xray_write_actions = ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"]
}

# ---------------------------------------------------------------- trust policies

data "aws_iam_policy_document" "trust" {
  for_each = {
    emr_execution      = "emr-serverless.amazonaws.com"
    producer_task      = "ecs-tasks.amazonaws.com"
    producer_execution = "ecs-tasks.amazonaws.com"
    lambda_api         = "lambda.amazonaws.com"
    lambda_batch       = "lambda.amazonaws.com"
    lambda_auto_stop   = "lambda.amazonaws.com"
    step_functions     = "states.amazonaws.com"
    scheduler          = "events.amazonaws.com"
    apigateway_logs    = "apigateway.amazonaws.com"
  }

  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = [each.value]
    }
    # Confused-deputy protection where the service documents aws:SourceAccount.
    dynamic "condition" {
      for_each = contains(local.source_account_services, each.value) ? [local.account_id] : []
      content {
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [condition.value]
      }
    }
  }
}

data "aws_iam_policy_document" "analyst_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = local.analyst_trusted
    }
    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["true"]
    }
  }
}

# ---------------------------------------------------------------- EMR execution role

data "aws_iam_policy_document" "emr_execution" {
  statement {
    sid       = "LakehouseBucketsList"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = local.lakehouse_rw_buckets
  }
  statement {
    sid       = "LakehouseObjectsReadWrite"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
    resources = [for arn in local.lakehouse_rw_buckets : "${arn}/*"]
  }
  statement {
    sid = "TradesStreamRead"
    actions = [
      "kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords",
      "kinesis:GetShardIterator", "kinesis:ListShards", "kinesis:SubscribeToShard",
    ]
    resources = [var.streams.trades_arn]
  }
  statement {
    sid       = "AlertsTableWrite"
    actions   = ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DescribeTable"]
    resources = [var.alerts_table_arn]
  }
  statement {
    sid = "LakehouseCatalog"
    actions = [
      "glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:CreateTable", "glue:UpdateTable",
      "glue:GetPartitions", "glue:BatchGetPartition",
    ]
    resources = local.glue_resource_arns
  }
  statement {
    sid       = "RuntimeConfig"
    actions   = ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"]
    resources = local.ssm_parameter_arns
  }
  statement {
    sid       = "JobLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
    resources = [var.log_group_arns.emr_jobs, "${var.log_group_arns.emr_jobs}:*"]
  }
  # EMR Serverless checks the job's log group exists before it starts the run.
  statement {
    sid       = "FindJobLogGroup"
    actions   = ["logs:DescribeLogGroups"]
    resources = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:*"]
  }
  # lakeformation:GetDataAccess has no resource-level permissions; Lake Formation itself
  # decides per table through the grants in the lake-formation module.
  statement {
    sid       = "LakeFormationCredentialVending"
    actions   = ["lakeformation:GetDataAccess"]
    resources = ["*"]
  }
  # cloudwatch:PutMetricData has no resource ARN: the namespace condition is its scope.
  statement {
    sid       = "CustomMetricsOnly"
    actions   = ["cloudwatch:PutMetricData"]
    resources = ["*"]
    condition {
      test     = "StringLike"
      variable = "cloudwatch:namespace"
      values   = [var.metric_namespace_pattern]
    }
  }
}

# ---------------------------------------------------------------- producer (ECS task + execution)

data "aws_iam_policy_document" "producer_task" {
  statement {
    sid = "TradesAndDlqStreamsWrite"
    actions = [
      "kinesis:PutRecord", "kinesis:PutRecords", "kinesis:DescribeStream", "kinesis:DescribeStreamSummary",
    ]
    resources = [var.streams.trades_arn, var.streams.dlq_arn]
  }
  statement {
    sid       = "RuntimeConfig"
    actions   = ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"]
    resources = local.ssm_parameter_arns
  }
  # cloudwatch:PutMetricData has no resource ARN: the namespace condition is its scope.
  statement {
    sid       = "CustomMetricsOnly"
    actions   = ["cloudwatch:PutMetricData"]
    resources = ["*"]
    condition {
      test     = "StringLike"
      variable = "cloudwatch:namespace"
      values   = [var.metric_namespace_pattern]
    }
  }
}

data "aws_iam_policy_document" "producer_execution" {
  statement {
    sid       = "PullProducerImage"
    actions   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]
    resources = [var.producer_ecr_repository_arn]
  }
  # ecr:GetAuthorizationToken has no resource-level permissions (it returns a registry token).
  statement {
    sid       = "RegistryLogin"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }
  statement {
    sid       = "ContainerLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [var.log_group_arns.producer, "${var.log_group_arns.producer}:*"]
  }
}

# ---------------------------------------------------------------- Lambda API (read-only on one table)

data "aws_iam_policy_document" "lambda_api" {
  statement {
    sid       = "AlertsTableRead"
    actions   = ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan"]
    resources = [var.alerts_table_arn, "${var.alerts_table_arn}/index/*"]
  }
  statement {
    sid       = "OwnLogGroup"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [var.log_group_arns.lambda_api, "${var.log_group_arns.lambda_api}:*"]
  }
  # GET /health (platform/api/health.py) reads exactly these: the Spark application's state and
  # its latest job runs (both authorised on the application ARN) ...
  statement {
    sid       = "HealthSparkApplication"
    actions   = ["emr-serverless:GetApplication", "emr-serverless:ListJobRuns"]
    resources = [var.emr_application_arn]
  }
  # ... and the Kinesis lag/throughput and CryptoPulse/Quality counts through
  # GetMetricStatistics, which has no resource-level permissions and no condition key
  # (cloudwatch:namespace applies to PutMetricData only), hence the one read-only "*".
  statement {
    sid       = "HealthMetricsRead"
    actions   = ["cloudwatch:GetMetricStatistics"]
    resources = ["*"]
  }
  statement {
    sid       = "DeadLetterQueue"
    actions   = ["sqs:SendMessage"]
    resources = [var.lambda_dead_letter_queue_arn]
  }
  # X-Ray write actions have no resource-level permissions.
  statement {
    sid       = "Tracing"
    actions   = local.xray_write_actions
    resources = ["*"]
  }
}

# ---------------------------------------------------------------- Lambda batch (historical load, quality, catalog)

data "aws_iam_policy_document" "lambda_batch" {
  statement {
    sid       = "LakehouseBucketsList"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [var.bucket_arns.raw, var.bucket_arns.processed]
  }
  statement {
    sid       = "LakehouseObjectsReadWrite"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${var.bucket_arns.raw}/*", "${var.bucket_arns.processed}/*"]
  }
  statement {
    sid = "LakehouseCatalog"
    actions = [
      "glue:GetDatabase", "glue:UpdateDatabase", "glue:GetTable", "glue:GetTables", "glue:UpdateTable",
      "glue:GetPartitions",
    ]
    resources = local.glue_resource_arns
  }
  statement {
    sid       = "RuntimeConfig"
    actions   = ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"]
    resources = local.ssm_parameter_arns
  }
  statement {
    sid       = "OwnLogGroups"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = flatten([for arn in var.log_group_arns.lambda_batch : [arn, "${arn}:*"]])
  }
  statement {
    sid       = "DeadLetterQueue"
    actions   = ["sqs:SendMessage"]
    resources = [var.lambda_dead_letter_queue_arn]
  }
  # lakeformation:GetDataAccess has no resource-level permissions (grants decide per table).
  statement {
    sid       = "LakeFormationCredentialVending"
    actions   = ["lakeformation:GetDataAccess"]
    resources = ["*"]
  }
  # cloudwatch:PutMetricData has no resource ARN: the namespace condition is its scope.
  statement {
    sid       = "CustomMetricsOnly"
    actions   = ["cloudwatch:PutMetricData"]
    resources = ["*"]
    condition {
      test     = "StringLike"
      variable = "cloudwatch:namespace"
      values   = [var.metric_namespace_pattern]
    }
  }
  # X-Ray write actions have no resource-level permissions.
  statement {
    sid       = "Tracing"
    actions   = local.xray_write_actions
    resources = ["*"]
  }
}

# ---------------------------------------------------------------- Lambda billing auto-stop (emergency shutoff)

# What `coattail.autostop.compute` calls, on the producer's cluster and the Spark application only. One
# self-contained document like every role's (the review rebuilds a plan's policy from its document,
# not from merged source documents).
locals {
  # derived from the name (known at plan time), like the function ARNs above
  producer_cluster_arn = "arn:${local.partition}:ecs:${local.region}:${local.account_id}:cluster/${var.producer_cluster_name}"
  ecs_arn_prefix       = "arn:${local.partition}:ecs:${local.region}:${local.account_id}"
}

data "aws_iam_policy_document" "lambda_auto_stop" {
  # ListTasks authorises on the cluster's container-instance ARNs (Service Authorization Reference);
  # the ecs:cluster condition pins the call to the producer's cluster either way.
  statement {
    sid       = "ListProducerTasks"
    actions   = ["ecs:ListTasks"]
    resources = ["${local.ecs_arn_prefix}:container-instance/${var.producer_cluster_name}/*"]
    condition {
      test     = "ArnEquals"
      variable = "ecs:cluster"
      values   = [local.producer_cluster_arn]
    }
  }
  statement {
    sid       = "StopProducerTasks"
    actions   = ["ecs:StopTask"]
    resources = ["${local.ecs_arn_prefix}:task/${var.producer_cluster_name}/*"]
    condition {
      test     = "ArnEquals"
      variable = "ecs:cluster"
      values   = [local.producer_cluster_arn]
    }
  }
  statement {
    sid       = "StopSparkApplication"
    actions   = ["emr-serverless:GetApplication", "emr-serverless:ListJobRuns", "emr-serverless:StopApplication"]
    resources = [var.emr_application_arn]
  }
  statement {
    sid       = "CancelSparkJobRuns"
    actions   = ["emr-serverless:CancelJobRun"]
    resources = ["${var.emr_application_arn}/jobruns/*"]
  }
  statement {
    sid       = "OwnLogGroup"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [var.log_group_arns.lambda_auto_stop, "${var.log_group_arns.lambda_auto_stop}:*"]
  }
  statement {
    sid       = "Notify"
    actions   = ["sns:Publish"]
    resources = [var.sns_topic_arn]
  }
  statement {
    sid       = "NotifyEncryptedTopic"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [var.sns_kms_key_arn]
  }
  statement {
    sid       = "DeadLetterQueue"
    actions   = ["sqs:SendMessage"]
    resources = [var.lambda_dead_letter_queue_arn]
  }
  # X-Ray write actions have no resource-level permissions.
  statement {
    sid       = "Tracing"
    actions   = local.xray_write_actions
    resources = ["*"]
  }
}

# ---------------------------------------------------------------- Step Functions (batch workflow)

data "aws_iam_policy_document" "step_functions" {
  statement {
    sid       = "InvokeBatchFunctions"
    actions   = ["lambda:InvokeFunction"]
    resources = flatten([for arn in local.batch_function_arns : [arn, "${arn}:*"]])
  }
  statement {
    sid       = "RunSparkJobs"
    actions   = ["emr-serverless:StartJobRun", "emr-serverless:GetJobRun", "emr-serverless:CancelJobRun"]
    resources = [var.emr_application_arn, "${var.emr_application_arn}/jobruns/*"]
  }
  statement {
    sid       = "PassEmrExecutionRole"
    actions   = ["iam:PassRole"]
    resources = [aws_iam_role.this["emr_execution"].arn]
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["emr-serverless.amazonaws.com"]
    }
  }
  statement {
    sid       = "Notify"
    actions   = ["sns:Publish"]
    resources = [var.sns_topic_arn]
  }
  statement {
    sid       = "NotifyEncryptedTopic"
    actions   = ["kms:GenerateDataKey", "kms:Decrypt"]
    resources = [var.sns_kms_key_arn]
  }
  statement {
    sid       = "EmrSyncIntegrationRule"
    actions   = ["events:PutTargets", "events:PutRule", "events:DescribeRule"]
    resources = [local.sfn_emr_events_rule_arn]
  }
  # CloudWatch Logs delivery actions used by Step Functions logging have no resource-level
  # permissions (documented in the Step Functions developer guide).
  statement {
    sid = "ExecutionLogDelivery"
    actions = [
      "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
      "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
    ]
    resources = ["*"]
  }
  # X-Ray write actions have no resource-level permissions.
  statement {
    sid       = "Tracing"
    actions   = local.xray_write_actions
    resources = ["*"]
  }
}

# ---------------------------------------------------------------- EventBridge scheduler -> state machine

data "aws_iam_policy_document" "scheduler" {
  statement {
    sid       = "StartBatchWorkflow"
    actions   = ["states:StartExecution"]
    resources = [local.state_machine_arn]
  }
}

# ---------------------------------------------------------------- API Gateway -> CloudWatch Logs

data "aws_iam_policy_document" "apigateway_logs" {
  statement {
    sid = "ExecutionAndAccessLogs"
    actions = [
      "logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogGroups", "logs:DescribeLogStreams",
      "logs:PutLogEvents", "logs:GetLogEvents", "logs:FilterLogEvents",
    ]
    resources = [
      "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:API-Gateway-Execution-Logs_*",
      var.log_group_arns.api_access,
      "${var.log_group_arns.api_access}:*",
    ]
  }
}

# ---------------------------------------------------------------- analyst (read-only, MFA)

data "aws_iam_policy_document" "analyst" {
  statement {
    sid = "LakehouseCatalogRead"
    actions = [
      "glue:GetDatabase", "glue:GetDatabases", "glue:GetTable", "glue:GetTables", "glue:GetPartition",
      "glue:GetPartitions", "glue:BatchGetPartition",
    ]
    resources = local.glue_resource_arns
  }
  statement {
    sid = "AthenaQueries"
    actions = [
      "athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults",
      "athena:StopQueryExecution", "athena:GetWorkGroup", "athena:ListQueryExecutions",
    ]
    resources = [var.athena_workgroup_arn]
  }
  statement {
    sid       = "LakehouseBucketsList"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [var.bucket_arns.processed, var.bucket_arns.athena_results]
  }
  statement {
    sid       = "LakehouseObjectsRead"
    actions   = ["s3:GetObject"]
    resources = ["${var.bucket_arns.processed}/*", "${var.bucket_arns.athena_results}/*"]
  }
  # Athena writes query results with the caller's credentials: only under results/ of the
  # results bucket, never into the lakehouse data.
  statement {
    sid       = "AthenaResultsWrite"
    actions   = ["s3:PutObject", "s3:AbortMultipartUpload"]
    resources = ["${var.bucket_arns.athena_results}/results/*"]
  }
  # lakeformation:GetDataAccess has no resource-level permissions (LF-Tag grants decide).
  statement {
    sid       = "LakeFormationCredentialVending"
    actions   = ["lakeformation:GetDataAccess"]
    resources = ["*"]
  }
}

# ---------------------------------------------------------------- roles and their policies

locals {
  role_policies = {
    emr_execution      = data.aws_iam_policy_document.emr_execution.json
    producer_task      = data.aws_iam_policy_document.producer_task.json
    producer_execution = data.aws_iam_policy_document.producer_execution.json
    lambda_api         = data.aws_iam_policy_document.lambda_api.json
    lambda_batch       = data.aws_iam_policy_document.lambda_batch.json
    lambda_auto_stop   = data.aws_iam_policy_document.lambda_auto_stop.json
    step_functions     = data.aws_iam_policy_document.step_functions.json
    scheduler          = data.aws_iam_policy_document.scheduler.json
    apigateway_logs    = data.aws_iam_policy_document.apigateway_logs.json
    analyst            = data.aws_iam_policy_document.analyst.json
  }
  role_descriptions = {
    emr_execution      = "EMR Serverless job execution: lakehouse buckets, trades stream read, alerts table write, one Glue database."
    producer_task      = "Producer ECS task: put records on the trades and DLQ streams, read runtime config."
    producer_execution = "Producer ECS task execution: pull the image, write container logs."
    lambda_api         = "Alerts API Lambda: read-only on the alerts table and its indexes."
    lambda_batch       = "Batch Lambdas: historical load, quality checks, catalog update."
    lambda_auto_stop   = "Billing auto-stop Lambda: stop the producer tasks, cancel the Spark job runs, stop the application, notify."
    step_functions     = "Batch workflow state machine: invoke batch Lambdas, run the Spark job, notify."
    scheduler          = "EventBridge schedule: start the batch workflow."
    apigateway_logs    = "API Gateway: write execution and access logs."
    analyst            = "Analysts: read-only lakehouse access through Athena and Lake Formation, MFA required."
  }
  role_names = {
    for key in keys(local.role_descriptions) : key => "${var.name_prefix}-${replace(key, "_", "-")}"
  }
  roles = {
    for key in keys(local.role_descriptions) : key => key
    if key != "apigateway_logs" || var.create_apigateway_cloudwatch_role
  }
}

resource "aws_iam_role" "this" {
  for_each = local.roles

  name                 = local.role_names[each.key]
  description          = local.role_descriptions[each.key]
  assume_role_policy   = each.key == "analyst" ? data.aws_iam_policy_document.analyst_trust.json : data.aws_iam_policy_document.trust[each.key].json
  max_session_duration = each.key == "analyst" ? 3600 : null

  tags = { Name = local.role_names[each.key] }
}

resource "aws_iam_role_policy" "this" {
  for_each = local.roles

  name   = "${local.role_names[each.key]}-policy"
  role   = aws_iam_role.this[each.key].id
  policy = local.role_policies[each.key]
}
