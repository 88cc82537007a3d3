# The root module's 13 outputs: what runtime components and operators need to find things.

output "kinesis_stream_names" {
  description = "Kinesis stream names: trades, dlq."
  value = {
    trades = module.kinesis.trades_stream_name
    dlq    = module.kinesis.dlq_stream_name
  }
}

output "dynamodb_table_name" {
  description = "DynamoDB alerts table name."
  value       = aws_dynamodb_table.alerts.name
}

output "s3_bucket_names" {
  description = "Lakehouse bucket names: raw, processed, checkpoint, athena_results."
  value       = module.s3_lakehouse.bucket_names
}

output "glue_database_name" {
  description = "Glue catalog database of the Iceberg lakehouse."
  value       = module.glue.database_name
}

output "emr_application_id" {
  description = "EMR Serverless Spark application id."
  value       = module.emr_serverless.application_id
}

output "iam_role_arns" {
  description = "IAM role ARNs by workload (emr_execution, producer_task, producer_execution, lambda_api, lambda_batch, lambda_auto_stop, step_functions, scheduler, apigateway_logs, analyst)."
  value       = module.iam.role_arns
}

output "api_invoke_url" {
  description = "Invoke URL of the alerts API stage (GET /alerts, GET /metrics/{symbol})."
  value       = aws_api_gateway_stage.alerts.invoke_url
}

output "lambda_function_names" {
  description = "Lambda function names: api, historical_load, run_quality_checks, update_catalog, auto_stop."
  value       = local.lambda_function_names
}

output "sfn_state_machine_arn" {
  description = "ARN of the batch workflow state machine."
  value       = module.step_functions.state_machine_arn
}

output "sns_topic_arn" {
  description = "ARN of the alarms topic."
  value       = module.monitoring.sns_topic_arn
}

output "ssm_parameter_names" {
  description = "Names of the six runtime SSM parameters, keyed by their path under the prefix."
  value       = { for key, parameter in aws_ssm_parameter.runtime : key => parameter.name }
}

output "ecs_cluster_name" {
  description = "ECS cluster the producer task runs on."
  value       = aws_ecs_cluster.producer.name
}

output "ecs_task_definition_arn" {
  description = "ARN of the producer's Fargate task definition."
  value       = aws_ecs_task_definition.producer.arn
}
