# Kinesis Data Streams: the trades stream (producer -> Spark) and the producer's dead-letter stream.

locals {
  kms_key_id = var.encryption.type == "KMS" ? var.encryption.kms_key_id : null
}

resource "aws_kinesis_stream" "trades" {
  name             = "${var.name_prefix}-trades"
  retention_period = var.trades_stream.retention_hours
  shard_count      = var.trades_stream.stream_mode == "PROVISIONED" ? var.trades_stream.shard_count : null
  encryption_type  = var.encryption.type
  kms_key_id       = local.kms_key_id

  stream_mode_details {
    stream_mode = var.trades_stream.stream_mode
  }

  tags = { Name = "${var.name_prefix}-trades" }
}

# The DLQ only receives the rare malformed message: one provisioned shard is the cheapest
# (~0.015 USD/h) and 48 h retention leaves a weekend's margin to inspect it.
resource "aws_kinesis_stream" "dlq" {
  name             = "${var.name_prefix}-trades-dlq"
  retention_period = var.dlq_stream.retention_hours
  shard_count      = var.dlq_stream.shard_count
  encryption_type  = var.encryption.type
  kms_key_id       = local.kms_key_id

  stream_mode_details {
    stream_mode = "PROVISIONED"
  }

  tags = { Name = "${var.name_prefix}-trades-dlq" }
}
