output "trades_stream_name" {
  description = "Name of the trades stream."
  value       = local.trades_name
}

output "trades_stream_arn" {
  description = "ARN of the trades stream."
  value       = "${local.stream_arn}/${local.trades_name}"
}

output "dlq_stream_name" {
  description = "Name of the dead-letter stream."
  value       = local.dlq_name
}

output "dlq_stream_arn" {
  description = "ARN of the dead-letter stream."
  value       = "${local.stream_arn}/${local.dlq_name}"
}

output "streams_present" {
  description = "Whether the streams exist (the platform is started)."
  value       = var.run_state == "started"
}
