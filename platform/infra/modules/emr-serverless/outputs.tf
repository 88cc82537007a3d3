output "application_id" {
  description = "EMR Serverless application id (for StartJobRun)."
  value       = aws_emrserverless_application.spark.id
}

output "application_arn" {
  description = "EMR Serverless application ARN."
  value       = aws_emrserverless_application.spark.arn
}

output "log_group_name" {
  description = "CloudWatch log group the Spark jobs log to."
  value       = aws_cloudwatch_log_group.jobs.name
}

output "log_group_arn" {
  description = "ARN of the Spark jobs' log group."
  value       = aws_cloudwatch_log_group.jobs.arn
}
