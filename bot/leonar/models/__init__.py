"""Typed views of Leonar's answers, one module per API group (``contacts``, ``projects``,
``sourcing``, ``enrichment``, ``deals``, ``outreach``) on ``common`` (the base model, the
enum-like values, pages); every model is importable from here.

Every model keeps fields Leonar adds later (``extra="allow"``); optional fields default to None;
enum-like fields are plain ``str`` with the known values as constants (unknown values pass).
Timestamps and dates are kept as the ISO strings Leonar sent.
"""

from __future__ import annotations

from bot.leonar.models.common import (
    ApiType,
    DealStatus,
    EnrichmentStatus,
    EnrichmentType,
    GlobalStatus,
    LeonarModel,
    MessageChannel,
    Page,
    PageMeta,
    ProjectStatus,
    TagScope,
)
from bot.leonar.models.contacts import Contact, ContactTag, Email, Note, Phone, Tag
from bot.leonar.models.deals import Company, Deal, DealContact, DealPipeline, DealPipelineStage
from bot.leonar.models.enrichment import Enrichment, EnrichmentRequest, EnrichmentResult
from bot.leonar.models.outreach import EnrollContact, EnrollResult, Message, Sequence
from bot.leonar.models.projects import (
    PipelineStage,
    Project,
    ProjectEntry,
    ProjectPipeline,
    ProjectSummary,
    StageRef,
)
from bot.leonar.models.sourcing import (
    AddToProjectResult,
    ApiStatus,
    ConnectedAccount,
    CurrentJob,
    LinkedInEducation,
    LinkedInExperience,
    LinkedInProfile,
    Location,
    SourcingPage,
)

__all__ = [
    "AddToProjectResult",
    "ApiStatus",
    "ApiType",
    "Company",
    "ConnectedAccount",
    "Contact",
    "ContactTag",
    "CurrentJob",
    "Deal",
    "DealContact",
    "DealPipeline",
    "DealPipelineStage",
    "DealStatus",
    "Email",
    "EnrichmentRequest",
    "EnrichmentResult",
    "Enrichment",
    "EnrichmentStatus",
    "EnrichmentType",
    "EnrollContact",
    "EnrollResult",
    "GlobalStatus",
    "LeonarModel",
    "LinkedInEducation",
    "LinkedInExperience",
    "LinkedInProfile",
    "Location",
    "Message",
    "MessageChannel",
    "Note",
    "Page",
    "PageMeta",
    "Phone",
    "PipelineStage",
    "Project",
    "ProjectEntry",
    "ProjectPipeline",
    "ProjectStatus",
    "ProjectSummary",
    "Sequence",
    "SourcingPage",
    "StageRef",
    "Tag",
    "TagScope",
]
