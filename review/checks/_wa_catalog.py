"""AWS Well-Architected Framework best-practice ids and titles (framework 2024 edition).

The subset of best practices the checks cite, with their official titles; the registry rejects
a check whose ``bp_id`` is not listed here, so a typo cannot ship. Add the id and title of the
best practice here when a new check needs one (titles from docs.aws.amazon.com/wellarchitected),
with its question's title and its risk level: the "Level of risk exposed if this best practice is
not established" printed on the best practice's page (read from the framework pages under
docs.aws.amazon.com/wellarchitected/latest/framework/, as mirrored on 2026-05-20 by the
sjramblings/aws-well-architected-corpus repository and cross-checked against a second copy).
The scoring rubric (``coattail.review.scoring``) turns an unmet best practice into a question risk
of this level, as the Well-Architected Tool does.
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
    # Security (account foundations)
    "SEC01-BP02": "Secure account root user and properties",
    "SEC02-BP06": "Employ user groups and attributes",
}

# The Well-Architected question each best practice answers (``SEC08-BP02`` -> ``SEC08``).
QUESTIONS: dict[str, str] = {
    "OPS04": "How do you implement observability in your workload?",
    "OPS05": "How do you reduce defects, ease remediation, and improve flow into production?",
    "OPS06": "How do you mitigate deployment risks?",
    "OPS07": "How do you know that you are ready to support a workload?",
    "OPS08": "How do you utilize workload observability in your organization?",
    "OPS10": "How do you manage workload and operations events?",
    "SEC01": "How do you securely operate your workload?",
    "SEC02": "How do you manage authentication for people and machines?",
    "SEC03": "How do you manage permissions for people and machines?",
    "SEC04": "How do you detect and investigate security events?",
    "SEC05": "How do you protect your network resources?",
    "SEC06": "How do you protect your compute resources?",
    "SEC07": "How do you classify your data?",
    "SEC08": "How do you protect your data at rest?",
    "SEC09": "How do you protect your data in transit?",
    "SEC11": "How do you incorporate and validate the security properties of applications "
    "throughout the design, development, and deployment lifecycle?",
    "REL03": "How do you design your workload service architecture?",
    "REL04": "How do you design interactions in a distributed system to prevent failures?",
    "REL05": "How do you design interactions in a distributed system to mitigate or withstand failures?",
    "REL06": "How do you monitor workload resources?",
    "REL07": "How do you design your workload to adapt to changes in demand?",
    "REL08": "How do you implement change?",
    "REL09": "How do you back up data?",
    "REL10": "How do you use fault isolation to protect your workload?",
    "REL11": "How do you design your workload to withstand component failures?",
    "REL13": "How do you plan for disaster recovery (DR)?",
    "PERF01": "How do you select appropriate cloud resources and architecture for your workload?",
    "PERF02": "How do you select and use compute resources in your workload?",
    "PERF03": "How do you store, manage, and access data in your workload?",
    "PERF05": "How do your organizational practices and culture contribute to performance "
    "efficiency in your workload?",
    "COST01": "How do you implement cloud financial management?",
    "COST02": "How do you govern usage?",
    "COST03": "How do you monitor your cost and usage?",
    "COST04": "How do you decommission resources?",
    "COST05": "How do you evaluate cost when you select services?",
    "COST06": "How do you meet cost targets when you select resource type, size and number?",
    "COST07": "How do you use pricing models to reduce cost?",
    "COST08": "How do you plan for data transfer charges?",
    "COST09": "How do you manage demand, and supply resources?",
    "SUS02": "How do you align cloud resources to your demand?",
    "SUS03": "How do you take advantage of software and architecture patterns to support your "
    "sustainability goals?",
    "SUS04": "How do you take advantage of data management policies and patterns to support "
    "your sustainability goals?",
    "SUS05": "How do you select and use cloud hardware and services in your architecture to "
    "support your sustainability goals?",
}

# The framework's "Level of risk exposed if this best practice is not established", per best practice.
BEST_PRACTICE_RISK: dict[str, str] = {
    "OPS04-BP01": "high",
    "OPS04-BP02": "high",
    "OPS04-BP03": "high",
    "OPS04-BP04": "high",
    "OPS04-BP05": "high",
    "OPS05-BP01": "high",
    "OPS05-BP02": "high",
    "OPS05-BP03": "medium",
    "OPS05-BP04": "medium",
    "OPS05-BP05": "medium",
    "OPS05-BP06": "medium",
    "OPS05-BP07": "medium",
    "OPS05-BP08": "medium",
    "OPS05-BP09": "low",
    "OPS05-BP10": "low",
    "OPS06-BP01": "high",
    "OPS06-BP04": "medium",
    "OPS07-BP03": "medium",
    "OPS07-BP04": "medium",
    "OPS08-BP01": "medium",
    "OPS08-BP02": "medium",
    "OPS08-BP03": "medium",
    "OPS08-BP04": "high",
    "OPS08-BP05": "medium",
    "OPS10-BP02": "high",
    "OPS10-BP07": "medium",
    "SEC01-BP06": "medium",
    "SEC02-BP01": "high",
    "SEC02-BP02": "high",
    "SEC02-BP03": "high",
    "SEC02-BP05": "high",
    "SEC03-BP01": "high",
    "SEC03-BP02": "high",
    "SEC03-BP04": "medium",
    "SEC03-BP07": "low",
    "SEC04-BP01": "high",
    "SEC04-BP02": "medium",
    "SEC05-BP01": "high",
    "SEC05-BP03": "medium",
    "SEC06-BP01": "high",
    "SEC06-BP02": "high",
    "SEC07-BP01": "high",
    "SEC07-BP02": "high",
    "SEC07-BP04": "high",
    "SEC08-BP01": "high",
    "SEC08-BP02": "high",
    "SEC08-BP04": "high",
    "SEC09-BP01": "high",
    "SEC09-BP02": "high",
    "SEC11-BP02": "medium",
    "SEC11-BP06": "high",
    "SEC11-BP07": "high",
    "REL03-BP03": "medium",
    "REL04-BP02": "high",
    "REL04-BP04": "medium",
    "REL05-BP02": "high",
    "REL05-BP03": "high",
    "REL05-BP04": "high",
    "REL05-BP05": "high",
    "REL06-BP01": "high",
    "REL06-BP02": "high",
    "REL06-BP03": "high",
    "REL06-BP04": "medium",
    "REL07-BP01": "high",
    "REL08-BP05": "medium",
    "REL09-BP01": "high",
    "REL09-BP02": "high",
    "REL09-BP03": "medium",
    "REL10-BP01": "high",
    "REL11-BP03": "high",
    "REL11-BP06": "medium",
    "REL13-BP02": "high",
    "PERF01-BP01": "high",
    "PERF02-BP01": "high",
    "PERF02-BP02": "medium",
    "PERF02-BP03": "high",
    "PERF02-BP04": "medium",
    "PERF02-BP05": "high",
    "PERF03-BP01": "high",
    "PERF03-BP02": "medium",
    "PERF03-BP03": "high",
    "PERF03-BP04": "medium",
    "PERF03-BP05": "medium",
    "PERF05-BP02": "high",
    "PERF05-BP06": "low",
    "COST01-BP06": "medium",
    "COST02-BP05": "medium",
    "COST03-BP02": "medium",
    "COST03-BP05": "high",
    "COST04-BP04": "low",
    "COST04-BP05": "medium",
    "COST05-BP05": "medium",
    "COST06-BP02": "medium",
    "COST06-BP03": "low",
    "COST07-BP01": "high",
    "COST08-BP02": "medium",
    "COST09-BP03": "low",
    "SUS02-BP01": "medium",
    "SUS02-BP03": "low",
    "SUS02-BP06": "low",
    "SUS03-BP01": "medium",
    "SUS04-BP02": "low",
    "SUS04-BP03": "medium",
    "SUS04-BP05": "medium",
    "SUS05-BP01": "medium",
    "SUS05-BP02": "medium",
    "SUS05-BP03": "medium",
    "SEC01-BP02": "high",
    "SEC02-BP06": "medium",
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


def question_of(bp_id: str) -> str:
    """The question a best practice belongs to (``SEC08-BP02`` -> ``SEC08``)."""
    return bp_id.split("-", 1)[0]


def question_title(question_id: str) -> str:
    return QUESTIONS[question_id]


def bp_risk(bp_id: str) -> str:
    """``high``, ``medium`` or ``low``: the framework's risk level when the practice is not established."""
    return BEST_PRACTICE_RISK[bp_id]
