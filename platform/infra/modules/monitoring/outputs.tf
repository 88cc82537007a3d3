output "sns_topic_arn" {
  description = "ARN of the alarms topic every alarm and the batch workflow notify."
  value       = aws_sns_topic.alarms.arn
}

output "kms_key_arn" {
  description = "ARN of the observability KMS key: encrypts the alarms topic (publishers need GenerateDataKey/Decrypt), log groups and the audit trail's log files."
  value       = aws_kms_key.observability.arn
}

output "dashboard_name" {
  description = "Name of the CloudWatch dashboard."
  value       = aws_cloudwatch_dashboard.platform.dashboard_name
}

output "alarm_arns" {
  description = "Alarm ARNs by purpose: billing and billing_auto_stop (if created), iterator_age, dynamodb_throttles, quality_score."
  value = merge(
    { for alarm in aws_cloudwatch_metric_alarm.billing : "billing" => alarm.arn },
    { for alarm in aws_cloudwatch_metric_alarm.billing_auto_stop : "billing_auto_stop" => alarm.arn },
    {
      iterator_age       = aws_cloudwatch_metric_alarm.iterator_age.arn
      dynamodb_throttles = aws_cloudwatch_metric_alarm.dynamodb_throttles.arn
      quality_score      = aws_cloudwatch_metric_alarm.quality_score.arn
    },
  )
}

output "budget_name" {
  description = "Name of the monthly cost budget (null when not created)."
  value       = one(aws_budgets_budget.monthly[*].name)
}

output "alarm_inbox_queue_name" {
  description = "Name of the SQS alarm inbox queue subscribed to the alarms topic."
  value       = aws_sqs_queue.alarm_inbox.name
}

output "alarm_inbox_queue_arn" {
  description = "ARN of the SQS alarm inbox queue (encrypted with the observability key)."
  value       = aws_sqs_queue.alarm_inbox.arn
}

output "audit_trail_arn" {
  description = "ARN of the multi-region audit trail."
  value       = aws_cloudtrail.audit.arn
}

output "audit_trail_name" {
  description = "Name of the multi-region audit trail."
  value       = aws_cloudtrail.audit.name
}

output "audit_bucket_name" {
  description = "Name of the S3 bucket holding the audit trail's log files."
  value       = aws_s3_bucket.audit_logs.id
}

output "audit_log_group_name" {
  description = "CloudWatch Logs group the audit trail delivers to (where the security-event metric filters sit)."
  value       = aws_cloudwatch_log_group.audit_trail.name
}

output "security_events_alarm_arn" {
  description = "ARN of the alarm on the security-events metric the CIS metric filters publish."
  value       = aws_cloudwatch_metric_alarm.security_events.arn
}
