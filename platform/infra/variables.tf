# The root module's 12 inputs. Per-service settings are typed objects with defaults, so a
# plain `terraform apply` deploys the reference configuration of the seed review.

variable "project" {
  description = "Project short name, first part of every resource name."
  type        = string
  default     = "ctc"

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,11}$", var.project))
    error_message = "project must be 2-12 lower-case letters/digits, starting with a letter."
  }
}

variable "environment" {
  description = "Deployment environment, second part of every resource name."
  type        = string
  default     = "dev"

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be dev, staging or prod."
  }
}

variable "aws_region" {
  description = "AWS region of the deployment (the billing alarm is created only in us-east-1, where billing metrics live)."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.aws_region))
    error_message = "aws_region must be a region name such as us-east-1."
  }
}

variable "tags" {
  description = "Extra tags applied to every resource (on top of Project, Environment, ManagedBy)."
  type        = map(string)
  default     = {}
}

variable "symbols" {
  description = "Canonical symbols (BASE-QUOTE) the producer subscribes to and the detectors watch."
  type        = list(string)
  default     = ["BTC-USDT", "ETH-USDT", "SOL-USDT"]

  validation {
    condition     = length(var.symbols) > 0 && alltrue([for s in var.symbols : can(regex("^[A-Z0-9]+-[A-Z0-9]+$", s))])
    error_message = "symbols must be a non-empty list of BASE-QUOTE upper-case symbols, e.g. BTC-USDT."
  }
}

variable "lambda_package_dir" {
  description = "Folder holding api.zip and batch.zip (built by `coattail.cli.lambda_build`); null = <module>/build."
  type        = string
  default     = null
}

variable "kinesis" {
  description = "Kinesis streams: trades stream mode and retention, DLQ retention, encryption."
  type = object({
    stream_mode           = optional(string, "ON_DEMAND")
    shard_count           = optional(number, 1)
    retention_hours       = optional(number, 24)
    dlq_retention_hours   = optional(number, 48)
    encryption_type       = optional(string, "KMS")
    encryption_kms_key_id = optional(string, "alias/aws/kinesis")
  })
  default = {}

  validation {
    condition     = contains(["ON_DEMAND", "PROVISIONED"], var.kinesis.stream_mode)
    error_message = "kinesis.stream_mode must be ON_DEMAND or PROVISIONED."
  }
  validation {
    condition     = contains(["KMS", "NONE"], var.kinesis.encryption_type)
    error_message = "kinesis.encryption_type must be KMS or NONE."
  }
}

variable "emr_serverless" {
  description = "EMR Serverless Spark application: release, auto-stop, capacity limits, pre-initialised driver, worker architecture (X86_64 by default; ARM64 = Graviton). The capacities left null come from the right-sizing report, sizing/emr_capacity.json (benchmarks/emr_sizing.py)."
  type = object({
    architecture           = optional(string, "X86_64")
    release_label          = optional(string, "emr-spark-8.0.0")
    auto_stop_idle_minutes = optional(number, 15)
    max_cpu                = optional(string)
    max_memory             = optional(string)
    driver_count           = optional(number, 1)
    driver_cpu             = optional(string)
    driver_memory          = optional(string)
  })
  default = {}

  validation {
    condition     = contains(["X86_64", "ARM64"], var.emr_serverless.architecture)
    error_message = "emr_serverless.architecture must be X86_64 or ARM64."
  }
  validation {
    condition     = startswith(var.emr_serverless.release_label, "emr-")
    error_message = "emr_serverless.release_label must be an EMR release label such as emr-spark-8.0.0."
  }
}

variable "api" {
  description = <<-EOT
    Alerts API: stage throttling, Lambda sizing and reserved concurrency; and the cost-adding options
    the seed leaves off (each priced in the review's cost summary when deployed): cache_size_gb, an
    API Gateway cache cluster of that size (null = none) caching GET /metrics/{symbol} per symbol for
    cache_ttl_seconds; waf_rate_limit, a regional WAF web ACL on the stage blocking a client IP above
    that many requests in 5 minutes (null = no WAF); alerts_table_pitr, continuous backups of the
    alerts table the API reads.
  EOT
  type = object({
    stage_name             = optional(string, "v1")
    throttling_rate_limit  = optional(number, 20)
    throttling_burst_limit = optional(number, 40)
    memory_mb              = optional(number, 256)
    timeout_seconds        = optional(number, 10)
    reserved_concurrency   = optional(number, 10)
    cache_size_gb          = optional(string)
    cache_ttl_seconds      = optional(number, 10)
    waf_rate_limit         = optional(number)
    alerts_table_pitr      = optional(bool, false)
  })
  default = {}

  validation {
    condition     = var.api.throttling_rate_limit > 0 && var.api.throttling_burst_limit >= var.api.throttling_rate_limit
    error_message = "api throttling needs rate_limit > 0 and burst_limit >= rate_limit."
  }
  validation {
    condition     = var.api.cache_size_gb == null || contains(["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"], coalesce(var.api.cache_size_gb, "0.5"))
    error_message = "api.cache_size_gb must be an API Gateway cache size: 0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118 or 237."
  }
  validation {
    condition     = var.api.cache_ttl_seconds >= 0 && var.api.cache_ttl_seconds <= 3600
    error_message = "api.cache_ttl_seconds must be between 0 and 3600."
  }
  validation {
    condition     = var.api.waf_rate_limit == null || (coalesce(var.api.waf_rate_limit, 100) >= 10 && coalesce(var.api.waf_rate_limit, 100) <= 2000000000)
    error_message = "api.waf_rate_limit must be between 10 and 2000000000 requests per 5 minutes."
  }
}

variable "producer" {
  description = "Producer on ECS Fargate: image tag in the project's ECR repository, task size."
  type = object({
    image_tag = optional(string, "0.1.0")
    cpu       = optional(number, 256)
    memory_mb = optional(number, 512)
  })
  default = {}

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096], var.producer.cpu)
    error_message = "producer.cpu must be a Fargate CPU size: 256, 512, 1024, 2048 or 4096."
  }
}

variable "monitoring" {
  description = "Alarm thresholds, alarm e-mail and log retention. auto_stop_usd: estimated charges at which the billing auto-stop function stops the compute (emergency shutoff; above billing_threshold_usd)."
  type = object({
    billing_threshold_usd = optional(number, 25)
    auto_stop_usd         = optional(number, 50)
    alarm_email           = optional(string)
    log_retention_days    = optional(number, 14)
  })
  default = {}

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.monitoring.log_retention_days)
    error_message = "monitoring.log_retention_days must be a CloudWatch Logs retention value (e.g. 7, 14, 30)."
  }
  validation {
    condition     = var.monitoring.auto_stop_usd > var.monitoring.billing_threshold_usd
    error_message = "monitoring.auto_stop_usd must be above monitoring.billing_threshold_usd (the notification comes before the shutoff)."
  }
}

variable "batch_schedule_enabled" {
  description = "Enable the EventBridge rule that starts the batch workflow daily at 02:00 UTC (disabled by default: cost control)."
  type        = bool
  default     = false
}
