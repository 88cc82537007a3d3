# Coat Tail Capital platform: exchange feeds -> producer (ECS) -> Kinesis -> Spark on EMR
# Serverless -> Iceberg lakehouse (S3 + Glue + Lake Formation) and DynamoDB alerts -> Lambda API
# behind API Gateway; daily batch on Step Functions; CloudWatch monitoring to SNS.
#
# This file: provider, naming, the eight service modules, the DynamoDB alerts table and the six
# SSM parameters of service discovery. Lambda + API Gateway: api.tf; producer compute: producer.tf.

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = merge(var.tags, {
      Project     = var.project
      Environment = var.environment
      ManagedBy   = "terraform"
    })
  }
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

data "aws_iam_session_context" "current" {
  arn = data.aws_caller_identity.current.arn
}

locals {
  # started | stopped. Not an input variable (the root's interface is the seed's 12 variables): the
  # start/stop scripts record it in ctc_run_state.json beside this module, so `terraform plan` here
  # shows no changes in either state. Stopped removes what bills by the hour while idle.
  run_state          = try(jsondecode(file("${path.module}/ctc_run_state.json")).run_state, "started")
  name_prefix        = "${var.project}-${var.environment}"
  account_id         = data.aws_caller_identity.current.account_id
  glue_database_name = "${var.project}_${var.environment}_lakehouse"
  ssm_prefix         = "/${var.project}/${var.environment}"
  lambda_package_dir = coalesce(var.lambda_package_dir, "${path.module}/build")

  lambda_function_names = {
    api                = "${local.name_prefix}-api"
    historical_load    = "${local.name_prefix}-historical-load"
    run_quality_checks = "${local.name_prefix}-run-quality-checks"
    update_catalog     = "${local.name_prefix}-update-catalog"
    auto_stop          = "${local.name_prefix}-auto-stop"
  }
  # AWS/Billing metrics exist only in us-east-1: the billing alarm and the auto-stop alarm with it.
  create_billing_alarm = var.aws_region == "us-east-1"
  state_machine_name   = "${local.name_prefix}-batch"
  # The EMR capacity the right-sizing report recommends from the measured Spark profile
  # (benchmarks/emr_sizing.py writes it); the defaults of emr_serverless's capacities.
  emr_sizing = jsondecode(file("${path.module}/sizing/emr_capacity.json"))
}

# ---------------------------------------------------------------- storage and streams

module "kinesis" {
  source = "./modules/kinesis"

  name_prefix = local.name_prefix
  run_state   = local.run_state
  trades_stream = {
    stream_mode     = var.kinesis.stream_mode
    shard_count     = var.kinesis.shard_count
    retention_hours = var.kinesis.retention_hours
  }
  dlq_stream = {
    retention_hours = var.kinesis.dlq_retention_hours
  }
  encryption = {
    type       = var.kinesis.encryption_type
    kms_key_id = var.kinesis.encryption_kms_key_id
  }
}

module "s3_lakehouse" {
  source = "./modules/s3-lakehouse"

  name_prefix = local.name_prefix
  account_id  = local.account_id
}

# Alerts written by the detectors, read by the API. alert_id is deterministic, so a replayed
# micro-batch rewrites the same item (writes are conditional on the id not existing).
resource "aws_dynamodb_table" "alerts" {
  name         = "${local.name_prefix}-alerts"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "alert_id"
  range_key    = "detected_at"

  attribute {
    name = "alert_id"
    type = "S"
  }
  attribute {
    name = "detected_at"
    type = "S"
  }
  attribute {
    name = "alert_type"
    type = "S"
  }
  attribute {
    name = "symbol"
    type = "S"
  }

  global_secondary_index {
    name            = "type-time-index"
    hash_key        = "alert_type"
    range_key       = "detected_at"
    projection_type = "ALL"
  }

  global_secondary_index {
    name            = "symbol-time-index"
    hash_key        = "symbol"
    range_key       = "detected_at"
    projection_type = "ALL"
  }

  ttl {
    attribute_name = "ttl_epoch"
    enabled        = true
  }

  server_side_encryption {
    enabled = true
  }

  # Off by default, the seed's accepted trade-off (cost pillar): alerts live 24 h and are re-derivable
  # from the Iceberg history, so continuous backups are not worth their price here (api.alerts_table_pitr).
  point_in_time_recovery {
    enabled = var.api.alerts_table_pitr
  }

  tags = { Name = "${local.name_prefix}-alerts" }
}

# ---------------------------------------------------------------- compute and catalog

module "emr_serverless" {
  source = "./modules/emr-serverless"

  name_prefix            = local.name_prefix
  release_label          = var.emr_serverless.release_label
  architecture           = var.emr_serverless.architecture
  auto_stop_idle_minutes = var.emr_serverless.auto_stop_idle_minutes
  maximum_capacity = {
    cpu    = coalesce(var.emr_serverless.max_cpu, local.emr_sizing.max_cpu)
    memory = coalesce(var.emr_serverless.max_memory, local.emr_sizing.max_memory)
  }
  initial_driver = {
    worker_count = var.emr_serverless.driver_count
    cpu          = coalesce(var.emr_serverless.driver_cpu, local.emr_sizing.driver_cpu)
    memory       = coalesce(var.emr_serverless.driver_memory, local.emr_sizing.driver_memory)
  }
  right_sizing = {
    max_cpu    = local.emr_sizing.max_cpu
    max_memory = local.emr_sizing.max_memory
    report     = local.emr_sizing.report
  }
  log_retention_days = var.monitoring.log_retention_days
  log_kms_key_arn    = module.monitoring.kms_key_arn
}

module "glue" {
  source = "./modules/glue"

  name_prefix           = local.name_prefix
  database_name         = local.glue_database_name
  warehouse_bucket      = module.s3_lakehouse.bucket_names["processed"]
  athena_results_bucket = module.s3_lakehouse.bucket_names["athena_results"]
}

# ---------------------------------------------------------------- monitoring

module "monitoring" {
  source = "./modules/monitoring"

  name_prefix            = local.name_prefix
  trades_stream_name     = module.kinesis.trades_stream_name
  alerts_table_name      = aws_dynamodb_table.alerts.name
  alarm_email            = var.monitoring.alarm_email
  create_billing_alarm   = local.create_billing_alarm
  create_auto_stop_alarm = true
  auto_stop_function_arn = aws_lambda_function.auto_stop.arn
  job_log_group_name     = module.emr_serverless.log_group_name
  thresholds = {
    billing_usd   = var.monitoring.billing_threshold_usd
    auto_stop_usd = var.monitoring.auto_stop_usd
  }
}

# ---------------------------------------------------------------- identity and governance

module "iam" {
  source = "./modules/iam"

  name_prefix          = local.name_prefix
  bucket_arns          = module.s3_lakehouse.bucket_arns
  alerts_table_arn     = aws_dynamodb_table.alerts.arn
  glue_database_name   = module.glue.database_name
  athena_workgroup_arn = module.glue.workgroup_arn
  emr_application_arn  = module.emr_serverless.application_arn
  sns_topic_arn        = module.monitoring.sns_topic_arn
  sns_kms_key_arn      = module.monitoring.kms_key_arn
  ssm_parameter_prefix = local.ssm_prefix
  state_machine_name   = local.state_machine_name

  streams = {
    trades_arn = module.kinesis.trades_stream_arn
    dlq_arn    = module.kinesis.dlq_stream_arn
  }
  lambda_function_names        = local.lambda_function_names
  lambda_dead_letter_queue_arn = aws_sqs_queue.lambda_dlq.arn
  producer_ecr_repository_arn  = aws_ecr_repository.producer.arn
  producer_cluster_name        = aws_ecs_cluster.producer.name
  log_group_arns = {
    emr_jobs         = module.emr_serverless.log_group_arn
    producer         = aws_cloudwatch_log_group.producer.arn
    lambda_api       = aws_cloudwatch_log_group.lambda["api"].arn
    lambda_batch     = [for key in ["historical_load", "run_quality_checks", "update_catalog"] : aws_cloudwatch_log_group.lambda[key].arn]
    lambda_auto_stop = aws_cloudwatch_log_group.lambda["auto_stop"].arn
    api_access       = aws_cloudwatch_log_group.api_access.arn
  }
}

module "lake_formation" {
  source = "./modules/lake-formation"

  admin_arns       = [data.aws_iam_session_context.current.issuer_arn]
  database_name    = module.glue.database_name
  data_locations   = { warehouse = module.s3_lakehouse.bucket_arns["processed"] }
  writer_role_arn  = module.iam.role_arns["emr_execution"]
  analyst_role_arn = module.iam.role_arns["analyst"]
}

# ---------------------------------------------------------------- batch workflow

module "step_functions" {
  source = "./modules/step-functions"

  name_prefix            = local.name_prefix
  state_machine_role_arn = module.iam.role_arns["step_functions"]
  scheduler_role_arn     = module.iam.role_arns["scheduler"]
  lambda_function_arns = {
    historical_load    = aws_lambda_function.batch["historical_load"].arn
    run_quality_checks = aws_lambda_function.batch["run_quality_checks"].arn
    update_catalog     = aws_lambda_function.batch["update_catalog"].arn
  }
  emr = {
    application_id     = module.emr_serverless.application_id
    execution_role_arn = module.iam.role_arns["emr_execution"]
    log_group_name     = module.emr_serverless.log_group_name
  }
  # The job code is uploaded by `scripts/start.sh` (coattail.cli.ops): the entry point, the jobs package zip and
  # the packed virtualenv of the job's Python dependencies (coattail.jobs.packaging) that driver and executors run.
  spark_job = {
    entry_point = "s3://${module.s3_lakehouse.bucket_names["processed"]}/artifacts/jobs/batch_reprocess.py"
    spark_submit_parameters = join(" ", [
      "--py-files s3://${module.s3_lakehouse.bucket_names["processed"]}/artifacts/jobs/ctc_jobs.zip",
      "--conf spark.archives=s3://${module.s3_lakehouse.bucket_names["processed"]}/artifacts/jobs/pyspark_venv.tar.gz#environment",
      "--conf spark.emr-serverless.driverEnv.PYSPARK_DRIVER_PYTHON=./environment/bin/python",
      "--conf spark.emr-serverless.driverEnv.PYSPARK_PYTHON=./environment/bin/python",
      "--conf spark.executorEnv.PYSPARK_PYTHON=./environment/bin/python",
      "--conf spark.executor.cores=1 --conf spark.executor.memory=2g",
    ])
  }
  sns_topic_arn      = module.monitoring.sns_topic_arn
  log_retention_days = var.monitoring.log_retention_days
  log_kms_key_arn    = module.monitoring.kms_key_arn
  schedule = {
    enabled = var.batch_schedule_enabled
  }
}

# ---------------------------------------------------------------- service discovery (SSM)

# The six runtime parameters every component reads (coattail.core.aws.discover_platform). Names and
# identifiers only: nothing secret lives here or in code.
locals {
  ssm_parameters = {
    "kinesis/trades-stream-name" = { value = module.kinesis.trades_stream_name, description = "Kinesis stream of unified trade events." }
    "kinesis/dlq-stream-name"    = { value = module.kinesis.dlq_stream_name, description = "Kinesis dead-letter stream of malformed feed messages." }
    "dynamodb/alerts-table-name" = { value = aws_dynamodb_table.alerts.name, description = "DynamoDB table of detector alerts." }
    "s3/bucket-names"            = { value = jsonencode(module.s3_lakehouse.bucket_names), description = "Lakehouse bucket names (JSON: raw, processed, checkpoint, athena_results)." }
    "glue/database-name"         = { value = module.glue.database_name, description = "Glue catalog database of the Iceberg lakehouse." }
    "config/symbols"             = { value = join(",", var.symbols), description = "Canonical symbols (BASE-QUOTE), comma-separated." }
  }
}

resource "aws_ssm_parameter" "runtime" {
  for_each = local.ssm_parameters

  name        = "${local.ssm_prefix}/${each.key}"
  description = each.value.description
  type        = "String"
  tier        = "Standard"
  value       = each.value.value

  tags = { Name = "${local.ssm_prefix}/${each.key}" }
}
