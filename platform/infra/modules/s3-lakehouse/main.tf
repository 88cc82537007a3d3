# The lakehouse buckets: raw landing + DLQ zone, processed Iceberg warehouse (versioned),
# Spark checkpoints and Athena query results. SSE-S3 with bucket keys, public access blocked,
# bucket-owner-enforced ownership, TLS-only bucket policy, lifecycle rules per bucket.

locals {
  buckets = {
    raw            = { versioned = false }
    processed      = { versioned = true }
    checkpoint     = { versioned = false }
    athena_results = { versioned = false }
  }
  bucket_names = { for key, _ in local.buckets : key => "${var.name_prefix}-${replace(key, "_", "-")}-${var.account_id}" }
}

resource "aws_s3_bucket" "this" {
  for_each = local.buckets

  bucket        = local.bucket_names[each.key]
  force_destroy = var.force_destroy

  tags = { Name = local.bucket_names[each.key], DataZone = each.key }
}

resource "aws_s3_bucket_ownership_controls" "this" {
  for_each = local.buckets

  bucket = aws_s3_bucket.this[each.key].id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each = local.buckets

  bucket                  = aws_s3_bucket.this[each.key].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = local.buckets

  bucket = aws_s3_bucket.this[each.key].id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
    bucket_key_enabled = true
  }
}

# Only the Iceberg warehouse is versioned: it protects table metadata from overwrites. The other
# buckets hold re-creatable or short-lived data (raw landing, checkpoints, query results).
resource "aws_s3_bucket_versioning" "this" {
  for_each = { for key, cfg in local.buckets : key => cfg if cfg.versioned }

  bucket = aws_s3_bucket.this[each.key].id
  versioning_configuration {
    status = "Enabled"
  }
}

data "aws_iam_policy_document" "tls_only" {
  for_each = local.buckets

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.this[each.key].arn, "${aws_s3_bucket.this[each.key].arn}/*"]

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

resource "aws_s3_bucket_policy" "tls_only" {
  for_each = local.buckets

  bucket = aws_s3_bucket.this[each.key].id
  policy = data.aws_iam_policy_document.tls_only[each.key].json

  depends_on = [aws_s3_bucket_public_access_block.this]
}

resource "aws_s3_bucket_lifecycle_configuration" "raw" {
  bucket = aws_s3_bucket.this["raw"].id

  rule {
    id     = "raw-tier-then-expire"
    status = "Enabled"
    filter {}

    transition {
      days          = var.lifecycle_days.raw_transition_ia
      storage_class = "STANDARD_IA"
    }
    expiration {
      days = var.lifecycle_days.raw_expiration
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = var.lifecycle_days.abort_incomplete_multipart
    }
  }

  rule {
    id     = "dlq-expire"
    status = "Enabled"
    filter {
      prefix = var.dlq_prefix
    }

    expiration {
      days = var.lifecycle_days.raw_dlq_expiration
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "processed" {
  bucket = aws_s3_bucket.this["processed"].id

  rule {
    id     = "processed-tiering-and-versions"
    status = "Enabled"
    filter {}

    # Seed improvement "S3 Intelligent-Tiering for the processed bucket": Iceberg files are read
    # when analysts query, which nobody can forecast; Intelligent-Tiering moves objects not read for
    # 30 days to a cheaper tier and back on access, with no retrieval fee (objects < 128 KB stay in
    # the frequent tier and pay no monitoring fee).
    transition {
      days          = var.lifecycle_days.processed_intelligent_tier
      storage_class = "INTELLIGENT_TIERING"
    }

    noncurrent_version_expiration {
      noncurrent_days = var.lifecycle_days.processed_noncurrent_days
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = var.lifecycle_days.abort_incomplete_multipart
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

resource "aws_s3_bucket_lifecycle_configuration" "checkpoint" {
  bucket = aws_s3_bucket.this["checkpoint"].id

  rule {
    id     = "checkpoint-expire"
    status = "Enabled"
    filter {}

    expiration {
      days = var.lifecycle_days.checkpoint_expiration
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = var.lifecycle_days.abort_incomplete_multipart
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "athena_results" {
  bucket = aws_s3_bucket.this["athena_results"].id

  rule {
    id     = "athena-results-expire"
    status = "Enabled"
    filter {}

    expiration {
      days = var.lifecycle_days.athena_results_expiration
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = var.lifecycle_days.abort_incomplete_multipart
    }
  }
}
