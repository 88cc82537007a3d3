# Lake Formation governance of the lakehouse: administrators, the registered warehouse location,
# LF-Tags attached to the database, explicit data-location/database/table grants for the writer
# (EMR) role and tag-based read for analysts.

resource "aws_lakeformation_data_lake_settings" "this" {
  admins = var.admin_arns
}

resource "aws_lakeformation_lf_tag" "this" {
  for_each = var.lf_tags

  key    = each.key
  values = each.value

  depends_on = [aws_lakeformation_data_lake_settings.this]
}

resource "aws_lakeformation_resource_lf_tags" "database" {
  database {
    name = var.database_name
  }

  dynamic "lf_tag" {
    for_each = var.database_lf_tags
    content {
      key   = lf_tag.key
      value = lf_tag.value
    }
  }

  depends_on = [aws_lakeformation_lf_tag.this]
}

# Registered locations: Lake Formation (through its service-linked role) vends the S3
# credentials for the governed tables there, so table grants, not bucket policies, decide.
resource "aws_lakeformation_resource" "data_location" {
  for_each = var.data_locations

  arn                     = each.value
  use_service_linked_role = true

  depends_on = [aws_lakeformation_data_lake_settings.this]
}

resource "aws_lakeformation_permissions" "writer_data_location" {
  for_each = aws_lakeformation_resource.data_location

  principal   = var.writer_role_arn
  permissions = ["DATA_LOCATION_ACCESS"]

  data_location {
    arn = each.value.arn
  }
}

resource "aws_lakeformation_permissions" "writer_database" {
  principal   = var.writer_role_arn
  permissions = ["DESCRIBE", "CREATE_TABLE", "ALTER"]

  database {
    name = var.database_name
  }

  depends_on = [aws_lakeformation_data_lake_settings.this]
}

resource "aws_lakeformation_permissions" "writer_tables" {
  principal   = var.writer_role_arn
  permissions = ["SELECT", "INSERT", "DELETE", "DESCRIBE", "ALTER"]

  table {
    database_name = var.database_name
    wildcard      = true
  }

  depends_on = [aws_lakeformation_data_lake_settings.this]
}

resource "aws_lakeformation_permissions" "analyst_database" {
  principal   = var.analyst_role_arn
  permissions = ["DESCRIBE"]

  database {
    name = var.database_name
  }

  depends_on = [aws_lakeformation_data_lake_settings.this]
}

resource "aws_lakeformation_permissions" "analyst_tables_by_tag" {
  principal   = var.analyst_role_arn
  permissions = ["SELECT", "DESCRIBE"]

  lf_tag_policy {
    resource_type = "TABLE"

    expression {
      key    = "classification"
      values = var.analyst_classifications
    }
  }

  depends_on = [aws_lakeformation_lf_tag.this]
}
