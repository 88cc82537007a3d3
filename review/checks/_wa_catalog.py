"""AWS Well-Architected Framework best-practice ids and titles (framework 2024 edition).

The subset of best practices the checks cite, with their official titles; the registry rejects
a check whose ``bp_id`` is not listed here, so a typo cannot ship. Add the id and title of the
best practice here when a new check needs one (titles from docs.aws.amazon.com/wellarchitected).
"""

from __future__ import annotations

from coattail.review.model import Pillar

BEST_PRACTICES: dict[str, str] = {
    # Operational excellence
    "OPS04-BP01": "Identify key performance indicators",
    "OPS04-BP02": "Implement application telemetry",
    "OPS04-BP03": "Implement user experience telemetry",
    "OPS04-BP04": "Implement dependency telemetry",
    "OPS04-BP05": "Implement distributed tracing",
    "OPS05-BP01": "Use version control",
    "OPS05-BP02": "Test and validate changes",
    "OPS05-BP03": "Use configuration management systems",
    "OPS05-BP04": "Use build and deployment management systems",
    "OPS05-BP05": "Perform patch management",
    "OPS05-BP06": "Share design standards",
    "OPS05-BP07": "Implement practices to improve code quality",
    "OPS05-BP08": "Use multiple environments",
    "OPS05-BP09": "Make frequent, small, reversible changes",
    "OPS05-BP10": "Fully automate integration and deployment",
    "OPS06-BP01": "Plan for unsuccessful changes",
    "OPS06-BP04": "Automate testing and rollback",
    "OPS07-BP03": "Use runbooks to perform procedures",
    "OPS07-BP04": "Use playbooks to investigate issues",
    "OPS08-BP01": "Analyze workload metrics",
    "OPS08-BP02": "Analyze workload logs",
    "OPS08-BP03": "Analyze workload traces",
    "OPS08-BP04": "Create actionable alerts",
    "OPS08-BP05": "Create dashboards",
    "OPS10-BP02": "Have a process per alert",
    "OPS10-BP07": "Automate responses to events",
    # Security
    "SEC01-BP06": "Automate deployment of standard security controls",
    "SEC02-BP01": "Use strong sign-in mechanisms",
    "SEC02-BP02": "Use temporary credentials",
    "SEC02-BP03": "Store and use secrets securely",
    "SEC02-BP05": "Audit and rotate credentials periodically",
    "SEC03-BP01": "Define access requirements",
    "SEC03-BP02": "Grant least privilege access",
    "SEC03-BP04": "Reduce permissions continuously",
    "SEC03-BP07": "Analyze public and cross-account access",
    "SEC04-BP01": "Configure service and application logging",
    "SEC04-BP02": "Capture logs, findings, and metrics in standardized locations",
    "SEC05-BP01": "Create network layers",
    "SEC05-BP03": "Implement inspection-based protection",
    "SEC06-BP01": "Perform vulnerability management",
    "SEC06-BP02": "Provision compute from hardened images",
    "SEC07-BP01": "Understand your data classification scheme",
    "SEC07-BP02": "Apply data protection controls based on data sensitivity",
    "SEC07-BP04": "Define scalable data lifecycle management",
    "SEC08-BP01": "Implement secure key management",
    "SEC08-BP02": "Enforce encryption at rest",
    "SEC08-BP04": "Enforce access control",
    "SEC09-BP01": "Implement secure key and certificate management",
    "SEC09-BP02": "Enforce encryption in transit",
    "SEC11-BP02": "Automate testing throughout the development and release lifecycle",
    "SEC11-BP06": "Deploy software programmatically",
    "SEC11-BP07": "Regularly assess security properties of the pipelines",
    # Reliability
    "REL03-BP03": "Provide service contracts per API",
    "REL04-BP02": "Implement loosely coupled dependencies",
    "REL04-BP04": "Make mutating operations idempotent",
    "REL05-BP02": "Throttle requests",
    "REL05-BP03": "Control and limit retry calls",
    "REL05-BP04": "Fail fast and limit queues",
    "REL05-BP05": "Set client timeouts",
    "REL06-BP01": "Monitor all components for the workload (Generation)",
    "REL06-BP02": "Define and calculate metrics (Aggregation)",
    "REL06-BP03": "Send notifications (Real-time processing and alarming)",
    "REL06-BP04": "Automate responses (Real-time processing and alarming)",
    "REL07-BP01": "Use automation when obtaining or scaling resources",
    "REL08-BP05": "Deploy changes with automation",
    "REL09-BP01": "Identify and back up all data that needs to be backed up, or reproduce the data from "
    "sources",
    "REL09-BP02": "Secure and encrypt backups",
    "REL09-BP03": "Perform data backup automatically",
    "REL10-BP01": "Deploy the workload to multiple locations",
    "REL11-BP03": "Automate healing on all layers",
    "REL11-BP06": "Send notifications when events impact availability",
    "REL13-BP02": "Use defined recovery strategies to meet the recovery objectives",
    # Performance efficiency
    "PERF01-BP01": "Learn about and understand available cloud services and features",
    "PERF02-BP01": "Select the best compute options for your workload",
    "PERF02-BP02": "Understand the available compute configuration and features",
    "PERF02-BP03": "Collect compute-related metrics",
    "PERF02-BP04": "Configure and right-size compute resources",
    "PERF02-BP05": "Scale your compute resources dynamically",
    "PERF03-BP01": "Use a purpose-built data store that best supports your data access and storage "
    "requirements",
    "PERF03-BP02": "Evaluate available configuration options for data store",
    "PERF03-BP03": "Collect and record data store performance metrics",
    "PERF03-BP04": "Implement strategies to improve query performance in data store",
    "PERF03-BP05": "Implement data access patterns that utilize caching",
    "PERF05-BP02": "Use monitoring solutions to understand the areas where performance is most critical",
    "PERF05-BP06": "Keep your workload and services up-to-date",
    # Cost optimization
    "COST01-BP06": "Monitor cost proactively",
    "COST02-BP05": "Implement cost controls",
    "COST03-BP02": "Add organization information to cost and usage",
    "COST03-BP05": "Configure billing and cost management tools",
    "COST04-BP04": "Decommission resources automatically",
    "COST04-BP05": "Enforce data retention policies",
    "COST05-BP05": "Select components of this workload to optimize cost in line with organization priorities",
    "COST06-BP02": "Select resource type, size, and number based on data",
    "COST06-BP03": "Select resource type, size, and number automatically based on metrics",
    "COST07-BP01": "Perform pricing model analysis",
    "COST08-BP02": "Select components to optimize data transfer cost",
    "COST09-BP03": "Supply resources dynamically",
    # Sustainability
    "SUS02-BP01": "Scale workload infrastructure dynamically",
    "SUS02-BP03": "Stop the creation and maintenance of unused assets",
    "SUS02-BP06": "Implement buffering or throttling to flatten the demand curve",
    "SUS03-BP01": "Optimize software and architecture for asynchronous and scheduled jobs",
    "SUS04-BP02": "Use technologies that support data access and storage patterns",
    "SUS04-BP03": "Use policies to manage the lifecycle of your datasets",
    "SUS04-BP05": "Remove unneeded or redundant data",
    "SUS05-BP01": "Use the minimum amount of hardware to meet your needs",
    "SUS05-BP02": "Use instance types with the least impact",
    "SUS05-BP03": "Use managed services",
}

PILLAR_PREFIX: dict[str, Pillar] = {
    "OPS": Pillar.OPERATIONAL_EXCELLENCE,
    "SEC": Pillar.SECURITY,
    "REL": Pillar.RELIABILITY,
    "PERF": Pillar.PERFORMANCE_EFFICIENCY,
    "COST": Pillar.COST_OPTIMIZATION,
    "SUS": Pillar.SUSTAINABILITY,
}


def pillar_of(bp_id: str) -> Pillar:
    """The pillar a best-practice id belongs to (``SEC08-BP02`` -> security)."""
    return PILLAR_PREFIX[bp_id.split("-", 1)[0].rstrip("0123456789")]


def bp_title(bp_id: str) -> str:
    return BEST_PRACTICES[bp_id]
