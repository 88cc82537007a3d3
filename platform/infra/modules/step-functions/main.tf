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
}
