output "state_machine_arn" {
  description = "ARN of the batch state machine."
  value       = aws_sfn_state_machine.batch.arn
}

output "state_machine_name" {
  description = "Name of the batch state machine."
  value       = aws_sfn_state_machine.batch.name
}

output "schedule_rule_name" {
  description = "EventBridge rule that starts the workflow."
  value       = aws_cloudwatch_event_rule.schedule.name
}

output "log_group_arn" {
  description = "ARN of the execution log group."
  value       = aws_cloudwatch_log_group.executions.arn
}
