variable "name_prefix" {
  description = "Resource name prefix, <project>-<environment>."
  type        = string
}

variable "release_label" {
  description = "EMR Serverless release label of the Spark runtime."
  type        = string
  default     = "emr-spark-8.0.0"

  validation {
    condition     = can(regex("^emr-(spark-)?[0-9]+\\.[0-9]+\\.[0-9]+$", var.release_label))
    error_message = "release_label must look like emr-spark-8.0.0 or emr-7.0.0."
  }
}

variable "auto_stop_idle_minutes" {
  description = "Minutes of idleness after which the application stops (cost control)."
  type        = number
  default     = 15

  validation {
    condition     = var.auto_stop_idle_minutes >= 1 && var.auto_stop_idle_minutes <= 10080
    error_message = "auto_stop_idle_minutes must be between 1 and 10080."
  }
}

variable "maximum_capacity" {
  description = "Upper bound of the resources the application may use at once."
  type = object({
    cpu    = optional(string, "4 vCPU")
    memory = optional(string, "8 GB")
  })
  default = {}

  validation {
    condition     = can(regex("^[0-9]+ vCPU$", var.maximum_capacity.cpu)) && can(regex("^[0-9]+ GB$", var.maximum_capacity.memory))
    error_message = "maximum_capacity must be like { cpu = \"4 vCPU\", memory = \"8 GB\" }."
  }
}

variable "initial_driver" {
  description = "Pre-initialised driver capacity (reduces cold start); worker_count 0 disables it."
  type = object({
    worker_count = optional(number, 1)
    cpu          = optional(string, "2 vCPU")
    memory       = optional(string, "4 GB")
  })
  default = {}
}

variable "log_retention_days" {
  description = "Retention of the job log group in days."
  type        = number
  default     = 14
}

variable "log_kms_key_arn" {
  description = "KMS key encrypting the log group (null = CloudWatch Logs' default encryption)."
  type        = string
  default     = null
}

variable "architecture" {
  description = "CPU architecture of the workers: X86_64, or ARM64 (Graviton, about 20 % cheaper per vCPU-hour; the job's packed virtualenv is then built for aarch64)."
  type        = string
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.architecture)
    error_message = "architecture must be X86_64 or ARM64."
  }
}

variable "right_sizing" {
  description = "The maximum capacity a right-sizing report recommends and where the report is; recorded on the application as tags so a review can compare it with the deployed maximum (null = none)."
  type = object({
    max_cpu    = string
    max_memory = string
    report     = string
  })
  default = null

  validation {
    condition     = var.right_sizing == null || (can(regex("^[0-9]+ vCPU$", var.right_sizing.max_cpu)) && can(regex("^[0-9]+ GB$", var.right_sizing.max_memory)))
    error_message = "right_sizing must be like { max_cpu = \"4 vCPU\", max_memory = \"8 GB\", report = \"...\" }."
  }
}
