variable "database_name" {
  description = "Glue catalog database of the Iceberg lakehouse, <project>_<environment>_lakehouse."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9_]{1,255}$", var.database_name))
    error_message = "database_name must be lower-case letters, digits and underscores."
  }
}

variable "warehouse_bucket" {
  description = "Bucket holding the Iceberg warehouse (the processed bucket)."
  type        = string
}

variable "athena_results_bucket" {
  description = "Bucket receiving Athena query results."
  type        = string
}

variable "name_prefix" {
  description = "Resource name prefix, <project>-<environment>."
  type        = string
}
