"""Pydantic v2 models of the same shape and rules as the SDK's `OcRecord`.

The peer must refuse what the SDK refuses, or the comparison flatters it:

- `extra="forbid"`: unknown keys are refused;
- `strict=True`: no `"1"` -> 1, no `"yes"` -> True;
- `AwareDatetime`: a naive date-time is refused;
- the same regular expressions on `record_id` and `practice_code`;
- the SDK's own enums, so the closed sets are literally the same;
- `frozen=True`, as the attrs models are.

In strict mode pydantic parses a date-time or an enum from a *string* only when
reading JSON (`validate_json`); `model_validate` on a dict wants a `datetime`
and an enum member. `OcRecordFromDict` therefore relaxes exactly those three
fields with `Strict(strict=False)` for the per-record dict path. Lax pydantic then
also accepts a Unix timestamp number for `submitted_at`, which the SDK refuses:
it is, if anything, slightly less work than the SDK does.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Strict, StringConstraints, TypeAdapter

from gponline_sdk.models import RequestCategory, RequesterRole, RequestType

__all__ = ["OcRecordFromDict", "OcRecordModel", "OcRecordStruct", "oc_records_adapter"]

RecordId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{8,64}$")]
PracticeCode = Annotated[str, StringConstraints(pattern=r"^[A-Z][0-9]{5}$")]


class OcRecordModel(BaseModel):
    """`gponline_sdk.models.OcRecord`, in pydantic v2 strict mode."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    record_id: RecordId
    practice_code: PracticeCode
    submitted_at: AwareDatetime
    request_type: RequestType
    category: RequestCategory | None = None
    requester_role: RequesterRole
    has_attachments: bool = False


class OcRecordFromDict(BaseModel):
    """The same, for already-parsed dicts: date-time and enums may come as strings."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    record_id: RecordId
    practice_code: PracticeCode
    submitted_at: Annotated[AwareDatetime, Strict(strict=False)]
    request_type: Annotated[RequestType, Strict(strict=False)]
    category: Annotated[RequestCategory, Strict(strict=False)] | None = None
    requester_role: Annotated[RequesterRole, Strict(strict=False)]
    has_attachments: bool = False


def oc_records_adapter() -> TypeAdapter[list[OcRecordModel]]:
    """A `TypeAdapter` for a whole JSON array of records."""
    return TypeAdapter(list[OcRecordModel])


# msgspec: the strict peer. A `Struct` with the same rules: unknown fields
# refused, frozen, an aware date-time, the SDK's enums, the same patterns. In
# JSON mode msgspec is strict by default (no "1" -> 1); `convert` from dicts is
# told `strict=False` only so that date-times and enums may come as strings,
# as pydantic's dict task is.
import datetime as dt  # noqa: E402 - the msgspec peer's own imports

import msgspec  # noqa: E402

from gponline_sdk.models import RequestCategory as _Category  # noqa: E402
from gponline_sdk.models import RequesterRole as _Role  # noqa: E402
from gponline_sdk.models import RequestType as _Type  # noqa: E402


class OcRecordStruct(msgspec.Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    """`gponline_sdk.models.OcRecord` as a msgspec Struct, strict."""

    record_id: Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9_-]{8,64}$")]
    practice_code: Annotated[str, msgspec.Meta(pattern=r"^[A-Z][0-9]{5}$")]
    submitted_at: Annotated[dt.datetime, msgspec.Meta(tz=True)]
    request_type: _Type
    category: _Category | None = None
    requester_role: _Role
    has_attachments: bool = False
