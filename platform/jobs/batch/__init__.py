"""Batch jobs: historical loader, reprocessing with Iceberg time travel, Step Functions handlers."""
