"""Sinks of the streaming application: Iceberg (pyiceberg), DynamoDB alerts, S3 DLQ, CloudWatch."""
