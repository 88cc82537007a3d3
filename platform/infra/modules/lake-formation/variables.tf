variable "admin_arns" {
  description = "IAM principals that administer Lake Formation (the deploying identity)."
  type        = list(string)

  validation {
    condition     = length(var.admin_arns) > 0
    error_message = "At least one Lake Formation administrator is required."
  }
}

variable "database_name" {
  description = "Glue database governed by Lake Formation."
  type        = string
}

variable "data_locations" {
  description = "S3 locations (bucket ARNs, keyed by a static name) registered with Lake Formation, so it vends credentials for the tables stored there."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for arn in values(var.data_locations) : startswith(arn, "arn:") && strcontains(arn, ":s3:::")])
    error_message = "data_locations values must be S3 bucket ARNs."
  }
}

variable "writer_role_arn" {
  description = "Role that creates and writes the lakehouse tables (the EMR execution role)."
  type        = string
}

variable "analyst_role_arn" {
  description = "Read-only analyst role, granted SELECT through LF-Tags."
  type        = string
}

variable "lf_tags" {
  description = "LF-Tag keys and their allowed values."
  type        = map(list(string))
  default = {
    classification = ["public", "internal", "restricted"]
    domain         = ["market-data", "alerts"]
  }
}

variable "database_lf_tags" {
  description = "LF-Tags attached to the lakehouse database (inherited by its tables)."
  type        = map(string)
  default = {
    classification = "public"
    domain         = "market-data"
  }
}

variable "analyst_classifications" {
  description = "Values of the classification LF-Tag the analyst role may read."
  type        = list(string)
  default     = ["public"]
}
