output "database_name" {
  description = "Name of the lakehouse Glue database."
  value       = aws_glue_catalog_database.lakehouse.name
}

output "database_arn" {
  description = "ARN of the lakehouse Glue database."
  value       = aws_glue_catalog_database.lakehouse.arn
}

output "workgroup_name" {
  description = "Athena workgroup for analyst queries."
  value       = aws_athena_workgroup.analytics.name
}

output "workgroup_arn" {
  description = "ARN of the Athena workgroup."
  value       = aws_athena_workgroup.analytics.arn
}
