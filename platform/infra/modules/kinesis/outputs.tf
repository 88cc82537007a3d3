output "trades_stream_name" {
  description = "Name of the trades stream."
  value       = aws_kinesis_stream.trades.name
}

output "trades_stream_arn" {
  description = "ARN of the trades stream."
  value       = aws_kinesis_stream.trades.arn
}

output "dlq_stream_name" {
  description = "Name of the dead-letter stream."
  value       = aws_kinesis_stream.dlq.name
}

output "dlq_stream_arn" {
  description = "ARN of the dead-letter stream."
  value       = aws_kinesis_stream.dlq.arn
}
