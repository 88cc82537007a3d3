# Daily batch workflow: HistoricalLoad -> SubmitSparkJob -> RunQualityChecks -> QualityPassed?
# -> UpdateCatalog -> PublishSuccess; any failure -> SendAlert -> PublishFailure -> Fail.
# The definition is a real ASL file (definition.asl.json) rendered with templatefile.

data "aws_partition" "current" {}

locals {
  state_machine_name = "${var.name_prefix}-batch"
  definition = templatefile("${path.module}/definition.asl.json", {
    partition                       = data.aws_partition.current.partition
    name_prefix                     = var.name_prefix
    historical_load_function_arn    = var.lambda_function_arns.historical_load
    run_quality_checks_function_arn = var.lambda_function_arns.run_quality_checks
    update_catalog_function_arn     = var.lambda_function_arns.update_catalog
    emr_application_id              = var.emr.application_id
    emr_execution_role_arn          = var.emr.execution_role_arn
    emr_log_group_name              = var.emr.log_group_name
    spark_entry_point               = var.spark_job.entry_point
    # Rendered into States.Array(...) before the run date: 'a', 'b',
    spark_entry_point_arguments = join("", [for arg in var.spark_job.entry_point_arguments : "'${arg}', "])
    spark_submit_parameters     = var.spark_job.spark_submit_parameters
    spark_timeout_minutes       = var.spark_job.timeout_minutes
    sns_topic_arn               = var.sns_topic_arn
    workflow_timeout_seconds    = (var.spark_job.timeout_minutes + 60) * 60
  })
}

resource "aws_cloudwatch_log_group" "executions" {
  # The /aws/vendedlogs/ prefix keeps the log delivery resource policy small.
  name              = "/aws/vendedlogs/states/${local.state_machine_name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.log_kms_key_arn

  tags = { Name = "/aws/vendedlogs/states/${local.state_machine_name}" }
}

resource "aws_sfn_state_machine" "batch" {
  name       = local.state_machine_name
  role_arn   = var.state_machine_role_arn
  type       = "STANDARD"
  definition = local.definition

  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.executions.arn}:*"
    include_execution_data = true
    level                  = var.log_level
  }

  tracing_configuration {
    enabled = true
  }

  tags = { Name = local.state_machine_name }
}

resource "aws_cloudwatch_event_rule" "schedule" {
  name                = "${local.state_machine_name}-schedule"
  description         = "Starts the ${local.state_machine_name} workflow (daily 02:00 UTC by default)."
  schedule_expression = var.schedule.expression
  state               = var.schedule.enabled ? "ENABLED" : "DISABLED"

  tags = { Name = "${local.state_machine_name}-schedule" }
}

resource "aws_cloudwatch_event_target" "state_machine" {
  rule     = aws_cloudwatch_event_rule.schedule.name
  arn      = aws_sfn_state_machine.batch.arn
  role_arn = var.scheduler_role_arn
  input    = jsonencode({ trigger = "schedule" })

  # A start EventBridge cannot deliver (throttled, role broken) is retried for an hour, then kept
  # in the dead-letter queue: a missed daily batch is visible, not silently dropped.
  retry_policy {
    maximum_event_age_in_seconds = 3600
    maximum_retry_attempts       = 4
  }
  dead_letter_config {
    arn = aws_sqs_queue.schedule_dead_letter.arn
  }

  depends_on = [aws_sqs_queue_policy.schedule_dead_letter]
}

resource "aws_sqs_queue" "schedule_dead_letter" {
  name                      = "${local.state_machine_name}-schedule-dead-letter"
  message_retention_seconds = 1209600 # 14 days, the SQS maximum
  sqs_managed_sse_enabled   = true    # EventBridge may write to it without a key grant

  tags = { Name = "${local.state_machine_name}-schedule-dead-letter" }
}

data "aws_iam_policy_document" "schedule_dead_letter" {
  statement {
    sid       = "ScheduleRuleOnly"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.schedule_dead_letter.arn]
    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com"]
    }
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_cloudwatch_event_rule.schedule.arn]
    }
  }
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [aws_sqs_queue.schedule_dead_letter.arn]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_sqs_queue_policy" "schedule_dead_letter" {
  queue_url = aws_sqs_queue.schedule_dead_letter.id
  policy    = data.aws_iam_policy_document.schedule_dead_letter.json
}
