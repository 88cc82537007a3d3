# Kinesis Data Streams: the trades stream (producer -> Spark) and the producer's dead-letter stream.

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  kms_key_id  = var.encryption.type == "KMS" ? var.encryption.kms_key_id : null
  stream_arn  = "arn:${data.aws_partition.current.partition}:kinesis:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:stream"
  trades_name = "${var.name_prefix}-trades"
  dlq_name    = "${var.name_prefix}-trades-dlq"
  # Both streams bill per hour whether or not a record flows, so they exist only while the
  # platform runs (var.run_state, recorded by scripts/start.sh and scripts/stop.sh). Names and ARNs are
  # computed, not read from the resources: IAM policies, parameters and alarms that name the
  # streams stay unchanged in both states.
  stream_count = var.run_state == "started" ? 1 : 0
}

moved {
  from = aws_kinesis_stream.trades
  to   = aws_kinesis_stream.trades[0]
}

moved {
  from = aws_kinesis_stream.dlq
  to   = aws_kinesis_stream.dlq[0]
}

resource "aws_kinesis_stream" "trades" {
  count            = local.stream_count
  name             = local.trades_name
  retention_period = var.trades_stream.retention_hours
  shard_count      = var.trades_stream.stream_mode == "PROVISIONED" ? var.trades_stream.shard_count : null
  encryption_type  = var.encryption.type
  kms_key_id       = local.kms_key_id
  # Trades are keyed by symbol: one busy symbol can saturate its shard while the stream-level
  # averages look calm. Two shard-level metrics show that shard and its throttled writes; they are
  # billed as custom metrics only while the stream exists (started).
  shard_level_metrics = ["IncomingBytes", "WriteProvisionedThroughputExceeded"]

  stream_mode_details {
    stream_mode = var.trades_stream.stream_mode
  }

  tags = { Name = local.trades_name }
}

# The DLQ only receives the rare malformed message: one provisioned shard is the cheapest
# (~0.015 USD/h) and 48 h retention leaves a weekend's margin to inspect it.
resource "aws_kinesis_stream" "dlq" {
  count            = local.stream_count
  name             = local.dlq_name
  retention_period = var.dlq_stream.retention_hours
  shard_count      = var.dlq_stream.shard_count
  encryption_type  = var.encryption.type
  kms_key_id       = local.kms_key_id

  stream_mode_details {
    stream_mode = "PROVISIONED"
  }

  tags = { Name = local.dlq_name }
}
