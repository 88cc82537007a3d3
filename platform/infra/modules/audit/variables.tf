variable "name_prefix" {
  description = "Resource name prefix, <project>-<environment>."
  type        = string
}

variable "account_id" {
  description = "AWS account id, appended to the log bucket's name to make it globally unique."
  type        = string
}

variable "kms_key_arn" {
  description = "Customer managed KMS key encrypting the trail's log files and its CloudWatch Logs group (its policy must let cloudtrail.amazonaws.com and the logs service use it)."
  type        = string
}

variable "alarm_topic_arn" {
  description = "SNS topic the security-events alarm notifies."
  type        = string
}

variable "log_retention_days" {
  description = "Days the trail's log files are kept in S3 and in CloudWatch Logs."
  type = object({
    s3              = optional(number, 365)
    cloudwatch_logs = optional(number, 30)
  })
  default = {}

  validation {
    condition     = var.log_retention_days.s3 >= 90 && var.log_retention_days.s3 <= 3650
    error_message = "log_retention_days.s3 must be 90 to 3650 days (an audit trail shorter than CloudTrail's own 90-day event history adds nothing)."
  }
  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365], var.log_retention_days.cloudwatch_logs)
    error_message = "log_retention_days.cloudwatch_logs must be a CloudWatch Logs retention value of at most 365 days (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180 or 365)."
  }
}

variable "force_destroy" {
  description = "Allow destroying the log bucket while it holds log files (demo environments)."
  type        = bool
  default     = true
}
