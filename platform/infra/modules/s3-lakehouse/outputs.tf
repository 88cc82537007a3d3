output "bucket_names" {
  description = "Bucket names by role: raw, processed, checkpoint, athena_results."
  value       = { for key, bucket in aws_s3_bucket.this : key => bucket.id }
}

output "bucket_arns" {
  description = "Bucket ARNs by role: raw, processed, checkpoint, athena_results."
  value       = { for key, bucket in aws_s3_bucket.this : key => bucket.arn }
}

output "dlq_prefix" {
  description = "Prefix of the data-quality dead-letter zone in the raw bucket."
  value       = var.dlq_prefix
}
