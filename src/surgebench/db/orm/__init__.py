"""ORM classes, one module per aggregate. ("Model" means a client's AI model in this product, so ORM
classes are never called models.) Importing this package registers every table on ``Base.metadata``."""

from surgebench.db.orm.accounts import ApiToken, SignInSource, SignInThrottle, User, WebSession
from surgebench.db.orm.audit import AuditEntry
from surgebench.db.orm.clients import Client, ClientCompetitor
from surgebench.db.orm.estimates import QualityEstimate
from surgebench.db.orm.jobs import Job, JobInput, JobInputChunk
from surgebench.db.orm.offers import Offer, OfferTerms, OutboxMessage
from surgebench.db.orm.programs import (
    ClientModel,
    Cycle,
    Engagement,
    Outcome,
    Program,
    ProgramWorkstream,
    Workstream,
)
from surgebench.db.orm.skills import Skill
from surgebench.db.orm.specialists import Specialist, SpecialistLanguage, SpecialistSkill
from surgebench.db.orm.surges import (
    Plan,
    PlanAssignment,
    PlanDocument,
    PlanRequest,
    SurgeCompetitor,
    SurgeExclusion,
    SurgePin,
    SurgeRampDay,
    SurgeRequest,
    SurgeRole,
)
from surgebench.db.orm.upkeep import ScheduleRun

__all__ = [
    "ApiToken",
    "AuditEntry",
    "Client",
    "ClientCompetitor",
    "ClientModel",
    "Cycle",
    "Engagement",
    "Job",
    "JobInput",
    "JobInputChunk",
    "Offer",
    "OfferTerms",
    "OutboxMessage",
    "Outcome",
    "Plan",
    "PlanAssignment",
    "PlanDocument",
    "PlanRequest",
    "Program",
    "QualityEstimate",
    "ScheduleRun",
    "ProgramWorkstream",
    "SignInSource",
    "SignInThrottle",
    "Skill",
    "Specialist",
    "SpecialistLanguage",
    "SpecialistSkill",
    "SurgeCompetitor",
    "SurgeExclusion",
    "SurgePin",
    "SurgeRampDay",
    "SurgeRequest",
    "SurgeRole",
    "User",
    "WebSession",
    "Workstream",
]
