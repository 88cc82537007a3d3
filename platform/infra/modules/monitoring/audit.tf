# Audit: a multi-region CloudTrail trail recording every management event — read and write, which
# includes Lake Formation's audit events (GetDataAccess, grants, revokes) — to its own private,
# TLS-only log bucket, its log files encrypted with the observability key and validated by digest.
# The trail also delivers to a CloudWatch Logs group where the CIS AWS Foundations metric filters
# watch the security events; they all count into one metric with one alarm (one alarm bills
# 0.10 USD a month; eight would be most of the idle budget).
# Management events' first copy is free: the trail costs its S3 storage and the log ingestion.

locals {
  trail_name  = "${var.name_prefix}-audit"
  bucket_name = "${var.name_prefix}-audit-logs-${local.account_id}"
  # Built from the name (not the resource) so the bucket policy and the role can name the trail
  # without a cycle.
  trail_arn = "arn:${data.aws_partition.current.partition}:cloudtrail:${local.region}:${local.account_id}:trail/${local.trail_name}"

  security_namespace = "CryptoPulse/Security"
  security_metric    = "SecurityEvents"
  # CIS AWS Foundations Benchmark v1.4, section 4 (Monitoring): one filter per control.
  security_event_filters = {
    "unauthorized-api-calls"   = "{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\") }"
    "console-signin-no-mfa"    = "{ ($.eventName = \"ConsoleLogin\") && ($.additionalEventData.MFAUsed != \"Yes\") }"
    "root-usage"               = "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }"
    "iam-policy-changes"       = "{ ($.eventSource = iam.amazonaws.com) && (($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) || ($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName = PutUserPolicy) || ($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || ($.eventName = CreatePolicyVersion) || ($.eventName = DeletePolicyVersion) || ($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || ($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) || ($.eventName = AttachGroupPolicy) || ($.eventName = DetachGroupPolicy)) }"
    "cloudtrail-changes"       = "{ ($.eventSource = cloudtrail.amazonaws.com) && (($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging)) }"
    "kms-key-disabled-deleted" = "{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }"
    "s3-bucket-policy-changes" = "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }"
    "security-group-changes"   = "{ ($.eventSource = ec2.amazonaws.com) && (($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup)) }"
  }
}

# ---------------------------------------------------------------- the log bucket

resource "aws_s3_bucket" "audit_logs" {
  bucket        = local.bucket_name
  force_destroy = var.audit_bucket_force_destroy

  tags = { Name = local.bucket_name, DataZone = "audit" }
}

resource "aws_s3_bucket_ownership_controls" "audit_logs" {
  bucket = aws_s3_bucket.audit_logs.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "audit_logs" {
  bucket                  = aws_s3_bucket.audit_logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# The log files themselves are SSE-KMS (the trail's key); this covers anything else written here.
resource "aws_s3_bucket_server_side_encryption_configuration" "audit_logs" {
  bucket = aws_s3_bucket.audit_logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "audit_logs" {
  bucket = aws_s3_bucket.audit_logs.id

  rule {
    id     = "expire-audit-logs"
    status = "Enabled"
    filter {}
    expiration {
      days = var.audit_log_retention_days.s3
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

data "aws_iam_policy_document" "audit_logs_bucket" {
  statement {
    sid       = "CloudTrailChecksAcl"
    actions   = ["s3:GetBucketAcl"]
    resources = [aws_s3_bucket.audit_logs.arn]
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.trail_arn]
    }
  }
  statement {
    sid       = "CloudTrailWritesLogs"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.audit_logs.arn}/AWSLogs/${local.account_id}/*"]
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.trail_arn]
    }
  }
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.audit_logs.arn, "${aws_s3_bucket.audit_logs.arn}/*"]
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

resource "aws_s3_bucket_policy" "audit_logs" {
  bucket = aws_s3_bucket.audit_logs.id
  policy = data.aws_iam_policy_document.audit_logs_bucket.json

  depends_on = [aws_s3_bucket_public_access_block.audit_logs]
}

# ---------------------------------------------------------------- CloudWatch Logs delivery

resource "aws_cloudwatch_log_group" "audit_trail" {
  name              = "/aws/cloudtrail/${local.trail_name}"
  retention_in_days = var.audit_log_retention_days.cloudwatch_logs
  kms_key_id        = aws_kms_key.observability.arn

  tags = { Name = "/aws/cloudtrail/${local.trail_name}" }
}

data "aws_iam_policy_document" "audit_trail_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["cloudtrail.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceArn"
      values   = [local.trail_arn]
    }
  }
}

resource "aws_iam_role" "audit_trail_logs" {
  name                 = "${var.name_prefix}-audit-trail-logs"
  description          = "CloudTrail delivers the ${local.trail_name} trail's events to its CloudWatch Logs group."
  assume_role_policy   = data.aws_iam_policy_document.audit_trail_assume.json
  max_session_duration = 3600

  tags = { Name = "${var.name_prefix}-audit-trail-logs" }
}

# One log stream per region of the multi-region trail: <account>_CloudTrail_<region>.
data "aws_iam_policy_document" "audit_trail_logs" {
  statement {
    sid       = "DeliverToTrailLogGroup"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.audit_trail.arn}:log-stream:${local.account_id}_CloudTrail_*"]
  }
}

resource "aws_iam_role_policy" "audit_trail_logs" {
  name   = "deliver-to-log-group"
  role   = aws_iam_role.audit_trail_logs.id
  policy = data.aws_iam_policy_document.audit_trail_logs.json
}

# ---------------------------------------------------------------- the trail

resource "aws_cloudtrail" "audit" {
  name                          = local.trail_name
  s3_bucket_name                = aws_s3_bucket.audit_logs.id
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
  enable_logging                = true
  kms_key_id                    = aws_kms_key.observability.arn
  cloud_watch_logs_group_arn    = "${aws_cloudwatch_log_group.audit_trail.arn}:*"
  cloud_watch_logs_role_arn     = aws_iam_role.audit_trail_logs.arn

  # Every management event, read and write: Lake Formation's audit events are management events
  # (GetDataAccess is a read), so a write-only selector would lose them. No data events (billed).
  event_selector {
    read_write_type           = "All"
    include_management_events = true
  }

  tags = { Name = local.trail_name }

  depends_on = [aws_s3_bucket_policy.audit_logs, aws_iam_role_policy.audit_trail_logs]
}

# ---------------------------------------------------------------- security events (CIS 4.x)

resource "aws_cloudwatch_log_metric_filter" "security_events" {
  for_each = local.security_event_filters

  name           = "${var.name_prefix}-${each.key}"
  log_group_name = aws_cloudwatch_log_group.audit_trail.name
  pattern        = each.value

  metric_transformation {
    name      = local.security_metric
    namespace = local.security_namespace
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "security_events" {
  alarm_name          = "${var.name_prefix}-security-events"
  alarm_description   = "A CIS-monitored security event (root use, unauthorised calls, sign-in without MFA, IAM policy, CloudTrail, KMS key, bucket policy or security group changes) in ${local.trail_name}; the metric filters' names say which."
  namespace           = local.security_namespace
  metric_name         = local.security_metric
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]

  tags = { Name = "${var.name_prefix}-security-events" }

  depends_on = [aws_cloudwatch_log_metric_filter.security_events]
}
