"""Recognising a record ID anyone could compute without a key (the keyed-pseudonym detector).

A record ID is unkeyed when it is a common transform (a hash, hex, base64,
base32, reversed, the text itself, or (round 13) the first draw of Python's
pseudo-random generator seeded with it), or an HMAC under a key anyone can guess
(the public supplier ID, the practice code, the empty key, 'secret'...), whole
or cut to a prefix, suffix or long slice, of something others hold: the tool's
own reference (in the patient's acknowledgement, in logs), or the patient's
identifiers (NHS number, NHS number with the day, name with date of birth,
email). The suite can only recompute transforms it knows; these are the ones
tools use.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import functools
import hashlib
import hmac
import itertools
import random
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date

from gponline_sdk.conformance.checks.usage.builtin_hash import zero_seed_hashes
from gponline_sdk.models import PatientDetails

__all__ = [
    "GUESSABLE_KEYS",
    "KEYED_PSEUDONYM",
    "Detector",
    "affine_derivation",
    "framed_texts",
    "identifier_texts",
    "pad_derivation",
    "unkeyed_forms",
]

KEYED_PSEUDONYM = (
    "a record ID must be a keyed pseudonym: derived with a secret key only the supplier holds "
    "(for example HMAC-SHA256 of the tool's reference), or random and kept in a lookup table, "
    "so that nobody holding the tool's reference or the patient's identifiers (NHS number, "
    "name, date of birth, email, the day of the request) can compute or reverse it, and the "
    "same for every read of the week so that a resend replaces the same record"
)
_HASHES = (
    "md5",
    "sha1",
    "sha224",
    "sha256",
    "sha384",
    "sha512",
    "sha3_256",
    "sha3_512",
    "blake2b",
    "blake2s",
)
_HMACS = ("sha256", "sha1", "md5")  # what HMAC libraries default to or offer first
GUESSABLE_KEYS: dict[str, str] = {
    "": "the empty key",
    "secret": "the key 'secret'",
    "key": "the key 'key'",
    "changeme": "the key 'changeme'",
    "password": "the key 'password'",
    # Round 15 (2.11.0 [SDK]): a variable reference the deployment never expanded (a compose
    # file's `$${...}` escape, a template left unrendered) is the key's literal text, there
    # for anyone who reads the repository: the usual names in the usual syntaxes.
    **{
        form.format(name): f"the unexpanded placeholder '{form.format(name)}'"
        for name in ("PSEUDONYM_KEY", "HMAC_KEY", "SECRET_KEY")
        for form in ("${{{}}}", "${}", "{{{{{}}}}}")
    },
}
"""Literal HMAC keys tools ship with (placeholders left in config), to how a message names them.

A check adds the keys it learns from the tool's test environment: its supplier ID and
practice code, both public. (The contract does not expose a tool or product name.)
"""
_SEPARATORS = ("", "|", ":", "-", "_", " ", ",")
# The namespaces a name-based UUID (RFC 4122 versions 3 and 5) is made in: the four the RFC
# defines, which every UUID library ships, and the nil UUID. A name-based UUID is an unkeyed
# MD5 or SHA-1 of the namespace and the name: anyone can recompute it.
_UUID_NAMESPACES = {
    "DNS": uuid.NAMESPACE_DNS,
    "URL": uuid.NAMESPACE_URL,
    "OID": uuid.NAMESPACE_OID,
    "X.500": uuid.NAMESPACE_X500,
    "nil": uuid.UUID(int=0),
}
_NAME_BASED = (("uuid3", uuid.uuid3), ("uuid5", uuid.uuid5))
_MIN_WHOLE = 8  # a form found whole inside an ID: shorter ones could occur in a keyed ID by chance
_MIN_PART = 12  # an ID part (split at - or _) long enough to be a cut of a form
_MIN_SLICE = 16  # an ID part found inside a form: a slice from its middle


def _encoded(raw: bytes, base32: bool) -> dict[str, str]:
    forms = {
        "base64": base64.b64encode(raw).decode().rstrip("="),
        "base64url": base64.urlsafe_b64encode(raw).decode().rstrip("="),
    }
    if base32:
        forms["base32"] = base64.b32encode(raw).decode().rstrip("=")
    return forms


def unkeyed_forms(
    text: str,
    what: str = "the reference",
    *,
    verbatim: bool = True,
    keys: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """What anyone could compute from `text` without a key, by how it is computed.

    Args:
        text: The value the tool knows (a reference, an NHS number, ...).
        what: How a message names it, e.g. ``the patient's NHS number``.
        verbatim: Whether the text itself (and its case variants) counts. The
            `no-identifiers` check already reports a patient identifier found
            as it is, so for identifiers this is False (and, to keep the run
            fast over their hundreds of combinations, digests are not also
            base32-encoded: hex and base64 are what tools use).
        keys: Guessable HMAC keys (key text to how a message names it): an HMAC
            under a key anyone can guess is as computable as an unkeyed hash.
    """
    return dict(_forms(text, what, verbatim, tuple(sorted((keys or {}).items()))))


@functools.lru_cache(maxsize=4096)
def _forms(
    text: str, what: str, verbatim: bool, keys: tuple[tuple[str, str], ...]
) -> tuple[tuple[str, str], ...]:
    # Cached: a seeded run sends the same canaries every time (the self-test runs it often).
    forms: dict[str, str] = {}
    variants = {
        "": text,
        " lower-cased": text.lower(),
        " upper-cased": text.upper(),
        " without separators": re.sub(r"[^A-Za-z0-9]", "", text),
    }
    seen: set[str] = set()
    for how, variant in variants.items():
        if variant in seen:
            continue  # e.g. digits have no case: hash each distinct text once
        seen.add(variant)
        raw = variant.encode()
        label = f"{what}{how}"
        if verbatim:
            forms[label] = variant
        forms[f"{label}, reversed"] = variant[::-1]
        forms[f"hex of {label}"] = raw.hex()
        for name, value in _encoded(raw, base32=True).items():
            forms[f"{name} of {label}"] = value
        for algo in _HASHES:
            digest = hashlib.new(algo, raw).digest()
            forms[f"unkeyed {algo} of {label} (hex)"] = digest.hex()
            for name, value in _encoded(digest, base32=verbatim).items():
                forms[f"unkeyed {algo} of {label} ({name})"] = value
        for (ns_named, namespace), (version, make) in itertools.product(
            _UUID_NAMESPACES.items(), _NAME_BASED
        ):
            made = make(namespace, variant)
            named = f"name-based {version} of {label} in the {ns_named} namespace"
            forms[f"{named} (hex)"] = made.hex
            forms[f"{named} (hyphenated)"] = str(made)
        forms.update(_seeded_forms(variant, label))
        forms.update(_builtin_hash_forms(variant, label))
        for (key, key_named), algo in itertools.product(keys, _HMACS):
            digest = hmac.digest(key.encode(), raw, algo)  # the one-shot C path: many keys
            keyed = f"HMAC-{algo.upper()} of {label} keyed with {key_named}, which anyone can guess"
            forms[f"{keyed} (hex)"] = digest.hex()
            for name, value in _encoded(digest, base32=False).items():
                forms[f"{keyed} ({name})"] = value
    return tuple(forms.items())


@functools.lru_cache(maxsize=8192)
def _folded(forms: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """`forms` (how, form) as form case-folded to how, the first how of a form kept.

    Cached: the identifiers' forms are the same every run of a seed. The caller must not
    change the dict it gets.
    """
    out: dict[str, str] = {}
    for how, form in forms:
        out.setdefault(form.casefold(), how)
    return out


def _seeded_forms(text: str, label: str) -> dict[str, str]:
    """(Round 13) What a pseudo-random generator seeded with `text` draws first.

    `random.Random(reference)` looks random, but its whole stream follows from the seed:
    anyone with the reference and Python draws the same bits. Python's generator is the one
    a Python tool reaches for; its first 128 and 64 bits in hex, its first 16 bytes, and a
    version-4 UUID made of those bits are the forms such IDs take.
    """
    named = f"Python's random.Random seeded with {label}, not a key"
    bits = random.Random(text).getrandbits(128)  # noqa: S311 - recomputing a tool's mistake
    made = uuid.UUID(int=bits, version=4)
    return {
        f"{named}: getrandbits(128) (hex)": f"{bits:032x}",
        f"{named}: getrandbits(64) (hex)": f"{random.Random(text).getrandbits(64):016x}",  # noqa: S311
        f"{named}: randbytes(16) (hex)": random.Random(text).randbytes(16).hex(),  # noqa: S311
        f"{named}: a version-4 UUID of its bits (hex)": made.hex,
        f"{named}: a version-4 UUID of its bits (hyphenated)": str(made),
    }


def _builtin_hash_forms(text: str, label: str) -> dict[str, str]:
    """(Round 14) Python's `hash()` of `text` with `PYTHONHASHSEED=0`: a zero key, no key.

    As 64 bits in hex (`hash(x) & (2**64 - 1)`), padded or not, in decimal as `hash` gives
    it, and its absolute value in hex.
    """
    forms: dict[str, str] = {}
    for version, value in zero_seed_hashes(text).items():
        named = f"Python's hash() of {label} under PYTHONHASHSEED=0 ({version}), not a key"
        unsigned = value & (2**64 - 1)
        forms[f"{named} (hex)"] = f"{unsigned:016x}"
        forms[f"{named} (hex, unpadded)"] = f"{unsigned:x}"
        forms[f"{named} (decimal)"] = str(value)
        forms[f"{named} (absolute, hex)"] = f"{abs(value):x}"
    return forms


@functools.lru_cache(maxsize=4096)
def _framed_forms(
    text: str, what: str, keys: tuple[tuple[str, str], ...]
) -> tuple[tuple[str, str], ...]:
    """The digests of a framed reference (see `framed_texts`), as typed and in hex only.

    Lighter than `_forms`: a run frames each reference hundreds of ways, and tools that frame
    a reference before hashing it write the digest in hex. The text itself is not a form: the
    reference inside it is found as itself.
    """
    raw = text.encode()
    forms: dict[str, str] = {}
    for algo in _HASHES:
        forms[f"unkeyed {algo} of {what} (hex)"] = hashlib.new(algo, raw).hexdigest()
    for (ns_named, namespace), (version, make) in itertools.product(
        _UUID_NAMESPACES.items(), _NAME_BASED
    ):
        made = make(namespace, text)
        named = f"name-based {version} of {what} in the {ns_named} namespace"
        forms[f"{named} (hex)"] = made.hex
        forms[f"{named} (hyphenated)"] = str(made)
    for (key, key_named), algo in itertools.product(keys, _HMACS):
        digest = hmac.digest(key.encode(), raw, algo).hex()  # the one-shot C path: many keys
        forms[
            f"HMAC-{algo.upper()} of {what} keyed with {key_named}, which anyone can guess (hex)"
        ] = digest
    return tuple(forms.items())


def _days(day: date) -> tuple[str, ...]:
    return (day.isoformat(), f"{day:%Y%m%d}", f"{day:%d/%m/%Y}")


def _joined(first: Iterable[str], second: Iterable[str]) -> set[str]:
    """Both orders, with every usual separator."""
    pairs = itertools.product(list(first), list(second), _SEPARATORS)
    return {t for a, b, sep in pairs for t in (f"{a}{sep}{b}", f"{b}{sep}{a}")}


def identifier_texts(patient: PatientDetails, email: str | None, day: date) -> dict[str, str]:
    """The patient's identifiers as a tool might combine them before hashing, by what they are.

    Args:
        patient: Who the request was for.
        email: The contact email sent with the request, if any.
        day: The request's date (London), which a per-day ID might mix in.
    """
    texts: dict[str, str] = {}
    if patient.nhs_number is not None:
        nhs = str(patient.nhs_number)
        for layout in (nhs, f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}", f"{nhs[:3]}-{nhs[3:6]}-{nhs[6:]}"):
            texts[layout] = "the patient's NHS number"
        for text in _joined([nhs], _days(day)):
            texts.setdefault(text, "the patient's NHS number and the request's date")
    given, family = patient.given_name, patient.family_name
    names = (f"{given} {family}", family, f"{family}, {given}")
    for text in _joined(names, _days(patient.date_of_birth)):
        texts.setdefault(text, "the patient's name and date of birth")
    if email:
        texts[email] = "the patient's email address"
    return texts


def framed_texts(reference: str, contexts: Mapping[str, str]) -> dict[str, str]:
    """`reference` framed with public context, as a tool might before hashing, by what it is.

    Tools often put a domain label before the reference they hash (the supplier ID, the
    practice code, the data type: `S123|oc_record|REF`); an unkeyed or guessably keyed hash of
    that is as computable as one of the reference alone, since every part is public. Each
    context alone and each pair of them (both orders) goes before or after the reference,
    with every usual separator (the same one throughout).

    Args:
        reference: The tool's reference.
        contexts: Public texts (supplier ID, practice code, data type), to how a message
            names them.
    """
    prefixes: list[tuple[tuple[str, ...], str]] = [((t,), named) for t, named in contexts.items()]
    for (a, a_named), (b, b_named) in itertools.permutations(contexts.items(), 2):
        prefixes.append(((a, b), f"{a_named} and {b_named}"))
    texts: dict[str, str] = {}
    for (parts, named), sep in itertools.product(prefixes, _SEPARATORS):
        texts.setdefault(sep.join((*parts, reference)), f"the reference after {named}")
        texts.setdefault(sep.join((reference, *parts)), f"the reference before {named}")
    return texts


class Detector:
    """Finds how a record ID was computed, without a key, from any of the given texts.

    Args:
        references: The tool's references (the IDs it gave the suite).
        identifiers: Patient identifier texts, to what they are (see `identifier_texts`).
        keys: Guessable HMAC keys, to how a message names them (see `GUESSABLE_KEYS`).
        contexts: Public texts a tool may frame a reference with before hashing it
            (see `framed_texts`), to how a message names them.
    """

    def __init__(
        self,
        references: Iterable[str],
        identifiers: Mapping[str, str] | None = None,
        keys: Mapping[str, str] | None = None,
        contexts: Mapping[str, str] | None = None,
    ) -> None:
        pairs = tuple(sorted((keys or {}).items()))
        parts: list[dict[str, str]] = []
        for reference in references:
            # (2.13.0) The reference as its own key (a loop variable shadowing the secret):
            # an HMAC under a key every holder of the reference has is no keyed pseudonym.
            own = tuple(sorted({*pairs, *_own_keys(reference).items()}))
            parts.append(_folded(_forms(reference, "the reference", _VERBATIM, own)))
            for text, what in framed_texts(reference, contexts or {}).items():
                parts.append(_folded(_framed_forms(text, what, own)))
        for text, what in (identifiers or {}).items():
            parts.append(_folded(_forms(text, what, not _VERBATIM, pairs)))
        # Each form's first derivation wins (the parts in order): updated from the last part
        # to the first, in C, not a loop over half a million forms per run.
        self._how: dict[str, str] = {}
        for part in reversed(parts):
            self._how.update(part)
        # One string holding every form between newlines: a part found in it (or a form's
        # prefix or suffix) is found by one fast substring search, not a loop over the forms.
        # The parts in order: a form's first place in it is its first derivation's.
        self._blob = "\n" + "\n".join(itertools.chain.from_iterable(parts)) + "\n"

    def derivation(self, record_id: str) -> str | None:
        """How `record_id` was computed without a key from one of the texts, if it was."""
        rid = record_id.casefold()
        # A form whole inside the ID (e.g. `oc_` + a hex digest, or a digest's own prefix).
        for start in range(len(rid)):
            for end in range(start + _MIN_WHOLE, len(rid) + 1):
                if rid[start:end] in self._how:
                    return self._how[rid[start:end]]
        # The ID, or a long part of it, as a truncated form: its prefix, suffix or a slice.
        parts = {rid} | {p for p in re.split(r"[-_]", rid) if len(p) >= _MIN_PART}
        for part in parts:
            # A part long enough to be a slice is looked for once: a form's prefix or suffix
            # is a slice of the blob too (one scan of it, not three). A shorter part must be
            # a form's prefix or suffix.
            long = len(part) >= _MIN_SLICE
            for probe in (part,) if long else (f"\n{part}", f"{part}\n"):
                if probe in self._blob:
                    return self._owner(probe)
        return None

    def _owner(self, probe: str) -> str:
        """The form (and so the derivation) that the blob holds `probe` in."""
        at = self._blob.index(probe)
        start = at + 1 if probe.startswith("\n") else self._blob.rindex("\n", 0, at) + 1
        return self._how[self._blob[start : self._blob.index("\n", start)]]


def _own_keys(reference: str) -> dict[str, str]:
    """The reference, as typed and in either case, as an HMAC key, to how a message names it."""
    keys: dict[str, str] = {}
    for text, how in (
        (reference, ""),
        (reference.lower(), " lower-cased"),
        (reference.upper(), " upper-cased"),
    ):
        keys.setdefault(text, f"the reference itself{how} (no secret)")
    return keys


_VERBATIM = True  # `_forms`' flag: the text itself (and its case variants) is a form

_PAD_MIN = 8  # bytes a pad must cover: a chance match of 8 bytes is one in 2**64
_PAD_ENOUGH = 2  # other references' IDs a pad must predict (besides the pair it came from)
_PAD_IDS = 64  # IDs tried as the known one (the attack needs one; more only costs time)


def _xor(a: bytes, b: bytes) -> bytes:
    return bytes(x ^ y for x, y in zip(a, b, strict=False))


def _minus(a: bytes, b: bytes) -> bytes:
    return bytes((x - y) % 256 for x, y in zip(a, b, strict=False))


def _plus(a: bytes, b: bytes) -> bytes:
    return bytes((x + y) % 256 for x, y in zip(a, b, strict=False))


# How a pad is found from a known (ID, reference) pair, and applied to another reference.
_PAD_OPS: dict[str, tuple[Callable[[bytes, bytes], bytes], Callable[[bytes, bytes], bytes]]] = {
    "XOR-ed with a fixed pad": (_xor, _xor),
    "shifted byte by byte by a fixed pad": (_minus, _plus),
}


def _decodings(record_id: str) -> dict[str, bytes]:
    """The bytes a record ID may encode, by encoding (an unreadable one is left out).

    Tried on the whole ID and on what follows a literal prefix (``oc_``, ``rec-``).
    """
    out: dict[str, bytes] = {}
    parts = [record_id] + [record_id.split(sep, 1)[1] for sep in "_-:" if sep in record_id]
    for part in parts:
        if len(part) < _PAD_MIN:
            continue
        if re.fullmatch("(?:[0-9a-fA-F]{2})+", part):
            out.setdefault("hex", bytes.fromhex(part))
        for name, alphabet, decode in (
            ("base64url", "[A-Za-z0-9_-]", base64.urlsafe_b64decode),
            ("base64", "[A-Za-z0-9+/]", base64.b64decode),
            ("base32", "[A-Z2-7]", base64.b32decode),
        ):
            if re.fullmatch(f"{alphabet}+=*", part):
                size = 8 if name == "base32" else 4
                with contextlib.suppress(ValueError, binascii.Error):
                    out.setdefault(name, decode(part + "=" * (-len(part) % size)))
        out.setdefault("text", part.encode())
    return out


def pad_derivation(references: Iterable[str], record_ids: Iterable[str]) -> str | None:
    """How record IDs are references under a fixed pad anyone holding one pair recovers.

    The known-plaintext attack anyone with one reference (a patient's acknowledgement)
    and its record ID can make: the pad is the ID's bytes (hex, base64, base32 or text)
    against the reference's, XOR-ed or subtracted byte by byte; applied to the other
    references it must give their IDs. A keyed pseudonym (an HMAC under a secret, or a
    random ID kept in a table) gives IDs no pad links: the pad of a right pair predicts
    nothing. Found when one pad predicts the IDs of at least two other references.
    """
    refs = [r.encode() for r in dict.fromkeys(references) if len(r) >= _PAD_MIN]
    decoded: dict[str, list[bytes]] = {}
    for rid in list(dict.fromkeys(record_ids)):
        for how, raw in _decodings(rid).items():
            decoded.setdefault(how, []).append(raw)
    for how, ids in decoded.items():
        for known_id in ids[:_PAD_IDS]:
            for known_ref in refs:
                size = min(len(known_id), len(known_ref))
                if size < _PAD_MIN:
                    continue
                held = {d[:size] for d in ids if d != known_id}
                best: tuple[int, str] = (0, "")
                for named, (pad_of, apply) in _PAD_OPS.items():
                    pad = pad_of(known_id[:size], known_ref[:size])
                    # Only references that differ from the known one where the pad covers:
                    # a constant prefix of IDs matched to one of references predicts nothing.
                    hits = {
                        guess
                        for r in refs
                        if len(r) >= size and r[:size] != known_ref[:size]
                        if (guess := apply(r[:size], pad)) in held
                    }
                    best = max(best, (len(hits), named))
                if best[0] >= _PAD_ENOUGH:
                    return (
                        f"the tool's references {best[1]} ({how}), so anyone holding one "
                        "reference and its record ID computes the record ID of any other"
                    )
    return None


_AFFINE_BITS = (32, 48, 64, 128)  # moduli 2**k tried besides the ID's own width
_AFFINE_IDS = 24  # IDs tried as the two known ones (pairs of them: the attack needs one pair)
_AFFINE_TWOS = 4  # at most 2**4 multipliers tried per pair of IDs (an even pair's choices)


def _numbers_of_reference(reference: str) -> dict[str, int]:
    """The numbers a tool may read a reference as (its hex digits, its digits, its bytes)."""
    out: dict[str, int] = {}
    hex_digits = re.sub("[^0-9A-Fa-f]", "", reference)
    if hex_digits:
        out["its hex digits"] = int(hex_digits, 16)
    digits = re.sub("[^0-9]", "", reference)
    if digits:
        out["its digits"] = int(digits)
    out["its bytes"] = int.from_bytes(reference.encode(), "big")
    return out


def _numbers_of_id(record_id: str) -> dict[str, tuple[int, int]]:
    """A record ID's readings as a number, by encoding: (value, width in bits)."""
    out = {
        how: (int.from_bytes(raw, "big"), 8 * len(raw))
        for how, raw in _decodings(record_id).items()
        if how != "text"
    }
    if re.fullmatch("[0-9]{1,40}", record_id):
        out["decimal"] = (int(record_id), 0)
    return out


def _twos(number: int) -> int:
    """How many times 2 divides `number` (0 counts as many)."""
    return (number & -number).bit_length() - 1 if number else 1 << 16


def _affine_maps(n1: int, n2: int, ids: list[int], k: int) -> Iterator[tuple[int, int]]:
    """Each (a, b) with a * n + b giving two of `ids` for n1 and n2, modulo 2**k.

    (r1 - r2) = a * (n1 - n2): with 2**v dividing n1 - n2, `a` is known modulo 2**(k - v)
    and is one of 2**v values modulo 2**k (v is small for all but a few pairs).
    """
    modulus = 1 << k
    v = _twos(n1 - n2)
    if v > _AFFINE_TWOS or v >= k:
        return
    inverse = pow(((n1 - n2) >> v) % modulus, -1, modulus)
    for r1, r2 in itertools.permutations(ids, 2):
        if (r1 - r2) % (1 << v):
            continue
        base = ((r1 - r2) >> v) * inverse % (modulus >> v)
        for t in range(1 << v):
            a = base + (t << (k - v))
            yield a, (r1 - a * n1) % modulus


def affine_derivation(references: Iterable[str], record_ids: Iterable[str]) -> str | None:
    """How record IDs are an affine map of references' numbers modulo a power of two.

    ``id = (a * n + b) mod 2**k`` with a secret multiplier `a` and offset `b` (or none) is
    no keyed pseudonym: two known pairs (references and their IDs) give `a` and `b` (a
    modular inverse), and then every other reference's ID. The suite takes two of its own
    references (the two whose numbers differ by the fewest factors of 2) as the known ones,
    against each pair of IDs; found when the map predicts the IDs of at least two other
    references. A keyed pseudonym (an HMAC, a random ID in a table) predicts none.
    """
    refs = list(dict.fromkeys(references))
    widths: dict[str, set[int]] = {}
    values: dict[str, list[int]] = {}
    for rid in list(dict.fromkeys(record_ids)):
        for how, (value, width) in _numbers_of_id(rid).items():
            values.setdefault(how, []).append(value)
            widths.setdefault(how, set()).add(width)
    for ref_how in ("its hex digits", "its digits", "its bytes"):
        numbers = [n[ref_how] for r in refs if ref_how in (n := _numbers_of_reference(r))]
        numbers = list(dict.fromkeys(numbers))
        if len(numbers) < 2 + _PAD_ENOUGH:
            continue
        # The known pair whose difference has the fewest factors of 2 (any pair may be even).
        n1, n2 = min(itertools.combinations(numbers, 2), key=lambda p: _twos(p[0] - p[1]))
        others = [n for n in numbers if n not in (n1, n2)]
        for id_how, ids in values.items():
            held = set(ids)
            bits = sorted({*_AFFINE_BITS, *(w for w in widths[id_how] if w >= 32)})
            for k in bits:
                for a, b in _affine_maps(n1, n2, ids[:_AFFINE_IDS], k):
                    hits = sum((a * n + b) % (1 << k) in held for n in others)
                    if hits >= _PAD_ENOUGH:
                        return (
                            f"an affine map of the tool's references ({ref_how}, times a "
                            f"fixed number plus a fixed number, modulo 2**{k}; {id_how}), so "
                            "anyone holding two references and their record IDs computes the "
                            "record ID of any other"
                        )
    return None
