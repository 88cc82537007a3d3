variable "name_prefix" {
  description = "Resource name prefix, <project>-<environment>."
  type        = string
}

variable "trades_stream_name" {
  description = "Kinesis trades stream watched for throughput and consumer lag."
  type        = string
}

variable "alerts_table_name" {
  description = "DynamoDB alerts table watched for write capacity and throttling."
  type        = string
}

variable "alarm_email" {
  description = "E-mail address subscribed to the alarms topic (null = no subscription)."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_email == null || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alarm_email))
    error_message = "alarm_email must be an e-mail address or null."
  }
}

variable "create_billing_alarm" {
  description = "Create the billing alarm; AWS/Billing metrics exist only in us-east-1."
  type        = bool
  default     = true
}

variable "create_auto_stop_alarm" {
  description = "With create_billing_alarm: a second EstimatedCharges alarm at thresholds.auto_stop_usd that invokes auto_stop_function_arn (the emergency shutoff) and notifies the topic."
  type        = bool
  default     = false
}

variable "auto_stop_function_arn" {
  description = "ARN of the billing auto-stop Lambda function the auto-stop alarm invokes (required with create_auto_stop_alarm)."
  type        = string
  default     = null

  validation {
    condition     = var.auto_stop_function_arn == null || can(regex("^arn:[^:]+:lambda:[^:]+:[0-9]{12}:function:[A-Za-z0-9_-]+$", coalesce(var.auto_stop_function_arn, "x")))
    error_message = "auto_stop_function_arn must be an unqualified Lambda function ARN or null."
  }
  validation {
    condition     = !var.create_auto_stop_alarm || var.auto_stop_function_arn != null
    error_message = "create_auto_stop_alarm needs auto_stop_function_arn."
  }
}

variable "create_budget" {
  description = "Create the monthly AWS Budget (limit = thresholds.billing_usd) notifying the topic at 80 % actual and 100 % forecast."
  type        = bool
  default     = true
}

variable "create_cost_anomaly_monitor" {
  description = "Create the Cost Anomaly Detection monitor (per AWS service) and its subscription notifying the topic (free)."
  type        = bool
  default     = true
}

variable "thresholds" {
  description = "Alarm thresholds: billing (USD over 6 h), billing auto-stop (USD, above billing), cost anomaly impact (USD), Kinesis iterator age (ms), DynamoDB throttled requests, data quality score (%)."
  type = object({
    billing_usd         = optional(number, 25)
    auto_stop_usd       = optional(number, 50)
    anomaly_impact_usd  = optional(number, 5)
    iterator_age_ms     = optional(number, 300000)
    dynamodb_throttles  = optional(number, 5)
    quality_score_floor = optional(number, 95)
  })
  default = {}

  validation {
    condition     = var.thresholds.auto_stop_usd > var.thresholds.billing_usd
    error_message = "thresholds.auto_stop_usd must be above thresholds.billing_usd (the notification comes before the shutoff)."
  }
  validation {
    condition     = var.thresholds.quality_score_floor > 0 && var.thresholds.quality_score_floor <= 100
    error_message = "thresholds.quality_score_floor is a percentage in (0, 100]."
  }
}

variable "metric_namespaces" {
  description = "Custom metric namespaces of the platform."
  type = object({
    alerts  = optional(string, "CryptoPulse/Alerts")
    quality = optional(string, "CryptoPulse/Quality")
    jobs    = optional(string, "CryptoPulse/Jobs")
  })
  default = {}
}

variable "publisher_service_principals" {
  description = "AWS services allowed to publish to the alarms topic and use its key."
  type        = list(string)
  default     = ["cloudwatch.amazonaws.com", "events.amazonaws.com", "budgets.amazonaws.com", "costalerts.amazonaws.com"]
}

variable "job_log_group_name" {
  description = "Log group of the Spark jobs (their JSON log lines): a metric filter counts records with level ERROR and an alarm notifies the topic (null = neither)."
  type        = string
  default     = null
}

variable "audit_log_retention_days" {
  description = "Days the audit trail's log files are kept in S3 and in CloudWatch Logs."
  type = object({
    s3              = optional(number, 365)
    cloudwatch_logs = optional(number, 30)
  })
  default = {}

  validation {
    condition     = var.audit_log_retention_days.s3 >= 90 && var.audit_log_retention_days.s3 <= 3650
    error_message = "audit_log_retention_days.s3 must be 90 to 3650 days (an audit trail shorter than CloudTrail's own 90-day event history adds nothing)."
  }
  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365], var.audit_log_retention_days.cloudwatch_logs)
    error_message = "audit_log_retention_days.cloudwatch_logs must be a CloudWatch Logs retention value of at most 365 days (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180 or 365)."
  }
}

variable "audit_bucket_force_destroy" {
  description = "Allow destroying the audit log bucket while it holds log files (demo environments)."
  type        = bool
  default     = true
}
