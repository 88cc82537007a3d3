# The producer's compute: one Fargate task (all exchange connectors in one async process) on an
# ECS cluster, its image repository and log group. Started/stopped by scripts/start.sh|stop.sh.

resource "aws_ecr_repository" "producer" {
  name                 = "${local.name_prefix}-producer"
  image_tag_mutability = "IMMUTABLE"
  force_delete         = true

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS" # AWS-managed aws/ecr key
  }

  tags = { Name = "${local.name_prefix}-producer" }
}

# Images are immutable, so every push keeps one; expire what no deployment can still name.
resource "aws_ecr_lifecycle_policy" "producer" {
  repository = aws_ecr_repository.producer.name
  policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "untagged layers of superseded pushes"
        selection    = { tagStatus = "untagged", countType = "sinceImagePushed", countUnit = "days", countNumber = 7 }
        action       = { type = "expire" }
      },
      {
        rulePriority = 2
        description  = "keep the last 10 images (rollback window)"
        selection    = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = 10 }
        action       = { type = "expire" }
      },
    ]
  })
}

resource "aws_cloudwatch_log_group" "producer" {
  name              = "/ecs/${local.name_prefix}-producer"
  retention_in_days = var.monitoring.log_retention_days
  kms_key_id        = module.monitoring.kms_key_arn

  tags = { Name = "/ecs/${local.name_prefix}-producer" }
}

resource "aws_ecs_cluster" "producer" {
  name = "${local.name_prefix}-producer"

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  tags = { Name = "${local.name_prefix}-producer" }
}

resource "aws_ecs_task_definition" "producer" {
  family                   = "${local.name_prefix}-producer"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = tostring(var.producer.cpu)
  memory                   = tostring(var.producer.memory_mb)
  execution_role_arn       = module.iam.role_arns["producer_execution"]
  task_role_arn            = module.iam.role_arns["producer_task"]

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  container_definitions = jsonencode([
    {
      name                   = "producer"
      image                  = "${aws_ecr_repository.producer.repository_url}:${var.producer.image_tag}"
      essential              = true
      command                = ["ctc", "producer", "run"]
      readonlyRootFilesystem = true
      environment = [
        { name = "CTC_PROJECT", value = var.project },
        { name = "CTC_ENVIRONMENT", value = var.environment },
        { name = "AWS_REGION", value = var.aws_region },
      ]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.producer.name
          awslogs-region        = var.aws_region
          awslogs-stream-prefix = "producer"
        }
      }
    }
  ])

  tags = { Name = "${local.name_prefix}-producer" }
}
