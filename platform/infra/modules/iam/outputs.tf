output "role_arns" {
  description = "Role ARNs by workload: emr_execution, producer_task, producer_execution, lambda_api, lambda_batch, lambda_auto_stop, step_functions, scheduler, apigateway_logs (if created), analyst."
  value       = { for key, role in aws_iam_role.this : key => role.arn }

  # Consumers (Lambda with its DLQ, Step Functions with its logging, API Gateway account) are
  # validated by AWS against the role's permissions at create time: hand out the ARNs only once
  # the policies are attached.
  depends_on = [aws_iam_role_policy.this]
}

output "role_names" {
  description = "Role names by workload (same keys as role_arns)."
  value       = { for key, role in aws_iam_role.this : key => role.name }
}
