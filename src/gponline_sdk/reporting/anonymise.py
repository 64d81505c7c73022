"""Turn a supplier's events into the national record types, with keyed pseudonyms.

What crosses over is only what the national types have a field for: practice,
time, category and request type, requester role, attachments yes/no, video
status and duration. Names, NHS numbers, contact details and the patient's own
words have nowhere to go and are never copied.

The record ID is a keyed pseudonym of the tool's own reference::

    record_id = hex(HMAC-SHA256(secret, f"{supplier_id}|{data_type}|{event_id}"))[:32]

- Stable: the same event always gets the same ID, so a corrected resubmission
  replaces the earlier record instead of adding a second one.
- Unlinkable without the secret: HMAC is a pseudorandom function, so nobody
  who lacks the key can go from a tool reference to a record ID or back, or
  link two records by their IDs beyond what the records themselves share.
- Unambiguous: neither a supplier ID nor an event ID can hold `|`, so two
  different inputs never make the same message.
- Why 32 hex characters (128 bits) is safe: truncating an HMAC keeps it a
  PRF of the shorter length (RFC 2104 section 5 allows truncation to half the
  output). Collisions follow the birthday bound: with n records the chance of
  any two sharing an ID is about n**2 / 2**129, i.e. 1e-21 for a billion
  records. 128 bits is also beyond brute force of the key or of the ID.
  A collision would show as a duplicate-record rejection, not a silent merge.

The secret must be at least 32 bytes (256 bits, the HMAC-SHA256 block's
natural key strength) and is loaded from `GPONLINE_PSEUDONYM_KEY` (hex) or from
a file holding the hex. Keep it for as long as resubmissions may happen:
a new key gives every record a new ID. `gponline report keygen` makes one.

A key that is long enough but guessable is refused too (`key_weakness`): with
a guessed key anyone can recompute the pseudonyms of sequential tool IDs and
so reverse them. Refused: fewer than 16 distinct byte values, fewer than 16
distinct steps between neighbouring bytes (a counting sequence such as
`00 01 02 ...`), or a repeating pattern (a cycle of half the key or less).
32 random bytes have about 30 distinct values and 30 distinct steps; the
chance that a random key has 16 or fewer of either is below 1e-9.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import NoReturn

import attrs

from gponline_sdk._toml import open_regular
from gponline_sdk.errors import ConfigError
from gponline_sdk.models.identifiers import SupplierId
from gponline_sdk.models.usage import DataType, OcPractice, OcRecord, Product, VcPractice, VcRecord
from gponline_sdk.reporting.events import OcEvent, PracticeInstallation, VcEvent
from gponline_sdk.reporting.vetting import ProductCatalogue

__all__ = [
    "KEYGEN_ADVICE",
    "KEY_ENV_VAR",
    "MIN_KEY_BYTES",
    "PSEUDONYM_HEX_CHARS",
    "Anonymiser",
    "PseudonymKey",
    "key_weakness",
]

KEY_ENV_VAR = "GPONLINE_PSEUDONYM_KEY"
MIN_KEY_BYTES = 32
PSEUDONYM_HEX_CHARS = 32
_log = logging.getLogger(__name__)
_MIN_DISTINCT = 16
KEYGEN_ADVICE = "make a random key with `gponline report keygen --out FILE`"
_IPAD = bytes(b ^ 0x36 for b in range(256))
_OPAD = bytes(b ^ 0x5C for b in range(256))


def key_weakness(secret: bytes) -> str | None:
    """Why `secret` is too weak for a pseudonym key, or None; never shows the key.

    >>> key_weakness(bytes(32))
    'a repeating pattern'
    >>> key_weakness(bytes(range(32)))
    'a counting sequence (too few distinct steps between bytes)'
    >>> import secrets; key_weakness(secrets.token_bytes(32)) is None
    True
    """
    data = bytes(secret)
    if len(data) < MIN_KEY_BYTES:
        return f"shorter than {MIN_KEY_BYTES} bytes ({len(data)} bytes)"
    # The shortest cycle: a key made of one short block repeated (one byte,
    # `abab...`, a 4-byte word) is as weak as the block.
    for period in range(1, len(data) // 2 + 1):
        if data[period:] == data[:-period]:
            return "a repeating pattern"
    if len(set(data)) < _MIN_DISTINCT:
        return f"too few distinct bytes (fewer than {_MIN_DISTINCT})"
    steps = {(b - a) % 256 for a, b in itertools.pairwise(data)}
    if len(steps) < _MIN_DISTINCT:
        return "a counting sequence (too few distinct steps between bytes)"
    return None


_MAX_KEY_FILE_BYTES = 4096  # a hex key is 64 characters; anything far bigger is not one


class PseudonymKey:
    """The supplier's secret for keyed pseudonyms; its repr and str never show it.

    Args:
        secret: At least 32 random bytes (`secrets.token_bytes(32)`).
        source: Where the key came from, named in errors (never the key).

    Raises:
        ConfigError: if the secret is not bytes, is shorter than 32 bytes or
            is guessable (`key_weakness`); the message says how to make one.
    """

    __slots__ = ("_inner", "_outer")

    def __init__(self, secret: bytes, *, source: str = "") -> None:
        if not isinstance(secret, (bytes, bytearray)):
            raise ConfigError("pseudonym key: expected bytes")
        where = f" (from {source})" if source else ""
        if len(secret) < MIN_KEY_BYTES:
            raise ConfigError(
                f"pseudonym key: must be at least {MIN_KEY_BYTES} bytes"
                f" ({2 * MIN_KEY_BYTES} hex characters), got {len(secret)} bytes{where};"
                f" {KEYGEN_ADVICE}"
            )
        weakness = key_weakness(secret)
        if weakness is not None:
            raise ConfigError(
                f"pseudonym key{where}: too weak ({weakness}): anyone who guesses it can"
                f" reverse the record IDs; {KEYGEN_ADVICE}"
            )
        # HMAC (RFC 2104) with the key's two padded blocks hashed once here: each
        # digest then copies two SHA-256 states instead of setting up the key
        # again, about three times faster than `hmac.digest` for short messages
        # and the same bytes (a test holds them equal). Only the hash states of
        # the key are kept, not the key itself.
        key = bytes(secret)
        size = hashlib.sha256().block_size
        if len(key) > size:  # RFC 2104: a key longer than the block is hashed first
            key = hashlib.sha256(key).digest()
        block = key.ljust(size, b"\0")
        self._inner = hashlib.sha256(block.translate(_IPAD))
        self._outer = hashlib.sha256(block.translate(_OPAD))

    @classmethod
    def from_hex(cls, text: str, *, source: str) -> PseudonymKey:
        """Build a key from hex text; `source` names where it came from in errors."""
        try:
            secret = bytes.fromhex(text.strip())
        except ValueError:
            raise ConfigError(f"pseudonym key from {source}: not hexadecimal") from None
        return cls(secret, source=source)

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, *, var: str = KEY_ENV_VAR
    ) -> PseudonymKey:
        """Load the key from an environment variable holding hex.

        Raises:
            ConfigError: if the variable is unset, not hex or too short.
        """
        env = os.environ if environ is None else environ
        text = env.get(var)
        if not text:
            raise ConfigError(f"pseudonym key: environment variable {var} is not set")
        return cls.from_hex(text, source=f"environment variable {var}")

    @classmethod
    def from_file(cls, path: str | Path) -> PseudonymKey:
        """Load the key from a file holding hex (surrounding whitespace ignored).

        A file that others can read is accepted with a warning: refusing it
        would stop a weekly job over a deployment detail, but it should be fixed.

        Raises:
            ConfigError: if the file cannot be read, is not hex or the key is too short.
        """
        target = Path(path)
        try:
            # A regular file only, opened without blocking: a FIFO named as the key
            # file in a settings file would otherwise hang the weekly job.
            with open_regular(target) as fh:
                mode = os.fstat(fh.fileno()).st_mode
                text = fh.read(_MAX_KEY_FILE_BYTES).decode("ascii")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "not ASCII hex"
            raise ConfigError(f"pseudonym key file {target}: cannot read it ({reason})") from None
        if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
            _log.warning("pseudonym key file %s is readable by others; chmod 600 it", target)
        return cls.from_hex(text, source=f"file {target}")

    def digest(self, message: bytes) -> str:
        """Hex HMAC-SHA256 of `message` under this key."""
        inner = self._inner.copy()
        inner.update(message)
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.hexdigest()

    def raw_digests(self, messages: Iterable[bytes]) -> list[bytes]:
        """The HMAC-SHA256 of each message, as 32 raw bytes: `digest` for many at once.

        The loop is the only per-row Python left in the columnar build; it keeps
        `digest`'s two state copies and nothing else.
        """
        inner, outer = self._inner, self._outer
        out: list[bytes] = []
        append = out.append
        for message in messages:
            i = inner.copy()
            i.update(message)
            o = outer.copy()
            o.update(i.digest())
            append(o.digest())
        return out

    def __repr__(self) -> str:
        return "PseudonymKey('***')"

    __str__ = __repr__

    def __reduce__(self) -> NoReturn:
        # Pickling would copy the secret into whatever store the pickle lands in.
        raise TypeError("a PseudonymKey cannot be pickled")


class Anonymiser:
    """Turns a supplier's events into national records; never copies an identifier.

    >>> import secrets
    >>> from datetime import datetime, timezone
    >>> from gponline_sdk.models import RequestCategory
    >>> anon = Anonymiser(secrets.token_bytes(32), "ACME-OC")
    >>> event = OcEvent(event_id="REQ-1", practice_code="A81001",
    ...     submitted_at=datetime(2026, 11, 16, 9, 30, tzinfo=timezone.utc),
    ...     category=RequestCategory.ASK_QUESTION, patient_name="Jo Bloggs")
    >>> record = anon.oc_record(event)
    >>> len(record.record_id), record.request_type.value
    (32, 'other')

    Args:
        secret: The supplier's key: raw bytes (>= 32) or a `PseudonymKey`.
        supplier_id: The supplier's ID in the national collection; part of the
            pseudonym so two suppliers' IDs never coincide.
        products: The declared product names; an installation's `product_name`,
            the one free text copied into a national file, must be one of them
            (default: none declared, the strict pattern of
            `gponline_sdk.reporting.vetting` applies).

    Raises:
        ConfigError: if the secret is too short or weak.
        ValidationError: if `supplier_id` is not a supplier identifier.
    """

    __slots__ = ("_key", "products", "supplier_id")

    def __init__(
        self,
        secret: bytes | PseudonymKey,
        supplier_id: str,
        *,
        products: ProductCatalogue | None = None,
    ) -> None:
        self._key = secret if isinstance(secret, PseudonymKey) else PseudonymKey(secret)
        self.supplier_id = SupplierId(supplier_id)
        self.products = products if products is not None else ProductCatalogue()

    @classmethod
    def from_env(
        cls,
        supplier_id: str,
        environ: Mapping[str, str] | None = None,
        *,
        products: ProductCatalogue | None = None,
    ) -> Anonymiser:
        """Build one with the key from `GPONLINE_PSEUDONYM_KEY` (hex)."""
        return cls(PseudonymKey.from_env(environ), supplier_id, products=products)

    @classmethod
    def from_key_file(
        cls, path: str | Path, supplier_id: str, *, products: ProductCatalogue | None = None
    ) -> Anonymiser:
        """Build one with the key read from a file holding hex."""
        return cls(PseudonymKey.from_file(path), supplier_id, products=products)

    def __repr__(self) -> str:
        return f"Anonymiser(supplier_id={str(self.supplier_id)!r}, secret='***')"

    def pseudonym(self, data_type: DataType, event_id: str) -> str:
        """The record ID for a tool reference: 32 lower-case hex characters, stable."""
        message = f"{self.supplier_id}|{data_type.value}|{event_id}".encode()
        return self._key.digest(message)[:PSEUDONYM_HEX_CHARS]

    def pseudonym_prefix(self, data_type: DataType) -> bytes:
        """The bytes before the tool reference in a pseudonym's HMAC message."""
        return f"{self.supplier_id}|{data_type.value}|".encode()

    def raw_pseudonyms(self, messages: Iterable[bytes]) -> list[bytes]:
        """The full HMACs of whole messages (`pseudonym_prefix` + reference, UTF-8).

        `pseudonym` is the hex of the first 16 bytes of each (32 hex characters).
        """
        return self._key.raw_digests(messages)

    def oc_record(self, event: OcEvent) -> OcRecord:
        """Anonymise one online consultation event."""
        record_id = self.pseudonym(DataType.OC_RECORD, event.event_id)
        if _OC_FAST and type(event) is OcEvent:
            return _oc_record_of_valid(record_id, event)
        return OcRecord(
            record_id=record_id,
            practice_code=event.practice_code,
            submitted_at=event.submitted_at,
            request_type=event.request_type,
            category=event.category,
            requester_role=event.requester_role,
            has_attachments=event.has_attachments,
        )

    def vc_record(self, event: VcEvent) -> VcRecord:
        """Anonymise one video consultation event."""
        return VcRecord(
            record_id=self.pseudonym(DataType.VC_RECORD, event.session_id),
            practice_code=event.practice_code,
            scheduled_start=event.scheduled_start,
            status=event.status,
            duration_minutes=event.duration_minutes,
        )

    def practice(self, installation: PracticeInstallation) -> OcPractice | VcPractice:
        """The practice-level row for an installation: `OcPractice` or `VcPractice`.

        Raises:
            PrivacyError: if `product_name` is not a declared product name (or,
                none declared, fails the strict pattern); the practice and the
                column are named, the value is withheld.
        """
        product_name = self.products.check(
            installation.product_name,
            column="product_name",
            where=f"installation of {installation.product.value} at {installation.practice_code}",
        )
        if installation.product is Product.ONLINE_CONSULTATION:
            return OcPractice(
                practice_code=installation.practice_code,
                product_name=product_name,
                installation_date=installation.installation_date,
                status=installation.status,
                status_date=installation.status_date,
                photo_upload_enabled=installation.photo_upload_enabled,
            )
        return VcPractice(
            practice_code=installation.practice_code,
            product_name=product_name,
            installation_date=installation.installation_date,
            status=installation.status,
            status_date=installation.status_date,
        )

    def oc_records(self, events: Iterable[OcEvent]) -> Iterator[OcRecord]:
        """Anonymise a stream of online consultation events, one at a time."""
        return (self.oc_record(e) for e in events)

    def vc_records(self, events: Iterable[VcEvent]) -> Iterator[VcRecord]:
        """Anonymise a stream of video consultation events, one at a time."""
        return (self.vc_record(e) for e in events)

    def practices(
        self, installations: Iterable[PracticeInstallation], product: Product
    ) -> Iterator[OcPractice | VcPractice]:
        """Practice rows for the installations of one product (others are skipped)."""
        return (self.practice(i) for i in installations if i.product is product)


# An OcRecord made from an OcEvent needs no second validation: every value
# comes from a frozen OcEvent whose own validators checked it to the same rule
# (an OdsCode, an aware datetime, members of the enums, a bool) or is a
# pseudonym (32 hex characters, a valid record ID). Filling the slots directly
# skips seven validator calls per record. Only while OcRecord has exactly these
# fields and slots (no cached hash, no base class) and no post-init hook;
# otherwise the validating constructor runs.
_OC_FIELDS = (
    "record_id",
    "practice_code",
    "submitted_at",
    "request_type",
    "category",
    "requester_role",
    "has_attachments",
)
_OC_FAST = (
    tuple(a.name for a in attrs.fields(OcRecord)) == _OC_FIELDS
    and set(getattr(OcRecord, "__slots__", ["__dict__"])) <= {*_OC_FIELDS, "__weakref__"}
    and OcRecord.__mro__ == (OcRecord, object)
    and not hasattr(OcRecord, "__attrs_post_init__")
)
_new = object.__new__
_set = object.__setattr__


def _oc_record_of_valid(record_id: str, event: OcEvent) -> OcRecord:
    record: OcRecord = _new(OcRecord)
    _set(record, "record_id", record_id)
    _set(record, "practice_code", event.practice_code)
    _set(record, "submitted_at", event.submitted_at)
    _set(record, "request_type", event.request_type)
    _set(record, "category", event.category)
    _set(record, "requester_role", event.requester_role)
    _set(record, "has_attachments", event.has_attachments)
    return record
