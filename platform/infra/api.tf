# Lambda functions (alerts API + the batch workflow's steps) and the REST API in front of the
# alerts API. Packages are built in Python by `coattail.cli.lambda_build` into var.lambda_package_dir.

locals {
  batch_functions = {
    historical_load    = { handler = "coattail.jobs.batch.lambda_handlers.historical_load", timeout = 900, memory = 512 }
    run_quality_checks = { handler = "coattail.jobs.batch.lambda_handlers.run_quality_checks", timeout = 900, memory = 512 }
    update_catalog     = { handler = "coattail.jobs.batch.lambda_handlers.update_catalog", timeout = 300, memory = 256 }
  }
  api_package   = "${local.lambda_package_dir}/api.zip"
  batch_package = "${local.lambda_package_dir}/batch.zip"
}

# Failed asynchronous invocations land here instead of vanishing.
resource "aws_sqs_queue" "lambda_dlq" {
  name                      = "${local.name_prefix}-lambda-dlq"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true

  tags = { Name = "${local.name_prefix}-lambda-dlq" }
}

# The functions write through their execution roles; the queue's own policy only refuses
# plain-HTTP requests.
data "aws_iam_policy_document" "lambda_dlq" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["sqs:*"]
    resources = [aws_sqs_queue.lambda_dlq.arn]
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

resource "aws_sqs_queue_policy" "lambda_dlq" {
  queue_url = aws_sqs_queue.lambda_dlq.id
  policy    = data.aws_iam_policy_document.lambda_dlq.json
}

resource "aws_cloudwatch_log_group" "lambda" {
  for_each = local.lambda_function_names

  name              = "/aws/lambda/${each.value}"
  retention_in_days = var.monitoring.log_retention_days
  kms_key_id        = module.monitoring.kms_key_arn

  tags = { Name = "/aws/lambda/${each.value}" }
}

resource "aws_lambda_function" "api" {
  function_name                  = local.lambda_function_names.api
  description                    = "Alerts API: GET /alerts, GET /metrics/{symbol}."
  role                           = module.iam.role_arns["lambda_api"]
  runtime                        = "python3.12"
  architectures                  = ["arm64"] # pure-Python packages: Graviton is ~20 % cheaper per GB-s
  handler                        = "coattail.api.handler.lambda_handler"
  filename                       = local.api_package
  source_code_hash               = filebase64sha256(local.api_package)
  memory_size                    = var.api.memory_mb
  timeout                        = var.api.timeout_seconds
  reserved_concurrent_executions = var.api.reserved_concurrency

  environment {
    variables = {
      ALERTS_TABLE_NAME  = aws_dynamodb_table.alerts.name
      TRADES_STREAM_NAME = module.kinesis.trades_stream_name
      EMR_APPLICATION_ID = module.emr_serverless.application_id
      SYMBOLS            = join(",", var.symbols)
      CTC_PROJECT        = var.project
      CTC_ENVIRONMENT    = var.environment
      LOG_LEVEL          = "INFO"
    }
  }

  tracing_config {
    mode = "Active"
  }

  dead_letter_config {
    target_arn = aws_sqs_queue.lambda_dlq.arn
  }

  tags = { Name = local.lambda_function_names.api }

  depends_on = [aws_cloudwatch_log_group.lambda]
}

resource "aws_lambda_function" "batch" {
  for_each = local.batch_functions

  function_name                  = local.lambda_function_names[each.key]
  description                    = "Batch workflow step ${each.key}."
  role                           = module.iam.role_arns["lambda_batch"]
  runtime                        = "python3.12"
  architectures                  = ["arm64"]
  handler                        = each.value.handler
  filename                       = local.batch_package
  source_code_hash               = filebase64sha256(local.batch_package)
  memory_size                    = each.value.memory
  timeout                        = each.value.timeout
  reserved_concurrent_executions = 1

  environment {
    variables = {
      RAW_BUCKET      = module.s3_lakehouse.bucket_names["raw"]
      GLUE_DATABASE   = module.glue.database_name
      SYMBOLS         = join(",", var.symbols)
      CTC_PROJECT     = var.project
      CTC_ENVIRONMENT = var.environment
      LOG_LEVEL       = "INFO"
    }
  }

  tracing_config {
    mode = "Active"
  }

  dead_letter_config {
    target_arn = aws_sqs_queue.lambda_dlq.arn
  }

  tags = { Name = local.lambda_function_names[each.key] }

  depends_on = [aws_cloudwatch_log_group.lambda]
}

# ---------------------------------------------------------------- REST API

resource "aws_cloudwatch_log_group" "api_access" {
  name              = "/aws/apigateway/${local.name_prefix}-api/access"
  retention_in_days = var.monitoring.log_retention_days
  kms_key_id        = module.monitoring.kms_key_arn

  tags = { Name = "/aws/apigateway/${local.name_prefix}-api/access" }
}

# Account-level setting (one per region): the role API Gateway writes logs with.
resource "aws_api_gateway_account" "this" {
  cloudwatch_role_arn = module.iam.role_arns["apigateway_logs"]
}

resource "aws_api_gateway_rest_api" "alerts" {
  name        = "${local.name_prefix}-api"
  description = "Coat Tail Capital alerts API (read-only)."

  endpoint_configuration {
    types = ["REGIONAL"]
  }

  lifecycle {
    create_before_destroy = true
  }

  tags = { Name = "${local.name_prefix}-api" }
}

resource "aws_api_gateway_resource" "alerts" {
  rest_api_id = aws_api_gateway_rest_api.alerts.id
  parent_id   = aws_api_gateway_rest_api.alerts.root_resource_id
  path_part   = "alerts"
}

resource "aws_api_gateway_resource" "metrics" {
  rest_api_id = aws_api_gateway_rest_api.alerts.id
  parent_id   = aws_api_gateway_rest_api.alerts.root_resource_id
  path_part   = "metrics"
}

resource "aws_api_gateway_resource" "metrics_symbol" {
  rest_api_id = aws_api_gateway_rest_api.alerts.id
  parent_id   = aws_api_gateway_resource.metrics.id
  path_part   = "{symbol}"
}

resource "aws_api_gateway_resource" "health" {
  rest_api_id = aws_api_gateway_rest_api.alerts.id
  parent_id   = aws_api_gateway_rest_api.alerts.root_resource_id
  path_part   = "health"
}

locals {
  api_routes = {
    alerts = {
      resource_id = aws_api_gateway_resource.alerts.id
      cache_keys  = []
      parameters = {
        "method.request.querystring.type"   = false
        "method.request.querystring.symbol" = false
        "method.request.querystring.limit"  = false
        "method.request.querystring.since"  = false
        "method.request.querystring.next"   = false
      }
    }
    metrics = {
      resource_id = aws_api_gateway_resource.metrics_symbol.id
      cache_keys  = ["method.request.path.symbol"] # with api.cache_size_gb: one entry per symbol
      parameters  = { "method.request.path.symbol" = true }
    }
    health = {
      resource_id = aws_api_gateway_resource.health.id
      cache_keys  = []
      parameters  = {}
    }
  }
}

resource "aws_api_gateway_request_validator" "params" {
  name                        = "${local.name_prefix}-params"
  rest_api_id                 = aws_api_gateway_rest_api.alerts.id
  validate_request_parameters = true
  validate_request_body       = false
}

# Public market data, read-only: no authorizer (throttling + the Lambda's input validation
# protect it; see the checkov suppression file for the trade-off).
resource "aws_api_gateway_method" "get" {
  for_each = local.api_routes

  rest_api_id          = aws_api_gateway_rest_api.alerts.id
  resource_id          = each.value.resource_id
  http_method          = "GET"
  authorization        = "NONE"
  request_parameters   = each.value.parameters
  request_validator_id = aws_api_gateway_request_validator.params.id
}

resource "aws_api_gateway_integration" "get" {
  for_each = local.api_routes

  rest_api_id             = aws_api_gateway_rest_api.alerts.id
  resource_id             = each.value.resource_id
  http_method             = aws_api_gateway_method.get[each.key].http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = aws_lambda_function.api.invoke_arn
  cache_key_parameters    = each.value.cache_keys
}

resource "aws_lambda_permission" "api_gateway" {
  statement_id  = "AllowApiGatewayInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.api.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.alerts.execution_arn}/*/GET/*"
}

resource "aws_api_gateway_deployment" "alerts" {
  rest_api_id = aws_api_gateway_rest_api.alerts.id

  triggers = {
    redeployment = sha1(jsonencode([
      # Configuration values only: what the API returns can differ in form ({} vs null).
      local.api_routes,
      { for key, method in aws_api_gateway_method.get : key => method.id },
      { for key, integration in aws_api_gateway_integration.get : key => [integration.id, integration.uri] },
    ]))
  }

  lifecycle {
    create_before_destroy = true
  }

  depends_on = [aws_api_gateway_integration.get]
}

resource "aws_api_gateway_stage" "alerts" {
  rest_api_id          = aws_api_gateway_rest_api.alerts.id
  deployment_id        = aws_api_gateway_deployment.alerts.id
  stage_name           = var.api.stage_name
  xray_tracing_enabled = true
  # api.cache_size_gb: a cache cluster bills by the hour while it exists (seed: "No API caching yet")
  cache_cluster_enabled = var.api.cache_size_gb != null
  cache_cluster_size    = var.api.cache_size_gb

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    format = jsonencode({
      requestId      = "$context.requestId"
      ip             = "$context.identity.sourceIp"
      requestTime    = "$context.requestTime"
      httpMethod     = "$context.httpMethod"
      resourcePath   = "$context.resourcePath"
      status         = "$context.status"
      responseLength = "$context.responseLength"
      latencyMs      = "$context.responseLatency"
    })
  }

  tags = { Name = "${local.name_prefix}-api-${var.api.stage_name}" }

  depends_on = [aws_api_gateway_account.this]
}

# Stage-wide throttling (every method), metrics and error logging.
resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.alerts.id
  stage_name  = aws_api_gateway_stage.alerts.stage_name
  method_path = "*/*"

  settings {
    throttling_rate_limit  = var.api.throttling_rate_limit
    throttling_burst_limit = var.api.throttling_burst_limit
    metrics_enabled        = true
    logging_level          = "ERROR"
    data_trace_enabled     = false
  }
}

# api.cache_size_gb: GET /metrics/{symbol} served from the stage cache, one entry per symbol
# (the integration's cache key), for api.cache_ttl_seconds (the dashboard's poll interval). A method's
# own settings replace the stage-wide "*/*" ones for that method, so throttling and logging are repeated.
resource "aws_api_gateway_method_settings" "metrics_cache" {
  count = var.api.cache_size_gb == null ? 0 : 1

  rest_api_id = aws_api_gateway_rest_api.alerts.id
  stage_name  = aws_api_gateway_stage.alerts.stage_name
  method_path = "metrics/{symbol}/GET"

  settings {
    throttling_rate_limit                      = var.api.throttling_rate_limit
    throttling_burst_limit                     = var.api.throttling_burst_limit
    metrics_enabled                            = true
    logging_level                              = "ERROR"
    data_trace_enabled                         = false
    caching_enabled                            = true
    cache_ttl_in_seconds                       = var.api.cache_ttl_seconds
    cache_data_encrypted                       = true
    require_authorization_for_cache_control    = true
    unauthorized_cache_control_header_strategy = "SUCCEED_WITH_RESPONSE_HEADER"
  }
}

# api.waf_rate_limit: a regional web ACL on the stage that blocks anonymising proxies, known bad inputs
# and a client IP above the limit.
locals {
  waf_managed_rule_groups = [
    { name = "anonymous-ip", group = "AWSManagedRulesAnonymousIpList", count_only = ["HostingProviderIPList"] },
    { name = "known-bad-inputs", group = "AWSManagedRulesKnownBadInputsRuleSet", count_only = [] },
  ]
}

resource "aws_wafv2_web_acl" "api" {
  count = var.api.waf_rate_limit == null ? 0 : 1

  name  = "${local.name_prefix}-api"
  scope = "REGIONAL"

  default_action {
    allow {}
  }

  # AWS managed rule groups first: anonymising proxies (Tor exits, VPN services) blocked, cloud hosting
  # addresses only counted (a dashboard may run on a cloud host); known bad inputs (Log4j JNDI
  # lookups, exploit paths) blocked.
  dynamic "rule" {
    for_each = local.waf_managed_rule_groups
    content {
      name     = rule.value.name
      priority = rule.key

      override_action {
        none {}
      }

      statement {
        managed_rule_group_statement {
          name        = rule.value.group
          vendor_name = "AWS"

          dynamic "rule_action_override" {
            for_each = rule.value.count_only
            content {
              name = rule_action_override.value
              action_to_use {
                count {}
              }
            }
          }
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = "${local.name_prefix}-api-${rule.value.name}"
        sampled_requests_enabled   = true
      }
    }
  }

  rule {
    name     = "rate-per-ip"
    priority = length(local.waf_managed_rule_groups)

    action {
      block {}
    }

    statement {
      rate_based_statement {
        limit              = var.api.waf_rate_limit
        aggregate_key_type = "IP"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.name_prefix}-api-rate-per-ip"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "${local.name_prefix}-api"
    sampled_requests_enabled   = true
  }

  tags = { Name = "${local.name_prefix}-api" }
}

resource "aws_wafv2_web_acl_association" "api" {
  count = var.api.waf_rate_limit == null ? 0 : 1

  resource_arn = aws_api_gateway_stage.alerts.arn
  web_acl_arn  = aws_wafv2_web_acl.api[0].arn
}

# The web ACL's request log (blocked requests only: what was stopped and why), encrypted like the
# other log groups; WAF requires the aws-waf-logs- name prefix.
resource "aws_cloudwatch_log_group" "waf" {
  count = var.api.waf_rate_limit == null ? 0 : 1

  name              = "aws-waf-logs-${local.name_prefix}-api"
  retention_in_days = var.monitoring.log_retention_days
  kms_key_id        = module.monitoring.kms_key_arn

  tags = { Name = "aws-waf-logs-${local.name_prefix}-api" }
}

resource "aws_wafv2_web_acl_logging_configuration" "api" {
  count = var.api.waf_rate_limit == null ? 0 : 1

  resource_arn            = aws_wafv2_web_acl.api[0].arn
  log_destination_configs = [aws_cloudwatch_log_group.waf[0].arn]

  logging_filter {
    default_behavior = "DROP"

    filter {
      behavior    = "KEEP"
      requirement = "MEETS_ANY"

      condition {
        action_condition {
          action = "BLOCK"
        }
      }
    }
  }
}
