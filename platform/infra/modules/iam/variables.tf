variable "name_prefix" {
  description = "Resource name prefix, <project>-<environment>."
  type        = string
}

variable "bucket_arns" {
  description = "Lakehouse bucket ARNs by role (raw, processed, checkpoint, athena_results)."
  type        = map(string)

  validation {
    condition     = length(setsubtract(["raw", "processed", "checkpoint", "athena_results"], keys(var.bucket_arns))) == 0
    error_message = "bucket_arns needs the keys raw, processed, checkpoint and athena_results."
  }
}

variable "streams" {
  description = "ARNs of the Kinesis trades stream and dead-letter stream."
  type = object({
    trades_arn = string
    dlq_arn    = string
  })
}

variable "alerts_table_arn" {
  description = "ARN of the DynamoDB alerts table."
  type        = string
}

variable "glue_database_name" {
  description = "The one Glue database the jobs and analysts use."
  type        = string
}

variable "athena_workgroup_arn" {
  description = "ARN of the Athena workgroup analysts query through."
  type        = string
}

variable "emr_application_arn" {
  description = "ARN of the EMR Serverless application the state machine submits jobs to and the API's /health reads."
  type        = string
}

variable "sns_topic_arn" {
  description = "ARN of the alarms/notifications SNS topic."
  type        = string
}

variable "sns_kms_key_arn" {
  description = "ARN of the KMS key encrypting the SNS topic (publishers need it)."
  type        = string
}

variable "ssm_parameter_prefix" {
  description = "SSM Parameter Store path prefix holding the runtime configuration, e.g. /ctc/dev."
  type        = string

  validation {
    condition     = can(regex("^/[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$", var.ssm_parameter_prefix))
    error_message = "ssm_parameter_prefix must be an absolute path without a trailing slash, e.g. /ctc/dev."
  }
}

variable "lambda_function_names" {
  description = "Names of the Lambda functions (their ARNs are derived, so roles exist before functions)."
  type = object({
    api                = string
    historical_load    = string
    run_quality_checks = string
    update_catalog     = string
    auto_stop          = string
  })
}

variable "lambda_dead_letter_queue_arn" {
  description = "ARN of the SQS queue receiving failed asynchronous Lambda invocations."
  type        = string
}

variable "log_group_arns" {
  description = "ARNs of the log groups each workload writes to."
  type = object({
    emr_jobs         = string
    producer         = string
    lambda_api       = string
    lambda_batch     = list(string)
    lambda_auto_stop = string
    api_access       = string
  })
}

variable "producer_cluster_name" {
  description = "Name of the producer's ECS cluster (the billing auto-stop stops its tasks; its ARN is derived)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,255}$", var.producer_cluster_name))
    error_message = "producer_cluster_name must be an ECS cluster name."
  }
}

variable "producer_ecr_repository_arn" {
  description = "ARN of the ECR repository holding the producer image."
  type        = string
}

variable "state_machine_name" {
  description = "Name of the batch state machine (its ARN is derived for the scheduler role)."
  type        = string
}

variable "metric_namespace_pattern" {
  description = "CloudWatch namespaces the workloads may publish custom metrics to (StringLike pattern)."
  type        = string
  default     = "CryptoPulse/*"
}

variable "analyst_trusted_principal_arns" {
  description = "Principals allowed to assume the analyst role (with MFA). Empty = the account root, i.e. any IAM identity of the account its own policy allows."
  type        = list(string)
  default     = []
}

variable "create_apigateway_cloudwatch_role" {
  description = "Create the role API Gateway uses to write execution and access logs (one per account and region)."
  type        = bool
  default     = true
}
