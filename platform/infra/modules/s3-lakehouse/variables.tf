variable "name_prefix" {
  description = "Resource name prefix, <project>-<environment>."
  type        = string
}

variable "account_id" {
  description = "AWS account id, appended to bucket names to make them globally unique."
  type        = string
}

variable "lifecycle_days" {
  description = "Lifecycle figures in days: raw tiering/expiry, DLQ prefix expiry, checkpoint and Athena results expiry, non-current versions, processed objects to Intelligent-Tiering, incomplete uploads."
  type = object({
    raw_transition_ia          = optional(number, 30)
    raw_expiration             = optional(number, 90)
    raw_dlq_expiration         = optional(number, 7)
    checkpoint_expiration      = optional(number, 7)
    athena_results_expiration  = optional(number, 7)
    processed_noncurrent_days  = optional(number, 30)
    processed_intelligent_tier = optional(number, 0)
    abort_incomplete_multipart = optional(number, 1)
  })
  default = {}

  validation {
    condition     = var.lifecycle_days.raw_transition_ia >= 30 && var.lifecycle_days.raw_expiration > var.lifecycle_days.raw_transition_ia
    error_message = "S3 requires >= 30 days before STANDARD_IA, and raw_expiration must come after the transition."
  }
  validation {
    condition     = var.lifecycle_days.processed_intelligent_tier >= 0
    error_message = "processed_intelligent_tier must be 0 or more days."
  }
}

variable "dlq_prefix" {
  description = "Prefix of the data-quality dead-letter zone inside the raw bucket."
  type        = string
  default     = "dlq/"
}

variable "force_destroy" {
  description = "Allow destroying non-empty buckets (demo environments)."
  type        = bool
  default     = true
}
