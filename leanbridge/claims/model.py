"""The claim file format, version 1, as pydantic models.

The same models give the JSON Schema (``leanbridge schema``) and validate files.  Every
scalar arrives as a string (numbers are kept exactly as printed), so the schema accepts a
YAML number or a string wherever a number is meant.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    WithJsonSchema,
)

from leanbridge import limits
from leanbridge.claims.entries import (  # noqa: F401 - defined there, without pydantic
    CLAIM_ID_RE,
    MAX_ID_LENGTH,
    MAX_TEXT_LENGTH,
    RESERVED_NAMES,
    VALUE_NAME_RE,
)

NumberText = Annotated[
    str,
    StringConstraints(max_length=limits.MAX_NUMBER_DIGITS + 16),
    WithJsonSchema(
        {
            "type": ["number", "string"],
            "description": "a number as printed: 12, 8.70, 1.5e-3 or 5%",
        }
    ),
]
FreeText = Annotated[str, StringConstraints(max_length=MAX_TEXT_LENGTH)]
ClaimId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=MAX_ID_LENGTH)]
RuleCode = Annotated[str, StringConstraints(pattern=r"^LB[0-9]{3}$")]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Paper(_Strict):
    """Optional bibliographic metadata; free strings."""

    title: FreeText | None = None
    doi: FreeText | None = None
    url: FreeText | None = None


class DataRef(_Strict):
    """Numbers read from a data file next to the claim file, pinned by its SHA-256."""

    file: Annotated[str, StringConstraints(max_length=500)] = Field(
        description="path relative to the claim file's directory; no `..`, no symlinks out"
    )
    column: FreeText | None = Field(
        default=None, description="CSV: column header; all rows unless `row` is given"
    )
    row: Annotated[str, WithJsonSchema({"type": ["integer", "string"]})] | None = Field(
        default=None, description="CSV: 0-based data row, for a single number"
    )
    key: FreeText | None = Field(
        default=None, description="JSON: dotted path to a number or a list of numbers"
    )
    sha256: Sha256


def _number_or_list(value: object) -> str:
    return "List" if isinstance(value, list) else "Number"


# One member is picked before validating, so a bad number gets one error, not one per
# member; the tags are capitalised so that error locations drop them as they drop model
# names (claims/loader.py).
NumberOrList = Annotated[
    Annotated[NumberText, Tag("Number")] | Annotated[list[NumberText], Tag("List")],
    Discriminator(_number_or_list),
]


class ValueSpec(_Strict):
    """A named input: a number or a list of numbers as printed, or numbers from a data file."""

    value: NumberOrList | None = None
    data: DataRef | None = None
    source: FreeText | None = Field(default=None, description="where the number is printed")


ValueEntry = NumberText | list[NumberText] | ValueSpec


class LintSettings(_Strict):
    ignore: list[RuleCode] = Field(default_factory=list)


class Claim(_Strict):
    id: ClaimId
    text: FreeText | None = None
    source: FreeText | None = None
    check: Annotated[str, StringConstraints(max_length=limits.MAX_CHECK_CHARS)]
    expect: Literal["holds", "fails"] | None = None
    evidence: (
        Literal["arithmetic-identity", "internal-consistency", "reproduction", "numeric"] | None
    ) = None
    inputs: Literal["exact", "rounded"] = Field(
        default="exact",
        description="rounded: each printed input on the left of a comparison stands for the "
        "interval of values that print as it",
    )
    lint: LintSettings | None = None


class ClaimFile(_Strict):
    """A leanbridge claim file, format version 1."""

    leanbridge: Annotated[
        Literal["1"], WithJsonSchema({"enum": [1, "1"], "description": "format version"})
    ]
    paper: Paper | None = None
    values: dict[str, ValueEntry] = Field(default_factory=dict)
    claims: list[Claim]


def json_schema() -> dict[str, object]:
    schema = ClaimFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "leanbridge claim file, format version 1"
    return schema
