# The billing auto-stop (emergency shutoff): the monitoring module's second EstimatedCharges alarm, at
# monitoring.auto_stop_usd, invokes this function, which stops the producer's tasks, cancels the Spark
# job runs and stops the application (coattail.autostop.compute, what scripts/stop.sh runs), then tells
# the alarms topic that scripts/stop.sh completes the stop (the streams go through Terraform). Built by
# `coattail.cli.lambda_build` into var.lambda_package_dir like the other functions.

locals {
  auto_stop_package = "${local.lambda_package_dir}/autostop.zip"
}

resource "aws_lambda_function" "auto_stop" {
  function_name                  = local.lambda_function_names.auto_stop
  description                    = "Billing auto-stop: stop the producer and the Spark job when estimated charges pass the auto-stop threshold."
  role                           = module.iam.role_arns["lambda_auto_stop"]
  runtime                        = "python3.12"
  architectures                  = ["arm64"]
  handler                        = "coattail.autostop.handler.lambda_handler"
  filename                       = local.auto_stop_package
  source_code_hash               = filebase64sha256(local.auto_stop_package)
  memory_size                    = 128
  timeout                        = 120 # a few ECS and EMR calls; retried by the asynchronous invocation
  reserved_concurrent_executions = 1   # one shutoff at a time

  environment {
    variables = {
      CTC_PROJECT          = var.project
      CTC_ENVIRONMENT      = var.environment
      ECS_CLUSTER          = aws_ecs_cluster.producer.name
      PRODUCER_TASK_FAMILY = aws_ecs_task_definition.producer.family
      EMR_APPLICATION_ID   = module.emr_serverless.application_id
      ALARMS_TOPIC_ARN     = module.monitoring.sns_topic_arn
      LOG_LEVEL            = "INFO"
    }
  }

  tracing_config {
    mode = "Active"
  }

  dead_letter_config {
    target_arn = aws_sqs_queue.lambda_dlq.arn
  }

  tags = { Name = local.lambda_function_names.auto_stop }

  depends_on = [aws_cloudwatch_log_group.lambda]
}

# CloudWatch invokes the function only for this alarm (the service principal of alarm actions).
resource "aws_lambda_permission" "billing_auto_stop" {
  count = local.create_billing_alarm ? 1 : 0

  statement_id  = "AllowBillingAutoStopAlarm"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.auto_stop.function_name
  principal     = "lambda.alarms.cloudwatch.amazonaws.com"
  source_arn    = module.monitoring.alarm_arns["billing_auto_stop"]
}
