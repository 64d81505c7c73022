"""Mask secrets and patient identifiers in evidence before it is stored.

Evidence is what makes a result believable, and it is also where a token or a
(synthetic, but identifier-shaped) NHS number would leak into a report that a
vendor attaches to a ticket. So nothing reaches a `CheckResult` unmasked:

1. headers that carry credentials (`Authorization`, `Cookie`, any name with
   `token`, `secret`, `password`, `key` or `auth`) keep their name, lose their value;
2. in JSON bodies, the values of identifier and secret fields (`nhs_number`,
   `given_name`, `email`, `phone`, `postcode`, `description`, `token`, ...) are
   masked, and *learned*: the same values are then masked wherever else they
   appear in the run (a response echoing them, a failure message quoting them);
3. values registered up front (the run's token, canaries a check made up) are
   masked everywhere;
4. credentials in URLs (`https://user:password@host`, `?token=...`) and
   anything shaped like an NHS number (ten digits passing the modulus 11
   check), an email address, a UK phone number or a bearer token is masked.

A value learned or registered in step 2 or 3 that is one of the suite's own
words on its own (`SUITE_WORDS`: a weekday or month name, a time-zone name or
abbreviation, the place in a time-zone name such as `London`) is not masked
everywhere: a canary address ending in `London` must not turn the suite's
"12:50 London time" into "12:50 [masked] time". Such a word is no identifier;
the field that held it is still masked, and so is every longer value holding it.

Masking errs on the side of hiding: a report with a few extra `[masked]` marks
is acceptable, one with a leaked identifier is not.

The tool's own references are the exception that makes evidence useful: a
vendor finds an exchange in the tool's logs by its reference (`OC-3FA2C1-000123`,
an `X-Request-ID`). Values the tool gives in reference fields (`REFERENCE_FIELDS`)
and request-ID headers are learned as references and left readable wherever
they appear, even where step 4's phone shape would eat them (`MSG-0000000042`, a
UUID ending in ten digits) or step 1 would (`X-Session-Ref`), but only while
safe: one that holds a known value (in any case, its digits in any spacing), an
email, a valid NHS number or a credential, or that stands after `token=` or
`Bearer`, is masked like any other text.
"""

from __future__ import annotations

import functools
import json
import operator
import re
import threading
import zoneinfo
from collections.abc import Iterable
from typing import Any

import attrs

from gponline_sdk.conformance.core import Exchange
from gponline_sdk.models.identifiers import is_valid_nhs_number

__all__ = [
    "MASK",
    "PATIENT_FIELDS",
    "REFERENCE_FIELDS",
    "REFERENCE_HEADER",
    "Masker",
    "is_suite_word",
]

MASK = "[masked]"

_SECRET_HEADER = re.compile(r"auth|token|secret|password|cookie|key|session", re.IGNORECASE)
PATIENT_FIELDS = frozenset(
    {
        "nhs_number",
        "given_name",
        "family_name",
        "date_of_birth",
        "email",
        "phone",
        "address_lines",
        "postcode",
        "proxy_name",
        "description",
        "body",
    }
)
"""Fields (wire names of the consultation models) whose value is a patient's or their words."""
_SENSITIVE_FIELDS = PATIENT_FIELDS | {
    # secrets
    "token",
    "access_token",
    "refresh_token",
    "id_token",
    "password",
    "secret",
    "client_secret",
    "api_key",
    "authorization",
}
_NHS_LIKE = re.compile(r"(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)")
# The lookbehinds start a match only where a run starts: without them a long run of
# letters (a 30 kB body) costs time in the square of its length.
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_PHONE = re.compile(r"(?<![\w+])(?:\+44\s?|0)\d(?:[\s-]?\d){8,9}(?!\d)")  # no trailing space
_BEARER = re.compile(r"(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]+", re.IGNORECASE)
_QUERY_SECRET = re.compile(r"((?:token|key|secret|password|auth)[A-Za-z_]*=)[^&#\s]+", re.I)
_USERINFO = re.compile(r"(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*://)[^/@\s]+@", re.IGNORECASE)
_MIN_LEARNED = 3  # shorter values would mask half the report without protecting anyone
_MIN_KNOWN_DIGITS = 7  # a known phone or NHS number is found again however it is spaced
_MAX_KNOWN_DIGITS = 16
_NON_DIGIT = re.compile(r"\D+")
_DIGIT_RUN = re.compile(r"\d(?:[ -]?\d){6,}")
REFERENCE_FIELDS = frozenset(  # the contract's fields that carry the tool's own references
    {"reference", "request_reference", "session_reference", "in_reply_to", "follows_up", "thread"}
)
# Response headers a tool uses to name the exchange in its own logs.
REFERENCE_HEADER = re.compile(r"^(x-)?(request|correlation|trace|amzn-trace)-?id$", re.I)
# Shorter than this, a "reference" could be a fragment of anything; longer is not a reference.
_REFERENCE_LEN = (4, 128)
# What a reference may be made of (the contract's pattern), and what may stand around one.
_REF_TOKEN = re.compile(r"[A-Za-z0-9_.:-]+")
_REF_EDGE = "._:-"
_CREDENTIAL_BEFORE = re.compile(
    r"(?:(?:Bearer|Basic|Token)\s+|(?:token|key|secret|password|auth)[A-Za-z_]*=|://[^/@\s]*)$",
    re.IGNORECASE,
)


# The calendar and zone words the suite writes in its messages (`%a %d %B`, "London time",
# "UTC", "BST"), in English whatever the machine's locale.
_CALENDAR_WORDS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "utc",
        "gmt",
        "bst",
    ]
)


@functools.cache
def _zone_words() -> frozenset[str]:
    """Every IANA zone name, casefolded, and each place in one (`europe/london`, `london`)."""
    words: set[str] = set()
    for name in zoneinfo.available_timezones():
        folded = name.casefold()
        words.add(folded)
        for part in folded.split("/"):
            words.update((part, part.replace("_", " ")))
    return frozenset(words)


def is_suite_word(value: str) -> bool:
    """True when `value` on its own is a word the suite writes itself, so no identifier.

    Weekday and month names, time-zone names and abbreviations, and the places in
    time-zone names (`London`): the suite's messages say "12:50 London time".
    """
    folded = " ".join(value.split()).casefold()
    return folded in _CALENDAR_WORDS or folded in _zone_words()


def _mask_nhs(match: re.Match[str]) -> str:
    return MASK if is_valid_nhs_number(match.group(0)) else match.group(0)


def _digits(value: str) -> str:
    return _NON_DIGIT.sub("", value)


_HEAD = 6  # characters of a known value's start indexed by `_Known.by_head`


_Entry = tuple[str, str, int]
"""A known value, its lower-case form and its length (the sort key, read in C)."""
_LENGTH = operator.itemgetter(2)


def _longest_first(entries: Iterable[_Entry]) -> tuple[_Entry, ...]:
    return tuple(sorted(entries, key=_LENGTH, reverse=True))


@attrs.frozen
class _Known:
    """The values to mask everywhere, as `text` uses them (extended when one is added).

    A run learns thousands of values, a few at a time between the texts it masks: each
    snapshot is the last one extended by the values added since (rebuilding it whole from
    every value was a third of a run's time).
    """

    folded: frozenset[str] = frozenset()
    """The values casefolded, to find one inside a reference whatever its case."""
    numbers: frozenset[str] = frozenset()
    """The digits of every value with enough of them to be a phone or NHS number."""
    by_head: dict[str, tuple[_Entry, ...]] = attrs.field(factory=dict)
    """Values by the first six characters of their lower-case form, longest first, so one
    that extends another is masked whole."""
    short: tuple[_Entry, ...] = ()
    """Values whose lower-case form is under six characters (looked for in every text)."""

    def extended(self, values: Iterable[str], numbers: Iterable[str]) -> _Known:
        """This snapshot with `values` (not yet in it) and the digit runs `numbers` added."""
        entries = _longest_first((v, v.lower(), len(v)) for v in values)
        by_head = dict(self.by_head)
        grown: dict[str, list[_Entry]] = {}
        for entry in entries:
            if len(entry[1]) >= _HEAD:
                grown.setdefault(entry[1][:_HEAD], []).append(entry)
        for head, found in grown.items():
            by_head[head] = _longest_first((*by_head.get(head, ()), *found))
        short = [e for e in entries if len(e[1]) < _HEAD]
        return _Known(
            folded=self.folded | {v.casefold() for v, _, _ in entries},
            numbers=self.numbers | frozenset(numbers),
            by_head=by_head,
            short=_longest_first((*self.short, *short)) if short else self.short,
        )

    def possible(self, low: str) -> list[_Entry]:
        """The values that may occur in `low` (a lower-cased text), in no order.

        A run learns thousands of values and masks tens of thousands of texts: looking
        each value up in each text was most of a run's time. A value can occur only if
        its first six characters do, and the text's six-character windows are one
        set, so only a handful of values are looked for in full.
        """
        windows = {low[i : i + _HEAD] for i in range(len(low) - _HEAD + 1)}
        found = [e for head in windows & self.by_head.keys() for e in self.by_head[head]]
        found += self.short
        return found

    def candidates(self, low: str) -> list[_Entry]:
        """`possible`, longest first."""
        found = self.possible(low)
        found.sort(key=_LENGTH, reverse=True)
        return found

    def holds_number(self, text: str) -> bool:
        """True when the digits of `text` hold a known number, however they are spaced."""
        digits = _digits(text)
        # Look every window of the run up in a set: known numbers are 7 to ~13 digits long.
        return any(
            digits[i : i + n] in self.numbers
            for n in range(_MIN_KNOWN_DIGITS, min(len(digits), _MAX_KNOWN_DIGITS) + 1)
            for i in range(len(digits) - n + 1)
        )

    def holds_value(self, text: str) -> bool:
        """True when `text` holds a known value (any case) or a known number (any spacing)."""
        low = text.casefold()
        return self.holds_number(text) or any(
            low[i : i + n] in self.folded
            for n in range(_MIN_LEARNED, len(low) + 1)
            for i in range(len(low) - n + 1)
        )


def _mask_shapes(value: str, known: _Known) -> str:
    """Steps 3 and 4 of the module docs: known values, then identifier and credential shapes."""
    low = value.lower()
    for secret, lowered, _ in known.candidates(low):
        if lowered in low:
            value = value.replace(secret, MASK)
            low = value.lower()
            if lowered in low:  # in another case: a tool may upper-case a name it echoes
                value = re.sub(re.escape(secret), MASK, value, flags=re.IGNORECASE)
                low = value.lower()
    if known.numbers:
        # A known phone or NHS number written with other spacing (`999 123 4567`).
        value = _DIGIT_RUN.sub(
            lambda m: MASK if known.holds_number(m.group(0)) else m.group(0), value
        )
    value = _USERINFO.sub(lambda m: f"{m.group(1)}{MASK}@", value)
    value = _BEARER.sub(lambda m: f"{m.group(1)} {MASK}", value)
    value = _QUERY_SECRET.sub(lambda m: m.group(1) + MASK, value)
    value = _EMAIL.sub(MASK, value)
    value = _NHS_LIKE.sub(_mask_nhs, value)
    return _PHONE.sub(MASK, value)


def _reference_is_safe(ref: str, known: _Known) -> bool:
    """True when showing `ref` as it is cannot show an identifier or a secret.

    It must hold no known value, and no rule but the phone shape may find anything in it.
    """
    if any(rule.search(ref) for rule in (_USERINFO, _BEARER, _QUERY_SECRET, _EMAIL)):
        return False
    if any(is_valid_nhs_number(m.group(0)) for m in _NHS_LIKE.finditer(ref)):
        return False
    return not known.holds_value(ref)


def _shape_spans(value: str) -> list[tuple[int, int]]:
    """Where an identifier or credential shape stands (rules only, no known values)."""
    rules = (_USERINFO, _BEARER, _QUERY_SECRET, _EMAIL, _PHONE, _DIGIT_RUN)
    spans = [m.span() for rule in rules for m in rule.finditer(value)]
    spans += [m.span() for m in _NHS_LIKE.finditer(value) if is_valid_nhs_number(m.group(0))]
    return spans


def _placeholder(index: int) -> str:
    # Private-use characters: no rule matches them and no value the run learned holds them.
    return f"\ue000{chr(0xE100 + index)}\ue000"


def _shows_known(text: str, known: _Known) -> bool:
    low = text.lower().replace(MASK, "\x00")
    return any(lowered in low for _, lowered, _ in known.possible(low))


class Masker:
    """Masks one run's evidence; remembers every sensitive value and tool reference it has seen.

    Thread-safe, so checks that use threads can record evidence.

    >>> m = Masker(secrets=["s3cr3t-token"])
    >>> m.text("token s3cr3t-token for 943 476 5919, mail a.b@example.org")
    'token [masked] for [masked], mail [masked]'
    >>> m.keep(["MSG-07700900123"])
    >>> m.text("reply to MSG-07700900123 from 07700900123")
    'reply to MSG-07700900123 from [masked]'
    """

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._known: set[str] = set()
        self._fresh: set[str] = set()
        """Values added since `_snapshot` was last extended."""
        self._snapshot = _Known()
        self._references: frozenset[str] = frozenset()
        self._safety: dict[str, tuple[_Known, bool]] = {}
        """Per reference: the snapshot it was last judged against, and whether it was safe."""
        self._lock = threading.Lock()
        self._add(secrets)

    def __repr__(self) -> str:
        return f"Masker(<{len(self._known)} values, {len(self._references)} references>)"

    def add(self, values: Iterable[str]) -> None:
        """Mask these exact values from now on (tokens, canary names, made-up identifiers).

        A value that is one of the suite's own words (`is_suite_word`: `London`,
        `Wed`) is left out: masking it would mask the suite's messages, not an identifier.
        """
        self._add(v for v in values if not is_suite_word(v))

    def _add(self, values: Iterable[str]) -> None:
        # The secrets given to the constructor skip `is_suite_word`: a secret is never shown.
        fresh = {v for v in values if len(v) >= _MIN_LEARNED}
        with self._lock:
            fresh -= self._known
            self._known |= fresh
            self._fresh |= fresh

    def keep(self, references: Iterable[str]) -> None:
        """Leave these tool references readable wherever they appear, while they are safe.

        Values the tool gives in reference fields and request-ID headers are kept
        this way automatically; a reference holding an identifier stays masked.
        """
        low, high = _REFERENCE_LEN
        fresh = {r for r in references if low <= len(r) <= high and _REF_TOKEN.fullmatch(r)}
        with self._lock:
            if not fresh <= self._references:
                self._references = self._references | fresh

    def _state(self) -> tuple[_Known, frozenset[str]]:
        with self._lock:
            if self._fresh:
                digits = (_digits(v) for v in self._fresh)
                numbers = [d for d in digits if len(d) >= _MIN_KNOWN_DIGITS]
                self._snapshot = self._snapshot.extended(self._fresh, numbers)
                self._fresh = set()
            return self._snapshot, self._references

    def _safe(self, ref: str, known: _Known) -> bool:
        with self._lock:
            judged = self._safety.get(ref)
        if judged is not None and (judged[0] is known or not judged[1]):
            return judged[1]  # judged against these values, or unsafe for good
        safe = _reference_is_safe(ref, known)
        with self._lock:
            self._safety[ref] = (known, safe)
        return safe

    def text(self, value: str) -> str:
        """`value` with every known value and identifier-shaped string masked.

        Safe tool references (see `keep`) are left as they are.
        """
        known, references = self._state()
        kept: list[tuple[int, int]] = []
        if references:
            for match in _REF_TOKEN.finditer(value):
                token = match.group(0).strip(_REF_EDGE)
                if token in references:
                    start = match.start() + match.group(0).index(token)
                    kept.append((start, start + len(token)))
        if not kept:
            return _mask_shapes(value, known)
        shapes = _shape_spans(value)
        marked: list[str] = []
        restore: dict[str, str] = {}
        done = 0
        for start, end in kept[:0x1000]:
            ref = value[start:end]
            # A shape that reaches outside the reference (an NHS number it is part of) wins,
            # as does a credential's place (`token=`, `Bearer `); one wholly inside it (a
            # phone-shaped serial) does not.
            if any(s < end and start < e and (s < start or e > end) for s, e in shapes):
                continue
            if _CREDENTIAL_BEFORE.search(value[max(0, start - 32) : start]):
                continue
            if not self._safe(ref, known):
                continue
            mark = _placeholder(len(restore))
            restore[mark] = ref
            marked += [value[done:start], mark]
            done = end
        marked.append(value[done:])
        out = _mask_shapes("".join(marked), known)
        for mark, ref in restore.items():
            out = out.replace(mark, ref)  # a mark a rule swallowed stays masked
        # A known value reaching across a reference's edge was split by its mark and so not
        # masked: then mask the text as if no reference were known.
        return _mask_shapes(value, known) if _shows_known(out, known) else out

    def optional_text(self, value: str | None) -> str | None:
        """`text`, passing None through."""
        return None if value is None else self.text(value)

    def headers(self, headers: dict[str, str]) -> dict[str, str]:
        """Headers with credential-bearing values masked and the rest passed through `text`.

        A credential-named header whose whole value is a safe tool reference (an
        `X-Session-Ref` naming the session the body names) keeps it.
        """
        self.keep(v for n, v in headers.items() if REFERENCE_HEADER.search(n))
        _, references = self._state()
        out: dict[str, str] = {}
        for name, value in headers.items():
            shown = self.text(value)
            if _SECRET_HEADER.search(name) and not (shown == value and value in references):
                shown = MASK
            out[name] = shown
        return out

    def learn(self, value: str | None) -> None:
        """Learn a body's sensitive values and tool references without masking it."""
        self._parse(value)

    def _parse(self, value: str | None) -> tuple[bool, Any]:
        if value is None:
            return False, None
        try:
            data = json.loads(value)
        except ValueError:
            return False, None
        learned: list[str] = []
        references: list[str] = []
        masked = _mask_json(data, learned, references)
        self.add(learned)
        self.keep(references)
        return True, masked

    def body(self, value: str | None) -> str | None:
        """A request or response body: JSON fields masked and learned, then `text`."""
        if value is None:
            return None
        parsed, masked = self._parse(value)
        if not parsed:
            return self.text(value)
        return self.text(json.dumps(masked, ensure_ascii=False, sort_keys=False))

    def exchange(self, exchange: Exchange) -> Exchange:
        """The exchange masked, after learning from both its bodies and its response headers.

        Learning first means an identifier the response reveals is masked in the
        request too, and a reference the response names is readable in the URL.
        """
        self.learn(exchange.response_body)
        self.keep(v for n, v in exchange.response_headers.items() if REFERENCE_HEADER.search(n))
        return attrs.evolve(
            exchange,
            request_body=self.body(exchange.request_body),
            url=self.text(exchange.url),
            request_headers=self.headers(exchange.request_headers),
            response_headers=self.headers(exchange.response_headers),
            response_body=self.body(exchange.response_body),
            error=self.optional_text(exchange.error),
        )


def _leaves(value: Any, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        out.append(str(value))
    elif isinstance(value, dict):
        for item in value.values():
            _leaves(item, out)
    elif isinstance(value, list):
        for item in value:
            _leaves(item, out)


def _mask_json(value: Any, learned: list[str], references: list[str]) -> Any:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            name = key.lower() if isinstance(key, str) else ""
            if name in _SENSITIVE_FIELDS and item is not None:
                _leaves(item, learned)
                out[key] = MASK
                continue
            if name in REFERENCE_FIELDS and isinstance(item, str):
                references.append(item)
            out[key] = _mask_json(item, learned, references)
        return out
    if isinstance(value, list):
        return [_mask_json(item, learned, references) for item in value]
    return value
