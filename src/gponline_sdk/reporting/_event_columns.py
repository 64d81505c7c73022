"""The columns of the supplier event files and how each cell is parsed.

Private to `gponline_sdk.reporting.event_io`. One `Column` per event field:
its name, a parser that takes the raw value and whether it came from CSV
(always a string) or JSON (typed), and whether it is required or an
identifier (left unread with `skip_identifiers`). Parsers raise `BadCell`
with a message that never quotes the value.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any

import attrs

from gponline_sdk.errors import ValidationError
from gponline_sdk.models.consultation import (
    RequestCategory,
    RequesterRole,
    RequestType,
    VideoSessionStatus,
)
from gponline_sdk.models.identifiers import NhsNumber, OdsCode
from gponline_sdk.models.usage import PracticeStatus, Product
from gponline_sdk.reporting.events import OcEvent, PracticeInstallation, VcEvent
from gponline_sdk.serde.converter import parse_date, parse_datetime

__all__ = ["CSV", "JSON", "BadCell", "Column", "Parser", "columns_of"]

CSV, JSON = True, False  # the `from_csv` flag of the parsers below
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


class BadCell(Exception):
    """One cell that cannot be parsed; carries the message only, never the value."""


# Parsers take the raw value and whether it came from CSV (always a string)
# or JSON (typed), and raise BadCell with a message that never quotes the value.
Parser = Callable[[Any, bool], Any]


def _text(max_len: int) -> Parser:
    def parse(value: Any, _csv: bool) -> str:
        if not isinstance(value, str):
            raise BadCell("expected a string")
        if len(value) > max_len:
            raise BadCell(f"must be at most {max_len} characters")
        return value

    return parse


def _ods(value: Any, _csv: bool) -> OdsCode:
    if not isinstance(value, str) or len(value) != 6:
        raise BadCell("not a GP practice ODS code (a letter and 5 digits)")
    try:
        return OdsCode(value)
    except ValidationError:
        raise BadCell("not a GP practice ODS code (a letter and 5 digits)") from None


# Weighted digit sums of the NHS number's modulus 11 check, three digits at a
# time (weights 10 down to 2), so the common case of ten plain digits costs
# three table look-ups instead of a regex and a generator over nine digits.
_NHS_WEIGHTS = tuple(
    tuple(sum(int(d) * w for d, w in zip(f"{n:03d}", ws, strict=True)) for n in range(1000))
    for ws in ((10, 9, 8), (7, 6, 5), (4, 3, 2))
)
_new_str = str.__new__


def _nhs(value: Any, _csv: bool) -> NhsNumber:
    if type(value) is str and len(value) == 10 and value.isascii() and value.isdigit():
        # Ten plain digits: the same check as `is_valid_nhs_number`, whose
        # separators rule changes nothing here, so the value is built as is.
        w1, w2, w3 = _NHS_WEIGHTS
        check = 11 - (w1[int(value[:3])] + w2[int(value[3:6])] + w3[int(value[6:9])]) % 11
        if (0 if check == 11 else check) == ord(value[9]) - 48:
            number: NhsNumber = _new_str(NhsNumber, value)
            return number
        raise BadCell("not a valid NHS number (10 digits with a modulus 11 check)")
    try:
        return NhsNumber(value)
    except ValidationError:
        raise BadCell("not a valid NHS number (10 digits with a modulus 11 check)") from None


def _instant(value: Any, _csv: bool) -> Any:
    try:
        return parse_datetime(value)
    except (TypeError, ValueError) as exc:
        # parse_datetime's messages are fixed texts that never quote the input.
        raise BadCell(str(exc)) from None


def _date(value: Any, _csv: bool) -> Any:
    try:
        return parse_date(value)
    except (TypeError, ValueError) as exc:
        raise BadCell(str(exc)) from None


def _enum(cls: type[Enum]) -> Parser:
    allowed = ", ".join(repr(m.value) for m in cls)
    # A wire value's member straight from a dict; anything else takes the
    # enum's own lookup, so what is accepted and refused is unchanged.
    members = {m.value: m for m in cls}

    def parse(value: Any, _csv: bool) -> Enum:
        member = members.get(value) if type(value) is str else None
        if member is not None:
            return member
        try:
            return cls(value)
        except ValueError:
            raise BadCell(f"expected one of {allowed}") from None

    return parse


def _int(value: Any, from_csv: bool) -> int:
    if from_csv and isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    if not from_csv and isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise BadCell("expected a whole number, 0 or more")


def _bool(value: Any, from_csv: bool) -> bool:
    if from_csv and isinstance(value, str) and value.lower() in _TRUE | _FALSE:
        return value.lower() in _TRUE
    if not from_csv and isinstance(value, bool):
        return value
    raise BadCell("expected true or false")


@attrs.frozen
class Column:
    name: str
    parse: Parser
    required: bool = False
    identifier: bool = False


SPECS: dict[type[Any], tuple[Column, ...]] = {
    OcEvent: (
        Column("event_id", _text(64), required=True),
        Column("practice_code", _ods, required=True),
        Column("submitted_at", _instant, required=True),
        Column("category", _enum(RequestCategory), required=True),
        Column("requester_role", _enum(RequesterRole)),
        Column("nhs_number", _nhs, identifier=True),
        Column("patient_name", _text(200), identifier=True),
        Column("description", _text(10_000), identifier=True),
        Column("contact_email", _text(254), identifier=True),
        Column("contact_phone", _text(40), identifier=True),
        Column("attachment_count", _int),
        Column("coded_request_type", _enum(RequestType)),
    ),
    VcEvent: (
        Column("session_id", _text(64), required=True),
        Column("practice_code", _ods, required=True),
        Column("scheduled_start", _instant, required=True),
        Column("status", _enum(VideoSessionStatus), required=True),
        Column("duration_minutes", _int),
        Column("nhs_number", _nhs, identifier=True),
        Column("patient_name", _text(200), identifier=True),
    ),
    PracticeInstallation: (
        Column("practice_code", _ods, required=True),
        Column("product", _enum(Product), required=True),
        Column("product_name", _text(200), required=True),
        Column("installation_date", _date, required=True),
        Column("status", _enum(PracticeStatus)),
        Column("status_date", _date),
        Column("photo_upload_enabled", _bool),
    ),
}


def columns_of(kind: type[Any]) -> tuple[Column, ...]:
    try:
        return SPECS[kind]
    except (KeyError, TypeError):
        raise TypeError(f"not an event type: {kind!r}") from None
