"""Small attrs validators shared by the models.

Each raises the SDK's `ValidationError` (a `ValueError`) with the field name as
its location, so an error raised while constructing a model by hand reads the
same as one raised while reading JSON (where the converter adds the path).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime, timezone
from typing import Any, TypeVar

import attrs

from gponline_sdk.errors import Problem, ValidationError

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]

# What a validator checks, in JSON Schema keywords: `gponline_sdk.serde.schema` merges it
# into the field's schema, so the published schemas state every rule the models apply
# (tests/conformance/test_contract_completeness.py holds every validator to carrying one).
SCHEMA_ATTRIBUTE = "json_schema"
F = TypeVar("F", bound=Callable[..., Any])


def states(**keywords: Any) -> Callable[[F], F]:
    """Mark a validator with the JSON Schema keywords that say what it checks.

    `{}` means the field's type alone (string, date-time, enum, ...) states the rule.
    """

    def mark(fn: F) -> F:
        setattr(fn, SCHEMA_ATTRIBUTE, dict(keywords))
        return fn

    return mark


@attrs.frozen
class Condition:
    """`fields` are given (not null, lists not empty) when `when` holds, else absent or null.

    `only_then=False` leaves them free when `when` does not hold.
    """

    when: tuple[str, Any]
    fields: tuple[str, ...]
    only_then: bool = True


@attrs.frozen
class SchemaRules:
    """A model's cross-field rules (its `__attrs_post_init__`), for the schema generator.

    Attributes:
        keywords: extra JSON Schema keywords per field (e.g. ``{"minimum": 1}``).
        at_least_one_of: fields of which at least one must be given (not null, not empty).
        conditions: fields required or forbidden by another field's value.
        described: rules JSON Schema cannot state (comparing two fields, a weekday), by
            field, in words; the schema carries them in the field's description.
    """

    keywords: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    at_least_one_of: tuple[str, ...] = ()
    conditions: tuple[Condition, ...] = ()
    described: dict[str, str] = attrs.field(factory=dict)


RULES_ATTRIBUTE = "__schema_rules__"
C = TypeVar("C", bound=type)


def schema_rules(rules: SchemaRules) -> Callable[[C], C]:
    """Attach a model's cross-field rules (apply above ``@attrs.frozen``)."""

    def mark(cls: C) -> C:
        setattr(cls, RULES_ATTRIBUTE, rules)
        return cls

    return mark


def fail(field: str, message: str) -> ValidationError:
    """Return the `ValidationError` for one bad field, located at its name."""
    return ValidationError([Problem(location=field, message=message)])


def shown(value: object, max_len: int) -> str:
    """Quote a rejected value for a message, or say `value` when it could be an identifier.

    A value that failed a check is not known to be harmless: an NHS number typed
    into the practice code column is still an NHS number. Strings holding nine
    or more digits (a whole or nearly whole NHS number), long strings and
    non-strings are never echoed.
    """
    if isinstance(value, str) and len(value) <= max_len and sum(c.isdigit() for c in value) < 9:
        return repr(value)
    return "value"


@states()
def aware_datetime(_: object, attribute: attrs.Attribute[Any], value: datetime) -> None:
    """Refuse a naive datetime: every instant in the SDK has a UTC offset."""
    if not isinstance(value, datetime):
        raise fail(attribute.name, f"expected a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise fail(attribute.name, "a timezone-aware datetime is required (with a UTC offset)")


def is_before(first: datetime, second: datetime) -> bool:
    """True when the instant `first` is strictly earlier than the instant `second`.

    Python compares two datetimes sharing one tzinfo by wall clock, ignoring
    `fold`, so in Europe/London 01:50 BST would count as later than 01:10 GMT
    twenty minutes after it. Comparing in UTC compares the instants.
    """
    return first.astimezone(timezone.utc) < second.astimezone(timezone.utc)


@states()
def optional_aware_datetime(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Like `aware_datetime`, allowing None."""
    if value is not None:
        aware_datetime(_, attribute, value)


@states()
def a_date(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Require a plain `date` (a `datetime` is refused: it would smuggle a time in)."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise fail(attribute.name, f"expected a date, got {type(value).__name__}")


@states(minimum=0)
def non_negative_int(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Require an int >= 0 (bool is refused although it is an int)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise fail(attribute.name, f"expected an integer, got {type(value).__name__}")
    if value < 0:
        raise fail(attribute.name, "must be 0 or more")


@states(minimum=0)
def finite_non_negative(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Require a finite number >= 0."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise fail(attribute.name, f"expected a number, got {type(value).__name__}")
    if not math.isfinite(value) or value < 0:
        raise fail(attribute.name, "must be a finite number, 0 or more")


def text(*, min_len: int = 1, max_len: int) -> Validator:
    """Require a str of `min_len` to `max_len` characters; the value is never echoed."""

    def check(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, str):
            raise fail(attribute.name, f"expected a string, got {type(value).__name__}")
        if not min_len <= len(value) <= max_len:
            raise fail(
                attribute.name,
                f"must be {min_len} to {max_len} characters long, got {len(value)}",
            )

    setattr(check, SCHEMA_ATTRIBUTE, {"minLength": min_len, "maxLength": max_len})
    return check


def optional(check: Validator) -> Validator:
    """Apply `check` unless the value is None."""

    def run(inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None:
            check(inst, attribute, value)

    setattr(run, SCHEMA_ATTRIBUTE, getattr(check, SCHEMA_ATTRIBUTE, None))
    return run


def instance_of(kind: type | tuple[type, ...]) -> Validator:
    """Require an instance of `kind`, with the SDK's error type."""

    def check(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, kind):
            names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            raise fail(attribute.name, f"expected {names}, got {type(value).__name__}")

    setattr(check, SCHEMA_ATTRIBUTE, {})  # the field's type says it
    return check


def tuple_of(kind: type | tuple[type, ...]) -> Validator:
    """Require a tuple whose items are all instances of `kind`."""

    def check(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, tuple):
            raise fail(attribute.name, f"expected a list, got {type(value).__name__}")
        for i, item in enumerate(value):
            if not isinstance(item, kind):
                raise fail(f"{attribute.name}[{i}]", f"unexpected {type(item).__name__}")

    setattr(check, SCHEMA_ATTRIBUTE, {})  # the field's type says it
    return check
