# EMR Serverless Spark application running the streaming detectors and the batch reprocessing.
# `architecture` follows var.architecture (default X86_64; ARM64 = Graviton, an option of the root).

resource "aws_emrserverless_application" "spark" {
  name          = "${var.name_prefix}-spark"
  release_label = var.release_label
  type          = "SPARK"
  architecture  = var.architecture

  auto_start_configuration {
    enabled = true
  }

  auto_stop_configuration {
    enabled              = true
    idle_timeout_minutes = var.auto_stop_idle_minutes
  }

  maximum_capacity {
    cpu    = var.maximum_capacity.cpu
    memory = var.maximum_capacity.memory
  }

  dynamic "initial_capacity" {
    for_each = var.initial_driver.worker_count > 0 ? [var.initial_driver] : []
    content {
      initial_capacity_type = "Driver"
      initial_capacity_config {
        worker_count = initial_capacity.value.worker_count
        worker_configuration {
          cpu    = initial_capacity.value.cpu
          memory = initial_capacity.value.memory
        }
      }
    }
  }

  tags = merge(
    { Name = "${var.name_prefix}-spark" },
    var.right_sizing == null ? {} : {
      RightSizingMaxCpu    = var.right_sizing.max_cpu
      RightSizingMaxMemory = var.right_sizing.max_memory
      RightSizingReport    = var.right_sizing.report
    },
  )
}

resource "aws_cloudwatch_log_group" "jobs" {
  name              = "/aws/emr-serverless/${var.name_prefix}-spark"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.log_kms_key_arn

  tags = { Name = "/aws/emr-serverless/${var.name_prefix}-spark" }
}
