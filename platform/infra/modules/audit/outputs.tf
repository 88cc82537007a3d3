output "trail_arn" {
  description = "ARN of the multi-region trail."
  value       = aws_cloudtrail.this.arn
}

output "trail_name" {
  description = "Name of the multi-region trail."
  value       = aws_cloudtrail.this.name
}

output "bucket_name" {
  description = "Name of the S3 bucket holding the trail's log files."
  value       = aws_s3_bucket.logs.id
}

output "log_group_name" {
  description = "CloudWatch Logs group the trail delivers to (where the security-event metric filters sit)."
  value       = aws_cloudwatch_log_group.trail.name
}

output "security_events_alarm_arn" {
  description = "ARN of the alarm on the security-events metric the CIS metric filters publish."
  value       = aws_cloudwatch_metric_alarm.security_events.arn
}
