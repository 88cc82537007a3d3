variable "name_prefix" {
  description = "Resource name prefix, <project>-<environment>."
  type        = string
}

variable "run_state" {
  description = "started: the streams exist. stopped: they are removed, and with them their hourly cost."
  type        = string
  default     = "started"

  validation {
    condition     = contains(["started", "stopped"], var.run_state)
    error_message = "run_state must be started or stopped (see ctc_run_state.json beside the root module)."
  }
}

variable "trades_stream" {
  description = "The trades stream: capacity mode, shard count (PROVISIONED only) and retention."
  type = object({
    stream_mode     = optional(string, "ON_DEMAND")
    shard_count     = optional(number, 1)
    retention_hours = optional(number, 24)
  })
  default = {}

  validation {
    condition     = contains(["ON_DEMAND", "PROVISIONED"], var.trades_stream.stream_mode)
    error_message = "trades_stream.stream_mode must be ON_DEMAND or PROVISIONED."
  }
  validation {
    condition     = var.trades_stream.retention_hours >= 24 && var.trades_stream.retention_hours <= 8760
    error_message = "trades_stream.retention_hours must be between 24 and 8760."
  }
}

variable "dlq_stream" {
  description = "The dead-letter stream for malformed feed messages: retention in hours (PROVISIONED, 1 shard)."
  type = object({
    retention_hours = optional(number, 48)
    shard_count     = optional(number, 1)
  })
  default = {}

  validation {
    condition     = var.dlq_stream.retention_hours >= 24 && var.dlq_stream.retention_hours <= 8760
    error_message = "dlq_stream.retention_hours must be between 24 and 8760."
  }
}

variable "encryption" {
  description = "Server-side encryption of both streams: KMS with the given key (default the AWS-managed key), or NONE."
  type = object({
    type       = optional(string, "KMS")
    kms_key_id = optional(string, "alias/aws/kinesis")
  })
  default = {}

  validation {
    condition     = contains(["KMS", "NONE"], var.encryption.type)
    error_message = "encryption.type must be KMS or NONE."
  }
}
