variable "name_prefix" {
  description = "Resource name prefix, <project>-<environment>."
  type        = string
}

variable "state_machine_role_arn" {
  description = "Role the state machine runs as."
  type        = string
}

variable "scheduler_role_arn" {
  description = "Role EventBridge uses to start executions."
  type        = string
}

variable "lambda_function_arns" {
  description = "ARNs of the batch Lambda functions the workflow invokes."
  type = object({
    historical_load    = string
    run_quality_checks = string
    update_catalog     = string
  })
}

variable "emr" {
  description = "EMR Serverless application, execution role and CloudWatch log group of the Spark reprocessing job."
  type = object({
    application_id     = string
    execution_role_arn = string
    log_group_name     = string
  })
}

variable "spark_job" {
  description = "The Spark job the workflow submits: entry point (S3 URI), arguments, spark-submit parameters, timeout."
  type = object({
    entry_point             = string
    entry_point_arguments   = optional(list(string), [])
    spark_submit_parameters = optional(string, "--conf spark.executor.cores=1 --conf spark.executor.memory=2g")
    timeout_minutes         = optional(number, 120)
  })

  validation {
    condition     = startswith(var.spark_job.entry_point, "s3://")
    error_message = "spark_job.entry_point must be an s3:// URI."
  }
  validation {
    condition     = alltrue([for arg in var.spark_job.entry_point_arguments : !can(regex("['\"\\\\{}]", arg))])
    error_message = "spark_job.entry_point_arguments must not contain quotes, backslashes or braces."
  }
}

variable "sns_topic_arn" {
  description = "Topic notified of success and failure."
  type        = string
}

variable "schedule" {
  description = "EventBridge schedule of the workflow; disabled by default (cost control)."
  type = object({
    enabled    = optional(bool, false)
    expression = optional(string, "cron(0 2 * * ? *)")
  })
  default = {}

  validation {
    condition     = can(regex("^(cron|rate)\\(.+\\)$", var.schedule.expression))
    error_message = "schedule.expression must be a cron(...) or rate(...) expression."
  }
}

variable "log_retention_days" {
  description = "Retention of the execution log group in days."
  type        = number
  default     = 14
}

variable "log_level" {
  description = "Execution history logging level."
  type        = string
  default     = "ALL"

  validation {
    condition     = contains(["ALL", "ERROR", "FATAL", "OFF"], var.log_level)
    error_message = "log_level must be ALL, ERROR, FATAL or OFF."
  }
}

variable "log_kms_key_arn" {
  description = "KMS key encrypting the log group (null = CloudWatch Logs' default encryption)."
  type        = string
  default     = null
}
