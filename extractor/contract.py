"""The output contract (../shared/CONTRACT.md) as pydantic models: the one place it is defined."""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

Span = tuple[int, int]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _ocr_confidence():
    """Only in output read by OCR: absent (not null) for text inputs."""
    return Field(None, exclude_if=lambda v: v is None, ge=0, le=1,
                 description="Text read by OCR: the lowest OCR word confidence (0-1) over the item's span")


class OCRInfo(_Model):
    used: bool = False
    engine: Optional[str] = None
    lang: Optional[str] = None
    mean_confidence: Optional[float] = None


class Source(_Model):
    filename: Optional[str] = None
    sha256: str
    media_type: str
    encoding: Optional[str] = Field(None, description="Text encoding the input was decoded from")
    pages: Optional[int] = None
    ocr: OCRInfo = Field(default_factory=OCRInfo)


class Signer(_Model):
    name: Optional[str] = None
    position: Optional[str] = None
    on_behalf: Optional[str] = None


class Metadata(_Model):
    number: Optional[str] = None
    doc_type: Optional[str] = None
    issuer: Optional[str] = None
    place: Optional[str] = None
    issue_date: Optional[str] = Field(None, description="ISO date; null when the document leaves it blank")
    title: Optional[str] = None
    plan_year: Optional[int] = None
    signer: Signer = Field(default_factory=Signer)
    recipients: list[str] = Field(default_factory=list)


SectionKind = Literal["purpose", "requirements", "objectives", "targets", "tasks", "budget",
                      "organization", "reporting", "other"]


class Section(_Model):
    id: str
    number: str
    level: int
    title: str
    kind: Optional[SectionKind] = None
    parent: Optional[str] = None
    span: Span
    rule: Optional[str] = Field(None, description="The rule that recognised the heading")
    confidence: Optional[float] = _ocr_confidence()


class Mention(_Model):
    text: str
    span: Span
    section: Optional[str] = None
    confidence: Optional[float] = _ocr_confidence()


class LegalRef(_Model):
    id: str
    type: Optional[str] = None
    number: Optional[str] = None
    date: Optional[str] = None
    issuer: Optional[str] = None
    subject: Optional[str] = None
    name: Optional[str] = None
    year: Optional[int] = None
    role: Literal["basis", "mention"] = "mention"
    mentions: list[Mention] = Field(default_factory=list)


class Percentage(_Model):
    value: float
    text: str
    span: Span
    section: Optional[str] = None
    confidence: Optional[float] = _ocr_confidence()


Comparator = Literal["=", ">=", ">", "<=", "<", "reduce", "increase", "maintain"]


class TargetValue(_Model):
    value: Optional[float] = None
    unit: Optional[str] = None
    comparator: Comparator = "="


class Target(_Model):
    id: str
    text: str
    indicator: Optional[str] = None
    values: list[TargetValue] = Field(default_factory=list)
    years: list[int] = Field(default_factory=list)
    span: Span
    section: Optional[str] = None
    confidence: Optional[float] = _ocr_confidence()


class Unit(_Model):
    name: str
    canonical: str
    role: Literal["lead", "cooperate"]
    task: Optional[str] = None
    text: str
    span: Span
    section: Optional[str] = None
    rule: Optional[str] = None
    confidence: Optional[float] = _ocr_confidence()


class Deadline(_Model):
    id: str
    text: str
    kind: Literal["deadline", "period", "date", "recurring"]
    start: Optional[str] = None
    end: Optional[str] = None
    year_inferred: bool = False
    task: Optional[str] = None
    span: Span
    section: Optional[str] = None
    confidence: Optional[float] = _ocr_confidence()


class Task(_Model):
    id: str
    section: Optional[str] = None
    text: str
    span: Optional[Span] = None
    lead: list[str] = Field(default_factory=list)
    cooperate: list[str] = Field(default_factory=list)
    deadlines: list[str] = Field(default_factory=list)
    legal_refs: list[str] = Field(default_factory=list)


class Warning_(_Model):
    code: str
    message: str
    page: Optional[int] = None


class Extraction(_Model):
    """One extracted document."""
    model_config = ConfigDict(extra="forbid", title="Extraction")

    schema_version: str = SCHEMA_VERSION
    source: Source
    text: str
    metadata: Metadata
    sections: list[Section] = Field(default_factory=list)
    legal_refs: list[LegalRef] = Field(default_factory=list)
    percentages: list[Percentage] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    units: list[Unit] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    warnings: list[Warning_] = Field(default_factory=list)


def json_schema() -> dict:
    return Extraction.model_json_schema()
