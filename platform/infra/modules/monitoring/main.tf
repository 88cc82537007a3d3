# Observability: the alarms SNS topic, a 5-widget dashboard, the alarms the seed review names,
# and the customer managed KMS key encrypting the topic, the platform's log groups and the audit
# trail's log files (a CMK, because CloudWatch alarms cannot publish to a topic encrypted with the
# AWS-managed aws/sns key).

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  topic_name = "${var.name_prefix}-alarms"
  # Built from its name (not the resource) so the key policy can name it without a cycle.
  topic_arn        = "arn:${data.aws_partition.current.partition}:sns:${local.region}:${local.account_id}:${local.topic_name}"
  inbox_name       = "${var.name_prefix}-alarm-inbox"
  dead_letter_name = "${var.name_prefix}-alarm-dead-letter"
}

locals {
  # Key policies always use Resource "*": it means "this key". The account root delegates to
  # IAM; the services may only use the key on behalf of this account (the log service only
  # for this account's log groups).
  logs_service   = "logs.${local.region}.amazonaws.com"
  log_groups_arn = "arn:${data.aws_partition.current.partition}:logs:${local.region}:${local.account_id}:log-group:*"
  key_policy = {
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministers"
        Effect    = "Allow"
        Principal = { AWS = "arn:${data.aws_partition.current.partition}:iam::${local.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        # No condition here: the topic policy below limits publishing to this account's sources.
        Sid       = "ServicesPublishToTopic"
        Effect    = "Allow"
        Principal = { Service = var.publisher_service_principals }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey*"]
        Resource  = "*"
      },
      {
        # SNS encrypts what it delivers to the KMS-encrypted alarm inbox queue, only for the
        # alarms topic.
        Sid       = "AlarmsTopicDeliversToInbox"
        Effect    = "Allow"
        Principal = { Service = "sns.amazonaws.com" }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey*"]
        Resource  = "*"
        Condition = { ArnEquals = { "aws:SourceArn" = local.topic_arn } }
      },
      {
        # CloudTrail encrypts the audit trail's log files (audit.tf), for that trail only.
        Sid       = "AuditTrailEncryptsLogFiles"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "kms:GenerateDataKey*"
        Resource  = "*"
        Condition = {
          StringEquals = { "aws:SourceArn" = local.trail_arn }
          StringLike   = { "kms:EncryptionContext:aws:cloudtrail:arn" = local.trail_arn }
        }
      },
      {
        Sid       = "AuditTrailDescribesKey"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = "kms:DescribeKey"
        Resource  = "*"
        Condition = { StringEquals = { "aws:SourceArn" = local.trail_arn } }
      },
      {
        Sid       = "LogsEncryptLogGroups"
        Effect    = "Allow"
        Principal = { Service = local.logs_service }
        Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
        Resource  = "*"
        Condition = { ArnLike = { "kms:EncryptionContext:aws:logs:arn" = local.log_groups_arn } }
      },
    ]
  }
}

resource "aws_kms_key" "observability" {
  description             = "Encrypts the ${local.topic_name} SNS topic, its ${local.inbox_name} queue and the ${var.name_prefix} log groups."
  enable_key_rotation     = true
  deletion_window_in_days = 7
  policy                  = jsonencode(local.key_policy)

  tags = { Name = "${var.name_prefix}-observability" }
}

resource "aws_kms_alias" "observability" {
  name          = "alias/${var.name_prefix}-observability"
  target_key_id = aws_kms_key.observability.key_id
}

resource "aws_sns_topic" "alarms" {
  name              = local.topic_name
  kms_master_key_id = aws_kms_key.observability.arn

  tags = { Name = local.topic_name }
}

data "aws_iam_policy_document" "alarms_topic" {
  statement {
    sid       = "AccountManages"
    actions   = ["sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:Subscribe", "sns:Publish", "sns:ListSubscriptionsByTopic"]
    resources = [aws_sns_topic.alarms.arn]
    principals {
      type        = "AWS"
      identifiers = ["arn:${data.aws_partition.current.partition}:iam::${local.account_id}:root"]
    }
  }
  statement {
    sid       = "ServicesPublish"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alarms.arn]
    principals {
      type        = "Service"
      identifiers = var.publisher_service_principals
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alarms.arn]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_sns_topic_policy" "alarms" {
  arn    = aws_sns_topic.alarms.arn
  policy = data.aws_iam_policy_document.alarms_topic.json
}

# ---------------------------------------------------------------- subscribers

# The always-present, durable subscriber: every alarm, budget and batch notification lands in
# this queue (14 days), whether or not an e-mail address is subscribed. Operators and
# automation read it; the optional e-mail subscription below is for humans.
resource "aws_sqs_queue" "alarm_inbox" {
  name                      = local.inbox_name
  message_retention_seconds = 1209600 # 14 days, the SQS maximum
  # The observability key by its alias: same key as the topic, and a name known at plan time
  # (the key ARN exists only after apply, so a plan review could not see the encryption).
  kms_master_key_id                 = aws_kms_alias.observability.name
  kms_data_key_reuse_period_seconds = 300
  # A message a reader fails on ten times is set aside, not retried for 14 days.
  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.alarm_dead_letter.arn, maxReceiveCount = 10 })

  tags = { Name = local.inbox_name }
}

# Where an alarm goes when it cannot be delivered to the inbox (SNS subscription redrive) or
# keeps failing its reader (SQS redrive): nothing published to the topic is lost unseen.
resource "aws_sqs_queue" "alarm_dead_letter" {
  name                              = local.dead_letter_name
  message_retention_seconds         = 1209600
  kms_master_key_id                 = aws_kms_alias.observability.name
  kms_data_key_reuse_period_seconds = 300

  tags = { Name = local.dead_letter_name }
}

data "aws_iam_policy_document" "alarm_inbox" {
  statement {
    sid       = "AlarmsTopicOnly"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.alarm_inbox.arn]
    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_sns_topic.alarms.arn]
    }
  }
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [aws_sqs_queue.alarm_inbox.arn]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_sqs_queue_policy" "alarm_inbox" {
  queue_url = aws_sqs_queue.alarm_inbox.id
  policy    = data.aws_iam_policy_document.alarm_inbox.json
}

data "aws_iam_policy_document" "alarm_dead_letter" {
  statement {
    sid       = "AlarmsTopicRedriveOnly"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.alarm_dead_letter.arn]
    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_sns_topic.alarms.arn]
    }
  }
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [aws_sqs_queue.alarm_dead_letter.arn]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_sqs_queue_policy" "alarm_dead_letter" {
  queue_url = aws_sqs_queue.alarm_dead_letter.id
  policy    = data.aws_iam_policy_document.alarm_dead_letter.json
}

resource "aws_sns_topic_subscription" "alarm_inbox" {
  topic_arn            = aws_sns_topic.alarms.arn
  protocol             = "sqs"
  endpoint             = aws_sqs_queue.alarm_inbox.arn
  raw_message_delivery = false # keep the SNS envelope: subject, topic and timestamp
  redrive_policy       = jsonencode({ deadLetterTargetArn = aws_sqs_queue.alarm_dead_letter.arn })

  depends_on = [aws_sqs_queue_policy.alarm_inbox, aws_sqs_queue_policy.alarm_dead_letter]
}

resource "aws_sns_topic_subscription" "email" {
  count = var.alarm_email == null ? 0 : 1

  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

# ---------------------------------------------------------------- budget

# A monthly cost budget complements the billing alarm: it also forecasts, and works in any region.
resource "aws_budgets_budget" "monthly" {
  count = var.create_budget ? 1 : 0

  name         = "${var.name_prefix}-monthly-cost"
  budget_type  = "COST"
  limit_amount = format("%.1f", var.thresholds.billing_usd)
  limit_unit   = "USD"
  time_unit    = "MONTHLY"

  notification {
    comparison_operator       = "GREATER_THAN"
    threshold                 = 80
    threshold_type            = "PERCENTAGE"
    notification_type         = "ACTUAL"
    subscriber_sns_topic_arns = [aws_sns_topic.alarms.arn]
  }

  notification {
    comparison_operator       = "GREATER_THAN"
    threshold                 = 100
    threshold_type            = "PERCENTAGE"
    notification_type         = "FORECASTED"
    subscriber_sns_topic_arns = [aws_sns_topic.alarms.arn]
  }

  tags = { Name = "${var.name_prefix}-monthly-cost" }

  depends_on = [aws_sns_topic_policy.alarms]
}

# Cost Anomaly Detection (free): a monitor per AWS service learns the normal spend; an anomaly with
# a total impact of thresholds.anomaly_impact_usd or more is published to the topic at once. It
# catches what the budget (monthly) and the billing alarm (a fixed total) see late.
resource "aws_ce_anomaly_monitor" "services" {
  count = var.create_cost_anomaly_monitor ? 1 : 0

  name              = "${var.name_prefix}-services"
  monitor_type      = "DIMENSIONAL"
  monitor_dimension = "SERVICE"

  tags = { Name = "${var.name_prefix}-services" }
}

resource "aws_ce_anomaly_subscription" "topic" {
  count = var.create_cost_anomaly_monitor ? 1 : 0

  name             = "${var.name_prefix}-cost-anomalies"
  frequency        = "IMMEDIATE"
  monitor_arn_list = [aws_ce_anomaly_monitor.services[0].arn]

  subscriber {
    type    = "SNS"
    address = aws_sns_topic.alarms.arn
  }

  threshold_expression {
    dimension {
      key           = "ANOMALY_TOTAL_IMPACT_ABSOLUTE"
      match_options = ["GREATER_THAN_OR_EQUAL"]
      values        = [tostring(var.thresholds.anomaly_impact_usd)]
    }
  }

  tags = { Name = "${var.name_prefix}-cost-anomalies" }

  depends_on = [aws_sns_topic_policy.alarms]
}

# ---------------------------------------------------------------- alarms

resource "aws_cloudwatch_metric_alarm" "billing" {
  count = var.create_billing_alarm ? 1 : 0

  alarm_name          = "${var.name_prefix}-billing-estimated-charges"
  alarm_description   = "Estimated charges above ${var.thresholds.billing_usd} USD (6 h evaluation)."
  namespace           = "AWS/Billing"
  metric_name         = "EstimatedCharges"
  dimensions          = { Currency = "USD" }
  statistic           = "Maximum"
  period              = 21600
  evaluation_periods  = 1
  threshold           = var.thresholds.billing_usd
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]

  tags = { Name = "${var.name_prefix}-billing-estimated-charges" }
}

# The emergency shutoff: at the higher thresholds.auto_stop_usd the alarm invokes the auto-stop
# function (it stops the producer and the Spark job; scripts/stop.sh completes the stop) and tells
# the topic. Same metric, statistic and period as the billing alarm; only where billing metrics exist.
resource "aws_cloudwatch_metric_alarm" "billing_auto_stop" {
  count = var.create_billing_alarm && var.create_auto_stop_alarm ? 1 : 0

  alarm_name          = "${var.name_prefix}-billing-auto-stop"
  alarm_description   = "Estimated charges above ${var.thresholds.auto_stop_usd} USD (6 h evaluation): the auto-stop function stops the compute; run scripts/stop.sh to complete the stop."
  namespace           = "AWS/Billing"
  metric_name         = "EstimatedCharges"
  dimensions          = { Currency = "USD" }
  statistic           = "Maximum"
  period              = 21600
  evaluation_periods  = 1
  threshold           = var.thresholds.auto_stop_usd
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.auto_stop_function_arn, aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]

  tags = { Name = "${var.name_prefix}-billing-auto-stop" }
}

resource "aws_cloudwatch_metric_alarm" "iterator_age" {
  alarm_name          = "${var.name_prefix}-trades-iterator-age"
  alarm_description   = "Spark consumer lags the trades stream by more than ${var.thresholds.iterator_age_ms} ms for 15 minutes."
  namespace           = "AWS/Kinesis"
  metric_name         = "GetRecords.IteratorAgeMilliseconds"
  dimensions          = { StreamName = var.trades_stream_name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 3
  datapoints_to_alarm = 3
  threshold           = var.thresholds.iterator_age_ms
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]

  tags = { Name = "${var.name_prefix}-trades-iterator-age" }
}

# ThrottledRequests is published per operation; PutItem is the streaming job's write path,
# where throttling loses alerts (the API's reads retry on the client side).
resource "aws_cloudwatch_metric_alarm" "dynamodb_throttles" {
  alarm_name          = "${var.name_prefix}-alerts-table-throttles"
  alarm_description   = "More than ${var.thresholds.dynamodb_throttles} throttled requests on the alerts table in 2 consecutive 5-minute periods."
  namespace           = "AWS/DynamoDB"
  metric_name         = "ThrottledRequests"
  dimensions          = { TableName = var.alerts_table_name, Operation = "PutItem" }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 2
  datapoints_to_alarm = 2
  threshold           = var.thresholds.dynamodb_throttles
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]

  tags = { Name = "${var.name_prefix}-alerts-table-throttles" }
}

resource "aws_cloudwatch_metric_alarm" "quality_score" {
  alarm_name          = "${var.name_prefix}-data-quality-score"
  alarm_description   = "Share of trade events passing the quality gate below ${var.thresholds.quality_score_floor} % over 5 minutes."
  namespace           = var.metric_namespaces.quality
  metric_name         = "QualityScore"
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 1
  threshold           = var.thresholds.quality_score_floor
  comparison_operator = "LessThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]

  tags = { Name = "${var.name_prefix}-data-quality-score" }
}

# Seed improvement "CloudWatch anomaly detection on RecordsProcessed": market volume follows daily
# patterns, so a learned band (2 standard deviations) catches a silent feed or a flood that a fixed
# threshold misses. Missing data is not breaching: a stopped platform publishes nothing.
resource "aws_cloudwatch_metric_alarm" "records_processed_anomaly" {
  alarm_name          = "${var.name_prefix}-records-processed-anomaly"
  alarm_description   = "RecordsProcessed outside its expected band (2 standard deviations) for 3 of 3 five-minute periods."
  comparison_operator = "LessThanLowerOrGreaterThanUpperThreshold"
  evaluation_periods  = 3
  datapoints_to_alarm = 3
  threshold_metric_id = "band"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]

  metric_query {
    id          = "m1"
    return_data = true
    metric {
      namespace   = var.metric_namespaces.quality
      metric_name = "RecordsProcessed"
      period      = 300
      stat        = "Sum"
    }
  }

  metric_query {
    id          = "band"
    expression  = "ANOMALY_DETECTION_BAND(m1, 2)"
    label       = "RecordsProcessed (expected)"
    return_data = true
  }

  tags = { Name = "${var.name_prefix}-records-processed-anomaly" }
}

# Seed improvement "structured logging with correlation IDs across streaming jobs": the job logs one
# JSON object per line (coattail.jobs.joblog), so its errors are selected by field, not by text; the
# record a notification points to carries the micro-batch's correlation id.
resource "aws_cloudwatch_log_metric_filter" "job_errors" {
  count = var.job_log_group_name == null ? 0 : 1

  name           = "${var.name_prefix}-streaming-job-errors"
  log_group_name = var.job_log_group_name
  pattern        = "{ $.level = \"ERROR\" }"

  metric_transformation {
    name      = "JobErrors"
    namespace = var.metric_namespaces.jobs
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "job_errors" {
  count = var.job_log_group_name == null ? 0 : 1

  alarm_name          = "${var.name_prefix}-streaming-job-errors"
  alarm_description   = "The Spark jobs logged an ERROR record (JSON field level) in the last 5 minutes; the record carries its batch's correlation_id."
  namespace           = var.metric_namespaces.jobs
  metric_name         = "JobErrors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]

  tags = { Name = "${var.name_prefix}-streaming-job-errors" }
}

# ---------------------------------------------------------------- dashboard (5 widgets)

locals {
  widgets = [
    {
      title   = "Kinesis IncomingRecords (trades)"
      region  = local.region
      stat    = "Sum"
      period  = 60
      metrics = [["AWS/Kinesis", "IncomingRecords", "StreamName", var.trades_stream_name]]
    },
    {
      title   = "Kinesis consumer lag: GetRecords.IteratorAgeMilliseconds"
      region  = local.region
      stat    = "Maximum"
      period  = 60
      metrics = [["AWS/Kinesis", "GetRecords.IteratorAgeMilliseconds", "StreamName", var.trades_stream_name]]
    },
    {
      title   = "DynamoDB ConsumedWriteCapacityUnits (alerts)"
      region  = local.region
      stat    = "Sum"
      period  = 60
      metrics = [["AWS/DynamoDB", "ConsumedWriteCapacityUnits", "TableName", var.alerts_table_name]]
    },
    {
      title   = "AWS/Billing EstimatedCharges (USD)"
      region  = "us-east-1"
      stat    = "Maximum"
      period  = 21600
      metrics = [["AWS/Billing", "EstimatedCharges", "Currency", "USD"]]
    },
    {
      title  = "${var.metric_namespaces.alerts}: alerts by detector"
      region = local.region
      stat   = "Sum"
      period = 60
      metrics = [
        [var.metric_namespaces.alerts, "AnomalyCount"],
        [var.metric_namespaces.alerts, "WhaleCount"],
        [var.metric_namespaces.alerts, "SpreadAlertCount"],
      ]
    },
  ]
}

resource "aws_cloudwatch_dashboard" "platform" {
  dashboard_name = "${var.name_prefix}-platform"
  dashboard_body = jsonencode({ widgets = local.dashboard_widgets.platform })
}

# ------------------------------------------------- streaming job dashboard (the job, not the infrastructure)

locals {
  job_widgets = [
    {
      title   = "Quality gate: records per minute"
      region  = local.region
      period  = 60
      stat    = "Sum"
      metrics = [for m in ["RecordsProcessed", "RecordsPassed", "RecordsFailed", "RecordsLate", "RecordsDuplicate"] : [var.metric_namespaces.quality, m]]
    },
    {
      title   = "Quality gate: quality score and failure rate (%)"
      region  = local.region
      period  = 60
      stat    = "Average"
      metrics = [[var.metric_namespaces.quality, "QualityScore"], [var.metric_namespaces.quality, "FailureRate"]]
    },
    {
      title   = "Volume-spike detector: alerts"
      region  = local.region
      period  = 60
      stat    = "Sum"
      metrics = [[var.metric_namespaces.alerts, "AnomalyCount"]]
    },
    {
      title   = "Whale detector: alerts"
      region  = local.region
      period  = 60
      stat    = "Sum"
      metrics = [[var.metric_namespaces.alerts, "WhaleCount"]]
    },
    {
      title   = "Spread detector: alerts"
      region  = local.region
      period  = 60
      stat    = "Sum"
      metrics = [[var.metric_namespaces.alerts, "SpreadAlertCount"]]
    },
    {
      title   = "Job input lag: GetRecords.IteratorAgeMilliseconds (trades)"
      region  = local.region
      period  = 60
      stat    = "Maximum"
      metrics = [["AWS/Kinesis", "GetRecords.IteratorAgeMilliseconds", "StreamName", var.trades_stream_name]]
    },
  ]
}

resource "aws_cloudwatch_dashboard" "streaming_job" {
  dashboard_name = "${var.name_prefix}-streaming-job"
  dashboard_body = jsonencode({ widgets = local.dashboard_widgets.streaming_job })
}

# Both dashboards laid out the same way: two 12x6 time-series widgets per row.
locals {
  dashboard_widgets = {
    for board, widgets in { platform = local.widgets, streaming_job = local.job_widgets } : board => [
      for index, widget in widgets : {
        type   = "metric"
        x      = (index % 2) * 12
        y      = floor(index / 2) * 6
        width  = 12
        height = 6
        properties = {
          title   = widget.title
          region  = widget.region
          stat    = widget.stat
          period  = widget.period
          view    = "timeSeries"
          stacked = false
          metrics = widget.metrics
        }
      }
    ]
  }
}
