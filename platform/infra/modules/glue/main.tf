# Glue Data Catalog database of the lakehouse and the Athena workgroup analysts query it with.
# The Iceberg tables (raw_trades, anomaly_alerts, volume_aggregates, whale_trades,
# exchange_spreads) are created by the jobs through pyiceberg, which writes the Iceberg metadata
# a Terraform-declared catalog entry would lack.

resource "aws_glue_catalog_database" "lakehouse" {
  name         = var.database_name
  description  = "Coat Tail Capital Iceberg lakehouse (market data, alerts)."
  location_uri = "s3://${var.warehouse_bucket}/warehouse/${var.database_name}.db"

  tags = { Name = var.database_name }
}

resource "aws_athena_workgroup" "analytics" {
  name          = "${var.name_prefix}-analytics"
  force_destroy = true

  configuration {
    enforce_workgroup_configuration    = true
    publish_cloudwatch_metrics_enabled = true

    result_configuration {
      output_location = "s3://${var.athena_results_bucket}/results/"

      encryption_configuration {
        encryption_option = "SSE_S3"
      }
    }
  }

  tags = { Name = "${var.name_prefix}-analytics" }
}
