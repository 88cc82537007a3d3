output "admin_arns" {
  description = "Lake Formation administrators."
  value       = aws_lakeformation_data_lake_settings.this.admins
}

output "lf_tag_keys" {
  description = "LF-Tag keys defined."
  value       = [for tag in aws_lakeformation_lf_tag.this : tag.key]
}

output "database_lf_tags" {
  description = "LF-Tags attached to the lakehouse database."
  value       = var.database_lf_tags
}

output "data_location_arns" {
  description = "S3 locations registered with Lake Formation, by name."
  value       = { for key, location in aws_lakeformation_resource.data_location : key => location.arn }
}
