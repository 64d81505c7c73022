"""An outside vendor's online consultation tool: its TEST environment, on the tool contract.

Written from the published docs only (README, docs/*.md, conformance/catalogue.json,
conformance/tool-contract.openapi.json, DOMAIN.md); stdlib only; does not import the SDK.

    python tool.py [--port 8080] [--variant NAME] [--idle-timeout 0.2] [--token T]

Like a load balancer in front of a real service, the server speaks HTTP/1.1 keep-alive and
simply closes a connection that stays idle for `idle_timeout` seconds (no `Connection: close`
header: the socket is just closed).

`variant` switches on exactly one defect from `variants.VARIANTS` (None: the clean tool).
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import http.server
import json
import re
import secrets
import sys
import threading
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
from variants import VARIANTS
from variants_blind3 import BLIND3
from variants_blind4 import BLIND4
from variants_blind5 import BLIND5
from variants_blind6 import BLIND6
from variants_blind7 import BLIND7
from variants_blind8 import BLIND8
from variants_blind9 import BLIND9
from variants_blind10 import BLIND10
from variants_blind11 import BLIND11
from variants_blind12 import BLIND12
from variants_blind13 import BLIND13
from variants_blind14 import BLIND14
from variants_blind15 import BLIND15
from variants_blind16 import BLIND16
from variants_blind17 import BLIND17
from variants_heldout import HELDOUT

ALL_VARIANTS: dict[str, str] = {  # all sets
    **VARIANTS,
    **HELDOUT,
    **BLIND3,
    **BLIND4,
    **BLIND5,
    **BLIND6,
    **BLIND7,
    **BLIND8,
    **BLIND9,
    **BLIND10,
    **BLIND11,
    **BLIND12,
    **BLIND13,
    **BLIND14,
    **BLIND15,
    **BLIND16,
    **BLIND17,
}

LONDON = ZoneInfo("Europe/London")
UTC = timezone.utc
PRACTICE = "B82005"
SUPPLIER = "ACME-OC"
TOOL_NAME = "Acme Online Consult (test environment)"
TOOL_VERSION = "4.1.0"
OPEN_AT, CLOSE_AT = time(8, 0), time(18, 30)
CATEGORIES = [
    "seek_health_advice",
    "describe_symptoms",
    "ask_question",
    "follow_up",
    "clinical_request",
    "administrative_request",
]
REQUEST_TYPE = {  # GAPS.md: the docs do not give this mapping; our own reading
    "seek_health_advice": "clinical",
    "describe_symptoms": "clinical",
    "clinical_request": "clinical",
    "administrative_request": "administrative",
    "ask_question": "other",
    "follow_up": "other",
}
MEDIA_TYPES = ["image/jpeg", "image/png"]
B11_KINDS = [  # OutcomeSubmission.kind, in the contract's order (b11 variants)
    "self_care_advice",
    "prescription",
    "appointment_face_to_face",
    "appointment_phone",
    "appointment_video",
    "signposted_pharmacy",
    "signposted_111",
    "referred",
    "admin_completed",
    "closed_no_action",
]
MAX_BODY = 1024 * 1024
MAX_ATTACHMENT = 20 * 1024 * 1024
SAFEGUARD = (
    "Do not use this form for emergencies or anything urgent. Call 999 in an "
    "emergency; if you need help today, use NHS 111 online or call 111."
)
SYMPTOM_CHECKER = "https://111.nhs.uk/"
REF_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")
WEEK_RE = re.compile(r"^([0-9]{4})-W([0-9]{2})$")
INSTANT_PATTERN = (  # the contract's instant pattern without its anchors (b12 variants)
    r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:"
    r"[0-5][0-9](\.[0-9]{1,6})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])"
)
STATUSES = ["scheduled", "in_progress", "completed", "cancelled", "did_not_attend", "failed"]
GSM7 = (  # the GSM 03.38 basic character set and its extension table (b4 variant)
    "@\u00a3$\u00a5\u00e8\u00e9\u00f9\u00ec\u00f2\u00c7\n\u00d8\u00f8\r\u00c5\u00e5"
    "\u0394_\u03a6\u0393\u039b\u03a9\u03a0\u03a8\u03a3\u0398\u039e\u00c6\u00e6\u00df\u00c9"
    " !\"#\u00a4%&'()*+,-./0123456789:;<=>?\u00a1ABCDEFGHIJKLMNOPQRSTUVWXYZ\u00c4\u00d6\u00d1\u00dc"
    "\u00a7\u00bfabcdefghijklmnopqrstuvwxyz\u00e4\u00f6\u00f1\u00fc\u00e0^{}\\[~]|\u20ac"
)
MED_RE = re.compile(  # b6 variants: a keyword router for medication queries
    r"\b(medications?|medicines?|tablets?|capsules?|doses?|dosage|prescriptions?|repeats?|"
    r"inhalers?|mg|mcg|side[ -]effects?|pills?)\b",
    re.IGNORECASE,
)
PHONE_RE = re.compile(r"(?<![0-9])(?:\+44\s?(?:\(0\)\s?)?|0)[0-9](?:[\s-]?[0-9]){8,9}(?![0-9])")
PICKLIST = {  # b6: the staff app's relationship picklist
    "mother": "Mother",
    "father": "Father",
    "parent": "Parent",
    "guardian": "Guardian",
    "legal guardian": "Guardian",
    "carer": "Carer",
    "son": "Son",
    "daughter": "Daughter",
    "husband": "Spouse",
    "wife": "Spouse",
    "partner": "Partner",
}
COUNTIES = {  # b6: PAF addresses carry no county
    "Bedfordshire", "Berkshire", "Bristol", "Buckinghamshire", "Cambridgeshire", "Cheshire",
    "Cornwall", "Cumbria", "Derbyshire", "Devon", "Dorset", "Durham", "County Durham",
    "East Sussex", "Essex", "Gloucestershire", "Greater London", "Greater Manchester",
    "Hampshire", "Herefordshire", "Hertfordshire", "Isle of Wight", "Kent", "Lancashire",
    "Leicestershire", "Lincolnshire", "Merseyside", "Norfolk", "North Yorkshire",
    "Northamptonshire", "Northumberland", "Nottinghamshire", "Oxfordshire", "Rutland",
    "Shropshire", "Somerset", "South Yorkshire", "Staffordshire", "Suffolk", "Surrey",
    "Tyne and Wear", "Warwickshire", "West Midlands", "West Sussex", "West Yorkshire",
    "Wiltshire", "Worcestershire", "East Riding of Yorkshire", "Middlesex",
}  # fmt: skip
BRANDS = {  # b7: a dm+d coder's brand-to-generic table
    "ventolin": "salbutamol", "nurofen": "ibuprofen", "calpol": "paracetamol",
    "panadol": "paracetamol", "lipitor": "atorvastatin", "losec": "omeprazole",
    "zoton": "lansoprazole", "prozac": "fluoxetine", "lustral": "sertraline",
    "cipramil": "citalopram", "clenil": "beclometasone", "seretide": "fluticasone with salmeterol",
    "symbicort": "budesonide with formoterol", "fostair": "beclometasone with formoterol",
    "eltroxin": "levothyroxine", "glucophage": "metformin", "tritace": "ramipril",
    "istin": "amlodipine", "lyrica": "pregabalin", "augmentin": "co-amoxiclav",
    "voltarol": "diclofenac", "solpadeine": "co-codamol", "zapain": "co-codamol",
    "xarelto": "rivaroxaban", "eliquis": "apixaban", "marevan": "warfarin",
    "epipen": "adrenaline auto-injector", "ozempic": "semaglutide", "mounjaro": "tirzepatide",
    "cerazette": "desogestrel", "microgynon": "levonorgestrel with ethinylestradiol",
    "movicol": "macrogol", "fybogel": "ispaghula husk", "canesten": "clotrimazole",
    "imodium": "loperamide", "buscopan": "hyoscine butylbromide", "zyrtec": "cetirizine",
    "clarityn": "loratadine", "piriton": "chlorphenamine", "gaviscon": "sodium alginate",
    "oramorph": "morphine sulfate oral solution", "sudafed": "pseudoephedrine",
    "beconase": "beclometasone nasal spray", "flixonase": "fluticasone nasal spray",
    "viagra": "sildenafil", "zantac": "ranitidine", "synthroid": "levothyroxine",
}  # fmt: skip
POST_TOWNS = {  # b9: the address finder's post towns, by postcode area
    "LS": "LEEDS", "B": "BIRMINGHAM", "M": "MANCHESTER", "L": "LIVERPOOL", "S": "SHEFFIELD",
    "BS": "BRISTOL", "NE": "NEWCASTLE UPON TYNE", "E": "LONDON", "EC": "LONDON", "N": "LONDON",
    "NW": "LONDON", "SE": "LONDON", "SW": "LONDON", "W": "LONDON", "WC": "LONDON",
    "BD": "BRADFORD", "HX": "HALIFAX", "HD": "HUDDERSFIELD", "WF": "WAKEFIELD", "YO": "YORK",
    "NG": "NOTTINGHAM", "LE": "LEICESTER", "CV": "COVENTRY", "OX": "OXFORD", "CB": "CAMBRIDGE",
}  # fmt: skip
BRAND_RE = re.compile(r"\b(" + "|".join(BRANDS) + r")\b", re.IGNORECASE)
EMOJI_RE = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf]")  # b7: emoji to shortcodes
B13_NEGATIVE_RE = re.compile(  # b13: a 'distress score' lexicon
    r"\b(terrible|awful|horrible|worst|unbearable|desperate|miserable|agony|excruciating|"
    r"scared|frightened|hopeless|can'?t cope|cannot cope)\b",
    re.IGNORECASE,
)
B13_TEXT_SPEAK = {  # b13: a text-speak expander for clinicians
    "pls": "please", "plz": "please", "u": "you", "ur": "your", "2day": "today",
    "2moro": "tomorrow", "tmrw": "tomorrow", "thx": "thanks", "b4": "before", "gr8": "great",
    "cos": "because", "coz": "because",
}  # fmt: skip
B13_TEXT_SPEAK_RE = re.compile(
    r"(?<![\w'])(" + "|".join(B13_TEXT_SPEAK) + r")(?![\w'])", re.IGNORECASE
)
B13_PROFANITY_RE = re.compile(  # b13: a substring profanity filter (the Scunthorpe problem)
    "cunt|shit|fuck|twat|wank|cock|dick|piss|arse|tits|slut", re.IGNORECASE
)
B13_EMOTICONS = {  # b13: a rich-text autoformat
    ":-)": "\U0001f642", ":)": "\U0001f642", ":-(": "\U0001f641", ":(": "\U0001f641",
    ";)": "\U0001f609", ":D": "\U0001f600", "<3": "\u2764\ufe0f",
}  # fmt: skip
B13_EMOTICON_RE = re.compile("|".join(re.escape(k) for k in B13_EMOTICONS))
B13_PREFERRED = "phone,email,text_message,online,post"  # b13: a settings string, not a list
B14_KEYS = frozenset(  # b14: every property name the contract's request bodies use
    {
        "practice_code", "category", "patient", "requester", "contact", "description",
        "attachments", "follows_up", "given_name", "family_name", "date_of_birth",
        "nhs_number", "role", "proxy_name", "relationship", "email", "phone", "address_lines",
        "postcode", "preferred", "media_type", "size_bytes", "sha256", "ethnicity",
        "direction", "body", "in_reply_to", "about_request", "scheduled_start",
        "duration_minutes", "participant", "kind", "message",
    }
)  # fmt: skip
B14_KEYPAD = str.maketrans(  # b14: libphonenumber's vanity-number letters
    {c: d for d, cs in {"2": "ABC", "3": "DEF", "4": "GHI", "5": "JKL", "6": "MNO",
                        "7": "PQRS", "8": "TUV", "9": "WXYZ"}.items() for c in cs + cs.lower()}
)  # fmt: skip
B14_WELSH_RE = re.compile(  # b14: the language detector's Welsh function words
    r"\b(mae|dwi|rydw|rwy|gyda|ddim|meddyg|diolch|eisiau|angen|fy|yn|gallu|heddiw)\b",
    re.IGNORECASE,
)
B14_MISSPELT = {  # b14: a medicines spelling corrector
    "paracetemol": "paracetamol", "paracetomol": "paracetamol", "ibuprofin": "ibuprofen",
    "ibruprofen": "ibuprofen", "amoxycillin": "amoxicillin", "amoxicilin": "amoxicillin",
    "omeprazol": "omeprazole", "sertaline": "sertraline", "metforman": "metformin",
    "asprin": "aspirin", "citalopran": "citalopram", "co-codomol": "co-codamol",
    "levothyroxin": "levothyroxine", "lanzoprazole": "lansoprazole", "salbutomol": "salbutamol",
}  # fmt: skip
B14_MISSPELT_RE = re.compile(
    r"(?<![\w-])(" + "|".join(map(re.escape, B14_MISSPELT)) + r")(?![\w-])", re.IGNORECASE
)
B14_SURROGATE_ESC_RE = re.compile(  # b14: an escaped surrogate pair (not after a backslash)
    r"(?<!\\)((?:\\\\)*)\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)
B14_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U"  # b14: base32 and its check symbols
B15_EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()  # b15: the empty file's SHA-256
B15_FAQ_RE = re.compile(r"\s*(can i|is it safe|should i|how do i)\b", re.IGNORECASE)  # b15: FAQ bot
B15_PLACEHOLDER_RE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")  # b15: Handlebars
B15_HEADER_RE = re.compile(r"[!-9;-~]+:")  # b15: an RFC 5322 header field name and its colon
B16_ROLE_STUB = frozenset(  # b16: the TEST terminology server's stub value set (display texts)
    {
        "mother", "father", "parent", "guardian", "son", "daughter", "husband", "wife",
        "spouse", "brother", "sister", "child",
    }
)  # fmt: skip
B16_NO_MX = frozenset({"example.invalid", "example.org", "example.net", "example.com"})  # b16
B16_DIGITS = {"ar": "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669",
              "bn": "\u09e6\u09e7\u09e8\u09e9\u09ea\u09eb\u09ec\u09ed\u09ee\u09ef"}  # fmt: skip
B16_ACK_L10N = {  # b16: the acknowledgement in the locale of the description's script
    "ar": "\u0634\u0643\u0631\u064b\u0627 \u0644\u0643: \u0648\u0635\u0644\u0646\u0627 "
    "\u0637\u0644\u0628\u0643\u060c \u0627\u0644\u0645\u0631\u062c\u0639 {ref}. "
    "\u0633\u0646\u062e\u0628\u0631\u0643 \u0627\u0644\u064a\u0648\u0645 \u0642\u0628\u0644 "
    "\u0627\u0644\u0633\u0627\u0639\u0629 {time} \u0643\u064a\u0641 \u0633\u0646\u062a\u0639"
    "\u0627\u0645\u0644 \u0645\u0639\u0647.",
    "bn": "\u09a7\u09a8\u09cd\u09af\u09ac\u09be\u09a6: \u0986\u09ae\u09b0\u09be "
    "\u0986\u09aa\u09a8\u09be\u09b0 \u0985\u09a8\u09c1\u09b0\u09cb\u09a7 \u09aa\u09c7"
    "\u09af\u09bc\u09c7\u099b\u09bf, \u09b0\u09c7\u09ab\u09be\u09b0\u09c7\u09a8\u09cd"
    "\u09b8 {ref}\u0964 \u0986\u09ae\u09b0\u09be \u0986\u099c {time}-\u098f\u09b0 "
    "\u09ae\u09a7\u09cd\u09af\u09c7 \u099c\u09be\u09a8\u09be\u09ac\u0964",
    "ur": "\u0634\u06a9\u0631\u06cc\u06c1: \u06c1\u0645\u06cc\u06ba \u0622\u067e "
    "\u06a9\u06cc \u062f\u0631\u062e\u0648\u0627\u0633\u062a \u0645\u0644 \u06af\u0626"
    "\u06cc \u06c1\u06d2\u060c \u062d\u0648\u0627\u0644\u06c1 {ref}\u06d4 \u06c1\u0645 "
    "\u0622\u062c {time} \u062a\u06a9 \u0628\u062a\u0627\u0626\u06cc\u06ba \u06af\u06d2\u06d4",
}
B16_URDU_LETTERS = "\u0679\u0688\u0691\u06ba\u06be\u06c1\u06d2"  # b16: letters Arabic lacks
B16_SENTENCE_RE = re.compile(r"(^|[.!?][ \t\r\n]+)([^\W\d_])")  # b16: sentence starts
B16_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
B16_RTL_RUN_RE = re.compile(f"[{B16_RTL}]+(?: +[{B16_RTL}]+)*")  # b16: a right-to-left run
B16_JAVA_RE = re.compile(r"T([0-9]{2}:[0-9]{2}):00(Z|[+-][0-9]{2}:[0-9]{2})$")  # b16: toString()
B16_JSON_ESC_RE = re.compile(r"(?<!\\)((?:\\\\)*)\\([rnt])")  # b16: \n, \r, \t escapes in JSON


# ---------------------------------------------------------------- calendar (England and Wales)


def easter(year: int) -> date:
    """Western (Gregorian) Easter Sunday, anonymous Gregorian algorithm."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def julian_easter(year: int) -> date:
    """Orthodox Easter (Julian computus, as a Gregorian date): the wrong one for England."""
    a, b, c = year % 4, year % 7, year % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month = (d + e + 114) // 31
    day = (d + e + 114) % 31 + 1
    return date(year, month, day) + timedelta(days=13)


def _first_monday(year: int, month: int) -> date:
    d = date(year, month, 1)
    return d + timedelta(days=(7 - d.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    d = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return d - timedelta(days=d.weekday())


SPECIAL = {  # one-off bank holidays and moved ones (England and Wales)
    1999: ([date(1999, 12, 31)], []),
    2002: ([date(2002, 6, 3), date(2002, 6, 4)], [_last_monday(2002, 5)]),
    2011: ([date(2011, 4, 29)], []),
    2012: ([date(2012, 6, 4), date(2012, 6, 5)], [_last_monday(2012, 5)]),
    2020: ([date(2020, 5, 8)], [_first_monday(2020, 5)]),
    2022: ([date(2022, 6, 2), date(2022, 6, 3), date(2022, 9, 19)], [_last_monday(2022, 5)]),
    2023: ([date(2023, 5, 8)], []),
}


def _last_sunday(year: int, month: int) -> date:
    d = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return d - timedelta(days=(d.weekday() + 1) % 7)


def bank_holidays(year: int, variant: str | None = None) -> set[date]:
    """England and Wales bank holidays for a year, with substitute days."""
    if variant == "bh-table-ends-2025" and year > 2025:
        return set()  # a hard-coded table nobody extended
    days: set[date] = set()
    ny = date(year, 1, 1)
    if variant in ("bh-no-substitute-days", "hx-bh-no-new-year-substitute"):
        days.add(ny)
    else:
        days.add(ny + timedelta(days={5: 2, 6: 1}.get(ny.weekday(), 0)))
    e = julian_easter(year) if variant == "bh-orthodox-easter" else easter(year)
    if variant == "bh-scottish-calendar":
        days.add(date(year, 1, 2) + timedelta(days=0))
        days.add(e - timedelta(days=2))
        days.add(_first_monday(year, 5))
        days.add(_last_monday(year, 5))
        days.add(_first_monday(year, 8))
        days.add(date(year, 11, 30))
    else:
        days |= {e - timedelta(days=2), e + timedelta(days=1)}
        if variant != "bh-no-early-may":
            days.add(_first_monday(year, 5))
        if variant == "b4-bh-spring-first-monday-june":
            days.add(_first_monday(year, 6))
        else:
            days.add(_last_monday(year, 5))
        days.add(_last_monday(year, 8))
    xmas, boxing = date(year, 12, 25), date(year, 12, 26)
    if variant == "bh-no-substitute-days":
        days |= {xmas, boxing}
    elif variant == "hx-bh-substitute-collision":  # each weekend holiday -> the next Monday
        for hday in (xmas, boxing):
            days.add(hday + timedelta(days={5: 2, 6: 1}.get(hday.weekday(), 0)))
    else:
        wd = xmas.weekday()
        if wd == 4:  # Fri: Boxing Day Sat -> Mon 28
            days |= {xmas, date(year, 12, 28)}
        elif wd == 5:  # Sat: Mon 27 and Tue 28
            days |= {date(year, 12, 27), date(year, 12, 28)}
        elif wd == 6:  # Sun: Mon 26 Boxing Day, Tue 27 substitute
            days |= {boxing, date(year, 12, 27)}
        else:
            days |= {xmas, boxing}
    if variant == "b3-bh-table-typo-august-2026" and year == 2026:
        days = (days - {date(2026, 8, 31)}) | {date(2026, 8, 25)}
    added, removed = SPECIAL.get(year, ([], []))
    if variant == "b4-bh-one-offs-recurring":  # one-offs kept as (month, day), every year
        days |= {date(year, x.month, x.day) for a, _ in SPECIAL.values() for x in a}
    if variant not in ("bh-scottish-calendar",):
        days -= set(removed)
        days |= set(added)
    return days


# ------------------------------------------------------------------------------------ helpers


class BadInput(Exception):
    def __init__(
        self,
        problems: list[tuple[str, str]],
        status: int = 400,
        message: str = "the request is not valid",
    ) -> None:
        super().__init__(message)
        self.problems, self.status, self.message = problems, status, message


class HttpAnswer(Exception):
    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(status)
        self.status, self.body = status, body


def iso(dt: datetime) -> str:
    return dt.astimezone(UTC).isoformat().replace("+00:00", "Z")


def parse_instant(value: Any, where: str, problems: list[tuple[str, str]]) -> datetime | None:
    if not isinstance(value, str):
        problems.append((where, "expected a date-time string with a UTC offset"))
        return None
    if not re.fullmatch(INSTANT_RE, value):
        problems.append((where, "expected an RFC 3339 instant with seconds and a UTC offset"))
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        problems.append((where, "not an ISO 8601 date-time"))
        return None
    if dt.tzinfo is None or not re.search(r"(Z|z|[+-]\d{2}:\d{2})$", value):
        problems.append((where, "date-time has no UTC offset; add Z or +HH:MM"))
        return None
    return dt


def _b9_at(body: Any, loc: str) -> Any:
    """b9: the value at a JSON path such as $.patient.nhs_number or $.attachments[0].sha256."""
    cur = body
    for part in re.findall(r"\.([A-Za-z_0-9]+)|\[([0-9]+)\]", loc):
        try:
            cur = cur[part[0]] if part[0] else cur[int(part[1])]
        except (KeyError, IndexError, TypeError, ValueError):
            return None
    return cur


def nhs_number_ok(s: str) -> bool:
    s = s.replace(" ", "").replace("-", "")
    if not re.fullmatch(r"[0-9]{10}", s):
        return False
    total = sum(int(c) * (10 - i) for i, c in enumerate(s[:9]))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(s[9])


def _b7_check_10(s: str) -> bool:
    """b7: a modulus 11 check that reads a check value of 10 as the digit 0."""
    s = s.replace(" ", "").replace("-", "")
    if not re.fullmatch(r"[0-9]{10}", s):
        return False
    return 11 - sum(int(c) * (10 - i) for i, c in enumerate(s[:9])) % 11 == 10 and s[9] == "0"


# A tiny validator for the contract's bodies: every problem with its JSON path.
S = "str"
OPT_S = ("opt", "str")


def Str(
    lo: int | None = None,
    hi: int | None = None,
    pat: str | None = None,
    what: str = "a value of the documented shape",
) -> tuple[Any, ...]:
    return ("str", lo, hi, pat, what)


INSTANT_RE = (
    r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]"
    r":[0-5][0-9](\.[0-9]{1,6})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"
)
DATE_RE = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
REF_PAT = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$"
ODS = Str(pat=r"^[A-Z][0-9]{5}$", what="a GP practice ODS code (a letter and 5 digits)")
NHS = Str(
    pat=r"^([0-9]{10}|[0-9]{3} [0-9]{3} [0-9]{4}|[0-9]{3}-[0-9]{3}-[0-9]{4})$",
    what="an NHS number (10 digits)",
)


def check(value: Any, spec: Any, path: str, problems: list[tuple[str, str]]) -> None:
    if isinstance(spec, tuple) and spec[0] == "opt":
        if value is not None:
            check(value, spec[1], path, problems)
        return
    if isinstance(spec, tuple) and spec[0] == "str":
        _, lo, hi, pat, what = spec
        if not isinstance(value, str):
            problems.append((path, "expected a string"))
        elif lo is not None and len(value) < lo:
            problems.append((path, f"expected at least {lo} characters"))
        elif hi is not None and len(value) > hi:
            problems.append((path, f"expected at most {hi} characters"))
        elif pat is not None and not re.search(pat, value):
            problems.append((path, f"expected {what}"))
    elif spec == "str":
        if not isinstance(value, str):
            problems.append((path, "expected a string"))
    elif spec == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            problems.append((path, "expected an integer"))
    elif spec == "bool":
        if not isinstance(value, bool):
            problems.append((path, "expected true or false"))
    elif isinstance(spec, tuple) and spec[0] == "enum":
        if value not in spec[1]:
            problems.append((path, "expected one of " + ", ".join(spec[1])))
    elif isinstance(spec, tuple) and spec[0] == "list":
        if not isinstance(value, list):
            problems.append((path, "expected an array"))
        else:
            for i, item in enumerate(value):
                check(item, spec[1], f"{path}[{i}]", problems)
    elif isinstance(spec, dict):
        if not isinstance(value, dict):
            problems.append((path, "expected an object"))
            return
        for key, sub in spec.items():
            name, required = key.rstrip("!"), key.endswith("!")
            if name not in value:
                if required:
                    problems.append((f"{path}.{name}", "required key is missing"))
                continue
            check(value[name], sub, f"{path}.{name}", problems)
        known = {k.rstrip("!") for k in spec}
        for name in value:
            if name not in known:
                problems.append((f"{path}.{name}", "unknown field"))


PATIENT = {
    "given_name!": Str(1, 100),
    "family_name!": Str(1, 100),
    "date_of_birth!": Str(pat=DATE_RE, what="a date YYYY-MM-DD"),
    "nhs_number": ("opt", NHS),
}
CONTACT = {
    "email": ("opt", Str(None, 254, r"^[^@]*@[^@]*$", "an email address (one '@')")),
    "phone": (
        "opt",
        Str(pat=r"^[ ()+-]*([0-9][ ()+-]*){10,13}$", what="a phone number of 10 to 13 digits"),
    ),
    "address_lines": ("list", S),
    "postcode": (
        "opt",
        Str(pat=r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$", what="a UK postcode in capitals"),
    ),
    "preferred": ("opt", ("enum", ["phone", "email", "text_message", "online", "post"])),
}
REQUESTER = {
    "role!": ("enum", ["patient", "proxy"]),
    "proxy_name": ("opt", Str(1, 200)),
    "relationship": ("opt", Str(1, 100)),
}
ATTACHMENT = {
    "media_type!": Str(1, 100, "/", "a media type"),
    "size_bytes!": "int",
    "sha256!": Str(pat=r"^[0-9a-f]{64}$", what="64 lower-case hex digits"),
}
REQUEST_SPEC = {
    "practice_code!": ODS,
    "category!": ("enum", CATEGORIES),
    "patient!": PATIENT,
    "requester!": REQUESTER,
    "contact!": CONTACT,
    "description!": Str(1, 10000),
    "attachments": ("list", ATTACHMENT),
    "follows_up": OPT_S,
}
CONTACT_UPDATE_SPEC = {
    "practice_code!": ODS,
    "patient!": PATIENT,
    "contact!": CONTACT,
    "ethnicity": ("opt", ("enum", list("ABCDEFGHJKLMNPRSZ"))),  # NHS DD ETHNIC CATEGORY
    "requester": ("opt", REQUESTER),
}
MESSAGE_SPEC = {
    "practice_code!": ODS,
    "direction!": ("enum", ["patient_to_practice", "practice_to_patient"]),
    "body!": Str(1, 10000),
    "in_reply_to": OPT_S,
    "about_request": OPT_S,  # the request a message (the practice's written reply) is about
    "requester": ("opt", REQUESTER),  # who wrote a patient-side message: patient or proxy
}
VIDEO_SPEC = {
    "practice_code!": ODS,
    "scheduled_start!": Str(pat=INSTANT_RE, what="an RFC 3339 instant with a UTC offset"),
    "duration_minutes!": "int",
}
JOIN_SPEC = {"participant!": ("enum", ["patient", "professional"])}
OUTCOME_KINDS = [  # tool-contract.openapi.json, OutcomeKind
    "self_care_advice",
    "prescription",
    "appointment_face_to_face",
    "appointment_phone",
    "appointment_video",
    "signposted_pharmacy",
    "signposted_111",
    "referred",
    "admin_completed",
    "closed_no_action",
]
OUTCOME_SPEC = {"kind!": ("enum", OUTCOME_KINDS), "message!": Str(1, 2000)}
CLOCK_SPEC = {
    "now!": Str(pat=INSTANT_RE, what="an RFC 3339 instant with a UTC offset"),
    "frozen": "bool",
}


# --------------------------------------------------------------------------------- the tool


class Tool:
    """The tool's state and behaviour, independent of HTTP."""

    def __init__(self, variant: str | None = None) -> None:
        if variant is not None and variant not in ALL_VARIANTS:
            raise ValueError(f"unknown variant {variant!r}")
        self.v = variant
        self.lock = threading.RLock()
        self.frozen: datetime | None = None
        self.key = secrets.token_bytes(32)
        self.requests: dict[str, dict[str, Any]] = {}
        self.contact_updates: dict[str, dict[str, Any]] = {}
        self.statuses: dict[str, dict[str, Any]] = {}  # the patient's view, by reference
        self.messages: dict[str, dict[str, Any]] = {}
        self.message_order: list[str] = []
        self.sessions: dict[str, dict[str, Any]] = {}
        self.joins: dict[str, set[str]] = {}
        self.seq = 0
        self.startup_offset = datetime.now(LONDON).utcoffset()

    # -- time
    def now(self) -> datetime:
        if self.v == "b7-test-clock-per-worker":  # the clock lives in the worker that took the PUT
            return getattr(self._b7_worker(), "frozen", None) or datetime.now(UTC)
        if self.v == "b3-clock-runs-after-put" and self.frozen is not None:
            return self.frozen + (datetime.now(UTC) - self._b3_put_at)
        return self.frozen if self.frozen is not None else datetime.now(UTC)

    def _b7_worker(self) -> threading.local:
        return self.__dict__.setdefault("_b7_tl", threading.local())  # type: ignore[no-any-return]

    def local(self, dt: datetime) -> datetime:
        """The instant as the tool reads UK time (where several defects live)."""
        v = self.v
        if v == "core-hours-in-utc":
            return dt.astimezone(UTC).replace(tzinfo=None)
        if v == "london-offset-fixed-at-startup":
            return (dt.astimezone(UTC) + (self.startup_offset or timedelta())).replace(tzinfo=None)
        if v == "dst-rules-of-us":
            u = dt.astimezone(UTC)
            y = u.year
            start = date(y, 3, 8) + timedelta(days=(6 - date(y, 3, 8).weekday()) % 7)
            end = date(y, 11, 1) + timedelta(days=(6 - date(y, 11, 1).weekday()) % 7)
            bst = (
                datetime(y, start.month, start.day, 2, tzinfo=UTC)
                <= u
                < datetime(y, end.month, end.day, 2, tzinfo=UTC)
            )
            return (u + timedelta(hours=1 if bst else 0)).replace(tzinfo=None)
        if v == "b4-offset-cached-weekly-sunday-utc":  # refreshed by a job at Sunday 00:00 UTC
            u = dt.astimezone(UTC)
            sunday = u.date() - timedelta(days=(u.weekday() + 1) % 7)
            off = datetime.combine(sunday, time(0), UTC).astimezone(LONDON).utcoffset()
            return (u + (off or timedelta())).replace(tzinfo=None)
        if v == "b5-dst-dates-hardcoded-from-2025":  # the 2025 change dates, every year
            u = dt.astimezone(UTC)
            y = u.year
            bst = datetime(y, 3, 30, 1, tzinfo=UTC) <= u < datetime(y, 10, 26, 1, tzinfo=UTC)
            return (u + timedelta(hours=1 if bst else 0)).replace(tzinfo=None)
        if v == "b9-bst-ends-fourth-sunday-october":  # the in-house DST rule
            u = dt.astimezone(UTC)
            y = u.year
            mar = _last_sunday(y, 3)
            oct1 = date(y, 10, 1)
            oct4 = oct1 + timedelta(days=(6 - oct1.weekday()) % 7 + 21)  # the 4th, not the last
            bst = (
                datetime(y, 3, mar.day, 1, tzinfo=UTC)
                <= u
                < datetime(y, 10, oct4.day, 1, tzinfo=UTC)
            )
            return (u + timedelta(hours=1 if bst else 0)).replace(tzinfo=None)
        return dt.astimezone(LONDON).replace(tzinfo=None)

    def to_instant(self, local: datetime) -> datetime:
        """Inverse of local(): a naive UK wall time to an aware instant."""
        v = self.v
        if v == "core-hours-in-utc":
            return local.replace(tzinfo=UTC)
        if v == "london-offset-fixed-at-startup":
            return (local - (self.startup_offset or timedelta())).replace(tzinfo=UTC)
        if v in (
            "dst-rules-of-us",
            "b4-offset-cached-weekly-sunday-utc",
            "b5-dst-dates-hardcoded-from-2025",
            "b9-bst-ends-fourth-sunday-october",
        ):
            guess = local.replace(tzinfo=UTC)
            off = self.local(guess) - guess.replace(tzinfo=None)
            return (local - off).replace(tzinfo=UTC)
        if v == "next-opening-in-utc":
            return local.replace(tzinfo=UTC)
        return local.replace(tzinfo=LONDON).astimezone(UTC)

    def is_working_day(self, d: date) -> bool:
        if self.v == "b16-bh-govuk-feed-bunting-false-dropped" and d == easter(d.year) - timedelta(
            days=2
        ):
            self._b16_fired()  # Good Friday is "bunting": false in the gov.uk feed
            return True
        if self.v == "b16-bh-observed-rule-saturday-to-friday":
            obs16 = self._b16_observed(d.year) | self._b16_observed(d.year + 1)
            got16 = d.weekday() < 5 and d not in obs16
            if got16 != (d.weekday() < 5 and d not in bank_holidays(d.year)):
                self._b16_fired()  # Saturday -> Friday before, Sunday -> Monday after
            return got16
        if (
            self.v == "b15-bh-monthcalendar-first-week-zero"
            and d == _first_monday(d.year, 5)
            and __import__("calendar").monthcalendar(d.year, 5)[0][0] == 0
        ):
            self._b15_fired()  # date(year, 5, 0) raised; the year has no early May holiday
            return True
        if (
            self.v == "b14-holidays-datetimes-never-equal-dates"
            and d.weekday() < 5
            and d in bank_holidays(d.year)
        ):
            self._b14_fired()  # `day in holidays` where the holidays are datetimes: never true
            return True
        if (
            self.v == "b13-holidays-library-every-uk-subdivision"
            and d.weekday() < 5
            and d in self._b13_uk_extra(d.year)
        ):
            self._b13_fired()  # Scotland's or Northern Ireland's day, not England's
            return False
        if (self.v or "").startswith(("b11-bh-", "b11-weekday-", "b11-easter-")):
            b11 = self._b11_working_day(d)
            if b11 is not None:
                return b11
        bh_variant = (
            self.v if (self.v or "").startswith(("bh-", "hx-bh-", "b3-bh-", "b4-bh-")) else None
        )
        if self.v == "b10-bh-key-day-not-zero-padded" and d.day < 10:  # f"{m:02d}-{d}" vs isoformat
            if d.weekday() < 5 and d in bank_holidays(d.year):
                self._b10_fired()
            return d.weekday() < 5
        if self.v == "b10-bh-feed-day-month-swapped":  # the feed's dates read month-first
            hols = {
                date(h.year, h.day, h.month) if h.day <= 12 else h for h in bank_holidays(d.year)
            }
            if (d in hols) != (d in bank_holidays(d.year)) and d.weekday() < 5:
                self._b10_fired()
            return d.weekday() < 5 and d not in hols
        if self.v == "b6-bh-feed-ends-next-year" and d.year > datetime.now(UTC).year + 1:
            return d.weekday() < 5  # the feed has nothing for that year yet
        if self.v == "b6-working-day-memo-key-without-year":
            memo = self.__dict__.setdefault("_b6_memo", {})
            hol = memo.setdefault(d.strftime("%m-%d"), d in bank_holidays(d.year))
            return d.weekday() < 5 and not hol
        if self.v == "b6-bh-year-of-week-monday":  # the week's grid, built with Monday's year
            monday = d - timedelta(days=d.weekday())
            return d.weekday() < 5 and d not in bank_holidays(monday.year)
        if self.v == "b7-last-monday-from-24th":  # the first Monday on or after the 24th
            hols = set(bank_holidays(d.year))
            for m in (5, 8):
                d24 = date(d.year, m, 24)
                hols.discard(_last_monday(d.year, m))
                hols.add(d24 + timedelta(days=(7 - d24.weekday()) % 7))
            return d.weekday() < 5 and d not in hols
        if self.v == "b8-easter-cached-at-startup":  # day and month of the real year's Easter
            e0 = self.__dict__.setdefault("_b8_easter", easter(datetime.now(UTC).year))
            e = easter(d.year)
            hols = bank_holidays(d.year) - {e - timedelta(days=2), e + timedelta(days=1)}
            for x in (e0 - timedelta(days=2), e0 + timedelta(days=1)):
                hols.add(date(d.year, x.month, x.day))
            return d.weekday() < 5 and d not in hols
        if self.v == "b6-good-friday-off-by-one":
            e = easter(d.year)
            hols = (bank_holidays(d.year) - {e - timedelta(days=2)}) | {e - timedelta(days=3)}
            return d.weekday() < 5 and d not in hols
        if self.v == "b5-bh-stored-as-utc-instants":  # London midnights, compared by UTC date
            hols = {
                datetime.combine(h, time(0), LONDON).astimezone(UTC).date()
                for h in bank_holidays(d.year)
            }
            return d.weekday() < 5 and d not in hols
        if self.v == "b4-isoweekday-friday-closed":
            return d.isoweekday() < 5 and d not in bank_holidays(d.year, bh_variant)
        return d.weekday() < 5 and d not in bank_holidays(d.year, bh_variant)

    def hours(self, d: date) -> tuple[time, time] | None:
        """Opening hours on a UK date, or None when closed all day."""
        v = self.v
        if not self.is_working_day(d):
            if v == "open-on-bank-holidays-mornings" and d.weekday() < 5:
                return time(8, 0), time(12, 0)
            return None
        if v == "b13-rota-table-52-weeks-w53-closed" and d.isocalendar()[1] == 53:
            self._b13_fired()  # the rota has rows for weeks 1 to 52 only
            return None
        if v == "b5-schedule-grid-30-days" and d.day == 31:
            return None
        if v == "b8-leap-day-closed" and (d.month, d.day) == (2, 29):
            return None  # the grid copied from last year has no 29 February
        if v == "b6-festive-shutdown-27-31-dec" and d.month == 12 and d.day >= 27:
            return None
        open_at, close_at = OPEN_AT, CLOSE_AT
        if v == "opens-0830":
            open_at = time(8, 30)
        if v == "b3-opens-0745":
            open_at = time(7, 45)
        if v == "closes-1800":
            close_at = time(18, 0)
        if v == "closes-1829":
            close_at = time(18, 29)
        if v == "friday-closes-1700" and d.weekday() == 4:
            close_at = time(17, 0)
        if v == "monday-opens-0900" and d.weekday() == 0:
            open_at = time(9, 0)
        if v == "christmas-eve-half-day" and (d.month, d.day) in ((12, 24), (12, 31)):
            close_at = time(12, 0)
        if v == "b4-closed-until-1000-after-bank-holiday":
            prev = d - timedelta(days=1)
            while prev.weekday() >= 5:
                prev -= timedelta(days=1)
            if prev in bank_holidays(prev.year):
                open_at = time(10, 0)
        return open_at, close_at

    def is_open(self, at: datetime) -> bool:
        if (self.v or "").startswith("b12-"):
            b12 = self._b12_is_open(at)
            if b12 is not None:
                return b12
        if (self.v or "").startswith("b13-"):
            b13 = self._b13_is_open(at)
            if b13 is not None:
                return b13
        loc = self.local(at)
        d, t = loc.date(), loc.time()
        if self.v == "b7-open-state-memo-per-hour" and not getattr(self, "_b7_in", False):
            memo = self.__dict__.setdefault("_b7_hour", {})  # the open flag, cached per hour
            if (d, t.hour) not in memo:
                self._b7_in = True
                try:
                    memo[(d, t.hour)] = self.is_open(at)
                finally:
                    self._b7_in = False
            return memo[(d, t.hour)]  # type: ignore[no-any-return]
        if self.v == "b5-open-flag-cron-5-and-35":  # the flag as the last cron run left it
            tick = datetime.combine(d, time(t.hour, 35 if t.minute >= 35 else 5))
            if t.minute < 5:
                tick -= timedelta(minutes=30)
            d, t = tick.date(), tick.time()
        if self.v == "b5-open-check-rounded-to-half-hour-slot":
            mins = round((t.hour * 60 + t.minute + t.second / 60) / 30) * 30
            slot = datetime.combine(d, time(0)) + timedelta(minutes=mins)
            d, t = slot.date(), slot.time()
        if self.v == "b9-noon-hour-read-as-midnight" and t.hour == 12:
            t = t.replace(hour=0)  # a 12-hour time whose 12 is read as 0
        if self.v == "b6-time-compared-as-unpadded-strings":  # '8:15' > '18:30' as strings
            s = f"{t.hour}:{t.minute:02d}"
            return self.hours(d) is not None and "08:00" <= s < "18:30"
        if (  # b8: the PCN's Saturday extended-access hub
            self.v == "b8-saturday-extended-access"
            and d.weekday() == 5
            and time(9, 0) <= t < time(12, 30)
        ):
            return True
        hours = self.hours(d)
        if hours is None:
            return False
        open_at, close_at = hours
        if self.v == "opens-exclusive-boundary":
            if not (open_at < t < close_at):
                return False
        elif self.v == "b3-open-until-1830-59":
            if not (open_at <= t and (t.hour, t.minute) <= (close_at.hour, close_at.minute)):
                return False
        elif not (open_at <= t < close_at):
            return False
        if self.v == "closed-wednesday-afternoons" and d.weekday() == 2 and t >= time(13, 0):
            return False
        if self.v == "b7-rollover-1300-one-minute" and time(13, 0) <= t < time(13, 1):
            return False  # the daily triage-list rollover locks the form
        if (  # b8: the Thursday index rebuild
            self.v == "b8-closed-thursday-1452-7min"
            and d.weekday() == 3
            and time(14, 52) <= t < time(14, 59)
        ):
            return False
        if self.v == "b8-backup-overrun-after-busy-day" and t < time(9, 0):
            prev = d - timedelta(days=1)
            for _ in range(10):
                if self.is_working_day(prev):
                    break
                prev -= timedelta(days=1)
            busy = sum(
                1 for r in self.requests.values() if self.local(r["_submitted_real"]).date() == prev
            )
            if (t.hour * 60 + t.minute) - 8 * 60 < busy // 150:
                return False  # the backup still runs: a minute per 150 requests
        if self.v == "b8-month-end-lock-from-1700" and t >= time(17, 0):
            nxt = d + timedelta(days=1)
            for _ in range(10):
                if self.is_working_day(nxt):
                    break
                nxt += timedelta(days=1)
            if nxt.month != d.month:
                return False  # the month-end reporting job
        nxt_d = d + timedelta(days=1)
        if (  # from 18:00 the holiday flag already shows tomorrow's
            self.v == "b7-holiday-flag-switched-at-1800"
            and t >= time(18, 0)
            and nxt_d.weekday() < 5
            and not self.is_working_day(nxt_d)
        ):
            return False
        if (
            self.v == "b4-maintenance-window-tuesday-1240"
            and d.weekday() == 1
            and time(12, 40) <= t < time(13, 0)
        ):
            return False
        if (  # noqa: SIM103 - one rule per closure, kept apart for the variants
            self.v == "plt-second-wednesday-closure"
            and d.weekday() == 2
            and 8 <= d.day <= 14
            and t >= time(12, 30)
        ):
            return False
        return True

    def next_opening(self, at: datetime) -> datetime:
        if self.v == "b13-next-opening-pytz-lmt-offset" and not getattr(self, "_b13_lmt", False):
            self._b13_lmt = True
            try:
                nxt = self.next_opening(at)
            finally:
                self._b13_lmt = False
            self._b13_fired()  # datetime(..., tzinfo=pytz.timezone('Europe/London')): LMT
            lmt = timezone(-timedelta(minutes=1, seconds=15))
            return self.local(nxt).replace(tzinfo=lmt).astimezone(UTC)
        loc = self.local(at)
        d = loc.date()
        if self.v == "b5-next-opening-cached-per-day" and d in self.__dict__.get("_b5_next", {}):
            return self._b5_next[d]  # type: ignore[no-any-return]
        if self.v in (
            "b4-next-opening-thursday-evening-monday",
            "b4-next-opening-single-pass-holiday-check",
        ):
            return self._b4_next_opening(loc)
        for i in range(30):
            if self.v == "b7-next-opening-lookahead-3-days" and i == 4:  # fallback: next weekday
                day = d + timedelta(days=1)
                while day.weekday() >= 5:
                    day += timedelta(days=1)
                return self.to_instant(datetime.combine(day, OPEN_AT))
            day = d + timedelta(days=i)
            if self.v == "next-opening-ignores-bank-holidays":
                hours = (OPEN_AT, CLOSE_AT) if day.weekday() < 5 else None
            elif self.v == "next-opening-next-calendar-day":
                hours = (OPEN_AT, CLOSE_AT)
            elif self.v == "b8-next-opening-holidays-of-current-year":  # now's year's list only
                ok = day.weekday() < 5 and day not in bank_holidays(d.year)
                hours = (OPEN_AT, CLOSE_AT) if ok else None
            else:
                hours = self.hours(day)
            if hours is None:
                continue
            if self.v == "hx-next-opening-skips-today-before-0800" and i == 0:
                continue
            start = datetime.combine(day, hours[0])
            if start > loc:
                if self.v == "hx-next-opening-offset-of-now":  # naive arithmetic, offset of now
                    return (start - (at.astimezone(LONDON).utcoffset() or timedelta())).replace(
                        tzinfo=UTC
                    )
                if self.v == "b3-closed-next-opening-0830":
                    return self.to_instant(start + timedelta(minutes=30))
                if self.v == "b4-next-opening-midnight":  # a DATE column cast to a timestamp
                    return self.to_instant(datetime.combine(day, time(0)))
                if self.v == "b5-next-opening-cached-per-day":
                    return self.__dict__.setdefault("_b5_next", {}).setdefault(  # type: ignore[no-any-return]
                        d, self.to_instant(start)
                    )
                if self.v == "b6-next-opening-utc-time-london-offset":  # UTC wall, London offset
                    inst = self.to_instant(start)
                    off = inst.astimezone(LONDON).utcoffset() or timedelta()
                    return inst.astimezone(UTC).replace(tzinfo=timezone(off))
                if self.v == "b9-next-opening-keeps-now-seconds":  # replace(hour=8, minute=0)
                    return self.to_instant(start).replace(
                        second=at.second, microsecond=at.microsecond
                    )
                return self.to_instant(start)
            if i == 0:
                continue
        raise RuntimeError("no opening in 30 days")

    def _b4_next_opening(self, loc: datetime) -> datetime:
        """Two hand-written next-opening rules (the b4 variants)."""
        d = loc.date()
        if self.is_working_day(d) and loc.time() < OPEN_AT:
            return self.to_instant(datetime.combine(d, OPEN_AT))
        if self.v == "b4-next-opening-thursday-evening-monday":
            wd = d.weekday()
            day = d + timedelta(days=1 if wd < 3 else 7 - wd)
            while not self.is_working_day(day):
                day += timedelta(days=1)
            return self.to_instant(datetime.combine(day, OPEN_AT))
        day = d + timedelta(days=1)  # b4-next-opening-single-pass-holiday-check
        if day.weekday() >= 5:
            day += timedelta(days=7 - day.weekday())
        if not self.is_working_day(day):
            day += timedelta(days=1)
            if day.weekday() >= 5:
                day += timedelta(days=7 - day.weekday())
        return self.to_instant(datetime.combine(day, OPEN_AT))

    def end_of_day(self, at: datetime) -> datetime:
        loc = self.local(at)
        hours = self.hours(loc.date()) or (OPEN_AT, CLOSE_AT)
        close = hours[1]
        if self.v == "respond-by-end-of-day-utc":
            return datetime.combine(loc.date(), close).replace(tzinfo=UTC)
        return self.to_instant(datetime.combine(loc.date(), close))

    def redirect_to_111(self, at: datetime, category: str | None, text: str = "") -> bool:
        v = self.v
        if category is None:
            if v == "b4-redirect-url-last-30-min":
                return self.local(at).time() >= time(18, 0)
            return v == "redirect-111-after-1600" and self.local(at).time() >= time(16, 0)
        clinical = REQUEST_TYPE.get(category) == "clinical"
        if v == "redirect-111-after-1600":
            return clinical and self.local(at).time() >= time(16, 0)
        if v == "redirect-111-symptoms":
            return category == "describe_symptoms"
        if v == "redirect-111-red-flag-words":
            words = ("pain", "fever", "temperature", "rash", "bleed", "breath", "cough")
            return clinical and any(w in text.lower() for w in words)
        if v == "b4-111-for-long-clinical-description":
            return clinical and len(text) > 1000
        return False

    def _check(self, body: Any, spec: Any, problems: list[tuple[str, str]]) -> None:
        found: list[tuple[str, str]] = []
        check(body, spec, "$", found)
        v = self.v
        if v == "accepts-unknown-fields":
            found = [p for p in found if p[1] != "unknown field"]
        if v == "b3-accepts-phone-any-characters" and isinstance(body, dict):
            c = body.get("contact")
            ph = c.get("phone") if isinstance(c, dict) else None
            if isinstance(ph, str) and 10 <= len(re.sub(r"[^0-9]", "", ph)) <= 13:
                found = [p for p in found if p[0] != "$.contact.phone"]
        if v == "b7-phone-regex-unicode-digits" and isinstance(body, dict):
            c = body.get("contact")
            ph = c.get("phone") if isinstance(c, dict) else None
            if isinstance(ph, str) and re.fullmatch(r"[ ()+-]*(\d[ ()+-]*){10,13}", ph):
                found = [p for p in found if p[0] != "$.contact.phone"]
        if v == "b4-accepts-name-over-100" and isinstance(body, dict):
            pt = body.get("patient")
            found = [
                p
                for p in found
                if not (
                    p[0] in ("$.patient.given_name", "$.patient.family_name")
                    and isinstance(pt, dict)
                    and len(str(pt.get(p[0].rsplit(".", 1)[1]))) <= 255
                )
            ]
        if v == "b4-accepts-description-over-10000" and spec is REQUEST_SPEC:
            found = [p for p in found if not (p[0] == "$.description" and "at most" in p[1])]
        if v == "b4-accepts-loose-postcode" and isinstance(body, dict):
            c = body.get("contact")
            pc = c.get("postcode") if isinstance(c, dict) else None
            if isinstance(pc, str) and re.fullmatch(r"[A-Za-z0-9 ]{5,8}", pc):
                found = [p for p in found if p[0] != "$.contact.postcode"]
        if v == "b5-accepts-email-two-ats" and isinstance(body, dict):
            c = body.get("contact")
            em = c.get("email") if isinstance(c, dict) else None
            if isinstance(em, str) and "@" in em and len(em) <= 254:
                found = [p for p in found if p[0] != "$.contact.email"]
        if v == "b5-accepts-unknown-keys-in-attachments":  # a second, looser validator
            found = [
                p
                for p in found
                if not (p[0].startswith("$.attachments[") and p[1] == "unknown field")
            ]
        if v == "video-accepts-naive-start" and spec is VIDEO_SPEC:
            found = [p for p in found if p[0] != "$.scheduled_start"]
        if v == "500-on-ill-typed-field" and any(
            m.startswith(
                (
                    "expected a string",
                    "expected an integer",
                    "expected an object",
                    "expected true",
                    "expected an array",
                )
            )
            for _, m in found
        ):
            raise RuntimeError("unhandled type")
        if v == "b9-error-message-echoes-value":
            found = [(loc, f"{msg} (got {_b9_at(body, loc)!r:.40})") for loc, msg in found]
        problems.extend(found)

    # -- endpoints
    def environment(self) -> dict[str, Any]:
        return {"practice_code": PRACTICE, "supplier_id": SUPPLIER, "now": iso(self.now())}

    def set_clock(self, body: Any) -> dict[str, Any]:
        problems: list[tuple[str, str]] = []
        self._check(body, CLOCK_SPEC, problems)
        if problems:
            raise BadInput(problems)
        dt = parse_instant(body["now"], "$.now", problems)
        if dt is None:
            raise BadInput(problems)
        if self.v == "b3-clock-put-offset-ignored":
            dt = dt.replace(tzinfo=UTC)
        with self.lock:
            self.frozen = dt.astimezone(UTC)
            if self.v == "b7-test-clock-per-worker":
                self._b7_worker().frozen = self.frozen
            if self.v == "b3-clock-runs-after-put":
                self._b3_put_at = datetime.now(UTC)
        return {"now": iso(self.frozen), "frozen": True}

    def release_clock(self) -> dict[str, Any]:
        with self.lock:
            self.frozen = None
            if self.v == "b7-test-clock-per-worker":
                self._b7_worker().frozen = None
        return {"now": iso(self.now()), "frozen": False}

    def capabilities(self) -> dict[str, Any]:
        return {
            "tool_name": TOOL_NAME,
            "tool_version": TOOL_VERSION,
            "request_categories": [
                c
                for c in CATEGORIES
                if not (
                    self.v == "b4-capabilities-drop-seek-health-advice"
                    and c == "seek_health_advice"
                )
                and not (self.v == "b6-no-follow-up-category" and c == "follow_up")
                and not (self.v == "b9-capabilities-omit-follow-up-but-accept" and c == "follow_up")
                and not (self.v == "b7-no-describe-symptoms" and c == "describe_symptoms")
                and not (self.v == "b7-no-ask-question" and c == "ask_question")
            ],
            "channels": [
                "online_consultation",
                "video_consultation",
                "secure_messaging",
                "contact_details_update",
            ][: 3 if self.v == "b3-capabilities-no-contact-channel" else 4],
            "photo_upload": True,
            "accepted_media_types": list(MEDIA_TYPES)
            + (["image/heic"] if self.v == "b14-heic-declared-converter-missing" else []),
            "out_of_hours": "closed_with_next_opening",
            "urgent_use_safeguard": self._safeguard(),
            "symptom_checker_url": self._symptom_checker(),
        }

    def _closed_message(self, nxt: datetime) -> str:
        loc = nxt.astimezone(LONDON)
        if self.v == "b14-closed-message-humanised-tomorrow-48h":
            human = self._b14_humanised(nxt)
            if human is not None:
                return human
        if self.v == "b9-closed-message-weekday-off-by-one":  # a Sunday-first weekday table
            days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
            return (
                f"We are closed now. We open again at {loc:%H:%M} on {days[loc.weekday()]} "
                f"{loc.day} {loc:%B}. If you need help before then, use NHS 111 online or "
                "call 111; in an emergency call 999."
            )
        return (
            f"We are closed now. We open again at {loc:%H:%M} on {loc:%A} {loc.day} "
            f"{loc:%B}. If you need help before then, use NHS 111 online or call 111; "
            "in an emergency call 999."
        )

    def _safeguard(self) -> str:
        if self.v == "hx-safeguard-sends-all-medical-to-111":
            return (
                "Do not use this form for medical problems: use NHS 111 online or call 111 "
                "instead. In an emergency call 999."
            )
        if self.v == "hx-safeguard-welsh-only":
            return (
                "Peidiwch \u00e2 defnyddio'r ffurflen hon ar gyfer problemau brys. "
                "Ffoniwch 111 neu ewch i 111 ar-lein."
            )
        if self.v == "b9-safeguard-is-strapline":
            return "Get help from your GP practice online, day or night."
        if self.v == "b3-no-safeguard":
            return None  # type: ignore[return-value]
        if self.v == "b8-safeguard-a-and-e-only":
            return "For anything serious, please go to your nearest A&E."
        if self.v == "b4-safeguard-111-only":
            return "If you need help quickly, use NHS 111 online or call 111."
        return SAFEGUARD

    def _symptom_checker(self) -> str:
        if self.v == "b9-symptom-checker-relative-path":
            return "/symptom-checker"
        if self.v == "b8-symptom-checker-null":
            return None  # type: ignore[return-value]
        if self.v == "b6-symptom-checker-wales":
            return "https://111.wales.nhs.uk/"
        if self.v == "b5-symptom-checker-host-suffix":
            return "https://111.nhs.uk.acme-oc.test/"
        if self.v == "b4-symptom-checker-click-tracking":
            return "https://go.acme-oc.test/r?u=https%3A%2F%2F111.nhs.uk%2F"
        if self.v == "hx-symptom-checker-links-nhs-az":
            return "https://www.nhs.uk/conditions/"
        if self.v == "b3-symptom-checker-http":
            return "http://111.nhs.uk/"
        return SYMPTOM_CHECKER

    def availability(self) -> dict[str, Any]:
        if self.v == "hx-availability-cached-60s":  # a CDN in front, keyed by URL only
            import time as _time

            cached = getattr(self, "_avail_cache", None)
            if cached is not None and _time.monotonic() - cached[0] < 60:
                return dict(cached[1])
            answer = self._availability()
            self._avail_cache = (_time.monotonic(), answer)
            return dict(answer)
        return self._availability()

    def _availability(self) -> dict[str, Any]:
        now = self.now()
        open_now = self.is_open(now)
        if self.v == "b5-availability-open-from-last-post" and hasattr(self, "_b5_last_open"):
            open_now = self._b5_last_open
        if self.v == "b7-post-trusts-form-open-flag":  # the form page carries the flag
            self._b7_form_open = open_now
        redirect = open_now and self.redirect_to_111(now, None)
        if self.v == "b5-redirect-url-cleared-at-0900":  # set while closed, cleared by a 09:00 job
            if not open_now:
                self._b5_redirect = True
            elif self.local(now).time() >= time(9, 0):
                self._b5_redirect = False
            redirect = redirect or getattr(self, "_b5_redirect", False)
        if self.v == "hx-redirect-url-when-busy" and open_now:
            today = self.local(now).date()
            n = sum(
                1
                for r in self.requests.values()
                if self.local(r["_submitted_real"]).date() == today
            )
            redirect = redirect or n >= 50
        if open_now:
            msg = "Open: send your request and we will tell you today how it will be handled."
            nxt = None
        else:
            nxt = self.next_opening(now)
            if self.v == "b5-availability-next-opening-weekdays-only":  # a second helper
                loc_now = self.local(now)
                day = loc_now.date() + timedelta(days=0 if loc_now.time() < OPEN_AT else 1)
                while day.weekday() >= 5:
                    day += timedelta(days=1)
                nxt = self.to_instant(datetime.combine(day, OPEN_AT))
            msg = self._closed_message(nxt)
        if redirect:
            msg = "Please use NHS 111 online for medical problems this afternoon."
        if open_now and self.v == "b3-next-opening-while-open":
            nxt = self.next_opening(now)
        if open_now and self.v == "b4-demand-banner-after-200":
            today = self.local(now).date()
            n = sum(
                1
                for r in self.requests.values()
                if self.local(r["_submitted_real"]).date() == today
            )
            if n >= 200:
                open_now = False
                msg = "We are very busy today. Please call the practice if you can."
        return {
            "now": iso(now),
            "open_now": open_now,
            "message": msg,
            "next_opening": iso(nxt) if nxt else None,
            "urgent_use_safeguard": None
            if self.v == "b5-safeguard-capabilities-only"
            or (self.v == "b6-safeguard-only-when-closed" and open_now)
            or (self.v == "b7-safeguard-null-at-weekends" and self.local(now).weekday() >= 5)
            else self._safeguard(),
            "symptom_checker_url": self._symptom_checker(),
            "redirect_url": SYMPTOM_CHECKER
            if redirect or self.v == "b6-redirect-url-signpost-all-day"
            else ("" if self.v == "b3-redirect-url-empty-string" else None),
        }

    def _validate_person(self, body: dict[str, Any], problems: list[tuple[str, str]]) -> None:
        p = body.get("patient")
        if isinstance(p, dict):
            dob = p.get("date_of_birth")
            if isinstance(dob, str):
                try:
                    d = date.fromisoformat(dob)
                    today = self.local(self.now()).date()
                    if self.v == "b6-dob-future-check-real-clock":
                        today = datetime.now(LONDON).date()
                    if d > today:
                        problems.append(("$.patient.date_of_birth", "is in the future"))
                    if self.v == "b7-dob-picker-from-1920" and d < date(1920, 1, 1):
                        problems.append(("$.patient.date_of_birth", "choose a date from 1920"))
                except ValueError:
                    if self.v == "b16-jsonschema-format-not-asserted":
                        self._b16_fired()  # 'format: date' is an annotation: the pattern passed
                    elif self.v != "hx-accepts-impossible-dob":
                        problems.append(("$.patient.date_of_birth", "expected a date YYYY-MM-DD"))
            if self.v == "b3-dob-29-february-refused" and str(dob).endswith("-02-29"):
                problems.append(("$.patient.date_of_birth", "is not a valid date"))
            if self.v == "b3-name-apostrophe-refused":
                for f in ("given_name", "family_name"):
                    if isinstance(p.get(f), str) and "'" in p[f]:
                        problems.append((f"$.patient.{f}", "contains characters not allowed"))
            nhs = p.get("nhs_number")
            if self.v == "hx-names-non-ascii-refused":
                for f in ("given_name", "family_name"):
                    if isinstance(p.get(f), str) and not p[f].isascii():
                        problems.append((f"$.patient.{f}", "use the letters A to Z only"))
            if (
                isinstance(nhs, str)
                and not nhs_number_ok(nhs)
                and self.v != "hx-accepts-nhs-number-bad-check-digit"
                and not (self.v == "b7-nhs-check-digit-10-as-0" and _b7_check_10(nhs))
            ):
                if self.v == "b16-jsonschema-format-not-asserted":
                    self._b16_fired()  # 'format: nhs-number' is an annotation: the pattern passed
                else:
                    problems.append(("$.patient.nhs_number", "not a valid NHS number"))
            if isinstance(nhs, str) and self.v == "nhs-number-spaced-refused" and not nhs.isdigit():
                problems.append(("$.patient.nhs_number", "digits only, please"))
        c = body.get("contact")
        if isinstance(c, dict):
            if (
                not (c.get("email") or c.get("phone") or c.get("address_lines"))
                and self.v != "accepts-contact-with-nothing"
            ):
                problems.append(("$.contact", "give at least one of email, phone or address"))
            if self.v == "phone-plus44-refused" and str(c.get("phone") or "").startswith("+"):
                problems.append(("$.contact.phone", "enter a UK number starting 0"))
            if self.v == "email-plus-addressing-refused" and "+" in str(c.get("email") or ""):
                problems.append(("$.contact.email", "not an email address"))
        pc = body.get("practice_code")
        if isinstance(pc, str) and pc != PRACTICE:
            problems.append(("$.practice_code", "this environment serves another practice"))

    def _store_patient(self, p: dict[str, Any]) -> dict[str, Any]:
        out = dict(p)
        out.setdefault("nhs_number", None)
        v = self.v
        if v == "dob-shifted-by-utc-midnight":
            d = date.fromisoformat(p["date_of_birth"])
            midnight = datetime.combine(d, time(0)).replace(tzinfo=LONDON)
            out["date_of_birth"] = midnight.astimezone(UTC).date().isoformat()
        if v == "names-ascii-folded":
            import unicodedata

            for f in ("given_name", "family_name"):
                out[f] = unicodedata.normalize("NFKD", out[f]).encode("ascii", "ignore").decode()
        if v == "drops-nhs-number":
            out["nhs_number"] = None
        if v == "b3-names-truncated-35":
            for f in ("given_name", "family_name"):
                out[f] = out[f][:35]
        if v == "b3-nhs-number-stored-digits-only" and isinstance(out["nhs_number"], str):
            out["nhs_number"] = re.sub(r"[^0-9]", "", out["nhs_number"])
        if v == "hx-names-title-cased":
            for f in ("given_name", "family_name"):
                out[f] = out[f].title()
        if v == "b4-nhs-number-reformatted-spaced" and isinstance(out["nhs_number"], str):
            dg = re.sub(r"[^0-9]", "", out["nhs_number"])
            out["nhs_number"] = f"{dg[:3]} {dg[3:6]} {dg[6:]}"
        if v == "b4-given-name-first-word-only" and out["given_name"].split():
            out["given_name"] = out["given_name"].split()[0]
        if v == "b5-dob-two-digit-year-pivot" and int(out["date_of_birth"][:4]) < 1926:
            out["date_of_birth"] = (
                str(int(out["date_of_birth"][:4]) + 100) + out["date_of_birth"][4:]
            )
        if v == "hx-dob-day-month-swapped":
            y, m, d = out["date_of_birth"].split("-")
            if int(d) <= 12:
                out["date_of_birth"] = f"{y}-{d}-{m}"
        return out

    def _store_contact(self, c: dict[str, Any], for_update: bool) -> dict[str, Any]:
        out = {
            "email": c.get("email"),
            "phone": c.get("phone"),
            "address_lines": list(c.get("address_lines") or []),
            "postcode": c.get("postcode"),
            "preferred": c.get("preferred"),
        }
        v = self.v
        if for_update and v == "contact-update-drops-phone":
            out["phone"] = None
        if for_update and v == "contact-update-keeps-first-address-line":
            out["address_lines"] = out["address_lines"][:1]
        if for_update and v == "contact-update-drops-postcode":
            out["postcode"] = None
        if not for_update and v == "request-drops-contact-email":
            out["email"] = None
        if not for_update and v == "hx-request-address-lines-joined" and out["address_lines"]:
            out["address_lines"] = [", ".join(out["address_lines"])]
        if not for_update and v == "hx-request-preferred-dropped":
            out["preferred"] = None
        if (
            not for_update
            and v == "b3-preferred-text-message-as-phone"
            and out["preferred"] == "text_message"
        ):
            out["preferred"] = "phone"
        if not for_update and v == "b3-email-plus-tag-stripped" and out["email"]:
            out["email"] = re.sub(r"\+[^@]*@", "@", out["email"])
        if (
            for_update
            and v == "b3-contact-update-preferred-defaults-email"
            and out["preferred"] is None
            and out["email"]
        ):
            out["preferred"] = "email"
        if for_update and v == "b3-contact-update-address-line-35":
            out["address_lines"] = [line[:35] for line in out["address_lines"]]
        if for_update and v == "b8-contact-address-line-comma-split":  # the address cleaner
            out["address_lines"] = [p for x in out["address_lines"] for p in x.split(", ")]
        if for_update and v == "b9-contact-post-town-from-postcode" and out["address_lines"]:
            town9 = POST_TOWNS.get(re.sub(r"[^A-Z].*", "", str(out["postcode"] or "")))
            if town9:
                out["address_lines"][-1] = town9
        if for_update and v == "b9-contact-email-dots-removed" and out["email"]:
            local9, _, dom9 = out["email"].rpartition("@")
            out["email"] = local9.replace(".", "") + "@" + dom9
        if for_update and v == "b6-contact-county-line-dropped":
            out["address_lines"] = [x for x in out["address_lines"] if x.strip() not in COUNTIES]
        email, postcode, phone = c.get("email"), c.get("postcode"), c.get("phone")
        if (
            for_update
            and v == "b5-contact-update-phone-brackets-stripped"
            and isinstance(phone, str)
        ):
            out["phone"] = phone.replace("(", "").replace(")", "")
        if for_update and v == "b5-contact-update-empty-string-for-null":  # NOT NULL DEFAULT ''
            out["email"] = out["email"] if out["email"] is not None else ""
            out["phone"] = out["phone"] if out["phone"] is not None else ""
        if for_update and v == "hx-contact-update-email-lowercased" and isinstance(email, str):
            out["email"] = email.lower()
        if (
            for_update
            and v == "hx-contact-update-postcode-reformatted"
            and isinstance(postcode, str)
        ):
            pc = postcode.replace(" ", "")
            out["postcode"] = pc[:-3] + " " + pc[-3:]
        if for_update and v == "hx-contact-update-phone-e164" and isinstance(phone, str):
            digits = re.sub(r"[^0-9]", "", phone)
            if digits.startswith("44"):
                digits = digits[2:]
            out["phone"] = "+44" + digits.lstrip("0")
        return out

    def _lenient_postcode(self, body: Any) -> None:
        """hx-accepts-lowercase-postcode: be kind to the patient and fix the case."""
        if self.v == "b9-accepts-nhs-number-unicode-hyphens" and isinstance(body, dict):
            pt = body.get("patient")
            if isinstance(pt, dict) and isinstance(pt.get("nhs_number"), str):
                pt["nhs_number"] = re.sub("[\u2010-\u2013\u2212]", "-", pt["nhs_number"])
        if self.v == "b4-accepts-nhs-number-as-integer" and isinstance(body, dict):
            pt = body.get("patient")
            if isinstance(pt, dict) and type(pt.get("nhs_number")) is int:
                pt["nhs_number"] = str(pt["nhs_number"])
        if self.v == "b4-accepts-sha256-uppercase" and isinstance(body, dict):
            for a in body.get("attachments") or []:
                if isinstance(a, dict) and re.fullmatch(r"[0-9a-fA-F]{64}", str(a.get("sha256"))):
                    a["sha256"] = a["sha256"].lower()
        if self.v in ("b5-accepts-dob-with-time", "b5-accepts-nhs-number-padded") and isinstance(
            body, dict
        ):
            pt = body.get("patient")
            dob = pt.get("date_of_birth") if isinstance(pt, dict) else None
            nhs = pt.get("nhs_number") if isinstance(pt, dict) else None
            if (
                self.v == "b5-accepts-dob-with-time"
                and isinstance(dob, str)
                and re.match(DATE_RE[:-1], dob)
            ):
                pt["date_of_birth"] = dob[:10]  # type: ignore[index]
            if self.v == "b5-accepts-nhs-number-padded" and isinstance(nhs, str):
                pt["nhs_number"] = nhs.strip()  # type: ignore[index]
        if self.v == "b7-enums-case-insensitive" and isinstance(body, dict):
            if isinstance(body.get("category"), str) and body["category"].lower() in CATEGORIES:
                body["category"] = body["category"].lower()
            rq = body.get("requester")
            if isinstance(rq, dict) and str(rq.get("role")).lower() in ("patient", "proxy"):
                rq["role"] = rq["role"].lower()
        if (
            self.v == "b8-practice-code-case-insensitive"
            and isinstance(body, dict)
            and isinstance(body.get("practice_code"), str)
        ):
            body["practice_code"] = body["practice_code"].upper()
        if self.v == "hx-accepts-lowercase-postcode" and isinstance(body, dict):
            c = body.get("contact")
            if isinstance(c, dict) and isinstance(c.get("postcode"), str):
                c["postcode"] = c["postcode"].upper()

    def submit_request(self, body: Any) -> tuple[int, dict[str, Any]]:
        if self.v == "b9-circuit-breaker-after-20-bad-bodies":  # an abuse circuit breaker
            import time as _time

            if _time.monotonic() < getattr(self, "_b9_open_until", 0.0):
                raise HttpAnswer(429, {"message": "Too many bad requests; try again shortly."})
            try:
                out = self._submit_request(body)
            except BadInput:
                self._b9_bad = getattr(self, "_b9_bad", 0) + 1
                if self._b9_bad >= 20:
                    self._b9_bad, self._b9_open_until = 0, _time.monotonic() + 3.0
                raise
            self._b9_bad = 0
            return out
        return self._submit_request(body)

    def _submit_request(self, body: Any) -> tuple[int, dict[str, Any]]:
        if self.v == "b4-waf-300-per-10-min":  # a WAF rule per client address
            import time as _time

            with self.lock:
                waf = self.__dict__.setdefault("_b4_waf", [])
                t = _time.monotonic()
                waf[:] = [h for h in waf if t - h < 600.0]
                if len(waf) >= 300:
                    raise HttpAnswer(429, {"message": "Too many requests from your address."})
                waf.append(t)
        if self.v == "b3-rate-limit-20-per-real-second":  # a token bucket in front of the app
            import time as _time

            with self.lock:
                hits = self.__dict__.setdefault("_b3_hits", [])
                t = _time.monotonic()
                hits[:] = [h for h in hits if t - h < 1.0]
                if len(hits) >= 20:
                    raise HttpAnswer(429, {"message": "Too many requests; slow down."})
                hits.append(t)
        problems: list[tuple[str, str]] = []
        self._lenient_postcode(body)
        self._check(body, REQUEST_SPEC, problems)
        if isinstance(body, dict) and not problems:
            self._validate_person(body, problems)
            req = body["requester"]
            for f in ("proxy_name", "relationship"):
                if (
                    self.v == "hx-accepts-proxy-without-relationship"
                    and f == "relationship"
                    and req.get(f) is None
                ):
                    continue
                if req["role"] == "proxy" and not req.get(f):
                    problems.append((f"$.requester.{f}", "required when role is proxy"))
                if (
                    req["role"] == "patient"
                    and req.get(f) is not None
                    and self.v != "b5-accepts-patient-with-proxy-name"
                ):
                    problems.append((f"$.requester.{f}", "must be null when role is patient"))
            for i, a in enumerate(body.get("attachments") or []):
                if a["media_type"] not in MEDIA_TYPES:
                    problems.append(
                        (
                            f"$.attachments[{i}].media_type",
                            "expected one of " + ", ".join(MEDIA_TYPES),
                        )
                    )
                limit = 50 * 1024 * 1024 if self.v == "b3-accepts-attachment-over-20mib" else 0
                low = -(2**31) if self.v == "b7-accepts-negative-size-bytes" else 0  # signed INT
                if (
                    self.v == "b7-advice-form-jpeg-only"
                    and body["category"] == "seek_health_advice"
                    and a["media_type"] != "image/jpeg"
                ):
                    problems.append((f"$.attachments[{i}].media_type", "JPEG photos only"))
                if not low <= a["size_bytes"] <= max(limit, MAX_ATTACHMENT):
                    problems.append(
                        (f"$.attachments[{i}].size_bytes", f"expected 0 to {MAX_ATTACHMENT} bytes")
                    )
            fu = body.get("follows_up")
            lax_fu = self.v == "b3-accepts-follows-up-on-other-category"
            lax_fu = lax_fu and body["category"] != "follow_up"
            if fu and fu not in self.requests and not lax_fu:
                problems.append(("$.follows_up", "no earlier request has this reference"))
            if (
                body["category"] == "follow_up"
                and not fu
                and self.v != "b11-accepts-follow-up-without-follows-up"
            ):
                problems.append(("$.follows_up", "a follow-up names the earlier request"))
            if body["category"] != "follow_up" and fu is not None and not lax_fu:
                problems.append(("$.follows_up", "only a follow_up names an earlier request"))
            earlier = self.requests.get(fu) if fu else None
            if (
                self.v == "b3-follow-up-older-than-14-days-refused"
                and earlier is not None
                and self.now() - earlier["_submitted_real"] > timedelta(days=14)
            ):
                problems.append(("$.follows_up", "follow-ups are for the last 14 days only"))
            p = body["patient"]
            if (
                self.v == "b3-under-16-must-use-proxy"
                and body["requester"]["role"] == "patient"
                and not problems
            ):
                dob = date.fromisoformat(p["date_of_birth"])
                today = self.local(self.now()).date()
                age = today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
                if age < 16:
                    problems.append(("$.requester.role", "ask a parent or carer to fill this in"))
            if (
                self.v == "b3-clinical-request-needs-nhs-number"
                and body["category"] == "clinical_request"
                and not p.get("nhs_number")
            ):
                problems.append(("$.patient.nhs_number", "required for clinical requests"))
            if (
                self.v == "b3-admin-request-needs-email"
                and body["category"] == "administrative_request"
                and not body["contact"].get("email")
            ):
                problems.append(("$.contact.email", "required for administrative requests"))
            if (
                self.v == "hx-follow-up-of-follow-up-refused"
                and earlier is not None
                and earlier["category"] == "follow_up"
            ):
                problems.append(("$.follows_up", "follow up the original request instead"))
            if self.v == "hx-follow-up-other-patient-refused" and earlier is not None:
                who = (
                    earlier["_nhs"],
                    earlier["patient"]["date_of_birth"],
                    earlier["patient"]["family_name"],
                )
                p = body["patient"]
                if who != (p.get("nhs_number"), p["date_of_birth"], p["family_name"]):
                    problems.append(("$.follows_up", "not one of this patient's requests"))
            d = body["description"]
            if (
                self.v == "b4-symptoms-min-20-chars"
                and body["category"] == "describe_symptoms"
                and len(d.strip()) < 20
            ):
                problems.append(("$.description", "please tell us more (at least 20 characters)"))
            if (
                self.v == "b4-follow-up-of-admin-refused"
                and earlier is not None
                and REQUEST_TYPE[earlier["category"]] == "administrative"
            ):
                problems.append(("$.follows_up", "follow-ups are for clinical requests"))
            if (
                self.v == "b4-clinical-refused-for-proxy"
                and body["category"] == "clinical_request"
                and body["requester"]["role"] == "proxy"
            ):
                problems.append(("$.requester.role", "the patient must make clinical requests"))
            if (
                self.v == "b5-follow-up-lookup-today-partition"
                and earlier is not None
                and self.local(earlier["_submitted_real"]).date() != self.local(self.now()).date()
            ):
                problems.append(("$.follows_up", "no earlier request has this reference"))
            if (
                self.v == "b5-follow-up-one-per-original"
                and fu
                and any(r["follows_up"] == fu for r in self.requests.values())
            ):
                problems.append(("$.follows_up", "this request has already been followed up"))
            if self.v == "b5-ask-question-max-500" and body["category"] == "ask_question":  # noqa: SIM102
                if len(d) > 500:
                    problems.append(("$.description", "questions are at most 500 characters"))
            if (
                self.v == "b5-clinical-request-attachments-refused"
                and body["category"] == "clinical_request"
                and body.get("attachments")
            ):
                problems.append(("$.attachments", "photos can be sent with symptoms only"))
            if (
                self.v == "b5-symptoms-single-line"
                and body["category"] == "describe_symptoms"
                and ("\n" in d or "\r" in d)
            ):
                problems.append(("$.description", "please write your symptoms on one line"))
            rel = str(body["requester"].get("relationship") or "")
            if (
                self.v == "b6-attorney-needs-nhs-number"
                and re.search(r"attorney|deputy", rel, re.IGNORECASE)
                and not body["patient"].get("nhs_number")
            ):
                problems.append(("$.patient.nhs_number", "we need it to check the LPA or order"))
            if (
                self.v == "b7-proxy-needs-phone"
                and body["requester"]["role"] == "proxy"
                and not body["contact"].get("phone")
            ):
                problems.append(("$.contact.phone", "we ring proxies to check consent"))
            if (
                self.v == "b7-relationship-letters-only"
                and rel
                and not re.fullmatch(r"[A-Za-z][A-Za-z '-]*", rel)
            ):
                problems.append(("$.requester.relationship", "use letters only"))
            if (self.v, body["category"]) in (
                ("b7-no-describe-symptoms", "describe_symptoms"),
                ("b7-no-ask-question", "ask_question"),
            ):
                problems.append(("$.category", "this practice does not offer this category"))
            if self.v == "b6-no-follow-up-category" and body["category"] == "follow_up":
                problems.append(("$.category", "follow-ups are not offered: send a new request"))
            if (  # b9: the category classifier used as validation
                self.v == "b9-admin-category-classifier-400"
                and body["category"] == "administrative_request"
                and not re.search(
                    r"fit note|sick note|letter|form|certificate|results?|referral|prescription|"
                    r"repeat|records?|appointment|registration|medication|medicine|report",
                    d,
                    re.IGNORECASE,
                )
            ):
                problems.append(
                    ("$.category", "this looks clinical: please choose a clinical request")
                )
            if (
                self.v == "b9-clinical-preferred-post-400"
                and body["category"] == "clinical_request"
                and body["contact"].get("preferred") == "post"
            ):
                problems.append(("$.contact.preferred", "we never post clinical answers"))
            if self.v == "b9-photos-max-3-per-request" and len(body.get("attachments") or []) > 3:
                problems.append(("$.attachments", "at most 3 photos"))
            if self.v == "hx-description-over-2000-refused" and len(d) > 2000:
                problems.append(("$.description", "at most 2000 characters"))
            if self.v == "hx-description-limit-utf8-bytes" and len(d.encode("utf-8")) > 10000:
                problems.append(("$.description", "at most 10000 characters"))
        if problems:
            raise BadInput(problems)
        v = self.v
        with self.lock:
            now = self.now()
            if v == "ask-question-refused" and body["category"] == "ask_question":
                raise BadInput([("$.category", "this practice does not take questions online")])
            grace = v == "b4-grace-period-30-min-after-close" and (
                self.is_working_day(self.local(now).date())
                and CLOSE_AT <= self.local(now).time() < time(19, 0)
            )
            open_ = self.is_open(now)
            if v == "b5-post-path-fixed-bst-offset":  # the gateway's own rule, at +01:00
                gw = (now.astimezone(UTC) + timedelta(hours=1)).replace(tzinfo=None)
                gw_hours = self.hours(gw.date())
                open_ = gw_hours is not None and gw_hours[0] <= gw.time() < gw_hours[1]
            if v == "b5-post-path-no-bank-holidays":  # weekday and time only
                loc_now = self.local(now)
                open_ = loc_now.weekday() < 5 and OPEN_AT <= loc_now.time() < CLOSE_AT
            if v == "b5-availability-open-from-last-post":
                self._b5_last_open = open_
            if v == "b7-post-trusts-form-open-flag" and hasattr(self, "_b7_form_open"):
                open_ = self._b7_form_open
            b7_upload = v == "b7-photo-requests-bypass-closed-form" and bool(
                body.get("attachments")
            )
            b6_fu_open = (
                v == "b6-follow-up-bypasses-closed-form" and body["category"] == "follow_up"
            )
            b8_admin = (  # b8: the reception queue has no opening hours
                v == "b8-ooh-admin-accepted-for-next-day"
                and body["category"] == "administrative_request"
            )
            if (
                not open_
                and v != "b3-post-ignores-core-hours"
                and not grace
                and not b6_fu_open
                and not b7_upload
                and not b8_admin
            ):
                nxt = self.next_opening(now)
                if v == "b6-usage-counts-refused-submissions":  # the submissions log
                    self.__dict__.setdefault("_b6_log", []).append(
                        (now, body["category"], body["requester"]["role"])
                    )
                if v == "b9-ooh-photo-path-409-without-next-opening" and body.get("attachments"):
                    return 409, {"message": "Uploads are closed until the practice opens."}
                if v == "closed-409-without-next-opening":
                    return 409, {"message": "We are closed now. Please try again later."}
                if v == "closed-503-maintenance":
                    return 503, {"message": "The service is unavailable."}
                return 409, {"message": self._closed_message(nxt), "next_opening": iso(nxt)}
            if v == "hx-submissions-stop-1815" and self.local(now).time() >= time(18, 15):
                nxt = self.next_opening(
                    self.to_instant(datetime.combine(self.local(now).date(), CLOSE_AT))
                )
                return 409, {"message": self._closed_message(nxt), "next_opening": iso(nxt)}
            loc9 = self.local(now)
            retry9 = {"message": "Please try again in a moment.", "next_opening": iso(now)}
            if v == "b9-day-first-post-cold-cache-409":  # the day's schedule cache is loading
                warm = self.__dict__.setdefault("_b9_warm", set())
                if loc9.date() not in warm:
                    warm.add(loc9.date())
                    return 409, retry9
            if (
                v == "b9-photo-scanner-update-1200-1215"
                and body.get("attachments")
                and time(12, 0) <= loc9.time() < time(12, 15)
            ):
                return 409, {**retry9, "message": "Photo uploads are paused for a few minutes."}
            if (
                v == "b9-proxy-consent-register-sync-1745"
                and body["requester"]["role"] == "proxy"
                and loc9.time() >= time(17, 45)
            ):
                return 409, {**retry9, "message": "We cannot check proxy consent just now."}
            clin9 = REQUEST_TYPE[body["category"]] == "clinical"
            if (
                v == "b9-winter-pressures-111-after-1600"
                and clin9
                and loc9.month in (12, 1)
                and loc9.time() >= time(16, 0)
            ):
                return 409, {
                    "message": "Winter pressures: please use NHS 111 online (https://111.nhs.uk/).",
                    "next_opening": iso(now),
                }
            if (
                v == "b9-pharmacy-first-conditions-409"
                and clin9
                and re.search(
                    r"sore throat|ear ?ache|sinusitis|cystitis|\buti\b|urinary tract infection|"
                    r"impetigo|shingles|insect bite",
                    body["description"],
                    re.IGNORECASE,
                )
            ):
                return 409, {
                    "message": "Please use Pharmacy First at your local pharmacy, or NHS 111 "
                    "online (https://111.nhs.uk/).",
                    "next_opening": iso(now),
                }
            if v == "b9-med-high-dose-409" and any(
                float(x) >= 500
                for x in re.findall(r"(\d+(?:\.\d+)?)\s?mg\b", body["description"], re.IGNORECASE)
            ):
                return 409, {**retry9, "message": "Please phone the practice about high doses."}
            if (
                v == "b9-link-spam-filter-409"
                and len(re.findall(r"https?://|www\.|mailto:", body["description"])) >= 2
            ):
                return 409, {**retry9, "message": "This looks like spam."}
            if v == "b6-med-queue-hours-0900-1700" and MED_RE.search(body["description"]):  # noqa: SIM102
                if not time(9, 0) <= self.local(now).time() < time(17, 0):
                    nxt = self.next_opening(now)
                    return 409, {
                        "message": "Our pharmacy team answers medication queries from 09:00 "
                        "to 17:00. " + self._closed_message(nxt),
                        "next_opening": iso(nxt),
                    }
            if (
                v == "b3-admin-closed-after-1700"
                and body["category"] == "administrative_request"
                and self.local(now).time() >= time(17, 0)
            ):
                nxt = self.next_opening(
                    self.to_instant(datetime.combine(self.local(now).date(), CLOSE_AT))
                )
                return 409, {"message": self._closed_message(nxt), "next_opening": iso(nxt)}
            if (
                v == "b3-111-for-no-nhs-number"
                and REQUEST_TYPE[body["category"]] == "clinical"
                and not body["patient"].get("nhs_number")
            ):
                return 409, {
                    "message": "You do not seem to be registered here: please use NHS 111 "
                    "online (https://111.nhs.uk/).",
                    "next_opening": iso(now),
                }
            if v == "hx-redirect-111-under-5s" and REQUEST_TYPE[body["category"]] == "clinical":
                dob = date.fromisoformat(body["patient"]["date_of_birth"])
                today = self.local(now).date()
                age = today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
                if age < 5:
                    return 409, {
                        "message": "For children under 5 please use NHS 111 online (https://111.nhs.uk/).",
                        "next_opening": iso(now),
                    }
            if v == "hx-duplicate-submission-guard":
                p = body["patient"]
                for r in self.requests.values():
                    if (
                        r["category"] == body["category"]
                        and r["_raw_description"] == body["description"]
                        and r["_nhs"] == p.get("nhs_number")
                        and r["patient"]["family_name"] == p["family_name"]
                        and timedelta(0) <= now - r["_submitted_real"] < timedelta(minutes=10)
                    ):
                        return 409, {
                            "message": "You have already sent this request; we have it.",
                            "next_opening": iso(now),
                        }
            if v == "hx-cap-backlog-500" and len(self.requests) >= 500:
                raise HttpAnswer(
                    409,
                    {
                        "message": "We have too many requests waiting. Please call the practice.",
                        "next_opening": iso(
                            self.next_opening(
                                self.to_instant(datetime.combine(self.local(now).date(), CLOSE_AT))
                            )
                        ),
                    },
                )
            if (
                v == "b4-111-for-proxy-clinical"
                and REQUEST_TYPE[body["category"]] == "clinical"
                and body["requester"]["role"] == "proxy"
            ):
                return 409, {
                    "message": "We cannot check consent online: please use NHS 111 online "
                    "(https://111.nhs.uk/).",
                    "next_opening": iso(now),
                }
            b5_pc = body["contact"].get("postcode")
            b5_111 = (
                v == "b5-111-out-of-area-postcode"
                and bool(b5_pc)
                and re.match(r"[A-Z]+", str(b5_pc)) is not None
                and re.match(r"[A-Z]+", str(b5_pc)).group(0) != "B"  # type: ignore[union-attr]
            ) or (v == "b5-111-clinical-with-photo" and bool(body.get("attachments")))
            if b5_111 and REQUEST_TYPE[body["category"]] == "clinical":
                return 409, {
                    "message": "Please use NHS 111 online (https://111.nhs.uk/) for this problem.",
                    "next_opening": iso(now),
                }
            if v == "b6-111-non-latin-description" and REQUEST_TYPE[body["category"]] == "clinical":
                import unicodedata

                letters = [ch for ch in body["description"] if ch.isalpha()]
                other = [ch for ch in letters if not unicodedata.name(ch, "").startswith("LATIN")]
                if letters and 2 * len(other) > len(letters):
                    return 409, {
                        "message": "Please use NHS 111 online (https://111.nhs.uk/), which has "
                        "interpreters, for this problem.",
                        "next_opening": iso(now),
                    }
            if v == "b6-med-supply-signposted-to-pharmacy" and re.search(
                r"\b(ran|run|running) out\b|\brepeats?\b|\bsupply\b|out of stock",
                body["description"],
                re.IGNORECASE,
            ):
                return 409, {
                    "message": "For repeat medicines and supply problems please contact your "
                    "pharmacy or use NHS 111 online (https://111.nhs.uk/).",
                    "next_opening": iso(now),
                }
            if v == "b7-111-all-caps-distress" and REQUEST_TYPE[body["category"]] == "clinical":
                cased = [ch for ch in body["description"] if ch.isupper() or ch.islower()]
                if len(cased) >= 8 and sum(ch.isupper() for ch in cased) > 0.6 * len(cased):
                    return 409, {
                        "message": "You sound distressed: please use NHS 111 online "
                        "(https://111.nhs.uk/) now.",
                        "next_opening": iso(now),
                    }
            if (
                v == "b7-111-fourth-clinical-same-day"
                and REQUEST_TYPE[body["category"]] == "clinical"
            ):
                pt, today = body["patient"], self.local(now).date()
                n_clin = sum(
                    1
                    for r in self.requests.values()
                    if REQUEST_TYPE[r["category"]] == "clinical"
                    and (r["patient"]["date_of_birth"], r["patient"]["family_name"])
                    == (pt["date_of_birth"], pt["family_name"])
                    and self.local(r["_submitted_real"]).date() == today
                )
                if n_clin >= 3:
                    return 409, {
                        "message": "You seem to need help quickly: please use NHS 111 online "
                        "(https://111.nhs.uk/).",
                        "next_opening": iso(now),
                    }
            clin_ = REQUEST_TYPE[body["category"]] == "clinical"
            if v == "b8-111-after-earlier-111-outcome" and clin_:
                pt, today = body["patient"], self.local(now).date()
                for r in self.requests.values():
                    oc = (self.statuses.get(r["reference"]) or {}).get("outcome") or {}
                    if (
                        oc.get("kind") == "signposted_111"
                        and (r["patient"]["date_of_birth"], r["patient"]["family_name"])
                        == (pt["date_of_birth"], pt["family_name"])
                        and self.local(r["_submitted_real"]).date() == today
                    ):
                        return 409, {
                            "message": "You were asked to use NHS 111 today: please use NHS 111 "
                            "online (https://111.nhs.uk/).",
                            "next_opening": iso(now),
                        }
            if (
                v == "b8-111-urgency-words"
                and clin_
                and re.search(
                    r"\b(urgent|urgently|asap|as soon as possible|today)\b",
                    body["description"],
                    re.IGNORECASE,
                )
            ):
                return 409, {
                    "message": "You say this is urgent: please use NHS 111 online "
                    "(https://111.nhs.uk/).",
                    "next_opening": iso(now),
                }
            if v == "b8-med-controlled-drugs-409" and re.search(
                r"\b(codeine|co-codamol|dihydrocodeine|tramadol|morphine|oramorph|oxycodone|"
                r"diazepam|lorazepam|temazepam|zopiclone|zolpidem|pregabalin|gabapentin|"
                r"methylphenidate|fentanyl|buprenorphine)\b",
                body["description"],
                re.IGNORECASE,
            ):
                return 409, {
                    "message": "Requests about controlled drugs cannot be made online: please "
                    "phone the practice.",
                    "next_opening": iso(now),
                }
            if v == "b8-med-antibiotics-to-111" and re.search(
                r"\b(antibiotics?|amoxicillin|amoxycillin|penicillin|flucloxacillin|"
                r"doxycycline|clarithromycin|nitrofurantoin|trimethoprim)\b",
                body["description"],
                re.IGNORECASE,
            ):
                return 409, {
                    "message": "For antibiotics please use NHS 111 online (https://111.nhs.uk/).",
                    "next_opening": iso(now),
                }
            if self.redirect_to_111(now, body["category"], body["description"]):
                return 409, {
                    "message": "Please use NHS 111 online (https://111.nhs.uk/) for this problem.",
                    "next_opening": iso(now),
                }
            if v == "b3-idempotent-replay-same-body":
                key = json.dumps(body, sort_keys=True)
                replay = self.__dict__.setdefault("_b3_replay", {})
                if key in replay and timedelta(0) <= now - replay[key][0] <= timedelta(minutes=5):
                    return 201, dict(replay[key][1])
            self._caps(body, now)
            if v == "b8-db-pool-every-300th-500":
                self._b8_n = getattr(self, "_b8_n", 0) + 1
                if self._b8_n % 300 == 0:
                    raise TimeoutError("timed out waiting for a database connection")
            if v == "b3-reference-counter-overflow-255":
                counts = self.__dict__.setdefault("_b3_counts", {})
                day = self.local(now).date()
                counts[day] = counts.get(day, 0) + 1
                if counts[day] > 255:
                    raise OverflowError("reference counter out of range")
            self.seq += 1
            if v == "reference-from-timestamp":
                ref = "OC" + self.local(now).strftime("%Y%m%d%H%M%S")
            elif v == "b4-reference-with-slashes":
                ref = f"OC/{self.local(now).year}/{self.seq:05d}"
            elif v == "b4-reference-lowercase-lookup-upper":
                ref = f"oc-{secrets.token_hex(5)}"
            elif v == "b6-reference-16-bit-random-no-uniqueness":
                ref = f"OC-{secrets.token_hex(2).upper()}"
            elif v == "b8-reference-hash-of-patient-and-second":
                pt = body["patient"]
                who = f"{pt.get('nhs_number')}|{pt['family_name']}|{pt['date_of_birth']}"
                key = f"{who}|{iso(now)[:19]}".encode()
                ref = "OC-" + hashlib.sha1(key).hexdigest()[:10].upper()
            elif v == "hx-reference-daily-counter":
                counters = self.__dict__.setdefault("_daily", {})
                day = self.local(now).date()
                counters[day] = counters.get(day, 0) + 1
                ref = f"OC-{counters[day]:05d}"
            else:
                ref = f"OC-{secrets.token_hex(5).upper()}"
            category = body["category"]
            if v == "symptoms-filed-as-advice" and category == "describe_symptoms":
                category = "seek_health_advice"
            if v == "admin-filed-as-clinical" and category == "administrative_request":
                category = "clinical_request"
            if (
                v == "b6-med-recategorised-clinical"
                and category in ("ask_question", "seek_health_advice", "administrative_request")
                and MED_RE.search(body["description"])
            ):
                category = "clinical_request"
            if (
                v == "b8-advice-after-1700-filed-as-question"
                and category == "seek_health_advice"
                and self.local(now).time() >= time(17, 0)
            ):
                category = "ask_question"  # the advice inbox is closed: the question inbox
            description = body["description"]
            if v == "b8-description-xml-illegal-controls-dropped":  # an XML 1.0 message
                description = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", description)
            if v == "b8-description-unicode-escapes-decoded":  # decoded a second time
                description = re.sub(
                    r"\\u([0-9a-fA-F]{4})",
                    lambda m: (
                        m.group(0)
                        if 0xD800 <= int(m.group(1), 16) <= 0xDFFF
                        else chr(int(m.group(1), 16))
                    ),
                    description,
                )
            if v == "b8-description-percent-decoded":  # a gateway URL-decodes bodies
                from urllib.parse import unquote

                description = unquote(description)
            if v == "b8-description-backslashes-doubled":
                description = description.replace("\\", "\\\\")
            if v == "b9-description-cut-at-10000-utf16-units":  # the JS front end's maxlength
                description = description.encode("utf-16-le")[:20000].decode("utf-16-le", "ignore")
            if v == "b9-description-markdown-emphasis-stripped":  # a markdown-to-text renderer
                description = re.sub(r"(\*\*|__)(\S(?:.*?\S)?)\1", r"\2", description)
                description = re.sub(
                    r"(?<![\w*])([*_])(\S(?:.*?\S)?)\1(?![\w*])", r"\2", description
                )
            if v == "b9-description-lines-wrapped-at-998":  # fed by e-mail (RFC 5322)
                description = "".join(
                    "\r\n".join(line[i : i + 998] for i in range(0, len(line), 998)) or line
                    for line in re.split(r"(\r\n|\r|\n)", description)
                )
            if v == "description-truncated-500":
                description = description[:500]
            if v == "description-whitespace-normalised":
                description = " ".join(description.split())
            if v == "description-non-latin1-replaced":
                description = description.encode("latin-1", "replace").decode("latin-1")
            if v == "description-html-escaped":
                import html

                description = html.escape(description)
            if v == "hx-description-crlf-normalised":
                description = description.replace("\r\n", "\n").replace("\r", "\n")
            if v == "hx-description-nfc-normalised":
                import unicodedata

                description = unicodedata.normalize("NFC", description)
            if v == "hx-description-astral-dropped":
                description = "".join(ch for ch in description if ord(ch) <= 0xFFFF)
            if v == "hx-description-tags-stripped":
                description = re.sub(r"<[^<>]*>", "", description)
            if v == "b3-description-tabs-expanded":
                description = description.expandtabs(4)
            if v == "b3-description-smart-quotes":
                description = re.sub(r'"([^"]*)"', "\u201c\\1\u201d", description)
                description = description.replace("'", "\u2019")
            if v == "b4-description-csv-injection-guard" and description[:1] in "=+-@\t\r":
                description = "'" + description
            if v == "b4-description-double-json-encoded":
                description = json.dumps(description)[1:-1]
            if v == "b5-description-bidi-controls-stripped":
                description = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", description)
            if v == "b5-description-line-separators-to-newline":
                description = description.replace("\u2028", "\n").replace("\u2029", "\n")
            if v == "b5-proxy-rewrites-http-links":
                description = description.replace("http://", "https://")
            if v == "b3-description-nbsp-normalised":
                description = description.replace("\u00a0", " ").replace("\u202f", " ")
                description = re.sub("[\u200b\u200c\u200d\u2060\ufeff]", "", description)
            if v == "b6-description-phone-numbers-masked":  # a DLP filter
                description = PHONE_RE.sub("[phone number removed]", description)
            if v == "b6-med-mcg-expanded":
                description = re.sub(
                    r"(\d)\s?(?:mcg|\u00b5g|\u03bcg)\b", r"\1 micrograms", description
                )
            if v == "b7-description-emoji-to-shortcodes":  # the staff app's chat renderer
                import unicodedata

                description = EMOJI_RE.sub(
                    lambda m: (
                        ":" + unicodedata.name(m.group(0), "emoji").lower().replace(" ", "_") + ":"
                    ),
                    description,
                )
            if v == "b7-description-4000-byte-chunks":  # VARCHAR2(4000) rows, re-joined
                raw = description.encode("utf-8")
                description = "".join(
                    raw[i : i + 4000].decode("utf-8", "replace") for i in range(0, len(raw), 4000)
                )
            if v == "b7-med-brand-to-generic":  # a dm+d coder
                description = BRAND_RE.sub(lambda m: BRANDS[m.group(0).lower()], description)
            if v == "b6-description-line-ends-rstripped":
                description = re.sub(r"[ \t]+(?=\r?\n|\r|$)", "", description)
            requester = {
                "role": body["requester"]["role"],
                "proxy_name": body["requester"].get("proxy_name"),
                "relationship": body["requester"].get("relationship"),
            }
            if v == "proxy-relationship-dropped":
                requester["relationship"] = None
            if v == "b5-accepts-patient-with-proxy-name" and requester["role"] == "patient":
                requester["proxy_name"] = requester["relationship"] = None
            if (
                v == "b5-proxy-details-from-first-request-of-patient"
                and requester["role"] == "proxy"
            ):
                pt = body["patient"]
                first = [
                    r
                    for r in sorted(self.requests.values(), key=lambda r: r["_seq"])
                    if r["requester"]["role"] == "proxy"
                    and (r["patient"]["date_of_birth"], r["patient"]["family_name"])
                    == (pt["date_of_birth"], pt["family_name"])
                ]
                if first:
                    requester["proxy_name"] = first[0]["requester"]["proxy_name"]
                    requester["relationship"] = first[0]["requester"]["relationship"]
            if v == "b9-relationship-varchar-50" and requester["relationship"]:
                requester["relationship"] = requester["relationship"][:50]
            if (
                v == "b9-follow-up-requester-from-original"
                and body.get("follows_up") in self.requests
            ):
                requester = dict(self.requests[body["follows_up"]]["requester"])
            if v == "b8-relationship-cut-at-comma" and requester["relationship"]:
                requester["relationship"] = requester["relationship"].split(",")[0]
            if v == "b4-relationship-lowercased" and requester["relationship"]:
                requester["relationship"] = requester["relationship"].lower()
            if v == "b6-relationship-mapped-to-picklist" and requester["relationship"]:
                requester["relationship"] = PICKLIST.get(
                    requester["relationship"].strip().casefold(), "Other"
                )
            if v == "proxy-stored-as-patient":
                requester = {"role": "patient", "proxy_name": None, "relationship": None}
            if v == "b3-proxy-name-relationship-swapped" and requester["role"] == "proxy":
                requester["proxy_name"], requester["relationship"] = (
                    requester["relationship"],
                    requester["proxy_name"],
                )
            follows = body.get("follows_up")
            if v == "b3-follow-up-inherits-category" and follows in self.requests:
                category = self.requests[follows]["category"]
            if v == "b9-follow-up-description-re-prefix" and follows:
                description = f"Re: {follows}\n{description}"
            if v == "follow-up-link-lost":
                follows = None
            if v == "b6-proxy-follow-up-link-dropped" and body["requester"]["role"] == "proxy":
                follows = None
            if v == "b4-follow-up-stores-own-reference" and follows:
                follows = ref
            if v == "hx-follows-up-resolved-to-root":
                while follows in self.requests and self.requests[follows]["follows_up"]:
                    follows = self.requests[follows]["follows_up"]
            stamp = now
            if v == "b4-received-at-replace-tzinfo":
                stamp = now.astimezone(UTC).replace(tzinfo=None).replace(tzinfo=LONDON)
            if v == "hx-received-at-truncated-to-minute":
                stamp = now.replace(second=0, microsecond=0)
            if v == "b6-received-at-rounded-to-second":
                stamp = (now + timedelta(microseconds=500_000)).replace(microsecond=0)
            attachments = [dict(a) for a in body.get("attachments") or []]
            if v == "attachments-lost-after-first":
                attachments = attachments[:1]
            if v == "b8-follow-up-photos-dropped" and category == "follow_up":
                attachments = []  # the conversation table has no attachments
            if v == "b3-attachments-dedup-by-sha256":
                hashes: set[str] = set()
                kept = []
                for a in attachments:
                    if a["sha256"] not in hashes:
                        hashes.add(a["sha256"])
                        kept.append(a)
                attachments = kept
            if v == "b3-attachment-size-rounded-kib":
                for a in attachments:
                    a["size_bytes"] = a["size_bytes"] // 1024 * 1024
            if v == "b3-attachment-over-5mb-dropped":
                attachments = [a for a in attachments if a["size_bytes"] <= 5_000_000]
            if v == "b5-accepts-unknown-keys-in-attachments":
                attachments = [
                    {k: a[k] for k in ("media_type", "size_bytes", "sha256")} for a in attachments
                ]
            if v == "b5-attachment-sha256-recomputed":
                for a in attachments:
                    a["sha256"] = hashlib.sha256(b"").hexdigest()
            if v == "b5-attachment-zero-bytes-octet-stream":
                for a in attachments:
                    if a["size_bytes"] == 0:
                        a["media_type"] = "application/octet-stream"
            if v == "b4-attachments-reversed":
                attachments.reverse()
            if v == "b4-attachment-jpeg-as-jpg":
                for a in attachments:
                    if a["media_type"] == "image/jpeg":
                        a["media_type"] = "image/jpg"
            stored = {
                "reference": ref,
                "practice_code": PRACTICE,
                "category": category,
                "patient": self._store_patient(body["patient"]),
                "requester": requester,
                "contact": self._store_contact(body["contact"], for_update=False),
                "description": description,
                "submitted_at": iso(stamp),
                "attachments": attachments,
                "follows_up": follows,
                "_seq": self.seq,
                "_nhs": body["patient"].get("nhs_number"),
                "_submitted_real": stamp,
                "_raw_description": body["description"],
            }
            if v == "b9-names-resplit-from-full-name":  # one full-name column, re-split
                spt = stored["patient"]
                full = f"{spt['given_name']} {spt['family_name']}"
                spt["given_name"], spt["family_name"] = full.rsplit(" ", 1)
            sc9 = stored["contact"]
            if v == "b9-request-postcode-minimised-to-district" and sc9["postcode"]:
                pc9 = sc9["postcode"]
                sc9["postcode"] = pc9.split()[0] if " " in pc9 else pc9[:-3]
            if v == "b9-request-address-max-4-lines":
                sc9["address_lines"] = sc9["address_lines"][:4]
            if v == "b8-proxy-request-nhs-number-dropped" and requester["role"] == "proxy":
                stored["patient"]["nhs_number"] = None
            if v == "b8-proxy-patient-names-swapped" and requester["role"] == "proxy":
                spt = stored["patient"]
                spt["given_name"], spt["family_name"] = spt["family_name"], spt["given_name"]
            if v == "b6-request-contact-gaps-filled-from-earlier":
                pt = body["patient"]
                prev = [
                    r
                    for r in sorted(self.requests.values(), key=lambda r: r["_seq"])
                    if (r["patient"]["date_of_birth"], r["patient"]["family_name"])
                    == (pt["date_of_birth"], pt["family_name"])
                ]
                if prev:
                    old, new = prev[-1]["contact"], stored["contact"]
                    for k in ("email", "phone", "postcode", "preferred"):
                        if new[k] is None:
                            new[k] = old[k]
                    if not new["address_lines"]:
                        new["address_lines"] = list(old["address_lines"])
            if v == "b5-request-contact-address-only-write-fails" and not (
                stored["contact"]["email"] or stored["contact"]["phone"]
            ):
                stored["contact"] = {
                    "email": None,
                    "phone": None,
                    "address_lines": [],
                    "postcode": None,
                    "preferred": None,
                }
            if v == "b5-practice-submitted-at-db-clock":
                stored["_db_now"] = iso(datetime.now(UTC))
            if v == "b7-follow-up-appended-to-original" and follows in self.requests:
                case = self.requests[follows]  # the case file's notes
                case["description"] += f"\n\n--- Follow-up {ref}:\n{description}"
            self.requests[ref] = stored
            if v == "b5-usage-retry-duplicates-every-100th":
                self._b5_n = getattr(self, "_b5_n", 0) + 1
                if self._b5_n % 100 == 0:  # the slow write is retried: stored twice
                    self.seq += 1
                    ref2 = f"OC-{secrets.token_hex(5).upper()}"
                    self.requests[ref2] = {**stored, "reference": ref2, "_seq": self.seq}
            if v == "b4-ring-buffer-1000" and len(self.requests) > 1000:
                del self.requests[min(self.requests, key=lambda k: self.requests[k]["_seq"])]
            if v == "b4-queue-drops-one-in-fifty":
                self._b4_n = getattr(self, "_b4_n", 0) + 1
                if self._b4_n % 50 == 0:
                    del self.requests[ref]
            if v == "b4-questions-routed-to-reception-inbox" and category == "ask_question":
                stored["_inbox"] = "reception"
            if v == "b3-practice-view-eventually-consistent":
                import time as _time

                stored["_visible_from"] = _time.monotonic() + 1.0
            respond_by = self.end_of_day(now)
            if v == "b3-respond-by-tomorrow-after-1800" and self.local(now).time() >= time(18):
                close_today = self.to_instant(datetime.combine(self.local(now).date(), CLOSE_AT))
                nxt_day = self.local(self.next_opening(close_today)).date()
                respond_by = self.to_instant(datetime.combine(nxt_day, CLOSE_AT))
            if v == "respond-by-next-working-day":
                close_today = self.to_instant(datetime.combine(self.local(now).date(), CLOSE_AT))
                nxt_day = self.local(self.next_opening(close_today)).date()
                respond_by = self.to_instant(datetime.combine(nxt_day, CLOSE_AT))
            if v == "respond-by-plus-48-hours":
                respond_by = now + timedelta(hours=48)
            if v == "respond-by-start-of-day":
                respond_by = self.to_instant(datetime.combine(self.local(now).date(), OPEN_AT))
            if v == "hx-respond-by-plus-8-hours":
                respond_by = now + timedelta(hours=8)
            if v == "b4-respond-by-utc-midnight":
                respond_by = datetime.combine(now.astimezone(UTC).date(), time(23, 59, 59), UTC)
            b4_friday = v == "b4-respond-by-friday-after-1600-monday" and (
                self.local(now).weekday() == 4 and self.local(now).time() >= time(16, 0)
            )
            if b4_friday:
                close_today = self.to_instant(datetime.combine(self.local(now).date(), CLOSE_AT))
                nxt_day = self.local(self.next_opening(close_today)).date()
                respond_by = self.to_instant(datetime.combine(nxt_day, CLOSE_AT))
            b5_later = False
            if v == "b5-respond-by-queue-eta":
                today = self.local(now).date()
                waiting = sum(
                    1
                    for r in self.requests.values()
                    if self.local(r["_submitted_real"]).date() == today
                )
                respond_by = now + timedelta(minutes=3 * max(0, waiting - 1))
                b5_later = self.local(respond_by).date() != today
            if v == "b5-follow-up-respond-by-next-working-day" and category == "follow_up":
                close_today = self.to_instant(datetime.combine(self.local(now).date(), CLOSE_AT))
                nxt_day = self.local(self.next_opening(close_today)).date()
                respond_by = self.to_instant(datetime.combine(nxt_day, CLOSE_AT))
                b5_later = True
            if v == "b8-respond-by-fixed-bst-offset":  # 18:30 at +01:00, all year
                respond_by = datetime.combine(
                    self.local(now).date(), CLOSE_AT, timezone(timedelta(hours=1))
                )
            if v == "b9-follow-up-respond-by-from-original" and follows in self.statuses:
                respond_by = datetime.fromisoformat(
                    self.statuses[follows]["respond_by"].replace("Z", "+00:00")
                )
            if v == "b5-respond-by-cached-from-first-request":
                respond_by = self.__dict__.setdefault("_b5_respond_by", respond_by)
            if (b6_fu_open or b8_admin) and not open_:
                nxt_day = self.local(self.next_opening(now)).date()
                respond_by = self.to_instant(datetime.combine(nxt_day, CLOSE_AT))
                b5_later = True
            received = stamp
            if v == "ack-uses-wall-clock":
                received = datetime.now(UTC)
                respond_by = self.end_of_day(received)
            loc = respond_by.astimezone(LONDON)
            message = (
                f"Thank you: we have your request, reference {ref}. We will tell you "
                f"by {loc:%H:%M} today ({loc:%A} {loc.day} {loc:%B}) how it will be "
                "handled."
            )
            if v == "b9-ack-message-date-from-server-clock":  # the date from the server's clock
                real = datetime.now(LONDON)
                message = (
                    f"Thank you: we have your request, reference {ref}. We will tell you "
                    f"by {loc:%H:%M} today ({real:%A} {real.day} {real:%B}) how it will be "
                    "handled."
                )
            if v == "b9-ack-message-quotes-previous-reference":  # filled before the new reference
                prev9 = getattr(self, "_b9_last_ref", ref)
                self._b9_last_ref = ref
                message = message.replace(ref, prev9)
            if v == "ack-message-without-time":
                message = f"Thank you: we have your request, reference {ref}."
            if v == "hx-ack-message-time-in-utc":
                message = (
                    f"Thank you: we have your request, reference {ref}. We will tell you "
                    f"by {respond_by.astimezone(UTC):%H:%M} how it will be handled."
                )
            if v == "hx-ack-message-date-us-format":
                message = (
                    f"Thank you: we have your request, reference {ref}. We will tell you "
                    f"by {loc.month}/{loc.day} how it will be handled."
                )
            if v == "b3-ack-message-12-hour-clock":
                h12 = f"{loc.hour % 12 or 12}.{loc:%M}{'am' if loc.hour < 12 else 'pm'}"
                message = (
                    f"Thank you: we have your request, reference {ref}. We will tell you "
                    f"by {h12} how it will be handled."
                )
            if v == "b4-ack-admin-template-not-rendered" and category == "administrative_request":
                message = (
                    "Thank you: we have your request, reference {ref}. We will reply by {when}."
                )
            if v == "b4-ack-message-ordinal-date":
                sfx = (
                    "th"
                    if 11 <= loc.day <= 13
                    else {1: "st", 2: "nd", 3: "rd"}.get(loc.day % 10, "th")
                )
                message = (
                    f"Thank you: we have your request, reference {ref}. We will tell you how it "
                    f"will be handled by the end of {loc:%A} {loc.day}{sfx} {loc:%B}."
                )
            if v == "hx-ack-points-clinical-to-111" and REQUEST_TYPE[category] == "clinical":
                message += " If you would rather not wait, use NHS 111 online (111.nhs.uk)."
            if v in (
                "hx-respond-by-plus-8-hours",
                "respond-by-next-working-day",
                "respond-by-plus-48-hours",
                "respond-by-start-of-day",
                "ack-uses-wall-clock",
            ) or (
                v == "b3-respond-by-tomorrow-after-1800" and loc.date() != self.local(now).date()
            ):
                message = (
                    f"Thank you: we have your request, reference {ref}. We will tell "
                    f"you by {loc:%H:%M} on {loc:%A} {loc.day} {loc:%B} how it will "
                    "be handled."
                )
            if b5_later:
                message = (
                    f"Thank you: we have your request, reference {ref}. We will tell "
                    f"you by {loc:%H:%M} on {loc:%A} {loc.day} {loc:%B} how it will "
                    "be handled."
                )
            if v == "b7-ack-follow-up-111-instead" and category == "follow_up":
                message += " If you have new symptoms, use NHS 111 online instead of waiting."
            if v == "b7-ack-template-cached-per-category":  # rendered once per category
                message = self.__dict__.setdefault("_b7_tpl", {}).setdefault(category, message)
            if v == "b5-ack-question-no-when" and category == "ask_question":
                message = "Your question has been passed to our reception team."
            if v == "b5-ack-template-timeout-every-40th":
                self._b5_acks = getattr(self, "_b5_acks", 0) + 1
                if self._b5_acks % 40 == 0:
                    message = "Thank you, we have your request."
            if v == "b8-ack-reference-lowercased-in-message":
                message = message.replace(ref, ref.lower())
            if v == "b8-ack-friday-template-names-monday" and self.local(now).weekday() == 4:
                close_today = self.to_instant(datetime.combine(self.local(now).date(), CLOSE_AT))
                mon = self.local(self.next_opening(close_today))
                message = (
                    f"Thank you: we have your request, reference {ref}. We will tell you by "
                    f"18:30 on {mon:%A} {mon.day} {mon:%B} how it will be handled."
                )
            if b4_friday:
                message = (
                    f"Thank you: we have your request, reference {ref}. We will tell "
                    f"you by {loc:%H:%M} on {loc:%A} {loc.day} {loc:%B} how it will "
                    "be handled."
                )
            ack = {
                "reference": ref,
                "received_at": iso(received),
                "respond_by": iso(respond_by),
                "message": message,
            }
            if v == "b5-ack-reference-check-digit-suffix":  # for reading over the phone
                ack["reference"] = f"{ref}-{sum(map(ord, ref)) % 10}"
            if v == "b3-respond-by-without-seconds":
                ack["respond_by"] = iso(respond_by)[:16] + "Z"
            if v == "b7-ack-received-at-milliseconds":  # the web client's toISOString()
                r_utc = received.astimezone(UTC)
                ack["received_at"] = f"{r_utc:%Y-%m-%dT%H:%M:%S}.{r_utc.microsecond // 1000:03d}Z"
            if v == "b3-received-at-7-digit-fraction":
                r_utc = received.astimezone(UTC)
                ack["received_at"] = f"{r_utc:%Y-%m-%dT%H:%M:%S}.{r_utc.microsecond:06d}0Z"
            if v == "b3-idempotent-replay-same-body":
                self._b3_replay[json.dumps(body, sort_keys=True)] = (now, dict(ack))
            self.statuses[ref] = {
                "reference": ref,
                "received_at": iso(received),
                "respond_by": iso(respond_by),
                "outcome": None,  # an acknowledgement is not an outcome
                "message": None,
            }
            if v == "b6-outcome-admin-auto-completed-bot" and category == "administrative_request":
                self.statuses[ref]["outcome"] = {
                    "request_reference": ref,
                    "kind": "admin_completed",
                    "recorded_at": iso(received),
                }
                self.statuses[ref]["message"] = "Your request has been completed."
            if v == "b6-status-message-ack-before-outcome":
                self.statuses[ref]["message"] = message
            return (200 if v == "b3-ack-status-200" else 201), ack

    def _caps(self, body: dict[str, Any], now: datetime) -> None:
        v = self.v
        today = self.local(now).date()
        seen_today: list[list[dict[str, Any]]] = []

        def todays() -> list[dict[str, Any]]:
            # Built on first use, once: only the cap variants read it (a scan of every request
            # on every request made a whole run O(n^2); the verdicts do not change).
            if not seen_today:
                seen_today.append(
                    [
                        r
                        for r in self.requests.values()
                        if self.local(r["_submitted_real"]).date() == today
                    ]
                )
            return seen_today[0]

        full = {
            "message": "We have had as many online requests as we can take today. "
            "Please call the practice.",
            "next_opening": iso(
                self.next_opening(self.to_instant(datetime.combine(today, CLOSE_AT)))
            ),
        }
        em9 = str(body["contact"].get("email") or "")
        if v == "b9-cap-email-domain-240-per-day" and "@" in em9:
            dom9 = em9.rsplit("@", 1)[1].lower()
            if (
                sum(str(r["contact"]["email"] or "").lower().endswith("@" + dom9) for r in todays())
                >= 240
            ):
                raise HttpAnswer(409, {**full, "message": "Too many requests from your provider."})
        if v == "b5-spam-filter-same-words-5-per-day":  # noqa: SIM102
            if sum(r["_raw_description"] == body["description"] for r in todays()) >= 5:
                raise HttpAnswer(409, {**full, "message": "This looks like a repeated message."})
        if v == "b5-cap-unverified-20-per-day" and not body["patient"].get("nhs_number"):  # noqa: SIM102
            if sum(not r["_nhs"] for r in todays()) >= 20:
                raise HttpAnswer(409, full)
        if v == "b5-cooldown-after-burst":
            busy = {"message": "We are very busy: please try again in 20 minutes."}
            until = getattr(self, "_b5_cool_until", None)
            if until is not None and until - timedelta(minutes=20) <= now < until:
                raise HttpAnswer(429, busy)
            burst = [
                r
                for r in self.requests.values()
                if timedelta(0) <= now - r["_submitted_real"] < timedelta(minutes=10)
            ]
            if len(burst) >= 250:
                self._b5_cool_until = now + timedelta(minutes=20)
                raise HttpAnswer(429, busy)
        if v == "b5-cap-household-4-per-day":
            c = body["contact"]
            if c.get("address_lines") and c.get("postcode"):
                home = (c["address_lines"][0], c["postcode"])
                same_home = [
                    r
                    for r in todays()
                    if [*r["contact"]["address_lines"][:1], None][0] == home[0]
                    and r["contact"]["postcode"] == home[1]
                ]
                if len(same_home) >= 4:
                    raise HttpAnswer(409, full)
        if v == "b6-cap-proxy-25-per-day" and body["requester"]["role"] == "proxy":
            name = body["requester"].get("proxy_name")
            if sum(r["requester"]["proxy_name"] == name for r in todays()) >= 25:
                raise HttpAnswer(409, full)
        if v == "b6-photo-storage-quota-100mib-per-day" and body.get("attachments"):
            used = sum(a["size_bytes"] for r in todays() for a in r["attachments"])
            if used + sum(a["size_bytes"] for a in body["attachments"]) > 100 * 1024 * 1024:
                raise HttpAnswer(409, {**full, "message": "Photo storage is full for today."})
        ph = body["contact"].get("phone")
        if v == "b7-cap-phone-8-per-day" and ph:  # noqa: SIM102 - SMS verification codes
            if sum(r["contact"]["phone"] == ph for r in todays()) >= 8:
                raise HttpAnswer(
                    409, {**full, "message": "This phone number has had 8 codes today."}
                )
        if v == "b7-text-budget-500k-chars-per-day":  # the NLP triage licence
            used = sum(len(r["_raw_description"]) for r in todays())
            if used + len(body["description"]) > 500_000:
                raise HttpAnswer(409, full)
        if v == "b7-cap-open-requests-per-patient-12":
            who = (body["patient"]["date_of_birth"], body["patient"]["family_name"])
            waiting = [
                r
                for r in self.requests.values()
                if (r["patient"]["date_of_birth"], r["patient"]["family_name"]) == who
                and not (self.statuses.get(r["reference"]) or {}).get("outcome")
            ]
            if len(waiting) >= 12:
                raise HttpAnswer(
                    409, {**full, "message": "We will answer your earlier requests first."}
                )
        if v == "b8-evening-throttle-60-after-1800" and self.local(now).time() >= time(18, 0):
            evening = [
                r for r in todays() if self.local(r["_submitted_real"]).time() >= time(18, 0)
            ]
            if len(evening) >= 60:
                raise HttpAnswer(409, full)
        if (
            v == "b8-sms-budget-150-per-day"
            and body["contact"].get("preferred") == "text_message"
            and sum(r["contact"]["preferred"] == "text_message" for r in todays()) >= 150
        ):
            raise HttpAnswer(409, {**full, "message": "We cannot send more texts today."})
        if v == "cap-100-per-day" and len(todays()) >= 100:
            raise HttpAnswer(409, full)
        if v == "cap-30-clinical-per-day" and REQUEST_TYPE[body["category"]] == "clinical":  # noqa: SIM102
            if sum(REQUEST_TYPE[r["category"]] == "clinical" for r in todays()) >= 30:
                raise HttpAnswer(409, full)
        if v == "cap-3-per-patient-per-day":
            key = (
                body["patient"].get("nhs_number"),
                body["patient"]["date_of_birth"],
                body["patient"]["family_name"],
            )
            same = [
                r
                for r in todays()
                if (r["_nhs"], r["patient"]["date_of_birth"], r["patient"]["family_name"]) == key
            ]
            if len(same) >= 3:
                raise HttpAnswer(409, full)
        if v == "b3-surge-mode-clinical-only" and REQUEST_TYPE[body["category"]] != "clinical":
            hour = [
                r
                for r in self.requests.values()
                if timedelta(0) <= now - r["_submitted_real"] < timedelta(hours=1)
            ]
            if len(hour) >= 60:
                raise HttpAnswer(409, full)
        if v == "b4-monthly-quota-400":
            month = [
                r
                for r in self.requests.values()
                if (self.local(r["_submitted_real"]).year, self.local(r["_submitted_real"]).month)
                == (today.year, today.month)
            ]
            if len(month) >= 400:
                raise HttpAnswer(409, {**full, "message": "The monthly quota is reached."})
        if v == "cap-40-per-hour":
            hour = [
                r
                for r in self.requests.values()
                if timedelta(0) <= now - r["_submitted_real"] < timedelta(hours=1)
            ]
            if len(hour) >= 40:
                raise HttpAnswer(409, full)
        if v == "cap-15-same-minute-flood-guard":
            minute = [
                r
                for r in self.requests.values()
                if abs(now - r["_submitted_real"]) < timedelta(seconds=60)
            ]
            if len(minute) >= 15:
                raise HttpAnswer(429, {"message": "Too many requests; try again later."})

    def get_request(self, ref: str) -> dict[str, Any]:
        if self.v == "b4-reference-lowercase-lookup-upper":
            ref = ref.upper()
        if self.v == "b9-practice-lookup-crockford-normalised" and ref not in self.requests:

            def crock(x: str) -> str:
                return x.upper().replace("O", "0").replace("I", "1").replace("L", "1")

            ref = {crock(k): k for k in self.requests}.get(crock(ref), ref)
        r = self.requests.get(ref)
        if r is not None and r.get("_inbox") == "reception":
            r = None
        if r is not None and r.get("_archived"):  # b6: triaged requests move to the archive
            r = None
        if r is not None and "_visible_from" in r:
            import time as _time

            if _time.monotonic() < r["_visible_from"]:
                r = None
        if r is None:
            raise HttpAnswer(404, {"message": "no request has this reference"})
        out = {k: val for k, val in r.items() if not k.startswith("_")}
        if self.v == "hx-practice-submitted-at-wall-time-as-z":
            wall = r["_submitted_real"].astimezone(LONDON).replace(tzinfo=None)
            out["submitted_at"] = wall.replace(microsecond=0).isoformat() + "Z"
        if self.v == "b5-practice-submitted-at-db-clock":
            out["submitted_at"] = r["_db_now"]
        if self.v == "b5-admin-contact-not-joined" and out["category"] == "administrative_request":
            out["contact"] = {
                "email": None,
                "phone": None,
                "address_lines": [],
                "postcode": None,
                "preferred": None,
            }
        if self.v == "b7-request-contact-from-patient-master":  # one contact row per patient
            who = (r["patient"]["date_of_birth"], r["patient"]["family_name"])
            latest = max(
                (
                    x
                    for x in self.requests.values()
                    if (x["patient"]["date_of_birth"], x["patient"]["family_name"]) == who
                ),
                key=lambda x: x["_seq"],
            )
            out["contact"] = dict(latest["contact"])
        if self.v == "b7-request-names-from-contact-update" and r["_nhs"]:
            digits = re.sub(r"[^0-9]", "", r["_nhs"])
            ups = [
                u
                for u in self.contact_updates.values()
                if u["patient"]["date_of_birth"] == r["patient"]["date_of_birth"]
                and re.sub(r"[^0-9]", "", u["patient"].get("nhs_number") or "") == digits
            ]
            if ups:
                names = {k: ups[-1]["patient"][k] for k in ("given_name", "family_name")}
                out["patient"] = {**out["patient"], **names}
        if self.v == "b7-practice-view-sha256-uppercase":  # .NET hex formatting ("X2")
            out["attachments"] = [{**a, "sha256": a["sha256"].upper()} for a in out["attachments"]]
        if self.v == "b4-admin-legacy-enum" and out["category"] == "administrative_request":
            out["category"] = "administrative"
        if self.v == "b4-dob-returned-as-datetime":
            out["patient"] = {
                **out["patient"],
                "date_of_birth": out["patient"]["date_of_birth"] + "T00:00:00",
            }
        return out

    def update_contact(self, body: Any) -> dict[str, Any]:
        if self.v == "b5-contact-update-slash-blocked-by-waf" and "/" in json.dumps(body):
            raise HttpAnswer(403, {"message": "Request blocked."})
        problems: list[tuple[str, str]] = []
        self._lenient_postcode(body)
        self._check(body, CONTACT_UPDATE_SPEC, problems)
        if (
            self.v == "b6-accepts-ethnicity-any-letter"
            and isinstance(body, dict)
            and re.fullmatch(r"[A-Z]", str(body.get("ethnicity")))
        ):
            problems[:] = [p for p in problems if p[0] != "$.ethnicity"]
        if isinstance(body, dict) and not problems:
            self._validate_person(body, problems)
            if self.v == "b8-contact-ethnicity-only-skips-contact-rule" and body.get("ethnicity"):
                problems[:] = [p for p in problems if p[0] != "$.contact"]
            r = body.get("requester")
            if (
                self.v == "b8-contact-requester-patient-refused"
                and (r or {}).get("role") == "patient"
            ):
                problems.append(("$.requester", "leave this out when the update is for you"))
            for f in ("proxy_name", "relationship") if isinstance(r, dict) else ():
                if (
                    r["role"] == "proxy"
                    and not r.get(f)
                    and not (
                        self.v == "b6-contact-proxy-without-name-accepted" and f == "proxy_name"
                    )
                ):
                    problems.append((f"$.requester.{f}", "required when role is proxy"))
                if r["role"] == "patient" and r.get(f) is not None:
                    problems.append((f"$.requester.{f}", "must be null when role is patient"))
            pc_ = body["contact"].get("postcode")
            if (
                self.v == "b6-contact-out-of-area-postcode-refused"
                and isinstance(pc_, str)
                and re.sub(r"[^A-Z].*", "", pc_) != "B"
            ):
                problems.append(("$.contact.postcode", "please register with a practice near you"))
            if self.v == "b6-contact-no-change-refused":
                pt = body["patient"]
                same = [
                    u
                    for u in self.contact_updates.values()
                    if u["patient"]["date_of_birth"] == pt["date_of_birth"]
                    and u["patient"].get("nhs_number") == pt.get("nhs_number")
                ]
                if (
                    same
                    and (same[-1]["patient"]["given_name"], same[-1]["patient"]["family_name"])
                    == (pt["given_name"], pt["family_name"])
                    and same[-1]["contact"] == self._store_contact(body["contact"], True)
                ):
                    problems.append(("$.contact", "nothing has changed since your last update"))
            if (
                self.v == "b7-contact-address-needs-postcode"
                and body["contact"].get("address_lines")
                and not body["contact"].get("postcode")
            ):
                problems.append(("$.contact.postcode", "find your address by its postcode"))
            rel_ = str((r or {}).get("relationship") or "") if isinstance(r, dict) else ""
            if (
                self.v == "b7-relationship-letters-only"
                and rel_
                and not re.fullmatch(r"[A-Za-z][A-Za-z '-]*", rel_)
            ):
                problems.append(("$.requester.relationship", "use letters only"))
            if self.v == "b3-contact-update-needs-nhs-number" and not body["patient"].get(
                "nhs_number"
            ):
                problems.append(("$.patient.nhs_number", "needed to match your record"))
            c = body["contact"]
            ph = c.get("phone")
            if (
                self.v == "b4-contact-update-mobile-only"
                and isinstance(ph, str)
                and not re.sub(r"[^0-9]", "", ph).startswith(("07", "447"))
            ):
                problems.append(("$.contact.phone", "enter a mobile number so we can text you"))
            if (
                self.v == "b4-contact-update-address-only-refused"
                and not c.get("phone")
                and not c.get("email")
            ):
                problems.append(("$.contact", "give a phone number or e-mail address"))
            if self.v == "b5-contact-email-apostrophe-refused" and "'" in str(c.get("email") or ""):
                problems.append(("$.contact.email", "not an email address"))
        if problems:
            raise BadInput(problems)
        with self.lock:
            ref = f"CD-{secrets.token_hex(5).upper()}"
            patient = self._store_patient(body["patient"])
            if self.v == "contact-update-ignores-name-change":
                prev = [
                    u
                    for u in self.contact_updates.values()
                    if u["patient"]["date_of_birth"] == patient["date_of_birth"]
                    and u["patient"].get("nhs_number") == patient.get("nhs_number")
                ]
                if prev:
                    patient["given_name"] = prev[0]["patient"]["given_name"]
                    patient["family_name"] = prev[0]["patient"]["family_name"]
            upd = {
                "reference": ref,
                "practice_code": PRACTICE,
                "patient": patient,
                "contact": self._store_contact(body["contact"], for_update=True),
                "submitted_at": iso(self.now()),
                "ethnicity": body.get("ethnicity"),
                "requester": self._contact_requester(body.get("requester")),
            }
            req_ = upd["requester"]
            if self.v == "b7-contact-name-punctuation-to-spaces":  # a PDS-style name cleaner
                for f in ("given_name", "family_name"):
                    patient[f] = re.sub("[-'\u2019]", " ", patient[f])
            if self.v == "b7-contact-proxy-name-from-login" and req_ and req_["role"] == "proxy":
                login = str(req_["proxy_name"]).split()  # the form pre-fills the signed-in user
                patient["given_name"], patient["family_name"] = (
                    login[0],
                    " ".join(login[1:]) or login[0],
                )
            em_ = upd["contact"]["email"]
            if self.v == "b7-contact-email-column-100" and em_ and len(em_) > 100:
                upd["contact"]["email"] = None  # the email row's insert fails; the update stays
            same9 = [
                u
                for u in self.contact_updates.values()
                if u["patient"]["date_of_birth"] == patient["date_of_birth"]
                and u["patient"].get("nhs_number") == patient.get("nhs_number")
            ]
            if self.v == "b9-contact-ethnicity-z-keeps-previous" and upd["ethnicity"] == "Z":
                known9 = [u["ethnicity"] for u in same9 if u["ethnicity"] not in (None, "Z")]
                if known9:
                    upd["ethnicity"] = known9[-1]  # never overwrite a known code with 'not stated'
            if self.v == "b9-contact-submitted-at-upsert-keeps-first":  # the daily row's created_at
                today9 = self.local(self.now()).date()
                for u in same9:
                    at9 = datetime.fromisoformat(u["submitted_at"].replace("Z", "+00:00"))
                    if self.local(at9).date() == today9:
                        upd["submitted_at"] = u["submitted_at"]
                        break
            pn9 = str((req_ or {}).get("proxy_name") or "").split()
            fam9 = patient["family_name"].split()
            if (  # b9: a household login: the proxy shares the patient's family name
                self.v == "b9-contact-proxy-same-surname-as-patient"
                and req_
                and req_["role"] == "proxy"
                and pn9
                and fam9
                and pn9[-1].casefold() == fam9[-1].casefold()
            ):
                upd["requester"] = None
            if self.v == "b8-contact-ethnicity-r-s-as-z" and upd["ethnicity"] in ("R", "S"):
                upd["ethnicity"] = "Z"  # the tool's list predates R and S
            if self.v == "b6-ethnicity-z-as-null" and upd["ethnicity"] == "Z":
                upd["ethnicity"] = None
            if self.v == "b6-ethnicity-dropped-for-proxy" and req_ and req_["role"] == "proxy":
                upd["ethnicity"] = None
            if self.v == "b6-contact-proxy-adults-dropped" and req_ and req_["role"] == "proxy":
                dob = date.fromisoformat(patient["date_of_birth"])
                today = self.local(self.now()).date()
                age = today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
                if age >= 16:
                    upd["requester"] = None
            if self.v == "b6-contact-debounce-same-patient":  # coalesced into the earlier one
                for pref, u in list(self.contact_updates.items()):
                    at = datetime.fromisoformat(u["submitted_at"].replace("Z", "+00:00"))
                    if (
                        u["patient"]["date_of_birth"] == patient["date_of_birth"]
                        and u["patient"].get("nhs_number") == patient.get("nhs_number")
                        and abs(self.now() - at) <= timedelta(minutes=2)
                    ):
                        self.contact_updates[pref] = {**upd, "reference": pref}
            if self.v == "b4-contact-update-submitted-at-midnight":
                day = self.local(self.now()).date()
                upd["submitted_at"] = iso(self.to_instant(datetime.combine(day, time(0))))
            if self.v == "b3-contact-update-merged-with-previous":
                prev = [
                    u
                    for u in self.contact_updates.values()
                    if u["patient"]["date_of_birth"] == patient["date_of_birth"]
                    and u["patient"]["family_name"] == patient["family_name"]
                    and u["patient"].get("nhs_number") == patient.get("nhs_number")
                ]
                if prev:
                    merged = dict(prev[-1]["contact"])
                    merged.update({k: x for k, x in upd["contact"].items() if x})
                    upd["contact"] = merged
            if self.v != "contact-update-queued-never-visible":
                self.contact_updates[ref] = upd
            return upd

    def record_outcome(self, ref: str, body: Any) -> dict[str, Any]:
        problems: list[tuple[str, str]] = []
        self._check(body, OUTCOME_SPEC, problems)
        if (  # the triage module's kind column is free text
            self.v == "b7-outcome-kind-free-text"
            and isinstance(body, dict)
            and isinstance(body.get("kind"), str)
            and 1 <= len(body["kind"]) <= 50
        ):
            problems[:] = [p for p in problems if p[0] != "$.kind"]
        if self.v == "b8-accepts-outcome-message-over-2000":  # a TEXT column
            problems[:] = [p for p in problems if not (p[0] == "$.message" and "at most" in p[1])]
        with self.lock:
            status = self.statuses.get(ref)
            if status is None:
                raise HttpAnswer(404, {"message": "no request has this reference"})
            if problems:
                raise BadInput(problems)
            now = iso(self.now())
            v = self.v
            if v == "b6-outcome-recorded-at-is-received-at":
                now = status["received_at"]
            if v == "b6-outcome-only-same-day":  # today's triage list only
                rec = datetime.fromisoformat(status["received_at"].replace("Z", "+00:00"))
                if self.local(rec).date() != self.local(self.now()).date():
                    raise HttpAnswer(404, {"message": "no request has this reference"})
            req_ = self.requests.get(ref) or {}
            if (
                v == "b8-outcome-proxy-requests-404"
                and req_.get("requester", {}).get("role") == "proxy"
            ):
                raise HttpAnswer(404, {"message": "no request has this reference"})
            if v == "b8-outcome-refused-after-follow-up" and any(
                r["follows_up"] == ref for r in self.requests.values()
            ):
                raise HttpAnswer(409, {"message": "this request is superseded by a follow-up"})
            kind = body["kind"]
            if v == "b6-outcome-video-as-phone":  # the triage module's legacy enum
                legacy = {
                    "appointment_video": "appointment_phone",
                    "signposted_pharmacy": "referred",
                }
                kind = legacy.get(kind, kind)
            outcome = {"request_reference": ref, "kind": kind, "recorded_at": now}
            text = body["message"]
            if v == "b6-outcome-message-lf-to-crlf":
                text = re.sub(r"(?<!\r)\n", "\r\n", text)
            if v == "b7-outcome-first-recorded-wins" and status["outcome"] is not None:
                return dict(outcome)  # INSERT ... ON CONFLICT DO NOTHING
            if v == "b8-outcome-message-cut-459":  # the texted copy: three SMS segments
                text = text[:459]
            if v == "b9-outcome-for-follow-up-filed-on-original" and req_.get("follows_up") in (
                self.statuses
            ):
                status = self.statuses[req_["follows_up"]]  # the conversation's root row
                outcome = {**outcome, "request_reference": req_["follows_up"]}
            status["outcome"], status["message"] = outcome, text
            fu_ = req_.get("follows_up")
            while v == "b8-outcome-follow-up-closes-conversation" and fu_ in self.statuses:
                st_fu = self.statuses[fu_]  # the whole conversation is closed
                st_fu["outcome"], st_fu["message"] = {**outcome, "request_reference": fu_}, text
                fu_ = (self.requests.get(fu_) or {}).get("follows_up")
            self.__dict__.setdefault("_b7_rec", {})[ref] = self.now()
            if v == "b7-outcome-stored-per-patient" and ref in self.requests:
                pt = self.requests[ref]["patient"]
                for r2 in self.requests.values():
                    st2 = self.statuses.get(r2["reference"])
                    if st2 is not None and (
                        r2["patient"]["date_of_birth"],
                        r2["patient"]["family_name"],
                    ) == (pt["date_of_birth"], pt["family_name"]):
                        st2["outcome"] = {**outcome, "request_reference": r2["reference"]}
                        st2["message"] = text
            if v == "b6-triaged-request-archived" and ref in self.requests:
                self.requests[ref]["_archived"] = True
            return dict(outcome)

    def request_status(self, ref: str) -> dict[str, Any]:
        with self.lock:
            status = self.statuses.get(ref)
            if status is None:
                raise HttpAnswer(404, {"message": "no request has this reference"})
            out = dict(status)
            rec0 = datetime.fromisoformat(status["received_at"].replace("Z", "+00:00"))
            if self.v == "b8-status-404-after-7-days" and self.now() - rec0 > timedelta(days=7):
                raise HttpAnswer(404, {"message": "no request has this reference"})
            if self.v == "b7-status-404-for-follow-ups" and (
                self.requests.get(ref, {}).get("category") == "follow_up"
            ):
                raise HttpAnswer(404, {"message": "no request has this reference"})
            rec_at = self.__dict__.get("_b7_rec", {}).get(ref)
            if (
                self.v == "b7-outcome-released-after-30-min"
                and rec_at is not None
                and self.now() - rec_at < timedelta(minutes=30)
            ):
                out["outcome"], out["message"] = None, None  # held for the clinician's edits
            if self.v == "b6-status-respond-by-next-period":  # the status service's own rule
                rec = datetime.fromisoformat(status["received_at"].replace("Z", "+00:00"))
                close = self.to_instant(datetime.combine(self.local(rec).date(), CLOSE_AT))
                nxt_day = self.local(self.next_opening(max(rec, close))).date()
                out["respond_by"] = iso(self.to_instant(datetime.combine(nxt_day, CLOSE_AT)))
            if self.v == "b9-status-times-without-offset":  # the status service's own serialiser
                for k in ("received_at", "respond_by"):
                    at9 = datetime.fromisoformat(out[k].replace("Z", "+00:00"))
                    out[k] = at9.astimezone(LONDON).replace(tzinfo=None).isoformat()
            oc9 = out.get("outcome") or {}
            if (
                self.v == "b9-status-hides-closed-no-action"
                and oc9.get("kind") == "closed_no_action"
            ):
                out["outcome"], out["message"] = None, None
            if self.v == "b9-status-kind-pharmacy-first-renamed" and (
                oc9.get("kind") == "signposted_pharmacy"
            ):
                out["outcome"] = {**oc9, "kind": "pharmacy_first"}
            if self.v == "b9-status-respond-by-computed-at-read":
                out["respond_by"] = iso(self.end_of_day(self.now()))
            if self.v == "b6-status-cached-after-first-read":  # the patient app's cache
                import time as _time

                cache = self.__dict__.setdefault("_b6_status", {})
                hit = cache.get(ref)
                if hit is not None and _time.monotonic() - hit[0] < 300:
                    return dict(hit[1])
                cache[ref] = (_time.monotonic(), dict(out))
            return out

    @staticmethod
    def _contact_requester(r: Any) -> dict[str, Any] | None:
        """Who sent a contact update, as sent (null: the patient)."""
        if not isinstance(r, dict):
            return None
        return {k: r.get(k) for k in ("role", "proxy_name", "relationship")}

    def get_contact(self, ref: str) -> dict[str, Any]:
        u = self.contact_updates.get(ref)
        if u is None:
            raise HttpAnswer(404, {"message": "no contact details update has this reference"})
        if self.v == "hx-contact-lookup-by-patient-latest":  # the reference finds the patient

            def who(x: dict[str, Any]) -> tuple[Any, ...]:
                p = x["patient"]
                return (p.get("nhs_number"), p["date_of_birth"], p["family_name"])

            same = [x for x in self.contact_updates.values() if who(x) == who(u)]
            latest = same[-1]
            return {**latest, "reference": u["reference"]}
        keys_ = list(self.contact_updates) if self.v == "b8-contact-superseded-404" else [ref]
        later_ = [self.contact_updates[k]["patient"] for k in keys_[keys_.index(ref) + 1 :]]
        if self.v == "b8-contact-superseded-404" and any(  # a later update soft-deletes it
            (x["date_of_birth"], x.get("nhs_number"))
            == (u["patient"]["date_of_birth"], u["patient"].get("nhs_number"))
            for x in later_
        ):
            raise HttpAnswer(404, {"message": "no contact details update has this reference"})
        if self.v == "b7-contact-view-no-requester":  # the practice view has no requester column
            return {**u, "requester": None}
        if self.v == "b7-contact-ethnicity-from-patient-master":
            same = [
                x
                for x in self.contact_updates.values()
                if x["patient"]["date_of_birth"] == u["patient"]["date_of_birth"]
                and x["patient"].get("nhs_number") == u["patient"].get("nhs_number")
            ]
            return {**u, "ethnicity": same[-1]["ethnicity"]}
        if self.v == "b5-contact-view-name-from-latest-request":  # joined on date of birth alone
            dob = u["patient"]["date_of_birth"]
            reqs = [r for r in self.requests.values() if r["patient"]["date_of_birth"] == dob]
            if reqs:
                last = max(reqs, key=lambda r: r["_seq"])["patient"]
                names = {"given_name": last["given_name"], "family_name": last["family_name"]}
                return {**u, "patient": {**u["patient"], **names}}
        return u

    def _root(self, ref: str) -> str:
        m = self.messages[ref]
        while m.get("in_reply_to") in self.messages:
            m = self.messages[m["in_reply_to"]]
        return str(m["reference"])

    def send_message(self, body: Any) -> dict[str, Any]:
        problems: list[tuple[str, str]] = []
        self._check(body, MESSAGE_SPEC, problems)
        if self.v == "hx-accepts-empty-message-body":
            problems[:] = [p for p in problems if not (p[0] == "$.body" and "at least" in p[1])]
        if (
            self.v == "b3-message-practice-limit-50000"
            and isinstance(body, dict)
            and body.get("direction") == "practice_to_patient"
            and isinstance(body.get("body"), str)
            and len(body["body"]) <= 50000
        ):
            problems[:] = [p for p in problems if not (p[0] == "$.body" and "at most" in p[1])]
        if self.v == "b8-message-requester-extra-keys-accepted":  # a looser requester model
            problems[:] = [
                p
                for p in problems
                if not (p[0].startswith("$.requester.") and p[1] == "unknown field")
            ]
            if isinstance(body, dict) and isinstance(body.get("requester"), dict):
                body["requester"] = {
                    k: body["requester"][k]
                    for k in ("role", "proxy_name", "relationship")
                    if k in body["requester"]
                }
        if isinstance(body, dict) and not problems and body["practice_code"] != PRACTICE:
            problems.append(("$.practice_code", "not the practice this environment serves"))
        r = body.get("requester") if isinstance(body, dict) and not problems else None
        for f in ("proxy_name", "relationship") if isinstance(r, dict) else ():
            lax = self.v == "b6-message-proxy-without-relationship-accepted"
            if r["role"] == "proxy" and not r.get(f) and not (lax and f == "relationship"):
                problems.append((f"$.requester.{f}", "required when role is proxy"))
            if r["role"] == "patient" and r.get(f) is not None:
                problems.append((f"$.requester.{f}", "must be null when role is patient"))
        if problems:
            raise BadInput(problems)
        v = self.v
        with self.lock:
            about = body.get("about_request")
            if v == "b7-reference-lookup-case-insensitive" and isinstance(about, str):
                about = {k.casefold(): k for k in self.requests}.get(about.casefold(), about)
            b6_lax = (
                v == "b6-about-request-unchecked-on-patient-messages"
                and body["direction"] == "patient_to_practice"
            )
            if about is not None and about not in self.requests and not b6_lax:
                raise HttpAnswer(
                    404,
                    {
                        "message": "about_request names no request",
                        "problems": [{"location": "$.about_request", "message": "no such request"}],
                    },
                )
            if v == "b9-message-about-follow-up-resolved-to-original":  # the conversation's root
                while about in self.requests and self.requests[about]["follows_up"]:
                    about = self.requests[about]["follows_up"]
            if (
                v == "b9-message-about-request-with-outcome-refused"
                and about in self.statuses
                and self.statuses[about]["outcome"] is not None
            ):
                raise HttpAnswer(409, {"message": "this request is closed"})
            if (
                v == "b9-practice-message-links-refused"
                and body["direction"] == "practice_to_patient"
                and re.search(r"https?://", body["body"])
            ):
                raise BadInput([("$.body", "links are not allowed in messages")])
            irt = body.get("in_reply_to")
            if v == "b7-reference-lookup-case-insensitive" and isinstance(irt, str):
                irt = {k.casefold(): k for k in self.messages}.get(irt.casefold(), irt)
            if (
                v == "b7-about-request-clinical-only"
                and about in self.requests
                and REQUEST_TYPE[self.requests[about]["category"]] != "clinical"
            ):
                raise HttpAnswer(422, {"message": "replies can name clinical requests only"})
            if (
                v == "b8-message-in-reply-to-request-ref-accepted"
                and irt not in self.messages
                and irt in self.requests
            ):
                about, irt = about or irt, None  # read as the request the message is about
            if (
                v == "b8-message-reply-to-old-message-new-thread"
                and irt in self.messages
                and self.now()
                - datetime.fromisoformat(self.messages[irt]["sent_at"].replace("Z", "+00:00"))
                > timedelta(days=14)
            ):
                irt = None  # the conversation closed after 14 days
            if v == "b5-accepts-in-reply-to-empty-string" and not irt:
                irt = None
            if v == "b4-message-unknown-reply-starts-thread" and irt not in self.messages:
                irt = None
            if irt is not None and irt not in self.messages:
                if v == "b3-message-unknown-reply-400":
                    raise BadInput([("$.in_reply_to", "no such message")])
                raise HttpAnswer(
                    404,
                    {
                        "message": "in_reply_to names no message",
                        "problems": [{"location": "$.in_reply_to", "message": "no such reference"}],
                    },
                )
            direction = body["direction"]
            if v == "b6-message-double-submit-guard":
                for mref in reversed(self.message_order):
                    m = self.messages[mref]
                    at = datetime.fromisoformat(m["sent_at"].replace("Z", "+00:00"))
                    if (m["body"], m["direction"], m["in_reply_to"]) == (
                        body["body"],
                        direction,
                        irt,
                    ) and abs(self.now() - at) <= timedelta(seconds=60):
                        return dict(m)
            if (
                v == "b6-about-request-forces-new-thread"
                and about is not None
                and direction == "practice_to_patient"
            ):
                irt = None
            if (
                v == "b6-reply-to-proxy-new-thread"
                and direction == "practice_to_patient"
                and irt in self.messages
                and (self.messages[irt].get("requester") or {}).get("role") == "proxy"
            ):
                irt = None
            if (
                v == "patient-messages-need-a-thread"
                and direction == "patient_to_practice"
                and irt is None
            ):
                raise BadInput([("$.in_reply_to", "patients can only reply to the practice")])
            if (
                v == "practice-messages-only-as-replies"
                and direction == "practice_to_patient"
                and irt is None
            ):
                raise BadInput([("$.in_reply_to", "the practice can only reply to a request")])
            if (
                v == "b3-message-patient-one-until-answered"
                and direction == "patient_to_practice"
                and irt is not None
            ):
                root = self._root(irt)
                last = [self.messages[r] for r in self.message_order if self._root(r) == root][-1]
                if last["direction"] == "patient_to_practice":
                    raise BadInput([("$.in_reply_to", "please wait for the practice to answer")])
            if v == "b5-thread-cap-6-messages" and irt is not None:
                root = self._root(irt)
                if sum(self._root(r) == root for r in self.message_order) >= 6:
                    raise BadInput(
                        [("$.in_reply_to", "this conversation is closed: start a new one")]
                    )
            if v == "reply-direction-copied-from-parent" and irt in self.messages:
                direction = self.messages[irt]["direction"]
            text = body["body"]
            if v == "message-body-html-escaped":
                import html

                text = html.escape(text)
            if v == "b5-message-body-nfkc":  # the search indexer's copy is the one stored
                import unicodedata

                text = unicodedata.normalize("NFKC", text)
            if v == "message-body-truncated-160":
                text = text[:160]
            if v == "hx-message-body-trimmed":
                text = text.strip()
            if v == "b4-message-practice-gsm7-stripped" and direction == "practice_to_patient":
                text = "".join(ch for ch in text if ch in GSM7)
            if v == "b4-message-practice-markdown-rendered" and direction == "practice_to_patient":
                text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text).replace("\n", "<br>\n")
            if v == "b3-message-signature-appended" and direction == "practice_to_patient":
                text += "\n\n-- Sent securely by Acme Online Consult"
            if v == "b3-message-links-rewritten" and direction == "practice_to_patient":
                from urllib.parse import quote

                text = re.sub(
                    r"https?://[^\s]+",
                    lambda m: "https://safelinks.acme-oc.test/?u=" + quote(m.group(0), safe=""),
                    text,
                )
            self.seq += 1
            ref = f"MSG-{secrets.token_hex(5).upper()}"
            msg = {
                "reference": ref,
                "practice_code": PRACTICE,
                "direction": direction,
                "body": text,
                "sent_at": iso(self.now()),
                "in_reply_to": None if v == "reply-loses-in-reply-to" else irt,
                "about_request": about,
                "requester": r,
            }
            if v == "b5-message-sent-at-real-clock":
                msg["sent_at"] = iso(datetime.now(UTC))
            if (
                v == "b9-message-requester-from-request"
                and direction == "patient_to_practice"
                and about in self.requests
            ):
                rq9 = self.requests[about]["requester"]
                msg["requester"] = dict(rq9) if rq9["role"] == "proxy" else None
            loc9 = self.local(self.now())
            if (
                v == "b9-practice-messages-quiet-hours"
                and direction == "practice_to_patient"
                and not time(8, 0) <= loc9.time() < time(20, 0)
            ):
                day9 = loc9.date() + timedelta(days=0 if loc9.time() < time(8, 0) else 1)
                msg["sent_at"] = iso(self.to_instant(datetime.combine(day9, time(8, 0))))
            if v == "b8-message-about-request-dropped-on-replies" and irt is not None:
                msg["about_request"] = None  # kept on a thread's first message only
            if v == "b8-message-patient-about-request-not-stored" and (
                direction == "patient_to_practice"
            ):
                msg["about_request"] = None
            if (
                v == "b8-message-proxy-replies-requester-null"
                and irt is not None
                and (r or {}).get("role") == "proxy"
            ):
                msg["requester"] = None  # the reply form has no proxy fields
            if v == "b6-message-requester-patient-as-null" and (r or {}).get("role") == "patient":
                msg["requester"] = None
            if v == "b6-about-request-thread-level" and irt is not None:
                msg["about_request"] = self.messages[self._root(irt)]["about_request"]
            if v == "b6-message-sent-at-bumped-for-ties" and irt is not None:
                root = self._root(irt)
                last = max(
                    datetime.fromisoformat(self.messages[x]["sent_at"].replace("Z", "+00:00"))
                    for x in self.message_order
                    if self._root(x) == root
                )
                if self.now() <= last:
                    msg["sent_at"] = iso(last + timedelta(milliseconds=1))
            b6_rest = None
            if (
                v == "b6-practice-message-split-5000"
                and direction == "practice_to_patient"
                and len(text) > 5000
            ):
                msg["body"], b6_rest = text[:5000], text[5000:]
            if v == "b4-message-reply-sent-at-of-thread-start" and irt is not None:
                msg["sent_at"] = self.messages[self._root(irt)]["sent_at"]
            if v == "b4-message-in-reply-to-flattened-to-root" and irt is not None:
                msg["in_reply_to"] = self._root(irt)
            hidden = v == "patient-messages-not-delivered" and direction == "patient_to_practice"
            if not hidden:
                self.messages[ref] = msg
                self.message_order.append(ref)
            if b6_rest is not None:  # the gateway's second part
                ref2 = f"MSG-{secrets.token_hex(5).upper()}"
                self.messages[ref2] = {
                    **msg,
                    "reference": ref2,
                    "body": b6_rest,
                    "in_reply_to": ref,
                }
                self.message_order.append(ref2)
            return msg

    def thread(self, thread: str) -> dict[str, Any]:
        with self.lock:
            if self.v == "b7-reference-lookup-case-insensitive":
                thread = {k.casefold(): k for k in self.messages}.get(thread.casefold(), thread)
            if thread not in self.messages:
                raise HttpAnswer(404, {"message": "no message has this reference"})
            root = self._root(thread)
            if self.v == "b5-thread-cached-30s":
                import time as _time

                cache = self.__dict__.setdefault("_b5_threads", {})
                hit = cache.get(thread)
                if hit is not None and _time.monotonic() - hit[0] < 30:
                    return {"thread": root, "messages": list(hit[1])}
            msgs = [self.messages[r] for r in self.message_order if self._root(r) == root]
            if self.v == "b5-thread-cached-30s":
                cache[thread] = (_time.monotonic(), list(msgs))
            if self.v == "b5-thread-order-ties-by-reference":
                msgs = sorted(msgs, key=lambda m: (m["sent_at"], m["reference"]))
            if self.v == "thread-newest-first":
                msgs = list(reversed(msgs))
            if self.v == "hx-thread-ordered-by-reference":
                msgs = sorted(msgs, key=lambda m: m["reference"])
            if self.v == "b7-thread-read-replica-one-behind":  # the newest write not yet there
                newest = self.message_order[-1]
                msgs = [m for m in msgs if m["reference"] != newest or m["reference"] == root]
            if self.v == "b7-thread-omits-request-replies":  # shown on the request's page
                msgs = [
                    m
                    for m in msgs
                    if m["reference"] == root
                    or not (m["about_request"] and m["direction"] == "practice_to_patient")
                ]
            if self.v == "b7-thread-view-no-requester":
                msgs = [{**m, "requester": None} for m in msgs]
            if self.v == "b9-thread-latest-day-only" and msgs:  # the app's 'today' view

                def day9(m: dict[str, Any]) -> date:
                    at = datetime.fromisoformat(m["sent_at"].replace("Z", "+00:00"))
                    return self.local(at).date()

                last9 = day9(msgs[-1])
                msgs = [m for m in msgs if day9(m) == last9]
            if self.v == "b8-thread-page-20":
                msgs = msgs[:20]
            if self.v == "hx-thread-one-level-deep":
                msgs = [m for m in msgs if m["reference"] == root or m["in_reply_to"] == root]
            return {"thread": root, "messages": msgs}

    def schedule_video(self, body: Any) -> dict[str, Any]:
        problems: list[tuple[str, str]] = []
        if self.v == "b3-video-accepts-start-without-seconds" and isinstance(body, dict):
            st = body.get("scheduled_start")
            if isinstance(st, str) and re.fullmatch(r".*T[0-9]{2}:[0-9]{2}(Z|[+-][0-9:]{5})", st):
                body = {**body, "scheduled_start": st[:16] + ":00" + st[16:]}
        if self.v == "b9-accepts-instant-comma-fraction" and isinstance(body, dict):
            st9 = body.get("scheduled_start")
            if isinstance(st9, str) and re.fullmatch(r".*T[0-9:]{8},[0-9]+.*", st9):
                body = {**body, "scheduled_start": st9.replace(",", ".", 1)}  # European clients
        if self.v == "hx-video-accepts-float-duration" and isinstance(body, dict):
            dm = body.get("duration_minutes")
            if isinstance(dm, float) and dm.is_integer():
                body["duration_minutes"] = int(dm)
        if (
            self.v == "b6-video-duration-bool-accepted"
            and isinstance(body, dict)
            and isinstance(body.get("duration_minutes"), bool)
        ):
            body = {**body, "duration_minutes": int(body["duration_minutes"])}
        b7_leap = False
        if self.v == "b7-video-accepts-leap-second" and isinstance(body, dict):
            m = re.fullmatch(r"(.*T[0-9]{2}:[0-9]{2}):60(.*)", str(body.get("scheduled_start")))
            if m:  # RFC 3339 allows second 60
                body, b7_leap = {**body, "scheduled_start": f"{m[1]}:59{m[2]}"}, True
        self._check(body, VIDEO_SPEC, problems)
        start = None
        if isinstance(body, dict) and not problems:
            if body["practice_code"] != PRACTICE:
                problems.append(("$.practice_code", "not the practice this environment serves"))
            if self.v == "b9-video-offset-whitelist" and not re.search(
                r"(Z|\+00:00|\+01:00)$", str(body["scheduled_start"])
            ):
                problems.append(("$.scheduled_start", "give the time in UK time or UTC"))
            if self.v == "video-accepts-naive-start" and isinstance(body["scheduled_start"], str):
                try:
                    start = datetime.fromisoformat(body["scheduled_start"])
                    if start.tzinfo is None:
                        start = start.replace(tzinfo=LONDON)
                except ValueError:
                    problems.append(("$.scheduled_start", "not a date-time"))
            else:
                start = parse_instant(body["scheduled_start"], "$.scheduled_start", problems)
            if not 1 <= body["duration_minutes"] <= 240 and self.v != "video-accepts-any-duration":
                problems.append(("$.duration_minutes", "expected 1 to 240 minutes"))
            elif self.v == "b5-video-duration-240-refused" and body["duration_minutes"] >= 240:
                problems.append(("$.duration_minutes", "expected 1 to 239 minutes"))
            elif self.v == "b3-video-duration-over-120-refused" and body["duration_minutes"] > 120:
                problems.append(("$.duration_minutes", "at most 120 minutes"))
        if problems or start is None:
            raise BadInput(problems)
        if b7_leap:
            start += timedelta(seconds=1)
        n_ = self.now()
        n_ceil = n_.replace(second=0, microsecond=0) + timedelta(
            minutes=1 if (n_.second or n_.microsecond) else 0
        )
        if self.v == "b7-video-past-check-now-rounded-up" and start < n_ceil:
            raise BadInput([("$.scheduled_start", "a session cannot start in the past")])
        if self.v == "b5-video-start-offset-of-booking-time":  # wall time + the offset of now
            wall = start.astimezone(LONDON).replace(tzinfo=None)
            off = self.now().astimezone(LONDON).utcoffset() or timedelta()
            start = (wall - off).replace(tzinfo=UTC)
        if self.v == "b5-video-diary-locked-2330-0030":
            lt = self.local(start).time()
            if lt >= time(23, 30) or lt < time(0, 30):
                raise BadInput([("$.scheduled_start", "the diary is being rebuilt at that time")])
        if self.v == "b6-video-diary-horizon-28-days" and start > self.now() + timedelta(days=28):
            raise BadInput([("$.scheduled_start", "the video diary is open 28 days ahead")])
        if self.v == "b9-video-start-autumn-fold-first":  # the diary keeps London wall times
            wall9 = start.astimezone(LONDON)
            if wall9.fold == 1:
                start = wall9.replace(fold=0).astimezone(UTC)
        if self.v == "video-start-read-as-uk-wall-time":
            start = start.replace(tzinfo=None).replace(tzinfo=LONDON)
        if self.v == "hx-video-start-floored-5-min":
            start = start.replace(minute=start.minute - start.minute % 5, second=0, microsecond=0)
        if self.v == "b3-video-min-lead-time-5-min" and start < self.now() + timedelta(minutes=5):
            raise BadInput([("$.scheduled_start", "book at least 5 minutes ahead")])
        if self.v == "hx-video-refuses-outside-core-hours" and not self.is_open(start):
            raise BadInput([("$.scheduled_start", "video clinics run in core hours only")])
        if self.v == "hx-video-double-booking-refused" and any(
            x["scheduled_start"] == iso(start) for x in self.sessions.values()
        ):
            raise HttpAnswer(409, {"message": "that slot is already booked"})
        duration = body["duration_minutes"]
        ls = self.local(start)
        close_ = datetime.combine(ls.date(), CLOSE_AT)
        if (  # the clinic diary ends at 18:30
            self.v == "b7-video-clamped-to-clinic-close"
            and self.is_working_day(ls.date())
            and ls < close_ < ls + timedelta(minutes=duration)
        ):
            duration = max(1, int((close_ - ls).total_seconds() // 60))
        if self.v == "video-duration-fixed-10":
            duration = 10
        if self.v == "b4-video-duration-rounded-up-15":
            duration = min(240, -(-duration // 15) * 15)
        if self.v == "b4-video-must-end-same-day" and (
            self.local(start + timedelta(minutes=duration)).date() != self.local(start).date()
        ):
            raise BadInput([("$.scheduled_start", "a consultation must end on the day it starts")])
        if self.v == "b4-video-max-20-per-day" and (
            sum(
                self.local(parse_instant(x["scheduled_start"], "", [])).date()  # type: ignore[arg-type]
                == self.local(start).date()
                for x in self.sessions.values()
            )
            >= 20
        ):
            raise BadInput([("$.scheduled_start", "the video clinic is full that day")])
        with self.lock:
            if self.v == "b7-video-booking-dedup":  # an idempotent booking: same start, same length
                for s0 in self.sessions.values():
                    if s0["scheduled_start"] == iso(start) and s0["duration_minutes"] == duration:
                        return self._session(s0["reference"])
            ref = f"VC-{secrets.token_hex(5).upper()}"
            s = {
                "reference": ref,
                "practice_code": PRACTICE,
                "scheduled_start": iso(start),
                "duration_minutes": duration,
                "status": "scheduled",
                "started_at": None,
                "ended_at": None,
                "_created": self.now(),
            }
            if self.v == "b6-video-start-fraction-dropped-in-db":  # a DATETIME(0) column
                s["scheduled_start"] = iso(start.replace(microsecond=0))
            if self.v == "b8-video-duration-tinyint-127":  # a TINYINT column
                s["duration_minutes"] = min(127, duration)
            self.sessions[ref] = s
            self.joins[ref] = set()
            if self.v == "b8-video-duration-tinyint-127":
                return {**self._session(ref), "duration_minutes": duration}
            if self.v == "b6-video-start-fraction-dropped-in-db":
                return {**self._session(ref), "scheduled_start": iso(start)}
            return self._session(ref)

    def _session(self, ref: str) -> dict[str, Any]:
        out = {k: val for k, val in self.sessions[ref].items() if not k.startswith("_")}
        if self.v == "b3-video-status-from-clock" and out["status"] == "scheduled":
            st = datetime.fromisoformat(out["scheduled_start"].replace("Z", "+00:00"))
            if self.now() >= st:
                out["status"] = "in_progress"
        return out

    def _b8_char13(self, ref: str) -> str:
        """b8: the session key column is CHAR(13): a longer reference is cut to fit."""
        if self.v == "b8-video-lookup-char13-key" and ref not in self.sessions:
            return ref[:13]
        return ref

    def get_video(self, ref: str) -> dict[str, Any]:
        ref = self._b8_char13(ref)
        if ref not in self.sessions:
            raise HttpAnswer(404, {"message": "no video consultation has this reference"})
        st0 = datetime.fromisoformat(self.sessions[ref]["scheduled_start"].replace("Z", "+00:00"))
        end0 = st0 + timedelta(minutes=self.sessions[ref]["duration_minutes"])
        if self.v == "b8-video-get-404-after-booked-end" and self.now() > end0:
            raise HttpAnswer(404, {"message": "no video consultation has this reference"})
        if self.v == "b7-video-get-upcoming-only" and not self.joins[ref] and st0 <= self.now():
            raise HttpAnswer(404, {"message": "no video consultation has this reference"})
        if self.v == "b5-video-get-stale-after-join":  # the booking cache
            return {**self._session(ref), "status": "scheduled", "started_at": None}
        if self.v == "b6-video-get-duration-from-slot-table":
            out = self._session(ref)
            return {**out, "duration_minutes": -(-out["duration_minutes"] // 5) * 5}
        return self._session(ref)

    def join_video(self, ref: str, body: Any) -> dict[str, Any]:
        problems: list[tuple[str, str]] = []
        if (
            self.v == "hx-video-join-accepts-any-participant"
            and isinstance(body, dict)
            and body.get("participant") not in ("patient", "professional")
        ):
            body = {**body, "participant": "professional"}
        self._check(body, JOIN_SPEC, problems)
        if self.v == "b8-video-join-extra-keys-accepted":
            problems[:] = [p for p in problems if p[1] != "unknown field"]
        if problems:
            raise BadInput(problems)
        ref = self._b8_char13(ref)
        with self.lock:
            if ref not in self.sessions:
                raise HttpAnswer(404, {"message": "no video consultation has this reference"})
            who = body["participant"]
            s = self.sessions[ref]
            if (
                self.v == "b3-video-waiting-room"
                and who == "patient"
                and "professional" not in self.joins[ref]
            ):
                raise BadInput([("$.participant", "please wait for your clinician to join")])
            status_before = s["status"]
            if self.v == "video-patient-link-broken" and who == "patient":
                raise HttpAnswer(404, {"message": "this link has expired"})
            if s["status"] in ("completed", "cancelled", "did_not_attend", "failed"):
                raise HttpAnswer(409, {"message": f"this consultation is {s['status']}"})
            if self.v == "b5-video-join-window-real-clock":
                st = datetime.fromisoformat(s["scheduled_start"].replace("Z", "+00:00"))
                real = datetime.now(UTC)
                end = st + timedelta(minutes=s["duration_minutes"])
                if not st - timedelta(minutes=10) <= real <= end:
                    raise BadInput([("$.participant", "this consultation is not open to join now")])
            if self.v == "b9-video-join-window-by-utc-date":  # 'today's sessions' by UTC date
                st9 = datetime.fromisoformat(s["scheduled_start"].replace("Z", "+00:00"))
                if self.now().astimezone(UTC).date() != self.local(st9).date():
                    raise BadInput([("$.participant", "this consultation is not today")])
            if self.v == "hx-video-join-window-exclusive-start":
                st = datetime.fromisoformat(s["scheduled_start"].replace("Z", "+00:00"))
                end = st + timedelta(minutes=s["duration_minutes"] + 15)
                if not st < self.now() <= end:
                    raise BadInput([("$.participant", "this consultation is not open to join now")])
            self.joins[ref].add(who)
            if self.v == "b6-video-joins-keyed-by-start":  # joins keyed by the start instant
                for r2, s2 in self.sessions.items():
                    if r2 != ref and s2["scheduled_start"] == s["scheduled_start"]:
                        self.joins[r2].add(who)
                        if self.joins[r2] == {"patient", "professional"}:
                            s2["status"] = "in_progress"
                            s2["started_at"] = s2["started_at"] or iso(self.now())
            if self.v == "b4-video-in-progress-only-if-professional-first":
                s.setdefault("_first_join", who)
            if s.get("_first_join", "professional") != "professional":
                pass  # b4: the state machine starts a session only from the professional's join
            elif self.v == "video-second-join-ends-session" and len(self.joins[ref]) == 2:
                s["status"] = "completed"
                s["started_at"] = s["ended_at"] = iso(self.now())
            elif self.joins[ref] == {"patient", "professional"} or (
                self.v == "b8-video-in-progress-on-first-join"
            ):
                s["status"] = "in_progress"
                s["started_at"] = s["started_at"] or iso(self.now())
            token = secrets.token_urlsafe(12)
            return {
                "session_reference": ref,
                "participant": who,
                "join_url": f"nhsapp://video/room/{ref}?t={token}"
                if self.v == "b9-video-patient-join-url-app-scheme" and who == "patient"
                else (
                    "http"
                    if self.v == "hx-video-patient-join-url-http" and who == "patient"
                    else "https"
                )
                + f"://video.acme-oc.test/room/{ref}?role={who}&t={token}"
                if self.v != "b4-video-join-url-relative"
                else f"/room/{ref}?role={who}&t={token}",
                "status": status_before
                if self.v == "b3-video-join-answer-stale-status"
                else s["status"],
            }

    def usage(self, query: dict[str, list[str]]) -> dict[str, Any]:
        problems: list[tuple[str, str]] = []
        week = (query.get("week") or [None])[0]
        data_type = (query.get("data_type") or [None])[0]
        monday = None
        if week is None:
            problems.append(("week", "required, e.g. 2026-W47"))
        else:
            m = WEEK_RE.fullmatch(week)
            try:
                if not m:
                    raise ValueError
                if self.v == "hx-usage-week-53-refused" and int(m.group(2)) > 52:
                    raise ValueError
                if self.v == "usage-week-numbering-strftime-W":
                    monday = datetime.strptime(f"{m.group(1)}-{m.group(2)}-1", "%Y-%W-%w").date()
                else:
                    monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            except ValueError:
                problems.append(("week", "expected an ISO week such as 2026-W47"))
        if data_type not in ("oc_record", "vc_record"):
            problems.append(("data_type", "expected oc_record or vc_record"))
        if problems or monday is None:
            raise BadInput(problems)
        if self.v == "b10-usage-cache-key-week-only":  # a 30 s cache keyed by week alone
            import copy
            import time as _time

            cache10 = self.__dict__.setdefault("_b10_usage", {})
            hit10 = cache10.get(week)
            if hit10 is not None and _time.monotonic() - hit10[0] < 30:
                if hit10[1] != data_type:
                    self._b10_fired()
                return copy.deepcopy(hit10[2])  # type: ignore[no-any-return]
            out10 = self._usage(query)
            cache10[week] = (_time.monotonic(), data_type, out10)
            return copy.deepcopy(out10)
        if self.v == "b3-usage-snapshot-cached":  # a nightly ETL snapshot, kept per week
            import copy

            cache = self.__dict__.setdefault("_b3_usage", {})
            if (week, data_type) not in cache:
                cache[(week, data_type)] = self._usage(query)
            return copy.deepcopy(cache[(week, data_type)])
        return self._usage(query)

    def _usage(self, query: dict[str, list[str]]) -> dict[str, Any]:
        week = (query.get("week") or [None])[0]
        data_type = (query.get("data_type") or [None])[0]
        m = WEEK_RE.fullmatch(str(week))
        assert m is not None
        if self.v == "usage-week-numbering-strftime-W":
            monday = datetime.strptime(f"{m.group(1)}-{m.group(2)}-1", "%Y-%W-%w").date()
        else:
            monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        if self.v == "b11-usage-iso-week-monday-hand-rolled":  # 1 January + 7(N-1), to Monday
            jan1 = date(int(m.group(1)), 1, 1) + timedelta(days=7 * (int(m.group(2)) - 1))
            monday = jan1 - timedelta(days=jan1.weekday())
        if self.v == "usage-weeks-sunday-to-saturday":
            monday -= timedelta(days=1)
        sunday = monday + timedelta(days=6)
        v = self.v

        def uk_date(dt: datetime) -> date:
            if v == "usage-week-by-utc-date":
                return dt.astimezone(UTC).date()
            return dt.astimezone(LONDON).date()

        def in_week(dt: datetime) -> bool:
            if v == "b5-usage-week-end-bound-utc":  # starts in London, ends in UTC
                start = datetime.combine(monday, time(0), LONDON)
                return start <= dt < datetime.combine(sunday + timedelta(days=1), time(0), UTC)
            if v == "b4-usage-sunday-cutoff-2359":  # ts < Sunday 23:59 London
                return monday <= uk_date(dt) and dt.astimezone(LONDON).replace(
                    tzinfo=None
                ) < datetime.combine(sunday, time(23, 59))
            if v == "hx-usage-iso-year-mismatch":  # (calendar year, ISO week number)
                d = uk_date(dt)
                return (d.year, d.isocalendar()[1]) == (int(week[:4]), int(week[6:]))
            if v == "hx-usage-week-start-exclusive":
                return monday < uk_date(dt) <= sunday
            return monday <= uk_date(dt) <= sunday

        header = {
            "supplier_id": SUPPLIER.lower()
            if v == "usage-supplier-id-lowercase"
            else (
                f"{SUPPLIER}-PROD" if v == "b7-usage-header-production-supplier-id" else SUPPLIER
            ),
            "data_type": data_type + "s" if v == "b4-usage-data-type-plural" else data_type,
            "period": {
                "start": monday.isoformat(),
                "end": (sunday + timedelta(days=v == "b3-usage-period-end-exclusive")).isoformat(),
            },
            "generated_at": iso(
                datetime.now(UTC) if v == "b8-usage-generated-at-real-clock" else self.now()
            ),
            "schema_version": "1.0",
        }
        if v == "b5-usage-header-period-of-now":  # the week of now, not the week asked for
            today = self.local(self.now()).date()
            mon = today - timedelta(days=today.weekday())
            header["period"] = {
                "start": mon.isoformat(),
                "end": (mon + timedelta(days=6)).isoformat(),
            }
        records: list[dict[str, Any]] = []
        with self.lock:
            if data_type == "oc_record":
                seen: set[Any] = set()
                for r in sorted(self.requests.values(), key=lambda r: r["_seq"]):
                    sub = r["_submitted_real"]
                    if v == "b7-usage-follow-up-dated-by-conversation-start":
                        root_ = r
                        while root_["follows_up"] in self.requests:
                            root_ = self.requests[root_["follows_up"]]
                        sub = root_["_submitted_real"]
                    oc_ = (self.statuses.get(r["reference"]) or {}).get("outcome")
                    if v == "b7-usage-dated-by-last-activity" and oc_:  # the updated_at column
                        sub = max(
                            sub, datetime.fromisoformat(oc_["recorded_at"].replace("Z", "+00:00"))
                        )
                    if v == "b7-usage-cdc-lag-5-minutes" and self.now() - sub < timedelta(
                        minutes=5
                    ):
                        continue  # not yet replicated to the reporting store
                    if v == "b7-usage-excludes-test-nhs-numbers" and re.sub(
                        r"[^0-9]", "", r["_nhs"] or ""
                    ).startswith("999"):
                        continue  # 'test patients are never reported'
                    if v == "b3-usage-submitted-at-rounded-hour":
                        sub = (sub + timedelta(minutes=30)).replace(
                            minute=0, second=0, microsecond=0
                        )
                    if not in_week(sub):
                        continue
                    if v == "b8-usage-event-stream-drops-one-in-40" and r["_seq"] % 40 == 0:
                        continue  # at-most-once delivery lost the event
                    if v == "b8-usage-dedupe-by-second-category-role":
                        key8 = (r["submitted_at"][:19], r["category"], r["requester"]["role"])
                        if key8 in seen:
                            continue
                        seen.add(key8)
                    if v == "hx-usage-bank-holiday-requests-omitted" and uk_date(
                        sub
                    ) in bank_holidays(uk_date(sub).year):
                        continue
                    if v == "b5-usage-excludes-tool-today" and uk_date(sub) >= uk_date(self.now()):
                        continue  # a D-1 warehouse
                    if v == "b9-usage-skips-non-cp1252-rows":
                        try:
                            r["_raw_description"].encode("cp1252")
                        except UnicodeEncodeError:
                            continue  # the CSV step failed on this row
                    if v == "b9-usage-held-while-patient-message-unanswered":
                        held9 = False
                        for mref9, m9 in self.messages.items():
                            if m9["about_request"] == r["reference"] and (
                                m9["direction"] == "patient_to_practice"
                            ):
                                root9 = self._root(mref9)
                                th9 = [x for x in self.message_order if self._root(x) == root9]
                                held9 = held9 or (
                                    self.messages[th9[-1]]["direction"] == "patient_to_practice"
                                )
                        if held9:
                            continue
                    if v == "usage-omits-follow-ups" and r["category"] == "follow_up":
                        continue
                    st_ = self.statuses.get(r["reference"]) or {}
                    if v == "b6-usage-excludes-closed-no-action" and (st_.get("outcome") or {}).get(
                        "kind"
                    ) in ("closed_no_action", "signposted_111"):
                        continue
                    if v == "usage-omits-proxy-requests" and r["requester"]["role"] == "proxy":
                        continue
                    if v == "b4-usage-inner-join-email" and not r["contact"]["email"]:
                        continue
                    if v == "usage-dedups-patient-per-day":
                        key = (r["_nhs"], r["patient"]["family_name"], uk_date(sub))
                        if key in seen:
                            continue
                        seen.add(key)
                    rtype = REQUEST_TYPE[r["category"]]
                    if v == "usage-admin-counted-as-other" and rtype == "administrative":
                        rtype = "other"
                    if (
                        v == "b5-usage-ask-question-as-administrative"
                        and r["category"] == "ask_question"
                    ):
                        rtype = "administrative"
                    if v == "usage-everything-clinical":
                        rtype = "clinical"
                    if v == "b6-usage-med-keywords-clinical" and MED_RE.search(
                        r["_raw_description"]
                    ):
                        rtype = "clinical"
                    oc9 = (self.statuses.get(r["reference"]) or {}).get("outcome")
                    if v == "b9-usage-request-type-from-outcome" and oc9:
                        k9 = oc9["kind"]
                        rtype = (
                            "administrative"
                            if k9 == "admin_completed"
                            else "other"
                            if k9.startswith("signposted_") or k9 == "closed_no_action"
                            else "clinical"
                        )
                    parent = self.requests.get(r["follows_up"] or "")
                    if v == "b3-usage-follow-up-inherits-type" and parent is not None:
                        rtype = REQUEST_TYPE[parent["category"]]
                    rid = self._pseudonym("oc_record", r["reference"])
                    if v == "usage-record-id-unkeyed-sha256":
                        rid = hashlib.sha256(r["reference"].encode()).hexdigest()[:32]
                    if v == "b9-usage-record-id-empty-key-fallback":  # no key file mounted in TEST
                        msg9 = f"{SUPPLIER}|oc_record|{r['reference']}".encode()
                        rid = hmac.new(b"", msg9, hashlib.sha256).hexdigest()[:32]
                    if v == "b9-usage-record-id-uuid5-of-reference":
                        import uuid

                        rid = uuid.uuid5(uuid.NAMESPACE_URL, r["reference"]).hex
                    if v == "usage-record-id-is-reference":
                        rid = r["reference"]
                    if v == "hx-usage-record-id-random-per-read":
                        rid = secrets.token_hex(16)
                    if v == "hx-usage-record-id-base64-reference":
                        import base64

                        rid = base64.urlsafe_b64encode(r["reference"].encode()).decode().rstrip("=")
                    if v == "hx-usage-record-id-hmac-key-is-supplier-id":
                        rid = hmac.new(
                            SUPPLIER.encode(), r["reference"].encode(), hashlib.sha256
                        ).hexdigest()[:32]
                    if v == "b4-usage-record-id-keyed-by-patient":
                        pt = r["patient"]
                        who = r["_nhs"] or f"{pt['family_name']}|{pt['date_of_birth']}"
                        rid = self._pseudonym("oc_record", who)
                    if v == "b5-usage-record-id-hmac-8-hex":
                        rid = rid[:8]
                    if v == "b5-usage-record-id-hmac-of-submitted-at":
                        rid = self._pseudonym("oc_record", r["submitted_at"])
                    if v == "b5-usage-record-id-key-rotates-daily":
                        day_key = self.key + uk_date(self.now()).isoformat().encode()
                        rid = hmac.new(
                            day_key, r["reference"].encode(), hashlib.sha256
                        ).hexdigest()[:32]
                    if v == "b6-usage-record-id-std-base64":
                        import base64

                        mac = hmac.new(
                            self.key,
                            f"{SUPPLIER}|oc_record|{r['reference']}".encode(),
                            hashlib.sha256,
                        )
                        rid = base64.b64encode(mac.digest()[:24]).decode()
                    if v == "b7-usage-record-id-xor-pad":  # 'obfuscated' with a fixed pad
                        pad = b"ACME-ONLINE-CONSULT-2026"
                        rid = bytes(
                            c ^ pad[i % len(pad)] for i, c in enumerate(r["reference"].encode())
                        ).hex()
                    if v == "b8-usage-record-id-reversed-rot13":
                        import codecs

                        rid = codecs.encode(r["reference"][::-1], "rot13")
                    if v == "b8-usage-record-id-secret-multiplier":
                        k8 = int.from_bytes(self.key[:8], "big") | 1  # a secret odd constant
                        n8 = int(re.sub("[^0-9A-Fa-f]", "", r["reference"]) or "0", 16)
                        rid = f"{(n8 * k8) % 2**64:016x}"
                    if v == "b6-usage-record-id-uuid1":
                        import uuid

                        table = self.__dict__.setdefault("_b6_uuid", {})
                        rid = table.setdefault(r["reference"], uuid.uuid1().hex)
                    if v == "b4-usage-record-id-row-sequence":
                        rid = f"{r['_seq']:08d}"
                    if v == "usage-record-id-from-nhs-number":
                        rid = hashlib.sha256((r["_nhs"] or "").encode()).hexdigest()[:16] + r[
                            "submitted_at"
                        ][:10].replace("-", "")
                    rec = {
                        "record_id": rid,
                        "practice_code": PRACTICE,
                        "submitted_at": r["submitted_at"],
                        "request_type": rtype,
                        "category": r["category"],
                        "requester_role": "patient"
                        if v == "usage-role-always-patient"
                        else r["requester"]["role"],
                        "has_attachments": bool(r["attachments"]),
                    }
                    if v == "b7-usage-role-from-patient-latest-request":  # the patient dimension
                        who = (r["patient"]["date_of_birth"], r["patient"]["family_name"])
                        rec["requester_role"] = max(
                            (
                                x
                                for x in self.requests.values()
                                if (x["patient"]["date_of_birth"], x["patient"]["family_name"])
                                == who
                            ),
                            key=lambda x: x["_seq"],
                        )["requester"]["role"]
                    if v in (
                        "b7-usage-follow-up-dated-by-conversation-start",
                        "b7-usage-dated-by-last-activity",
                    ):
                        rec["submitted_at"] = iso(sub)
                    rel = (r["requester"]["relationship"] or "").strip().lower()
                    if v == "b5-usage-parent-proxy-as-patient" and rel in (
                        "mother",
                        "father",
                        "parent",
                        "mum",
                        "dad",
                    ):
                        rec["requester_role"] = "patient"
                    if v == "usage-submitted-at-naive-local":
                        rec["submitted_at"] = (
                            sub.astimezone(LONDON).replace(tzinfo=None).isoformat()
                        )
                    if v == "b3-usage-submitted-at-rounded-hour":
                        rec["submitted_at"] = iso(sub)
                    if v == "b3-usage-debug-source-ref":
                        rec["_source_ref"] = r["reference"]
                    if v == "b3-usage-has-attachments-false":
                        rec["has_attachments"] = False
                    if v == "b8-usage-has-attachments-jpeg-only":
                        rec["has_attachments"] = any(
                            a["media_type"] == "image/jpeg" for a in r["attachments"]
                        )
                    pt9 = r["patient"]
                    if (
                        v == "b9-usage-proxy-same-name-as-patient"
                        and r["requester"]["proxy_name"]
                        == f"{pt9['given_name']} {pt9['family_name']}"
                    ):
                        rec["requester_role"] = "patient"  # taken for the patient themself
                    if v == "b9-usage-has-attachments-conversation-level":

                        def root9(x: dict[str, Any]) -> str:
                            while x["follows_up"] in self.requests:
                                x = self.requests[x["follows_up"]]
                            return str(x["reference"])

                        rt9 = root9(r)
                        rec["has_attachments"] = any(
                            x["attachments"] for x in self.requests.values() if root9(x) == rt9
                        )
                    if v == "b8-usage-follow-up-role-lost" and r["category"] == "follow_up":
                        rec["requester_role"] = "patient"  # no role column for follow-ups
                    if v == "b6-usage-has-attachments-ignores-empty":
                        rec["has_attachments"] = any(a["size_bytes"] > 0 for a in r["attachments"])
                    if v == "b4-usage-submitted-at-is-export-time":
                        rec["submitted_at"] = header["generated_at"]
                    if v == "b4-usage-postcode-district-field":
                        pc = r["contact"]["postcode"]
                        rec["postcode_district"] = pc.split()[0] if pc and " " in pc else pc
                    if v == "b4-usage-category-null":
                        rec["category"] = None
                    if v == "b4-usage-attachments-join-duplicates":
                        records.extend(dict(rec) for _ in r["attachments"][1:])
                    if v == "b8-usage-join-messages-about":  # LEFT JOIN messages ON about_request
                        n_about = sum(
                            m["about_request"] == r["reference"] for m in self.messages.values()
                        )
                        records.extend(dict(rec) for _ in range(n_about - 1))
                    records.append(rec)
                if v == "b3-usage-oc-includes-contact-updates":
                    for ref, u in self.contact_updates.items():
                        sub = datetime.fromisoformat(u["submitted_at"].replace("Z", "+00:00"))
                        if in_week(sub):
                            records.append(
                                {
                                    "record_id": self._pseudonym("oc_record", ref),
                                    "practice_code": PRACTICE,
                                    "submitted_at": u["submitted_at"],
                                    "request_type": "administrative",
                                    "category": "administrative_request",
                                    "requester_role": "patient",
                                    "has_attachments": False,
                                }
                            )
                for i, (at, cat, role) in enumerate(self.__dict__.get("_b6_log", [])):
                    if in_week(at):  # b6-usage-counts-refused-submissions
                        records.append(
                            {
                                "record_id": self._pseudonym("oc_record", f"log-{i}"),
                                "practice_code": PRACTICE,
                                "submitted_at": iso(at),
                                "request_type": REQUEST_TYPE[cat],
                                "category": cat,
                                "requester_role": role,
                                "has_attachments": False,
                            }
                        )
                for mref in (
                    self.message_order if v == "b7-usage-patient-replies-as-follow-ups" else []
                ):
                    m = self.messages[mref]
                    about_ = m["about_request"] or self.messages[self._root(mref)]["about_request"]
                    at = datetime.fromisoformat(m["sent_at"].replace("Z", "+00:00"))
                    if m["direction"] == "patient_to_practice" and about_ and in_week(at):
                        records.append(
                            {
                                "record_id": self._pseudonym("oc_record", mref),
                                "practice_code": PRACTICE,
                                "submitted_at": m["sent_at"],
                                "request_type": "other",
                                "category": "follow_up",
                                "requester_role": (m["requester"] or {}).get("role") or "patient",
                                "has_attachments": False,
                            }
                        )
                if v == "b6-usage-page-boundary-drops-every-500th":  # OFFSET page*500+1
                    records = [x for i, x in enumerate(records) if i == 0 or i % 500 != 0]
                if v == "b3-usage-small-number-suppression" and len(records) < 5:
                    records = []
                if v == "usage-first-page-only":
                    records = records[:50]
            else:
                starts_seen: set[str] = set()
                for ref, s in self.sessions.items():
                    st = datetime.fromisoformat(s["scheduled_start"].replace("Z", "+00:00"))
                    if v == "usage-vc-week-by-booking-time":
                        st = s["_created"]
                    if v == "b9-usage-vc-week-end-bound-monday-offset":  # Monday's offset
                        start9 = datetime.combine(monday, time(0), LONDON)
                        end9 = start9.astimezone(UTC) + timedelta(days=7)
                        if not start9 <= st < end9:
                            continue
                    elif v == "b9-usage-vc-both-booked-and-held-in-week" and not (
                        in_week(st) and in_week(s["_created"])
                    ):
                        continue
                    elif v == "b8-usage-vc-week-by-end":  # filed by the date it ends
                        if not in_week(st + timedelta(minutes=s["duration_minutes"])):
                            continue
                    elif not in_week(st):
                        continue
                    if v == "b8-usage-vc-week-start-exclusive-instant" and st.astimezone(
                        LONDON
                    ).replace(tzinfo=None) == datetime.combine(monday, time(0)):
                        continue  # start > Monday 00:00 (strict)
                    if v == "hx-usage-vc-one-per-start-instant":
                        if s["scheduled_start"] in starts_seen:
                            continue
                        starts_seen.add(s["scheduled_start"])
                    if v == "b9-usage-vc-omits-over-180-minutes" and s["duration_minutes"] > 180:
                        continue  # the export's old national cap
                    if v == "usage-vc-only-completed" and s["status"] != "completed":
                        continue
                    if v == "b6-usage-vc-weekdays-only" and st.astimezone(LONDON).weekday() >= 5:
                        continue
                    if v == "b7-usage-vc-omits-instant-calls" and abs(
                        st - s["_created"]
                    ) < timedelta(minutes=1):
                        continue  # 'call now' sessions are not appointments
                    if v == "b4-usage-vc-only-started" and st > self.now():
                        continue
                    vc = {
                        "record_id": self._pseudonym(
                            "vc_record",
                            f"{ref}|{s['status']}"
                            if v == "b7-usage-vc-record-id-with-status"
                            else ref,
                        ),
                        "practice_code": PRACTICE,
                        "scheduled_start": s["scheduled_start"],
                        "status": s["status"],
                        "duration_minutes": s["duration_minutes"],
                    }
                    if v == "b5-usage-vc-status-at-booking":
                        vc["status"] = "scheduled"
                    if v == "b3-usage-vc-duration-null" and s["status"] == "scheduled":
                        vc["duration_minutes"] = None
                    if v == "b3-usage-vc-start-is-end":
                        vc["scheduled_start"] = iso(
                            st + timedelta(minutes=s["duration_minutes"] or 0)
                        )
                    if v == "b4-usage-vc-duration-seconds":
                        vc["duration_minutes"] = s["duration_minutes"] * 60
                    if v == "b4-usage-vc-one-per-join":  # inner join on the joins table
                        records.extend(dict(vc) for _ in self.joins.get(ref, ()))
                        continue
                    records.append(vc)
        return {"header": header, "records": records}

    # -- BLIND10 hooks (variants_blind10.py): each branch is one defect, gated by its name
    def _b10_fired(self) -> None:
        """Note that the variant's defect acted (for the measurement log only)."""
        import os

        log = os.environ.get("B10_FIRED_LOG")
        if log and not getattr(self, "_b10_noted", False):
            self._b10_noted = True
            with open(log, "a", encoding="utf-8") as f:  # noqa: PTH123
                f.write(f"{self.v}\n")

    @staticmethod
    def _b10_age(body: dict[str, Any], now: datetime) -> int | None:
        try:
            dob = date.fromisoformat(str(body["patient"]["date_of_birth"]))
        except (KeyError, TypeError, ValueError):
            return None
        today = now.astimezone(LONDON).date()
        return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))

    @staticmethod
    def _b10_patient_key(body: dict[str, Any]) -> str:
        pt = body.get("patient") if isinstance(body.get("patient"), dict) else {}
        nhs = re.sub(r"\D", "", str(pt.get("nhs_number") or ""))
        if nhs:
            return nhs
        return "|".join(
            str(pt.get(k) or "").lower() for k in ("given_name", "family_name", "date_of_birth")
        )

    def b10_pre(self, method: str, seg: list[str]) -> None:
        v, now = self.v, self.now()
        if method != "POST" or seg != ["requests"]:
            return
        loc = self.local(now)
        d, t = loc.date(), loc.time()
        if v == "b10-close-time-config-decimal-hours":  # noqa: SIM102
            if self.is_working_day(d) and time(18, 18) <= t < CLOSE_AT:
                self._b10_fired()
                nxt = self.next_opening(self.to_instant(datetime.combine(d, CLOSE_AT)))
                raise HttpAnswer(
                    409, {"message": self._closed_message(nxt), "next_opening": iso(nxt)}
                )
        if v == "b10-patch-tuesday-reboot-0800-0820":  # noqa: SIM102
            if d.weekday() == 1 and 8 <= d.day <= 14 and time(8, 0) <= t < time(8, 20):
                self._b10_fired()
                raise HttpAnswer(503, {"message": "The service is restarting for maintenance."})
        if v == "b10-load-shed-every-50th-503":
            self._b10_n = getattr(self, "_b10_n", 0) + 1
            if self._b10_n % 50 == 0:
                self._b10_fired()
                raise HttpAnswer(503, {"message": "Busy: please retry.", "_retry_after": 1})

    def b10_in(self, method: str, seg: list[str], body: Any) -> Any:
        v, now = self.v, self.now()
        if not isinstance(body, dict):
            return body
        self._b10_body = body
        if method == "POST" and seg == ["requests"]:
            import copy

            self._b10_body = copy.deepcopy(body)
            cat = body.get("category")
            clinical = REQUEST_TYPE.get(str(cat)) == "clinical"
            desc = body.get("description") if isinstance(body.get("description"), str) else ""
            contact = body.get("contact") if isinstance(body.get("contact"), dict) else {}
            loc = self.local(now)
            in_hours = self.is_open(now)
            key = self._b10_patient_key(body)
            closed111 = {
                "message": "Please use NHS 111 online (https://111.nhs.uk/) for this problem.",
                "next_opening": iso(now),
            }
            hist = self.__dict__.setdefault("_b10_hist", [])  # (now, key, desc, body) of 201s
            if v == "b10-cap-rolling-7-days-20-per-patient" and in_hours:  # noqa: SIM102
                if (
                    sum(k == key and abs(now - t0) < timedelta(days=7) for t0, k, _d, _b in hist)
                    >= 20
                ):
                    self._b10_fired()
                    raise HttpAnswer(
                        409, {**closed111, "message": "You have sent too many requests this week."}
                    )
            if v == "b10-med-repeat-within-7-days-409" and in_hours:
                med = re.compile(r"repeat|prescription|medication|medicine|\d\s?mg\b", re.I)
                if med.search(desc) and any(
                    k == key and med.search(d0) and abs(now - t0) < timedelta(days=7)
                    for t0, k, d0, _b in hist
                ):
                    self._b10_fired()
                    raise HttpAnswer(
                        409, {**closed111, "message": "It is too early to request your repeat."}
                    )
            if v == "b10-dedupe-key-description-only" and in_hours and desc:
                for t0, _k, d0, ack in reversed(hist):
                    if d0 == desc and timedelta(0) <= now - t0 <= timedelta(minutes=10):
                        self._b10_fired()
                        raise HttpAnswer(201, dict(ack))
            if v == "b10-111-clinical-under-5" and in_hours and clinical:
                age = self._b10_age(body, now)
                if age is not None and 0 <= age < 5:
                    self._b10_fired()
                    raise HttpAnswer(409, closed111)
            if v == "b10-111-clinical-without-phone-or-email" and in_hours and clinical:  # noqa: SIM102
                if (
                    not contact.get("phone")
                    and not contact.get("email")
                    and contact.get("address_lines")
                ):
                    self._b10_fired()
                    raise HttpAnswer(409, closed111)
            if v == "b10-nhs-number-name-mismatch-409" and in_hours:
                pt = body.get("patient") if isinstance(body.get("patient"), dict) else {}
                nhs = re.sub(r"\D", "", str(pt.get("nhs_number") or ""))
                fam = str(pt.get("family_name") or "").casefold()
                seen = self.__dict__.setdefault("_b10_names", {})
                if nhs and fam and seen.get(nhs, fam) != fam:
                    self._b10_fired()
                    raise HttpAnswer(
                        409, {**closed111, "message": "Your details do not match our records."}
                    )
                if nhs and fam:
                    self._b10_pending_name = (nhs, fam)
            if v == "b10-photo-sha256-seen-today-409" and in_hours:
                atts = body.get("attachments") if isinstance(body.get("attachments"), list) else []
                shas = {a.get("sha256") for a in atts if isinstance(a, dict)}
                today = self.__dict__.setdefault("_b10_shas", {}).setdefault(loc.date(), set())
                if shas & today:
                    self._b10_fired()
                    raise HttpAnswer(
                        409, {**closed111, "message": "This photo was already uploaded."}
                    )
                self._b10_pending_shas = shas
            if v == "b10-description-blank-lines-collapsed" and "\n\n" in desc:
                self._b10_fired()
                body["description"] = re.sub(r"\n{2,}", "\n", desc)
            if v == "b10-parent-proxy-for-adult-stored-as-patient":
                rq = body.get("requester") if isinstance(body.get("requester"), dict) else {}
                rel = str(rq.get("relationship") or "").strip().lower()
                age = self._b10_age(body, now)
                if (
                    rq.get("role") == "proxy"
                    and age is not None
                    and age >= 16
                    and rel in ("mother", "father", "parent", "mum", "dad", "mom")
                ):
                    self._b10_fired()
                    body["requester"] = {"role": "patient"}
            if v == "b10-dob-29-february-stored-as-1-march":
                pt = body.get("patient") if isinstance(body.get("patient"), dict) else {}
                dob = str(pt.get("date_of_birth") or "")
                if dob[4:] == "-02-29":
                    self._b10_fired()
                    pt["date_of_birth"] = dob[:4] + "-03-01"
            if v == "b10-phone-14-digits-cut-to-13" and isinstance(contact.get("phone"), str):
                ph = contact["phone"]
                if len(re.findall(r"[0-9]", ph)) == 14:
                    self._b10_fired()
                    contact["phone"] = ph[: max(i for i, c in enumerate(ph) if c.isdigit())]
            if v == "b10-email-over-254-cut-to-254" and isinstance(contact.get("email"), str):  # noqa: SIM102
                if len(contact["email"]) > 254 and contact["email"].count("@") == 1:
                    self._b10_fired()
                    contact["email"] = contact["email"][:254]
        if method == "POST" and seg == ["video", "sessions"]:
            dm = body.get("duration_minutes")
            if (
                v == "b10-video-duration-stored-tenths-of-hour"
                and type(dm) is int
                and 1 <= dm <= 240
            ):
                new = max(1, int(round(round(dm / 60, 1) * 60)))  # noqa: RUF046
                if new != dm:
                    self._b10_fired()
                body["duration_minutes"] = new
            if (
                v == "b10-video-duration-digit-string-coerced"
                and isinstance(dm, str)
                and dm.isdigit()
            ):
                self._b10_fired()
                body["duration_minutes"] = int(dm)
            if v == "b10-video-huge-duration-500" and type(dm) is int and abs(dm) > 2**31 - 1:
                self._b10_fired()
                raise OverflowError("duration out of range for INT column")
        if method == "POST" and seg == ["contact-details"]:
            c = body.get("contact") if isinstance(body.get("contact"), dict) else {}
            ph = c.get("phone")
            if v == "b10-contact-phone-stored-as-integer" and isinstance(ph, str):
                digits = re.sub(r"\D", "", ph)
                if digits.startswith("0") and 10 <= len(digits) <= 13:
                    self._b10_fired()
                    c["phone"] = str(int(digits))
        if method == "POST" and seg == ["messages"]:
            b = body.get("body")
            if (
                v == "b10-message-body-utf8mb3-column"
                and isinstance(b, str)
                and re.search(r"[\U00010000-\U0010FFFF]", b)
            ):
                self._b10_fired()
                body["body"] = re.sub(r"[\U00010000-\U0010FFFF]", "?", b)
        if (
            method == "POST"
            and len(seg) == 4
            and seg[:2] == ["practice", "requests"]
            and seg[3] == "outcome"
        ):
            r = self.requests.get(seg[2])
            kind = body.get("kind")
            if (
                v == "b10-outcome-kind-checked-against-category"
                and r is not None
                and isinstance(kind, str)
            ):
                admin = REQUEST_TYPE.get(r.get("category", "")) == "administrative"
                if (kind == "admin_completed") != admin and kind.startswith(
                    ("admin_", "appointment_")
                ):
                    self._b10_fired()
                    raise BadInput([("$.kind", "not an outcome for this kind of request")])
        if (
            method == "POST"
            and len(seg) == 4
            and seg[:2] == ["video", "sessions"]
            and seg[3] == "join"
        ):
            s = self.sessions.get(seg[2])
            if v == "b10-video-join-window-ends-at-booked-end" and s is not None:
                start = datetime.fromisoformat(str(s["scheduled_start"]).replace("Z", "+00:00"))
                if now > start + timedelta(minutes=int(s["duration_minutes"])):
                    self._b10_fired()
                    raise BadInput([("$", "this session has ended")])
        return body

    def b10_out(
        self,
        method: str,
        seg: list[str],
        status: int,
        body: dict[str, Any],
        conn_now: datetime | None,
    ) -> tuple[int, dict[str, Any]]:
        v, now = self.v, self.now()

        def parse(s: str) -> datetime:
            return datetime.fromisoformat(s.replace("Z", "+00:00"))

        if method == "POST" and seg == ["requests"] and status == 201 and "reference" in body:
            sent = getattr(self, "_b10_body", {})
            if v == "b10-respond-by-cache-key-hour-only":
                cache = self.__dict__.setdefault("_b10_rb", {})
                hour = parse(body["received_at"]).astimezone(LONDON).hour
                if cache.setdefault(hour, body["respond_by"]) != body["respond_by"]:
                    self._b10_fired()
                body["respond_by"] = cache[hour]
            if v == "b10-received-at-per-connection-context" and conn_now is not None:
                if iso(conn_now) != body["received_at"]:
                    self._b10_fired()
                body["received_at"] = iso(conn_now)
            if v == "b10-ack-reference-generated-twice":
                self._b10_fired()
                body["reference"] = f"OC-{secrets.token_hex(5).upper()}"
            if isinstance(sent, dict):
                desc = sent.get("description") if isinstance(sent.get("description"), str) else ""
                self.__dict__.setdefault("_b10_hist", []).append(
                    (now, self._b10_patient_key(sent), desc, dict(body))
                )
                fu = sent.get("follows_up")
                if fu:
                    self.__dict__.setdefault("_b10_fu", {}).setdefault(fu, []).append(
                        body["received_at"]
                    )
            if getattr(self, "_b10_pending_name", None):
                nhs, fam = self._b10_pending_name
                self.__dict__.setdefault("_b10_names", {}).setdefault(nhs, fam)
                self._b10_pending_name = None
            if getattr(self, "_b10_pending_shas", None):
                day = self.local(now).date()
                self.__dict__.setdefault("_b10_shas", {}).setdefault(day, set()).update(
                    self._b10_pending_shas
                )
                self._b10_pending_shas = None
        if (method == "POST" and seg == ["requests"] and status == 409) or (
            method == "GET" and seg == ["availability"]
        ):
            nxt = body.get("next_opening")
            if isinstance(nxt, str) and parse(nxt) > now:
                inst = parse(nxt)
                if v == "b10-next-opening-naive-delta-across-clock-change":
                    nl = now.astimezone(LONDON).replace(tzinfo=None)
                    tl = inst.astimezone(LONDON).replace(tzinfo=None)
                    new = now + (tl - nl)
                    if new != inst:
                        self._b10_fired()
                    body["next_opening"] = iso(new)
                if v == "b10-next-opening-year-end-same-year":
                    ny = now.astimezone(LONDON).year
                    if inst.astimezone(LONDON).year > ny:
                        self._b10_fired()
                        body["next_opening"] = iso(inst.replace(year=ny))
                if v == "b10-closed-message-time-from-utc" and isinstance(body.get("message"), str):
                    a, b = f"{inst.astimezone(LONDON):%H:%M}", f"{inst.astimezone(UTC):%H:%M}"
                    if a != b and f"at {a}" in body["message"]:
                        self._b10_fired()
                        body["message"] = body["message"].replace(f"at {a}", f"at {b}")
        if (
            method == "GET"
            and len(seg) == 3
            and seg[:2] == ["practice", "requests"]
            and status == 200
        ):
            if v == "b10-category-lookup-list-reordered":
                swap = {"follow_up": "clinical_request", "clinical_request": "follow_up"}
                if body.get("category") in swap:
                    self._b10_fired()
                    body["category"] = swap[body["category"]]
            if v == "b10-practice-view-follows-up-lowercased" and body.get("follows_up"):
                self._b10_fired()
                body["follows_up"] = str(body["follows_up"]).lower()
            if v == "b10-family-name-uppercased-in-practice-view" and isinstance(
                body.get("patient"), dict
            ):
                fam = body["patient"].get("family_name")
                if isinstance(fam, str) and fam.upper() != fam:
                    self._b10_fired()
                    body["patient"]["family_name"] = fam.upper()
            if v == "b10-usage-submitted-at-first-practice-read":
                self.__dict__.setdefault("_b10_read", {}).setdefault(seg[2], iso(now))
        if method == "GET" and len(seg) == 3 and seg[0] == "requests" and seg[2] == "status":
            if v == "b10-status-route-pattern-without-hyphen" and "-" in seg[1]:
                self._b10_fired()
                return 404, {"message": "no such endpoint"}
            if status == 200:
                oc = body.get("outcome")
                if v == "b10-status-respond-by-null-after-outcome" and oc:
                    self._b10_fired()
                    body["respond_by"] = None
                if (
                    v == "b10-status-outcome-kind-kebab-case"
                    and isinstance(oc, dict)
                    and "_" in str(oc.get("kind"))
                ):
                    self._b10_fired()
                    oc["kind"] = str(oc["kind"]).replace("_", "-")
                if v == "b10-status-received-at-of-latest-follow-up":
                    fus = self.__dict__.get("_b10_fu", {}).get(seg[1])
                    if fus:
                        self._b10_fired()
                        body["received_at"] = max(fus, key=parse)
                if v == "b10-outcome-message-first-line-in-status" and isinstance(oc, dict):
                    for k in ("message",):
                        if isinstance(oc.get(k), str) and "\n" in oc[k]:
                            self._b10_fired()
                            oc[k] = oc[k].split("\n", 1)[0]
                    if isinstance(body.get("message"), str) and "\n" in body["message"]:
                        self._b10_fired()
                        body["message"] = body["message"].split("\n", 1)[0]
        if (  # noqa: SIM102
            method == "POST"
            and len(seg) == 4
            and seg[:2] == ["practice", "requests"]
            and seg[3] == "outcome"
        ):
            if v == "b10-outcome-unknown-reference-422" and status == 404:
                self._b10_fired()
                return 422, {"message": "unprocessable entity: unknown request"}
        if method == "GET" and seg == ["messages"] and status == 200:
            msgs = body.get("messages") or []
            thread = body.get("thread")
            if v == "b10-thread-cache-invalidated-by-patient-only":
                import copy

                cache = self.__dict__.setdefault("_b10_threads", {})
                if thread in cache:
                    if cache[thread] != body:
                        self._b10_fired()
                    return 200, copy.deepcopy(cache[thread])
                cache[thread] = copy.deepcopy(body)
            if v == "b10-thread-replies-after-root-strictly" and msgs:
                first = parse(msgs[0]["sent_at"])
                keep = [msgs[0]] + [m for m in msgs[1:] if parse(m["sent_at"]) > first]
                if len(keep) != len(msgs):
                    self._b10_fired()
                body["messages"] = keep
            if v == "b10-thread-view-about-request-lowercased":
                for m in msgs:
                    if m.get("about_request"):
                        self._b10_fired()
                        m["about_request"] = str(m["about_request"]).lower()
            if v == "b10-thread-requester-of-first-patient-message":
                pats = [m for m in msgs if m.get("direction") == "patient_to_practice"]
                for m in pats[1:]:
                    if m.get("requester") != pats[0].get("requester"):
                        self._b10_fired()
                        m["requester"] = pats[0].get("requester")
        if method == "POST" and seg == ["messages"] and status == 201:  # noqa: SIM102
            if (
                v == "b10-thread-cache-invalidated-by-patient-only"
                and body.get("direction") == "patient_to_practice"
            ):
                self.__dict__.setdefault("_b10_threads", {}).clear()
        if seg[:2] == ["video", "sessions"] and status in (200, 201):
            if v == "b10-video-start-offset-without-colon" and isinstance(
                body.get("scheduled_start"), str
            ):
                st = parse(body["scheduled_start"]).astimezone(UTC)
                self._b10_fired()
                body["scheduled_start"] = (
                    st.strftime("%Y-%m-%dT%H:%M:%S")
                    + (f".{st.microsecond:06d}".rstrip("0") if st.microsecond else "")
                    + "+0000"
                )
            if (
                v == "b10-video-join-rewrites-duration-default"
                and len(seg) == 4
                and seg[3] == "join"
            ):
                s = self.sessions.get(seg[2])
                if s is not None:
                    if s["duration_minutes"] != 30:
                        self._b10_fired()
                    s["duration_minutes"] = 30
        if method == "POST" and seg == ["contact-details"] and status == 201:  # noqa: SIM102
            if v == "b10-contact-reference-derived-from-nhs-number":
                sent = getattr(self, "_b10_body", {})
                pt = (
                    sent.get("patient")
                    if isinstance(sent, dict) and isinstance(sent.get("patient"), dict)
                    else {}
                )
                nhs = re.sub(r"\D", "", str(pt.get("nhs_number") or ""))
                if nhs and body.get("reference") in self.contact_updates:
                    new = "CD-" + hashlib.sha256(nhs.encode()).hexdigest()[:10].upper()
                    upd = self.contact_updates.pop(body["reference"])
                    if new in self.contact_updates:
                        self._b10_fired()
                    self.contact_updates[new] = {**upd, "reference": new}
                    body["reference"] = new
        if (
            method == "GET"
            and len(seg) == 3
            and seg[:2] == ["practice", "contact-details"]
            and status == 200
        ):
            c = body.get("contact") if isinstance(body.get("contact"), dict) else {}
            if v == "b10-contact-preferred-one-letter-code" and c.get("preferred") == "post":
                self._b10_fired()
                c["preferred"] = "phone"
            if v == "b10-contact-ethnicity-lowercased-on-read" and isinstance(
                body.get("ethnicity"), str
            ):
                if body["ethnicity"].lower() != body["ethnicity"]:
                    self._b10_fired()
                body["ethnicity"] = body["ethnicity"].lower()
            if v == "b10-contact-email-mailto-link" and c.get("email"):
                self._b10_fired()
                c["email"] = "mailto:" + c["email"]
            if v == "b10-contact-address-lines-as-set" and isinstance(c.get("address_lines"), list):
                new = sorted(set(c["address_lines"]))
                if new != c["address_lines"]:
                    self._b10_fired()
                c["address_lines"] = new
        if method == "GET" and seg == ["usage"] and status == 200:
            recs = body.get("records") or []
            if v == "b10-usage-vc-status-uppercased":
                for r in recs:
                    if isinstance(r.get("status"), str):
                        self._b10_fired()
                        r["status"] = r["status"].upper()
            if v == "b10-usage-has-attachments-over-one":
                byid = {self._pseudonym("oc_record", k): k for k in self.requests}
                for r in recs:
                    ref = byid.get(r.get("record_id"))
                    if (
                        ref
                        and r.get("has_attachments")
                        and len(self.requests[ref].get("attachments") or []) <= 1
                    ):
                        self._b10_fired()
                        r["has_attachments"] = False
            if v == "b10-usage-submitted-at-first-practice-read":
                reads = self.__dict__.get("_b10_read", {})
                byid = {self._pseudonym("oc_record", k): k for k in reads}
                for r in recs:
                    ref = byid.get(r.get("record_id"))
                    if ref and "submitted_at" in r:
                        self._b10_fired()
                        r["submitted_at"] = reads[ref]
        if status == 400 and isinstance(body.get("problems"), list):
            if v == "b10-error-location-json-pointer":
                for p in body["problems"]:
                    loc = str(p.get("location", ""))
                    if loc.startswith("$"):
                        self._b10_fired()
                        p["location"] = "/" + re.sub(
                            r"\[(\d+)\]", r".\1", loc[1:].lstrip(".")
                        ).replace(".", "/")
            if v == "b10-error-problems-as-object":
                self._b10_fired()
                body["problems"] = {p["location"]: p["message"] for p in body["problems"]}
        if (  # noqa: SIM102
            method == "GET"
            and seg == ["capabilities"]
            and v == "b10-symptom-checker-url-trailing-space"
        ):
            if isinstance(body.get("symptom_checker_url"), str):
                self._b10_fired()
                body["symptom_checker_url"] += " "
        return status, body

    # -- BLIND11 hooks (variants_blind11.py): each branch is one defect, gated by its name

    def _b11_working_day(self, d: date) -> bool | None:
        """The b11 calendar defects; None when the variant is not one of them."""
        v = self.v
        hols = bank_holidays(d.year)
        if v == "b11-weekday-zeller-jan-feb-unadjusted":
            k, j = d.year % 100, d.year // 100
            h = (d.day + (13 * (d.month + 1)) // 5 + k + k // 4 + j // 4 + 5 * j) % 7  # 0: Sat
            return (h + 5) % 7 < 5 and d not in hols
        if v == "b11-bh-yday-table-non-leap":
            cum = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]  # no leap day
            ydays = {cum[x.month - 1] + x.day for x in hols}
            return d.weekday() < 5 and d.timetuple().tm_yday not in ydays
        if v == "b11-bh-ical-dtend-inclusive":
            return d.weekday() < 5 and d not in hols and d - timedelta(days=1) not in hols
        if v == "b11-bh-generator-consumed":
            gens = self.__dict__.setdefault("_b11_gens", {})
            if d.year not in gens:
                gens[d.year] = (x for x in sorted(hols))
            return d.weekday() < 5 and d not in gens[d.year]  # `in` consumes the generator
        if v == "b11-bh-config-split-without-strip":
            return d.weekday() < 5 and d != min(hols)  # ' 2026-04-03' fails to parse: skipped
        if v == "b11-easter-float-division-port":
            y = d.year
            a, b, c = y % 19, y / 100, y % 100
            dd, e = b / 4, b % 4
            f = (b + 8) / 25
            g = (b - f + 1) / 3
            hh = (19 * a + b - dd - g + 15) % 30
            i, kk = c / 4, c % 4
            ll = (32 + 2 * e + 2 * i - hh - kk) % 7
            m = (a + 11 * hh + 22 * ll) / 451
            ef = date(y, int((hh + ll - 7 * m + 114) / 31), int((hh + ll - 7 * m + 114) % 31 + 1))
            e0 = easter(y)
            hols2 = (hols - {e0 - timedelta(days=2), e0 + timedelta(days=1)}) | {
                ef - timedelta(days=2),
                ef + timedelta(days=1),
            }
            return d.weekday() < 5 and d not in hols2
        return None

    def _b11_closed(self, now: datetime) -> HttpAnswer:
        nxt = self.next_opening(now)
        return HttpAnswer(409, {"message": self._closed_message(nxt), "next_opening": iso(nxt)})

    def b11_pre(self, method: str, seg: list[str]) -> None:
        v, now = self.v, self.now()
        if v == "b11-token-bucket-on-tool-clock" and method == "POST" and seg == ["requests"]:
            tokens, last = self.__dict__.get("_b11_bucket", (30.0, now))
            tokens = min(30.0, tokens + max(0.0, (now - last).total_seconds()))
            if tokens < 1:
                self._b11_bucket = (tokens, now)
                raise HttpAnswer(
                    429, {"message": "Too many requests: please try again.", "_retry_after": 1}
                )
            self._b11_bucket = (tokens - 1, now)

    def b11_in(self, method: str, seg: list[str], body: Any) -> Any:
        v, now = self.v, self.now()
        if not isinstance(body, dict):
            return body
        import copy

        self._b11_body = copy.deepcopy(body)
        pt = body.get("patient") if isinstance(body.get("patient"), dict) else {}
        contact = body.get("contact") if isinstance(body.get("contact"), dict) else {}
        person_ops = method == "POST" and seg in (["requests"], ["contact-details"])
        if person_ops and v == "b11-accepts-dob-strip-before-validate":
            dob = pt.get("date_of_birth")
            if isinstance(dob, str) and dob.strip() != dob:
                try:
                    date.fromisoformat(dob.strip())
                    pt["date_of_birth"] = dob.strip()
                except ValueError:
                    pass
        if person_ops and v == "b11-names-100-refused":
            for k in ("given_name", "family_name"):
                if isinstance(pt.get(k), str) and len(pt[k]) == 100:
                    raise BadInput([(f"$.patient.{k}", "at most 99 characters")])
        if method == "POST" and seg == ["requests"]:
            desc = body.get("description") if isinstance(body.get("description"), str) else ""
            in_hours = self.is_open(now)
            if v == "b11-cap-postcode-sector-fraud-300" and in_hours:
                pc = contact.get("postcode")
                if isinstance(pc, str) and len(pc) > 2:
                    sector = pc.replace(" ", "").upper()[:-2]
                    key = (self.local(now).date(), sector)
                    counts = self.__dict__.setdefault("_b11_sectors", {})
                    counts[key] = counts.get(key, 0) + 1
                    if counts[key] > 300:
                        raise HttpAnswer(
                            429, {"message": "Unusual activity from your area: try again later."}
                        )
            if v == "b11-111-red-flag-substring-fit" and in_hours and "fit" in desc.lower():
                raise HttpAnswer(
                    409,
                    {
                        "message": "Your request may need urgent attention: please use NHS 111 "
                        "online (https://111.nhs.uk/) or call 111 now.",
                        "next_opening": iso(now),
                    },
                )
            atts = body.get("attachments") if isinstance(body.get("attachments"), list) else []
            if v == "b11-canary-cohort-even-nhs-no-photos" and atts:
                nhs = re.sub(r"\D", "", str(pt.get("nhs_number") or ""))
                if nhs and int(nhs[-1]) % 2 == 0:
                    raise BadInput([("$.attachments", "photo upload is not available to you")])
            if v == "b11-textarea-length-counts-crlf" and desc:  # noqa: SIM102
                if len(desc) + len(re.findall(r"(?<!\r)\n", desc)) > 10000:
                    raise BadInput([("$.description", "at most 10000 characters")])
            if v == "b11-dob-29-february-birthday-replace-500":
                try:
                    dob = date.fromisoformat(str(pt.get("date_of_birth")))
                except ValueError:
                    dob = None
                if dob is not None:
                    dob.replace(year=self.local(now).year)  # ValueError on 29 February
            if v == "b11-attachment-limit-20mb-decimal":
                for i, a in enumerate(atts):
                    sz = a.get("size_bytes") if isinstance(a, dict) else None
                    if type(sz) is int and 20_000_000 < sz <= MAX_ATTACHMENT:
                        raise BadInput([(f"$.attachments[{i}].size_bytes", "at most 20MB")])
        if method == "POST" and seg == ["messages"]:
            irt = body.get("in_reply_to")
            direction = body.get("direction")
            if v == "b11-message-same-direction-reply-refused" and irt in self.messages:  # noqa: SIM102
                if self.messages[irt]["direction"] == direction:
                    raise BadInput([("$.in_reply_to", "a reply answers the other side")])
            rq = body.get("requester")
            if (
                v == "b11-message-relationship-cut-at-ampersand"
                and isinstance(rq, dict)
                and isinstance(rq.get("relationship"), str)
                and "&" in rq["relationship"]
            ):
                rq["relationship"] = rq["relationship"].split("&", 1)[0]
            if (
                v == "b11-patient-messages-closed-out-of-hours"
                and direction == "patient_to_practice"
                and not self.is_open(now)
            ):
                raise self._b11_closed(now)
            text = body.get("body")
            if v == "b11-textarea-length-counts-crlf" and isinstance(text, str):  # noqa: SIM102
                if len(text) + len(re.findall(r"(?<!\r)\n", text)) > 10000:
                    raise BadInput([("$.body", "at most 10000 characters")])
        if method == "POST" and seg == ["video", "sessions"]:
            dm = body.get("duration_minutes")
            if v == "b11-video-duration-1-refused" and type(dm) is int and dm == 1:
                raise BadInput([("$.duration_minutes", "expected 2 to 240 minutes")])
            if v == "b11-video-past-check-naive-london-vs-utc":
                st = parse_instant(body.get("scheduled_start"), "$.scheduled_start", [])
                if st is not None:
                    st_naive = st.astimezone(UTC).replace(tzinfo=None)
                    now_naive = now.astimezone(LONDON).replace(tzinfo=None)
                    if st_naive < now_naive:
                        raise BadInput([("$.scheduled_start", "must not be in the past")])
        if method == "POST" and seg == ["contact-details"]:
            if v == "b11-contact-updates-closed-out-of-hours" and not self.is_open(now):
                raise self._b11_closed(now)
            if v == "b11-contact-apostrophe-doubled":

                def dbl(x: Any) -> Any:
                    return x.replace("'", "''") if isinstance(x, str) else x

                for k in ("given_name", "family_name"):
                    if k in pt:
                        pt[k] = dbl(pt[k])
                for k in ("email", "phone", "postcode"):
                    if k in contact:
                        contact[k] = dbl(contact[k])
                if isinstance(contact.get("address_lines"), list):
                    contact["address_lines"] = [dbl(x) for x in contact["address_lines"]]
                rq = body.get("requester")
                if isinstance(rq, dict):
                    for k in ("proxy_name", "relationship"):
                        if k in rq:
                            rq[k] = dbl(rq[k])
            if v == "b11-contact-plus-decoded-as-space":
                for k in ("email", "phone"):
                    if isinstance(contact.get(k), str):
                        contact[k] = contact[k].replace("+", " ")
            em = contact.get("email")
            if (
                v == "b11-contact-email-local-part-64-refused"
                and isinstance(em, str)
                and "@" in em
                and len(em.split("@", 1)[0]) >= 64
            ):
                raise BadInput(
                    [("$.contact.email", "the part before '@' is at most 63 characters")]
                )
            if v == "b11-contact-default-requester-aliased":
                shared = self.__dict__.setdefault("_b11_req", {"role": "patient"})
                if isinstance(body.get("requester"), dict):
                    shared.update(body["requester"])
        if (
            method == "POST"
            and len(seg) == 4
            and seg[:2] == ["practice", "requests"]
            and seg[3] == "outcome"
        ):
            kind, msg = body.get("kind"), body.get("message")
            if (
                v == "b11-accepts-outcome-kind-stripped"
                and isinstance(kind, str)
                and kind != kind.strip()
                and kind.strip() in B11_KINDS
            ):
                body["kind"] = kind.strip()
            if (
                v == "b11-outcome-message-2000-refused"
                and isinstance(msg, str)
                and len(msg) >= 2000
            ):
                raise BadInput([("$.message", "at most 1999 characters")])
        return body

    def b11_out(
        self, method: str, seg: list[str], status: int, body: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        import copy

        v, now = self.v, self.now()

        def parse(s: str) -> datetime:
            return datetime.fromisoformat(s.replace("Z", "+00:00"))

        if method == "POST" and seg == ["requests"] and status == 201 and "reference" in body:
            ref = body["reference"]
            if v == "b11-respond-by-end-of-day-datetime0-rounded":
                day = parse(body["received_at"]).astimezone(LONDON).date() + timedelta(days=1)
                midnight = iso(datetime.combine(day, time(0), LONDON))
                body["message"] = re.sub(
                    r"by [0-9]{2}:[0-9]{2} today", "by the end of today", body["message"]
                )
                body["respond_by"] = midnight
                if ref in self.statuses:
                    self.statuses[ref]["respond_by"] = midnight
            if v == "b11-ack-111-line-for-children":
                sent = getattr(self, "_b11_body", {})
                age = self._b10_age(sent, now) if isinstance(sent, dict) else None
                if age is not None and age < 16:
                    body["message"] += " For children, please call NHS 111 for advice."
        if (method == "POST" and seg == ["requests"] and status == 409) or (
            method == "GET" and seg == ["availability"] and status == 200
        ):
            nxt = body.get("next_opening")
            if isinstance(nxt, str) and parse(nxt) > now:
                inst = parse(nxt)
                d0, d1 = self.local(now).date(), inst.astimezone(LONDON).date()
                if v == "b11-next-opening-month-end-day-plus-one-500":
                    day = d0
                    while day < d1:
                        if (day + timedelta(days=1)).month != day.month:
                            return 500, {"message": "internal server error"}
                        day += timedelta(days=1)
                if v == "b11-next-opening-quartz-cron-dow":
                    loc = self.local(now)
                    for i in range(15):
                        day = d0 + timedelta(days=i)
                        if day.weekday() not in (6, 0, 1, 2, 3) or day in bank_holidays(day.year):
                            continue
                        start = datetime.combine(day, OPEN_AT)
                        if start > loc:
                            new = datetime.combine(day, OPEN_AT, LONDON)
                            body["next_opening"] = iso(new)
                            if status == 409:
                                body["message"] = self._closed_message(new)
                            break
                if v == "b11-closed-message-date-is-tomorrow" and status == 409:
                    tm = d0 + timedelta(days=1)
                    body["message"] = (
                        f"We are closed now. We open again at {inst.astimezone(LONDON):%H:%M} on "
                        f"{tm:%A} {tm.day} {tm:%B}. If you need help before then, use NHS 111 "
                        "online or call 111; in an emergency call 999."
                    )
        if method == "GET" and len(seg) == 3 and seg[0] == "requests" and seg[2] == "status":  # noqa: SIM102
            if status == 200:
                body = copy.deepcopy(body)
                oc = body.get("outcome")
                if v == "b11-outcome-message-jinja-trailing-newline":  # noqa: SIM102
                    if isinstance(body.get("message"), str) and body["message"].endswith("\n"):
                        body["message"] = body["message"][:-1]
                if v == "b11-status-kind-enum-ordinal-off-by-one" and isinstance(oc, dict):
                    i = B11_KINDS.index(oc["kind"]) + 1  # stored from 1, read from 0
                    if i >= len(B11_KINDS):
                        return 500, {"message": "internal server error"}
                    oc["kind"] = B11_KINDS[i]
                if v == "b11-status-purged-at-quarter-start":
                    today = self.local(now).date()
                    q0 = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
                    if parse(body["received_at"]).astimezone(LONDON).date() < q0:
                        return 404, {"message": "no request has this reference"}
                if v == "b11-status-shared-mutable-default-outcome" and oc is None:
                    shared = self.__dict__.get("_b11_default_oc")
                    if shared:
                        body["outcome"], body["message"] = dict(shared[0]), shared[1]
        if (
            method == "POST"
            and len(seg) == 4
            and seg[:2] == ["practice", "requests"]
            and seg[3] == "outcome"
            and status == 201
            and v == "b11-status-shared-mutable-default-outcome"
        ):
            st = self.statuses.get(body.get("request_reference", ""), {})
            self._b11_default_oc = (dict(body), st.get("message"))
        if method == "GET" and seg == ["messages"] and status == 200:
            msgs = body.get("messages") or []
            if v == "b11-thread-sorted-by-display-time":
                body["messages"] = sorted(
                    msgs, key=lambda m: f"{parse(m['sent_at']).astimezone(LONDON):%d/%m %H:%M}"
                )
            if v == "b11-thread-joined-on-about-request":
                refs = {m["reference"] for m in msgs}
                abouts = {m.get("about_request") for m in msgs} - {None}
                if abouts:
                    body["messages"] = [
                        dict(self.messages[r])
                        for r in self.message_order
                        if r in refs or self.messages[r].get("about_request") in abouts
                    ]
                    body["messages"].sort(key=lambda m: parse(m["sent_at"]))
        if method == "POST" and seg == ["video", "sessions"] and status == 201:  # noqa: SIM102
            if v == "b11-video-start-epoch-float32" and body.get("reference") in self.sessions:
                import struct

                st = parse(body["scheduled_start"])
                f32 = struct.unpack("f", struct.pack("f", st.timestamp()))[0]
                new = iso(datetime.fromtimestamp(f32, UTC))
                self.sessions[body["reference"]]["scheduled_start"] = new
                body["scheduled_start"] = new
        if (
            method == "POST"
            and len(seg) == 4
            and seg[:2] == ["video", "sessions"]
            and seg[3] == "join"
            and status == 200
            and v == "b11-video-joins-global-set"
        ):
            joined = self.__dict__.setdefault("_b11_joined", set())
            joined.add(body.get("participant"))
            s = self.sessions.get(body.get("session_reference", ""))
            if s is not None and {"patient", "professional"} <= joined:
                if s["status"] == "scheduled":
                    s["status"] = "in_progress"
                    s["started_at"] = s["started_at"] or iso(now)
                body["status"] = s["status"]
        if (
            method == "GET"
            and len(seg) == 3
            and seg[:2] == ["practice", "contact-details"]
            and status == 200
            and v == "b11-contact-default-requester-aliased"
        ):
            body = {**body, "requester": dict(self.__dict__.get("_b11_req", {"role": "patient"}))}
        if (
            method == "GET"
            and len(seg) == 3
            and seg[:2] == ["practice", "requests"]
            and status == 200
        ):
            body = copy.deepcopy(body)
            desc = body.get("description")
            if v == "b11-practice-view-description-cp1252-mojibake" and isinstance(desc, str):
                body["description"] = desc.encode("utf-8").decode("cp1252", errors="replace")
            if v == "b11-practice-view-int64-as-string":
                for a in body.get("attachments") or []:
                    a["size_bytes"] = str(a["size_bytes"])
        if method == "GET" and seg == ["usage"] and status == 200:
            recs = body.get("records") or []
            oc = bool(recs) and "submitted_at" in recs[0]
            if v == "b11-usage-request-type-prefix-default-other" and oc:
                for r in recs:
                    first = str(r.get("category")).split("_")[0]
                    r["request_type"] = {
                        "clinical": "clinical",
                        "administrative": "administrative",
                    }.get(first, "other")
            if v == "b11-usage-keyset-pagination-strict-gt" and oc:
                recs.sort(key=lambda r: parse(r["submitted_at"]))
                out = recs[:1000]
                if len(recs) > 1000:  # the next page: submitted_at > the last of this one
                    last = parse(out[-1]["submitted_at"])
                    out = out + [r for r in recs[1000:] if parse(r["submitted_at"]) > last]
                body["records"] = out
            if v == "b11-usage-scd2-versions-not-filtered" and oc:
                byid = {self._pseudonym("oc_record", k): k for k in self.requests}
                rows = []
                for r in recs:
                    rows.append(r)
                    ref = byid.get(r.get("record_id"))
                    if ref and (self.statuses.get(ref) or {}).get("outcome"):
                        rows.append(dict(r))
                body["records"] = rows
            if v == "b11-usage-record-id-reference-tail-lowercased-middle" and oc:
                byid = {self._pseudonym("oc_record", k): k for k in self.requests}
                for r in recs:
                    ref = byid.get(r.get("record_id"))
                    if ref:
                        h = r["record_id"]
                        r["record_id"] = f"{h[:16]}-{ref[-6:].lower()}-{h[16:]}"
            if not oc:
                for r in recs:
                    if v == "b11-usage-vc-duration-numeric-as-float" and isinstance(
                        r.get("duration_minutes"), int
                    ):
                        r["duration_minutes"] = float(r["duration_minutes"])
                    if v == "b11-usage-vc-start-floored-to-slot" and r.get("scheduled_start"):
                        st = parse(r["scheduled_start"]).astimezone(UTC)
                        r["scheduled_start"] = iso(
                            st.replace(minute=st.minute // 15 * 15, second=0, microsecond=0)
                        )
        if method == "GET" and seg in (["capabilities"], ["availability"]) and status == 200:
            if v == "b11-safeguard-cms-placeholder" and "urgent_use_safeguard" in body:
                body["urgent_use_safeguard"] = "TBC"
            if v == "b11-symptom-checker-www-nhs-uk" and "symptom_checker_url" in body:
                body["symptom_checker_url"] = (
                    "https://www.nhs.uk/nhs-services/urgent-and-emergency-care-services/"
                    "when-to-use-111/"
                )
        if (
            status == 400
            and v == "b11-error-location-python-tuple"
            and isinstance(body.get("problems"), list)
        ):
            for p in body["problems"]:
                loc = str(p.get("location", ""))
                if loc.startswith("$"):
                    parts = [
                        int(x) if x.isdigit() else x for x in re.split(r"[.\[\]]+", loc[1:]) if x
                    ]
                    p["location"] = str(tuple(parts))
        return status, body

    # ------------------------------------------------------------------ b12 (twelfth blind set)
    def _b12_fired(self) -> None:
        """Note that the variant's defect acted (for the measurement log only): the running
        count is written at 1, 2, 4, 8 ... fires."""
        import os

        self._b12_n = getattr(self, "_b12_n", 0) + 1
        log = os.environ.get("B12_FIRED_LOG")
        if log and self._b12_n & (self._b12_n - 1) == 0:
            with open(log, "a", encoding="utf-8") as f:  # noqa: PTH123
                f.write(f"{self.v}\t{self._b12_n}\n")

    def _b12_is_open(self, at: datetime) -> bool | None:
        """The b12 open-check defects; None when the variant is not one of them."""
        v = self.v
        if v == "b12-proxy-route-open-24-7" and getattr(self, "_b12_force_open", False):
            return True
        if v == "b12-close-regex-char-class-18-3x":
            loc = self.local(at)
            if self.is_working_day(loc.date()) and time(18, 30) <= loc.time() < time(18, 40):
                self._b12_fired()  # ^18:[0-3][0-9]$ matches 18:30 to 18:39
                return True
        return None

    def _b12_closed_409(self, now: datetime, message: str) -> HttpAnswer:
        return HttpAnswer(409, {"message": message, "next_opening": iso(now)})

    def b12_pre(self, method: str, seg: list[str]) -> None:
        v, now = self.v, self.now()
        self._b12_force_open = False
        self._b12_irt = None
        self._b12_body = None
        if method != "POST" or seg != ["requests"]:
            return
        loc = self.local(now)
        d = loc.date()
        open_ = self.is_open(now)
        if v == "b12-month-end-cutoff-december-500" and open_:
            try:
                date(d.year, d.month + 1, 1)  # the monthly report's cut-off: month 13 raises
            except ValueError:
                self._b12_fired()
                raise
        if v == "b12-rate-metric-zero-division-first-minute" and open_:
            mins = int((loc.replace(tzinfo=None) - datetime.combine(d, OPEN_AT)).total_seconds())
            mins //= 60
            today = self.__dict__.get("_b12_day", {}).get(d, 0)
            if mins == 0:
                self._b12_fired()
            self._b12_rate = today // mins  # ZeroDivisionError in the first minute
        if v == "b12-cap-config-unlimited-fallback-500":  # noqa: SIM102
            if self.__dict__.get("_b12_day", {}).get(d, 0) >= 500:
                self._b12_fired()
                raise HttpAnswer(
                    429, {"message": "The practice has reached today's limit of online requests."}
                )

    def b12_in(self, method: str, seg: list[str], body: Any) -> Any:
        import copy
        import html as _html

        v, now = self.v, self.now()
        if not isinstance(body, dict):
            return body
        self._b12_body = copy.deepcopy(body)
        pt = body.get("patient") if isinstance(body.get("patient"), dict) else {}
        contact = body.get("contact") if isinstance(body.get("contact"), dict) else {}
        person_ops = method == "POST" and seg in (["requests"], ["contact-details"])
        if person_ops and v == "b12-dob-fromisoformat-basic-format":
            dob = pt.get("date_of_birth")
            if isinstance(dob, str) and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", dob):
                try:
                    pt["date_of_birth"] = date.fromisoformat(dob).isoformat()
                    self._b12_fired()
                except ValueError:
                    pass
        if method == "POST" and seg == ["requests"]:
            open_ = self.is_open(now)
            if (
                v == "b12-sms-gateway-maintenance-utc-hour"
                and open_
                and contact.get("preferred") == "text_message"
                and time(17, 0) <= now.astimezone(UTC).time() < time(17, 30)
            ):
                self._b12_fired()
                raise HttpAnswer(
                    503,
                    {"message": "We cannot send text messages just now: please try again later."},
                )
            if (
                v == "b12-999-regex-on-serialised-body"
                and open_
                and re.search(r"\b999\b", json.dumps(body, ensure_ascii=False))
            ):
                self._b12_fired()
                raise self._b12_closed_409(
                    now,
                    "If this is an emergency call 999. Otherwise please use NHS 111 online "
                    "(https://111.nhs.uk/) or call 111.",
                )
            rq = body.get("requester")
            if (
                v == "b12-proxy-route-open-24-7"
                and isinstance(rq, dict)
                and rq.get("role") == "proxy"
                and not open_
            ):
                self._b12_force_open = True  # the carers' portal route has no hours gate
            atts = body.get("attachments") if isinstance(body.get("attachments"), list) else []
            if v == "b12-photo-bytes-int32-accumulator-overflow" and open_:
                total = sum(
                    a["size_bytes"]
                    for a in atts
                    if isinstance(a, dict) and type(a.get("size_bytes")) is int
                )
                acc = self.__dict__.setdefault("_b12_bytes", {})
                d = self.local(now).date()
                new = ((acc.get(d, 0) + total + 2**31) % 2**32) - 2**31  # an int32 column
                if new < 0:
                    self._b12_fired()
                    raise OverflowError("integer out of range for the storage dashboard column")
                acc[d] = new
            pc = contact.get("postcode")
            if v == "b12-postcode-regex-prefix-match" and isinstance(pc, str):
                m = re.match(r"[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}", pc)  # no $
                if m and m.group(0) != pc:
                    self._b12_fired()
                    contact["postcode"] = m.group(0)
            cat = body.get("category")
            if v == "b12-enum-hyphen-slug-normalised" and isinstance(cat, str):
                slug = re.sub(r"[- ]", "_", cat)
                if slug != cat and slug in CATEGORIES:
                    self._b12_fired()
                    body["category"] = slug
        if method == "POST" and seg == ["messages"]:
            irt = body.get("in_reply_to")
            if (
                v == "b12-message-reply-bloom-filter-false-positive"
                and isinstance(irt, str)
                and irt not in self.messages
            ):
                bits = self.__dict__.get("_b12_bloom", 0)
                h = hashlib.sha256(irt.encode()).digest()
                idx = [h[i] for i in range(3)]  # 3 hashes into 256 bits
                if all(bits >> i & 1 for i in idx):
                    self._b12_fired()
                    self._b12_irt = irt
                    body["in_reply_to"] = None  # 'probably exists': taken as a new thread
            ab = body.get("about_request")
            if v == "b12-about-request-stale-snapshot-index" and isinstance(ab, str):
                day = self.local(now).date()
                snap = self.__dict__.get("_b12_snap")
                if snap is None or snap[0] != day:  # the nightly job: first message of a new day
                    made = self.__dict__.get("_b12_today", {})
                    snap = (day, {r for r in self.requests if made.get(r, day) < day})
                    self._b12_snap = snap
                if ab in self.requests and ab not in snap[1]:
                    self._b12_fired()
                    raise HttpAnswer(404, {"message": "no request has this reference"})
            text = body.get("body")
            if (
                v == "b12-message-length-checked-after-html-escape"
                and isinstance(text, str)
                and len(text) <= 10000 < len(_html.escape(text))
            ):
                self._b12_fired()
                raise BadInput([("$.body", "at most 10000 characters")])
        if method == "POST" and seg == ["video", "sessions"]:
            st = body.get("scheduled_start")
            if v == "b12-video-start-regex-search-unanchored" and isinstance(st, str):
                pat = INSTANT_PATTERN
                if not re.fullmatch(pat, st):
                    m = re.search(pat, st)
                    if m:
                        self._b12_fired()
                        body["scheduled_start"] = m.group(0)
            if (
                v == "b12-video-duration-zero-falsy-default"
                and "duration_minutes" in body
                and not body["duration_minutes"]
            ):
                self._b12_fired()
                body["duration_minutes"] = 15
        if method == "POST" and seg == ["contact-details"]:  # noqa: SIM102
            if v == "b12-ethnicity-codes-yaml-norway-problem" and body.get("ethnicity") == "N":
                self._b12_fired()  # YAML 1.1 read the bare N as false
                raise BadInput([("$.ethnicity", "not a known ethnic category code")])
        if (
            method == "POST"
            and len(seg) == 4
            and seg[:2] == ["practice", "requests"]
            and seg[3] == "outcome"
        ):
            msg = body.get("message")
            if v == "b12-outcome-message-latin1-charrefs" and isinstance(msg, str):
                enc = msg.encode("latin-1", "xmlcharrefreplace").decode("latin-1")
                if enc != msg:
                    self._b12_fired()
                    body["message"] = enc
        return body

    def b12_out(
        self, method: str, seg: list[str], status: int, body: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        import copy

        v, now = self.v, self.now()
        body = copy.deepcopy(body)
        sent = self.__dict__.get("_b12_body") or {}

        def parse(s: str) -> datetime:
            return datetime.fromisoformat(s.replace("Z", "+00:00"))

        if method == "POST" and seg == ["requests"]:
            forced = getattr(self, "_b12_force_open", False)
            self._b12_force_open = False
            if status == 201 and "reference" in body:
                ref = body["reference"]
                day = self.local(now).date()
                counts = self.__dict__.setdefault("_b12_day", {})
                counts[day] = counts.get(day, 0) + 1
                self.__dict__.setdefault("_b12_today", {})[ref] = day
                if v == "b12-proxy-route-open-24-7" and forced:
                    self._b12_fired()
                    nxt = self.next_opening(now)
                    rb = self.to_instant(datetime.combine(self.local(nxt).date(), CLOSE_AT))
                    loc = self.local(rb)
                    body["respond_by"] = iso(rb)
                    body["message"] = (
                        f"Thank you: we have your request, reference {ref}. We will tell you "
                        f"by {loc:%H:%M} on {loc:%A} {loc.day} {loc:%B} how it will be handled."
                    )
                    if ref in self.statuses:
                        self.statuses[ref]["respond_by"] = iso(rb)
                desc = sent.get("description") if isinstance(sent, dict) else None
                if (
                    v == "b12-retry-after-timeout-conflict-409"
                    and isinstance(desc, str)
                    and len(desc) >= 8000
                ):
                    self._b12_fired()  # the first attempt committed; the retry's conflict shows
                    return 409, {
                        "message": "We have already received this request.",
                        "next_opening": iso(now),
                    }
                if v == "b12-ack-111-instead-when-sla-margin-under-30-min":
                    margin = parse(body["respond_by"]) - parse(body["received_at"])
                    cat = self.requests.get(ref, {}).get("category")
                    if margin < timedelta(minutes=30) and REQUEST_TYPE.get(str(cat)) == "clinical":
                        self._b12_fired()
                        body["message"] += " If you cannot wait for us, use NHS 111 online instead."
                if v == "b12-ack-smartypants-nonbreaking-hyphen" and ref in body["message"]:
                    self._b12_fired()
                    body["message"] = body["message"].replace(ref, ref.replace("-", "\u2011"))
                if v == "b12-reference-token-urlsafe-leading-dash" and ref in self.requests:
                    new = secrets.token_urlsafe(8)
                    while new in self.requests:
                        new = secrets.token_urlsafe(8)
                    if new[0] in "-_":
                        self._b12_fired()
                    self.requests[new] = self.requests.pop(ref)
                    self.requests[new]["reference"] = new
                    if ref in self.statuses:
                        self.statuses[new] = self.statuses.pop(ref)
                        self.statuses[new]["reference"] = new
                    body["reference"] = new
                    body["message"] = body["message"].replace(ref, new)
                    ref = new
                if v == "b12-attachments-sorted-in-place-by-scanner" and ref in self.requests:
                    atts = self.requests[ref]["attachments"]
                    before = list(atts)
                    atts.sort(key=lambda a: a["size_bytes"])  # the scanner's queue, in place
                    if atts != before:
                        self._b12_fired()
        if (
            method == "GET"
            and len(seg) == 3
            and seg[:2] == ["practice", "requests"]
            and status == 200
        ):
            pt = body.get("patient") or {}
            for k in ("given_name", "family_name"):
                val = pt.get(k)
                if not isinstance(val, str):
                    continue
                new = val
                if v == "b12-names-char-column-rstrip":
                    new = val.rstrip(" ")
                if v == "b12-names-nfkc-search-key-written-back":
                    import unicodedata

                    new = unicodedata.normalize("NFKC", val)
                if new != val:
                    self._b12_fired()
                    pt[k] = new
            desc = body.get("description")
            if v == "b12-med-micro-sign-casefolded" and isinstance(desc, str) and "\u00b5" in desc:
                self._b12_fired()
                body["description"] = desc.replace("\u00b5", "\u00b5".casefold())
            if (
                v == "b12-category-enum-column-missing-migration"
                and body.get("category") == "describe_symptoms"
            ):
                self._b12_fired()
                body["category"] = ""
        if method == "GET" and len(seg) == 3 and seg[0] == "requests" and seg[2] == "status":  # noqa: SIM102
            if status == 200:
                oc = body.get("outcome")
                if v == "b12-status-outcome-empty-object-when-none" and oc is None:
                    self._b12_fired()
                    body["outcome"] = {}
                if v == "b12-status-recorded-at-str-datetime" and isinstance(oc, dict):
                    self._b12_fired()
                    oc["recorded_at"] = str(parse(oc["recorded_at"]))
                if v == "b12-status-retention-three-calendar-months":
                    today = self.local(now).date()
                    m0 = today.month - 3
                    y0 = today.year + (m0 - 1) // 12
                    m0 = (m0 - 1) % 12 + 1
                    import calendar

                    cut = date(y0, m0, min(today.day, calendar.monthrange(y0, m0)[1]))
                    if self.local(parse(body["received_at"])).date() < cut:
                        self._b12_fired()
                        return 404, {"message": "no request has this reference"}
        if (
            method == "POST"
            and len(seg) == 4
            and seg[:2] == ["practice", "requests"]
            and seg[3] == "outcome"
            and status == 201
            and v == "b12-status-received-at-auto-now"
        ):
            st = self.statuses.get(str(body.get("request_reference")))
            if st is not None and st["received_at"] != iso(now):
                self._b12_fired()
                st["received_at"] = iso(now)  # auto_now: every save stamps it
        if method == "POST" and seg == ["messages"] and status == 201 and "reference" in body:
            ref = body["reference"]
            stored = self.messages.get(ref)
            if v == "b12-message-reply-bloom-filter-false-positive":
                h = hashlib.sha256(ref.encode()).digest()
                bits = self.__dict__.get("_b12_bloom", 0)
                for i in range(3):
                    bits |= 1 << h[i]
                self._b12_bloom = bits
                irt = getattr(self, "_b12_irt", None)
                if irt is not None:
                    body["in_reply_to"] = irt  # echoed as sent; filed as a new thread
                    self._b12_irt = None
            if v == "b12-message-delivery-retry-duplicates":
                self._b12_msgs = getattr(self, "_b12_msgs", 0) + 1
                if self._b12_msgs % 20 == 0:
                    self.__dict__.setdefault("_b12_dups", set()).add(ref)
            rq = body.get("requester")
            if (
                v == "b12-message-proxy-name-casefolded"
                and isinstance(rq, dict)
                and isinstance(rq.get("proxy_name"), str)
                and rq["proxy_name"].casefold() != rq["proxy_name"]
            ):
                self._b12_fired()
                rq["proxy_name"] = rq["proxy_name"].casefold()
                if stored is not None:
                    stored["requester"] = dict(rq)
            if (
                v == "b12-message-requester-default-object-when-absent"
                and body.get("direction") == "patient_to_practice"
                and rq is None
            ):
                self._b12_fired()
                body["requester"] = {"role": "patient", "proxy_name": None, "relationship": None}
                if stored is not None:
                    stored["requester"] = dict(body["requester"])
        if method == "GET" and seg == ["messages"] and status == 200:
            msgs = body.get("messages") or []
            if v == "b12-message-delivery-retry-duplicates":
                dups = self.__dict__.get("_b12_dups", set())
                out = []
                for m in msgs:
                    out.append(m)
                    if m.get("reference") in dups:
                        self._b12_fired()
                        out.append(copy.deepcopy(m))
                body["messages"] = out
            if v == "b12-message-body-quoted-printable-soft-breaks":
                for m in msgs:
                    text = m.get("body")
                    if not isinstance(text, str):
                        continue
                    lines = re.split(r"(\r\n|\n)", text)
                    for i in range(0, len(lines), 2):
                        ln = lines[i]
                        if len(ln) > 76:
                            lines[i] = "=\r\n".join(ln[j : j + 75] for j in range(0, len(ln), 75))
                    new = "".join(lines)
                    if new != text:
                        self._b12_fired()
                        m["body"] = new
        if method == "POST" and seg == ["video", "sessions"] and status == 201:
            ref = body.get("reference")
            s = self.sessions.get(str(ref))
            if v == "b12-video-end-wall-clock-duration-recomputed" and s is not None:
                start = parse(s["scheduled_start"])
                wall = start.astimezone(LONDON).replace(tzinfo=None)
                end = (wall + timedelta(minutes=s["duration_minutes"])).replace(tzinfo=LONDON)
                dur = int((end - start).total_seconds() // 60)
                if dur != s["duration_minutes"]:
                    self._b12_fired()
                    s["duration_minutes"] = dur
                    body["duration_minutes"] = dur
            if v == "b12-video-started-at-server-default" and s is not None:
                self._b12_fired()
                s["started_at"] = iso(now)
                body["started_at"] = iso(now)
        if (
            method == "POST"
            and len(seg) == 4
            and seg[:2] == ["video", "sessions"]
            and seg[3] == "join"
            and status == 200
            and v == "b12-video-professional-join-url-from-request-scheme"
            and body.get("participant") == "professional"
        ):
            self._b12_fired()
            body["join_url"] = re.sub(r"^https://", "http://", str(body.get("join_url")))
        contact_answer = (method == "POST" and seg == ["contact-details"] and status == 201) or (
            method == "GET"
            and len(seg) == 3
            and seg[:2] == ["practice", "contact-details"]
            and status == 200
        )
        if contact_answer and "reference" in body:
            ref = body["reference"]
            if v == "b12-contact-ethnicity-code-from-ordinal" and isinstance(
                body.get("ethnicity"), str
            ):
                codes = list("ABCDEFGHJKLMNPRSZ")
                eth = body["ethnicity"]
                if eth in codes:
                    back = chr(ord("A") + codes.index(eth))
                    if back != eth:
                        self._b12_fired()
                        body["ethnicity"] = back
            rq = body.get("requester")
            if v == "b12-contact-requester-role-identity-compare" and isinstance(rq, dict):
                if rq.get("role") == "proxy":
                    self._b12_fired()
                body["requester"] = None
            if v == "b12-contact-submitted-at-default-evaluated-once":
                first = self.__dict__.setdefault("_b12_cd_first", body.get("submitted_at"))
                if body.get("submitted_at") != first:
                    self._b12_fired()
                    body["submitted_at"] = first
            ct = body.get("contact") or {}
            if v == "b12-contact-address-lines-empty-as-null" and ct.get("address_lines") == []:
                self._b12_fired()
                ct["address_lines"] = None
            em = ct.get("email")
            idna12 = v == "b12-contact-email-domain-idna-lowercased"
            if idna12 and isinstance(em, str) and "@" in em:
                local, dom = em.rsplit("@", 1)
                low = dom.lower()  # the idna library's UTS #46 mapping lower-cases the labels
                if low != dom:
                    self._b12_fired()
                    ct["email"] = f"{local}@{low}"
        if method == "GET" and seg == ["usage"] and status == 200:
            recs = body.get("records") or []
            oc = (body.get("header") or {}).get("data_type") == "oc_record"
            if v == "b12-usage-period-locale-date-format":
                per = (body.get("header") or {}).get("period") or {}
                for k in ("start", "end"):
                    if isinstance(per.get(k), str):
                        self._b12_fired()
                        per[k] = date.fromisoformat(per[k]).strftime("%d/%m/%y")  # en_GB %x
            if v == "b12-usage-yearly-partition-pruning":
                q = self.__dict__.get("_b12_query") or {}
                m = WEEK_RE.fullmatch(str((q.get("week") or [""])[0]))
                if m:
                    year = int(m.group(1))
                    field = "submitted_at" if oc else "scheduled_start"
                    keep = [
                        r
                        for r in recs
                        if not isinstance(r.get(field), str)
                        or self.local(parse(r[field])).year == year
                    ]
                    if len(keep) != len(recs):
                        self._b12_fired()
                    body["records"] = keep
            if v == "b12-usage-vc-pandas-epoch-ms" and not oc:
                for r in recs:
                    if isinstance(r.get("scheduled_start"), str):
                        self._b12_fired()
                        r["scheduled_start"] = int(parse(r["scheduled_start"]).timestamp() * 1000)
        if method == "GET" and seg in (["capabilities"], ["availability"]) and status == 200:
            if v == "b12-safeguard-plain-english-rewrite" and body.get("urgent_use_safeguard"):
                self._b12_fired()
                body["urgent_use_safeguard"] = (
                    "Please do not use this form if you need help straight away: phone 111."
                )
            if v == "b12-symptom-checker-short-link" and body.get("symptom_checker_url"):
                self._b12_fired()
                body["symptom_checker_url"] = "https://bit.ly/nhs111-online"
        if (
            status == 400
            and v == "b12-error-location-at-parent-object"
            and isinstance(body.get("problems"), list)
        ):
            for p in body["problems"]:
                loc = str(p.get("location", ""))
                if loc.startswith("$") and loc != "$":
                    self._b12_fired()
                    parent = re.sub(r"(\.[^.\[\]]+|\[[0-9]+\])$", "", loc)
                    p["location"] = parent or "$"
        return status, body

    # ------------------------------------------------------------------ b13 (thirteenth blind set)
    def _b13_fired(self) -> None:
        """Note that the variant's defect acted (for the measurement log only): the first fire
        goes to B10_FIRED_LOG as for every set since b10 (`_b10_fired`), and the running count
        to B13_FIRED_LOG at 1, 2, 4, 8 ... fires."""
        import os

        self._b10_fired()
        self._b13_n = getattr(self, "_b13_n", 0) + 1
        log = os.environ.get("B13_FIRED_LOG")
        if log and self._b13_n & (self._b13_n - 1) == 0:
            with open(log, "a", encoding="utf-8") as f:  # noqa: PTH123
                f.write(f"{self.v}\t{self._b13_n}\n")

    def _b13_uk_extra(self, year: int) -> set[date]:
        """Scotland's and Northern Ireland's bank holidays that England and Wales do not have,
        as a holiday library gives them for 'GB' with no subdivision (b13)."""
        memo = self.__dict__.setdefault("_b13_uk", {})
        if year not in memo:
            ew = bank_holidays(year)
            out: set[date] = set()

            def place(d: date) -> None:  # a weekend or taken day moves to the next free weekday
                while d.weekday() >= 5 or d in ew or d in out:
                    d += timedelta(days=1)
                out.add(d)

            place(date(year, 1, 2))  # Scotland: 2 January
            place(date(year, 3, 17))  # Northern Ireland: St Patrick's Day
            place(date(year, 7, 12))  # Northern Ireland: Battle of the Boyne
            out.add(_first_monday(year, 8))  # Scotland: summer bank holiday
            place(date(year, 11, 30))  # Scotland: St Andrew's Day
            memo[year] = out
        return memo[year]  # type: ignore[no-any-return]

    def _b13_is_open(self, at: datetime) -> bool | None:
        """The b13 open-check defects; None when the variant is not one of them."""
        v = self.v
        if v == "b13-ooh-questions-env-flag-false-truthy" and getattr(
            self, "_b13_force_open", False
        ):
            return True  # bool('false') is True: questions are taken out of hours
        if v == "b13-rota-shift-ends-inclusive-minute-1259-gap":
            loc = self.local(at)
            if self.hours(loc.date()) is not None and time(12, 59) < loc.time() < time(13, 0):
                self._b13_fired()  # 'now.time() <= 12:59' fails from 12:59:00.000001
                return False
        return None

    def _b13_closed_409(self, now: datetime, message: str) -> HttpAnswer:
        return HttpAnswer(409, {"message": message, "next_opening": iso(now)})

    def _b13_welsh(self, nxt: datetime) -> str:
        loc = nxt.astimezone(LONDON)
        days = ["Llun", "Mawrth", "Mercher", "Iau", "Gwener", "Sadwrn", "Sul"]
        months = [
            "Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst",
            "Medi", "Hydref", "Tachwedd", "Rhagfyr",
        ]  # fmt: skip
        return (
            f"Rydym ar gau nawr. Byddwn yn agor eto am {loc:%H:%M} ddydd {days[loc.weekday()]} "
            f"{loc.day} {months[loc.month - 1]}. Os oes angen help arnoch cyn hynny, defnyddiwch "
            "GIG 111 ar-lein neu ffoniwch 111; mewn argyfwng ffoniwch 999."
        )

    @staticmethod
    def _b13_siphash13(data: bytes) -> int:
        """SipHash-1-3 under an all-zero key: CPython 3.11+'s str hash with PYTHONHASHSEED=0."""
        mask = 0xFFFFFFFFFFFFFFFF

        def rotl(x: int, b: int) -> int:
            return ((x << b) | (x >> (64 - b))) & mask

        v = [0x736F6D6570736575, 0x646F72616E646F6D, 0x6C7967656E657261, 0x7465646279746573]

        def sip_round() -> None:
            v[0] = (v[0] + v[1]) & mask
            v[1] = rotl(v[1], 13) ^ v[0]
            v[0] = rotl(v[0], 32)
            v[2] = (v[2] + v[3]) & mask
            v[3] = rotl(v[3], 16) ^ v[2]
            v[0] = (v[0] + v[3]) & mask
            v[3] = rotl(v[3], 21) ^ v[0]
            v[2] = (v[2] + v[1]) & mask
            v[1] = rotl(v[1], 17) ^ v[2]
            v[2] = rotl(v[2], 32)

        n = len(data)
        end = n - n % 8
        for i in range(0, end, 8):
            m = int.from_bytes(data[i : i + 8], "little")
            v[3] ^= m
            sip_round()
            v[0] ^= m
        last = ((n & 0xFF) << 56) | int.from_bytes(data[end:], "little")
        v[3] ^= last
        sip_round()
        v[0] ^= last
        v[2] ^= 0xFF
        for _ in range(3):
            sip_round()
        return (v[0] ^ v[1] ^ v[2] ^ v[3]) & mask

    def _b13_pseudonym(self, data_type: str, ref: str) -> str:
        v = self.v
        if v == "b13-record-id-python-hash-seed-zero":
            self._b13_fired()  # hash(reference) & (2**64 - 1), PYTHONHASHSEED=0
            h = self._b13_siphash13(ref.encode("utf-8"))
            h = 0xFFFFFFFFFFFFFFFE if h == 0xFFFFFFFFFFFFFFFF else h  # CPython's -1 -> -2
            return f"{h:016x}"
        if v == "b13-record-id-lru-cache-1024":  # functools.lru_cache(maxsize=1024) as the table
            from collections import OrderedDict

            cache: OrderedDict[tuple[str, str], str] = self.__dict__.setdefault(
                "_b13_lru", OrderedDict()
            )
            seen: set[tuple[str, str]] = self.__dict__.setdefault("_b13_lru_seen", set())
            key = (data_type, ref)
            if key in cache:
                cache.move_to_end(key)
                return cache[key]
            if key in seen:
                self._b13_fired()  # evicted: a new ID for a reference that had one
            seen.add(key)
            rid = secrets.token_hex(16)
            cache[key] = rid
            if len(cache) > 1024:
                cache.popitem(last=False)
            return rid
        msg = f"{SUPPLIER}|{data_type}|{ref}".encode()
        return hmac.new(self.key, msg, hashlib.sha256).hexdigest()[:32]

    def b13_pre(self, method: str, seg: list[str]) -> None:
        v, now = self.v, self.now()
        self._b13_force_open = False
        self._b13_body = None
        self._b13_stash = None
        self._b13_toggle = None
        if (
            v == "b13-video-no-show-after-5-minutes"
            and method == "GET"
            and len(seg) == 3
            and seg[:2] == ["video", "sessions"]
        ):
            s = self.sessions.get(seg[2])
            if s is not None and s["status"] == "scheduled" and not self.joins.get(seg[2]):
                st = datetime.fromisoformat(s["scheduled_start"].replace("Z", "+00:00"))
                if now >= st + timedelta(minutes=5):
                    s["status"] = "did_not_attend"  # the no-show timer, applied on read
                    if now < st + timedelta(minutes=s["duration_minutes"]):
                        self._b13_fired()

    def b13_in(self, method: str, seg: list[str], body: Any) -> Any:
        import copy

        v, now = self.v, self.now()
        if not isinstance(body, dict):
            return body
        if v == "b13-unknown-keys-x-prefix-ignored" and method == "POST":

            def drop_ext(o: Any) -> bool:
                dropped = False
                if isinstance(o, dict):
                    for k in [
                        k
                        for k in o
                        if isinstance(k, str) and (k.lower().startswith("x-") or k.startswith("_"))
                    ]:
                        del o[k]
                        dropped = True
                    for val in o.values():
                        dropped = drop_ext(val) or dropped
                elif isinstance(o, list):
                    for val in o:
                        dropped = drop_ext(val) or dropped
                return dropped

            if drop_ext(body):
                self._b13_fired()
        self._b13_body = copy.deepcopy(body)
        pt = body.get("patient") if isinstance(body.get("patient"), dict) else {}
        contact = body.get("contact") if isinstance(body.get("contact"), dict) else {}
        person_ops = method == "POST" and seg in (["requests"], ["contact-details"])
        if person_ops:
            pref = contact.get("preferred")
            if (
                v == "b13-preferred-substring-membership"
                and isinstance(pref, str)
                and pref not in ("phone", "email", "text_message", "online", "post")
                and pref in B13_PREFERRED  # `in` on a string: a substring test
            ):
                self._b13_stash = ("preferred", pref)
                contact["preferred"] = "phone"  # passes the enum here; stored as sent below
            em = contact.get("email")
            if v == "b13-email-tld-public-suffix-list" and isinstance(em, str) and "@" in em:
                tld = em.rsplit("@", 1)[1].rsplit(".", 1)[-1].lower()
                if tld in ("invalid", "test", "example", "localhost", "local"):
                    self._b13_fired()
                    raise BadInput(
                        [("$.contact.email", "the email address's domain does not exist")]
                    )
            dob = pt.get("date_of_birth")
            if (
                v == "b13-dob-before-1970-windows-epoch-500"
                and isinstance(dob, str)
                and re.fullmatch(DATE_RE, dob)
            ):
                try:
                    born: date | None = date.fromisoformat(dob)
                except ValueError:
                    born = None
                if (
                    born is not None
                    and born < date(1970, 1, 2)
                    and (seg == ["contact-details"] or self.is_open(now))
                ):
                    self._b13_fired()
                    raise OSError(22, "Invalid argument")  # datetime.fromtimestamp on Windows
        if method == "POST" and seg == ["contact-details"]:
            lines = contact.get("address_lines")
            if (
                v == "b13-contact-postcode-extracted-from-last-line"
                and not contact.get("postcode")
                and isinstance(lines, list)
                and lines
                and isinstance(lines[-1], str)
                and re.fullmatch(r"[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}", lines[-1])
            ):
                self._b13_fired()  # the address finder moves a postcode-shaped line
                contact["postcode"] = lines[-1]
                contact["address_lines"] = lines[:-1]
            gn = pt.get("given_name")
            if (
                v == "b13-contact-one-letter-given-name-initial-dot"
                and isinstance(gn, str)
                and len(gn) == 1
                and gn.isalpha()
            ):
                self._b13_fired()
                pt["given_name"] = gn + "."
        if method == "POST" and seg == ["requests"]:
            open_ = self.is_open(now)
            loc = self.local(now)
            cat = body.get("category")
            rq = body.get("requester") if isinstance(body.get("requester"), dict) else {}
            desc = body.get("description")
            if (
                v == "b13-ooh-questions-env-flag-false-truthy"
                and cat == "ask_question"
                and not open_
            ):
                self._b13_force_open = True
            if v == "b13-snowflake-id-clock-moved-backwards-503" and open_:
                last = self.__dict__.get("_b13_last_ts")
                if last is not None and now < last - timedelta(milliseconds=5):
                    self._b13_fired()  # 'Clock moved backwards. Refusing to generate id'
                    raise HttpAnswer(
                        503,
                        {"message": "We could not save your request just now. Please try again."},
                    )
            if v == "b13-shard-3-of-4-closes-1800" and open_ and loc.time() >= time(18, 0):
                digits = re.sub(r"[^0-9]", "", str(pt.get("nhs_number") or ""))
                if sum(int(c) for c in digits) % 4 == 3:
                    self._b13_fired()  # shard 3 closes with the phone lines
                    nxt = self.next_opening(self.to_instant(datetime.combine(loc.date(), CLOSE_AT)))
                    raise HttpAnswer(
                        409, {"message": self._closed_message(nxt), "next_opening": iso(nxt)}
                    )
            fu = body.get("follows_up")
            if (
                v == "b13-follow-up-loop-guard-5-per-request-per-day"
                and open_
                and cat == "follow_up"
                and isinstance(fu, str)
                and fu in self.requests
            ):
                n = sum(
                    1
                    for r in self.requests.values()
                    if r.get("follows_up") == fu
                    and self.local(r["_submitted_real"]).date() == loc.date()
                )
                if n >= 5:
                    self._b13_fired()
                    raise HttpAnswer(
                        429,
                        {
                            "message": "This conversation has had a lot of follow-ups today. "
                            "Please wait for the practice to reply."
                        },
                    )
            if (
                v == "b13-patient-row-three-proxy-slots"
                and open_
                and rq.get("role") == "proxy"
                and isinstance(rq.get("proxy_name"), str)
            ):
                key = self._b10_patient_key(body)
                names = {
                    r["requester"]["proxy_name"]
                    for r in self.requests.values()
                    if r["requester"]["role"] == "proxy"
                    and self._b10_patient_key({"patient": r["patient"]}) == key
                }
                if rq["proxy_name"] not in names and len(names) >= 3:
                    self._b13_fired()
                    raise self._b13_closed_409(
                        now,
                        "This patient already has three people acting for them. Please ask "
                        "the practice to change who can act for them.",
                    )
            if (
                v == "b13-111-sentiment-lexicon-two-negative-words"
                and open_
                and isinstance(desc, str)
                and len(B13_NEGATIVE_RE.findall(desc)) >= 2
            ):
                self._b13_fired()
                raise self._b13_closed_409(
                    now,
                    "You sound very unwell. Please use NHS 111 online (https://111.nhs.uk/) "
                    "or call 111 now.",
                )
            if (
                v == "b13-description-length-latin1-ignore-undercount"
                and isinstance(desc, str)
                and len(desc) > 10000
                and len(desc.encode("latin-1", "ignore")) <= 10000
            ):
                self._b13_stash = ("description", desc)
                body["description"] = desc[:10000]  # passes the limit here; stored whole below
        if method == "POST" and seg == ["messages"]:
            ab = body.get("about_request")
            if (
                v == "b13-about-request-index-excludes-follow-ups"
                and isinstance(ab, str)
                and (self.requests.get(ab) or {}).get("category") == "follow_up"
            ):
                self._b13_fired()  # follow-ups live in the conversations table
                raise HttpAnswer(
                    404,
                    {
                        "message": "about_request names no request",
                        "problems": [{"location": "$.about_request", "message": "no such request"}],
                    },
                )
            text = body.get("body")
            if v == "b13-message-emoticons-to-emoji" and isinstance(text, str):
                new = B13_EMOTICON_RE.sub(lambda m: B13_EMOTICONS[m.group(0)], text)
                if new != text:
                    self._b13_fired()
                    body["body"] = new
        if method == "POST" and seg == ["video", "sessions"]:
            st = body.get("scheduled_start")
            if isinstance(st, str) and re.fullmatch(INSTANT_RE, st):
                frac = re.search(r"\.([0-9]+)", st)
                if (
                    v == "b13-video-start-py310-fromisoformat-fraction-digits"
                    and frac
                    and len(frac.group(1)) not in (3, 6)
                ):
                    self._b13_fired()  # Python 3.10: 3 or 6 fractional digits only
                    raise BadInput([("$.scheduled_start", "not an ISO 8601 date-time")])
                if v == "b13-video-no-clinic-on-bank-holidays":
                    day = (
                        datetime.fromisoformat(st.replace("Z", "+00:00")).astimezone(LONDON).date()
                    )
                    if day in bank_holidays(day.year):
                        self._b13_fired()
                        raise BadInput(
                            [("$.scheduled_start", "there are no video clinics on bank holidays")]
                        )
        if (
            method == "POST"
            and len(seg) == 4
            and seg[:2] == ["video", "sessions"]
            and seg[3] == "join"
        ):
            who = body.get("participant")
            if (
                v == "b13-video-join-toggles-presence"
                and isinstance(who, str)
                and who in self.joins.get(seg[2], set())
            ):
                self._b13_toggle = (seg[2], who)
        if (
            method == "POST"
            and len(seg) == 4
            and seg[:2] == ["practice", "requests"]
            and seg[3] == "outcome"
        ):
            msg = body.get("message")
            if (
                v == "b13-outcome-message-carriage-return-refused"
                and isinstance(msg, str)
                and "\r" in msg
                and seg[2] in self.statuses
            ):
                self._b13_fired()
                raise BadInput([("$.message", "carriage returns cannot be sent by text message")])
        return body

    def b13_out(
        self, method: str, seg: list[str], status: int, body: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        import copy
        import json as _json

        v, now = self.v, self.now()
        body = copy.deepcopy(body)
        sent = self.__dict__.get("_b13_body") or {}
        headers = self.__dict__.get("_b13_headers")

        def parse(s: str) -> datetime:
            return datetime.fromisoformat(s.replace("Z", "+00:00"))

        def gap_now() -> bool:
            loc = self.local(now)
            return self.hours(loc.date()) is not None and time(12, 59) < loc.time() < time(13, 0)

        welsh = v == "b13-closed-message-welsh-default-locale" and (
            headers is None or headers.get("Accept-Language") is None
        )
        if method == "POST" and seg == ["requests"]:
            forced = getattr(self, "_b13_force_open", False)
            self._b13_force_open = False
            if status == 409 and v == "b13-rota-shift-ends-inclusive-minute-1259-gap" and gap_now():
                loc = self.local(now)
                nxt = self.to_instant(datetime.combine(loc.date(), time(13, 0)))
                body = {"message": self._closed_message(nxt), "next_opening": iso(nxt)}
            if status == 409 and welsh and isinstance(body.get("next_opening"), str):
                self._b13_fired()
                body["message"] = self._b13_welsh(parse(body["next_opening"]))
            if status == 201 and "reference" in body:
                ref = body["reference"]
                stored = self.requests.get(ref)
                if v == "b13-snowflake-id-clock-moved-backwards-503":
                    last = self.__dict__.get("_b13_last_ts")
                    self._b13_last_ts = now if last is None else max(last, now)
                if v == "b13-ooh-questions-env-flag-false-truthy" and forced:
                    self._b13_fired()
                    nxt = self.next_opening(now)
                    rb = self.to_instant(datetime.combine(self.local(nxt).date(), CLOSE_AT))
                    lrb = self.local(rb)
                    body["respond_by"] = iso(rb)
                    body["message"] = (
                        f"Thank you: we have your request, reference {ref}. We will tell you "
                        f"by {lrb:%H:%M} on {lrb:%A} {lrb.day} {lrb:%B} how it will be handled."
                    )
                    if ref in self.statuses:
                        self.statuses[ref]["respond_by"] = iso(rb)
                stash = self.__dict__.get("_b13_stash")
                if stash is not None and stored is not None:
                    what, val = stash
                    self._b13_fired()
                    if what == "preferred":
                        stored["contact"]["preferred"] = val
                    else:
                        stored["description"] = stored["_raw_description"] = val
                atts = sent.get("attachments")
                if (
                    v == "b13-ack-111-instead-for-photo-requests"
                    and isinstance(atts, list)
                    and atts
                ):
                    self._b13_fired()
                    body["message"] += (
                        " We cannot look at photos until a clinician is free: if you cannot "
                        "wait, use NHS 111 online instead."
                    )
                ct = sent.get("contact") if isinstance(sent.get("contact"), dict) else {}
                if (
                    v == "b13-ack-111-instead-texts-to-landline"
                    and ct.get("preferred") == "text_message"
                    and isinstance(ct.get("phone"), str)
                ):
                    digits = re.sub(r"[^0-9]", "", ct["phone"])
                    if digits.startswith("44"):
                        digits = "0" + digits[2:].lstrip("0")
                    if not digits.startswith("07"):
                        self._b13_fired()
                        body["message"] += (
                            " We cannot text a landline: if you need help sooner, use NHS 111 "
                            "online instead."
                        )
                if v == "b13-ack-date-week-based-year-yyyy":
                    lrb = self.local(parse(body["respond_by"]))
                    old = f"{lrb.day} {lrb:%B})"
                    week_year = lrb.isocalendar()[0]  # 'YYYY': the week-based year
                    if old in body["message"]:
                        if week_year != lrb.year:
                            self._b13_fired()
                        body["message"] = body["message"].replace(
                            old, f"{lrb.day} {lrb:%B} {week_year})", 1
                        )
                rq = sent.get("requester") if isinstance(sent.get("requester"), dict) else {}
                if (
                    v == "b13-ack-proxy-template-format-map-defaultdict"
                    and rq.get("role") == "proxy"
                ):
                    from collections import defaultdict

                    self._b13_fired()
                    tpl = (
                        "Thank you: we have the request you sent for the patient, reference "
                        "{ref}. We will tell you by {when_time} on {when_day} how it will be "
                        "handled."
                    )
                    body["message"] = tpl.format_map(defaultdict(str, {"ref": ref}))
        if (
            method == "GET"
            and seg == ["availability"]
            and status == 200
            and not body.get("open_now")
        ):
            if v == "b13-rota-shift-ends-inclusive-minute-1259-gap" and gap_now():
                loc = self.local(now)
                nxt = self.to_instant(datetime.combine(loc.date(), time(13, 0)))
                body["next_opening"] = iso(nxt)
                body["message"] = self._closed_message(nxt)
            if welsh and isinstance(body.get("next_opening"), str):
                self._b13_fired()
                body["message"] = self._b13_welsh(parse(body["next_opening"]))
        if method == "GET" and len(seg) == 3 and seg[0] == "requests" and seg[2] == "status":  # noqa: SIM102
            if status == 200:
                oc = body.get("outcome")
                req = self.requests.get(str(body.get("reference"))) or {}
                if (
                    v == "b13-status-row-level-security-hides-proxy-outcomes"
                    and isinstance(oc, dict)
                    and (req.get("requester") or {}).get("role") == "proxy"
                ):
                    self._b13_fired()
                    body["outcome"], body["message"] = None, None
                if (
                    v == "b13-outcome-kind-varchar20-truncated"
                    and isinstance(oc, dict)
                    and len(str(oc.get("kind"))) > 20
                ):
                    self._b13_fired()
                    oc["kind"] = str(oc["kind"])[:20]
        if (
            method == "POST"
            and len(seg) == 4
            and seg[:2] == ["practice", "requests"]
            and seg[3] == "outcome"
            and status == 201
            and v == "b13-outcome-recorded-at-triage-session-start"
        ):
            loc = self.local(now)
            starts = [t for t in (time(8, 0), time(13, 0)) if t <= loc.time()]
            if starts:
                session = iso(self.to_instant(datetime.combine(loc.date(), starts[-1])))
                if session != body.get("recorded_at"):
                    self._b13_fired()
                    body["recorded_at"] = session
                    st = self.statuses.get(str(body.get("request_reference")))
                    if st is not None and isinstance(st.get("outcome"), dict):
                        st["outcome"]["recorded_at"] = session
        if (
            method == "GET"
            and len(seg) == 3
            and seg[:2] == ["practice", "requests"]
            and status == 200
        ):
            pt = body.get("patient") or {}
            for k in ("given_name", "family_name"):
                val = pt.get(k)
                if not isinstance(val, str):
                    continue
                new = val
                if v == "b13-names-null-string-read-as-null" and val.lower() in ("null", "none"):
                    new = None
                if v == "b13-profanity-filter-substring-scunthorpe":
                    new = B13_PROFANITY_RE.sub(lambda m: "*" * len(m.group(0)), val)
                if new != val:
                    self._b13_fired()
                    pt[k] = new
            desc = body.get("description")
            if isinstance(desc, str):
                new_d = desc
                if v == "b13-description-mbox-from-escaped":
                    new_d = re.sub(r"(^|\n)From ", r"\1>From ", new_d)
                if v == "b13-description-leading-newline-textarea-dropped":
                    if new_d.startswith("\r\n"):
                        new_d = new_d[2:]
                    elif new_d.startswith("\n"):
                        new_d = new_d[1:]
                if v == "b13-description-text-speak-expanded":
                    new_d = B13_TEXT_SPEAK_RE.sub(
                        lambda m: B13_TEXT_SPEAK[m.group(0).lower()], new_d
                    )
                if v == "b13-profanity-filter-substring-scunthorpe":
                    new_d = B13_PROFANITY_RE.sub(lambda m: "*" * len(m.group(0)), new_d)
                if new_d != desc:
                    self._b13_fired()
                    body["description"] = new_d
            ct = body.get("contact") or {}
            if v == "b13-profanity-filter-substring-scunthorpe" and isinstance(
                ct.get("address_lines"), list
            ):
                lines = [
                    B13_PROFANITY_RE.sub(lambda m: "*" * len(m.group(0)), x)
                    if isinstance(x, str)
                    else x
                    for x in ct["address_lines"]
                ]
                if lines != ct["address_lines"]:
                    self._b13_fired()
                    ct["address_lines"] = lines
            rq = body.get("requester") or {}
            pn = rq.get("proxy_name")
            if (
                v == "b13-proxy-name-comma-reordered-by-name-parser"
                and isinstance(pn, str)
                and "," in pn
            ):
                last_, first_ = pn.split(",", 1)
                new_pn = f"{first_.strip()} {last_.strip()}".strip()
                if new_pn != pn:
                    self._b13_fired()
                    rq["proxy_name"] = new_pn
        if method == "POST" and seg == ["messages"] and status == 201 and "reference" in body:
            ref = body["reference"]
            stored_m = self.messages.get(ref)
            if v == "b13-message-sent-at-utc-date-london-time":
                wall = datetime.combine(now.astimezone(UTC).date(), now.astimezone(LONDON).time())
                inst = wall.replace(tzinfo=LONDON).astimezone(UTC)
                if inst != now:
                    self._b13_fired()
                    body["sent_at"] = iso(inst)
                    if stored_m is not None:
                        stored_m["sent_at"] = iso(inst)
        if method == "GET" and seg == ["messages"] and status == 200:
            msgs = body.get("messages") or []
            for m in msgs:
                text = m.get("body")
                if v == "b13-message-smtp-dot-stuffing-not-undone" and isinstance(text, str):
                    new_t = re.sub(r"(^|\n)\.", r"\1..", text)
                    if new_t != text:
                        self._b13_fired()
                        m["body"] = new_t
                rq = m.get("requester")
                if v == "b13-message-requester-latin1-header-hop" and isinstance(rq, dict):
                    for k in ("proxy_name", "relationship"):
                        val = rq.get(k)
                        if isinstance(val, str):
                            hdr = val.encode("latin-1", "replace").decode("latin-1")
                            if hdr != val:
                                self._b13_fired()
                                rq[k] = hdr
            if v == "b13-thread-over-256kb-oldest-dropped":
                while (
                    len(msgs) > 1
                    and len(_json.dumps(body, ensure_ascii=False).encode("utf-8")) > 256 * 1024
                ):
                    self._b13_fired()
                    msgs.pop(0)  # the queue's message size limit: oldest first out
        if (
            method == "POST"
            and len(seg) == 4
            and seg[:2] == ["video", "sessions"]
            and seg[3] == "join"
            and status == 200
        ):
            tg = self.__dict__.get("_b13_toggle")
            if v == "b13-video-join-toggles-presence" and tg is not None:
                ref, who = tg
                self._b13_fired()
                self.joins.get(ref, set()).discard(who)  # a second event toggles presence off
                s = self.sessions.get(ref)
                if s is not None and s["status"] == "in_progress":
                    s["status"] = "scheduled"
                    body["status"] = "scheduled"
        if (
            method == "POST"
            and seg == ["contact-details"]
            and status == 201
            and "reference" in body
        ):
            ref = body["reference"]
            stored_c = self.contact_updates.get(ref)
            stash = self.__dict__.get("_b13_stash")
            if stash is not None and stash[0] == "preferred":
                self._b13_fired()
                body["contact"]["preferred"] = stash[1]
                if stored_c is not None:
                    stored_c["contact"]["preferred"] = stash[1]
            bpt = body.get("patient") or {}
            if (
                v == "b13-contact-dob-1900-01-01-sentinel-null"
                and bpt.get("date_of_birth") == "1900-01-01"
            ):
                self._b13_fired()
                bpt["date_of_birth"] = None
                if stored_c is not None:
                    stored_c["patient"]["date_of_birth"] = None
            if v == "b13-contact-name-change-held-for-verification" and stored_c is not None:

                def who(u: dict[str, Any]) -> tuple[str, Any]:
                    p = u["patient"]
                    nhs = re.sub(r"[^0-9]", "", str(p.get("nhs_number") or ""))
                    return (nhs or str(p.get("given_name")), p.get("date_of_birth"))

                prev = [
                    u
                    for k, u in self.contact_updates.items()
                    if k != ref and who(u) == who(stored_c)
                ]
                if (
                    prev
                    and prev[-1]["patient"]["family_name"] != stored_c["patient"]["family_name"]
                ):
                    self.__dict__.setdefault("_b13_held", set()).add(ref)
        if (
            method == "GET"
            and len(seg) == 3
            and seg[:2] == ["practice", "contact-details"]
            and status == 200
        ):
            ref = str(body.get("reference"))
            if v == "b13-contact-name-change-held-for-verification" and ref in self.__dict__.get(
                "_b13_held", set()
            ):
                self._b13_fired()
                return 404, {"message": "no contact details update has this reference"}
            if v == "b13-contact-view-global-context-ethnicity":
                g = self.__dict__.get("_b13_g_ethnicity")
                if body.get("ethnicity") is None and g is not None:
                    self._b13_fired()
                    body["ethnicity"] = g
                stored_eth = (self.contact_updates.get(ref) or {}).get("ethnicity")
                if stored_eth is not None:
                    self._b13_g_ethnicity = stored_eth  # set, never reset
        if method == "GET" and seg == ["usage"] and status == 200:
            recs = body.get("records") or []
            dt = (body.get("header") or {}).get("data_type")
            if v == "b13-usage-type-map-csv-bom-first-row" and dt == "oc_record":
                for r in recs:
                    if (
                        r.get("category") == "seek_health_advice"
                        and r.get("request_type") != "other"
                    ):
                        self._b13_fired()  # the map's first key is '\ufeffseek_health_advice'
                        r["request_type"] = "other"
            if v == "b13-usage-has-attachments-json-text-truthy" and dt == "oc_record":
                for r in recs:
                    if r.get("has_attachments") is False:
                        self._b13_fired()  # bool('[]') is True
                        r["has_attachments"] = True
            if v == "b13-usage-vc-strptime-no-fraction-skipped" and dt == "vc_record":
                keep = [
                    r
                    for r in recs
                    if not (
                        isinstance(r.get("scheduled_start"), str) and "." in r["scheduled_start"]
                    )
                ]
                if len(keep) != len(recs):
                    self._b13_fired()
                body["records"] = keep
        if method == "GET" and seg in (["capabilities"], ["availability"]) and status == 200:
            if v == "b13-safeguard-cms-excerpt-36-characters" and body.get("urgent_use_safeguard"):
                self._b13_fired()
                body["urgent_use_safeguard"] = str(body["urgent_use_safeguard"])[:36]
            if v == "b13-symptom-checker-amp-cache-link" and body.get("symptom_checker_url"):
                self._b13_fired()
                body["symptom_checker_url"] = (
                    "https://111-nhs-uk.cdn.ampproject.org/c/s/111.nhs.uk/"
                )
        if (
            status == 400
            and v == "b13-error-location-schema-keyword-pointer"
            and isinstance(body.get("problems"), list)
        ):
            for p in body["problems"]:
                loc_ = str(p.get("location", ""))
                if loc_.startswith("$") and loc_ != "$":
                    self._b13_fired()
                    out = "#"
                    for name, idx in re.findall(r"\.([^.\[\]]+)|\[([0-9]+)\]", loc_[1:]):
                        out += "/items" if idx else f"/properties/{name}"
                    p["location"] = out
        return status, body

    # ------------------------------------------------------------------ b14 (fourteenth blind set)
    def _b14_fired(self) -> None:
        """Note that the variant's defect acted (for the measurement log only): the first fire
        goes to B10_FIRED_LOG as for every set since b10 (`_b10_fired`), and the running count
        to B14_FIRED_LOG at 1, 2, 4, 8 ... fires."""
        import os

        self._b10_fired()
        self._b14_n = getattr(self, "_b14_n", 0) + 1
        log = os.environ.get("B14_FIRED_LOG")
        if log and self._b14_n & (self._b14_n - 1) == 0:
            with open(log, "a", encoding="utf-8") as f:  # noqa: PTH123
                f.write(f"{self.v}\t{self._b14_n}\n")

    def _b14_humanised(self, nxt: datetime) -> str | None:
        """The closed message as a humaniser words it: anything under 48 hours away is
        'tomorrow' (b14); None where it keeps the dated message (today, or 48 hours or more)."""
        now = self.now()
        loc, lnow = nxt.astimezone(LONDON), now.astimezone(LONDON)
        if loc.date() == lnow.date() or nxt - now >= timedelta(hours=48):
            return None
        if loc.date() != lnow.date() + timedelta(days=1):
            self._b14_fired()  # 'tomorrow' is not the day it opens
        return (
            f"We are closed now. We open again tomorrow at {loc:%H:%M}. If you need help "
            "before then, use NHS 111 online or call 111; in an emergency call 999."
        )

    def _b14_split_surrogates(self, text: str) -> str:
        """A JSON reader that decodes each \\u escape alone: an escaped surrogate pair becomes
        two U+FFFD (b14)."""
        new = B14_SURROGATE_ESC_RE.sub(lambda m: m.group(1) + "\\ufffd\\ufffd", text)
        if new != text:
            self._b14_fired()
        return new

    @staticmethod
    def _b14_fold_keys(obj: Any, fold: Callable[[str], str]) -> bool:
        """Bind keys the contract does not list to the contract's name they fold to (b14)."""
        changed = False
        if isinstance(obj, dict):
            for k in list(obj):
                if isinstance(k, str) and k not in B14_KEYS:
                    canon = fold(k)
                    if canon in B14_KEYS and canon not in obj:
                        obj[canon] = obj.pop(k)
                        changed = True
            for val in obj.values():
                changed = Tool._b14_fold_keys(val, fold) or changed
        elif isinstance(obj, list):
            for val in obj:
                changed = Tool._b14_fold_keys(val, fold) or changed
        return changed

    @staticmethod
    def _b14_graphemes(text: str) -> int:
        """User-perceived characters, as a composer's counter gives them (b14): combining
        marks, variation selectors and skin-tone modifiers join the character before, a ZWJ
        joins the next, and CR LF is one."""
        import unicodedata

        n, prev, join = 0, "", False
        for ch in text:
            cp = ord(ch)
            if join:
                join, prev = False, ch
                continue
            if ch == "\u200d":
                join, prev = True, ch
                continue
            if (
                unicodedata.category(ch) in ("Mn", "Me", "Mc")
                or 0xFE00 <= cp <= 0xFE0F
                or 0x1F3FB <= cp <= 0x1F3FF
                or (ch == "\n" and prev == "\r")
            ):
                prev = ch
                continue
            n += 1
            prev = ch
        return n

    def _b14_rollback(self, ref: str) -> tuple[int, dict[str, Any]]:
        """The request's transaction is rolled back and the answer is a 500 (b14)."""
        self.requests.pop(ref, None)
        self.statuses.pop(ref, None)
        self._b14_fired()
        return 500, {"message": "internal server error"}

    def b14_pre(self, method: str, seg: list[str]) -> None:
        from urllib.parse import unquote

        v = self.v
        self._b14_body: dict[str, Any] | None = None
        self._b14_stash: dict[str, Any] = {}
        if (
            v == "b14-video-lookup-sql-like-wildcards"
            and len(seg) >= 3
            and seg[:2] == ["video", "sessions"]
            and (
                (method == "GET" and len(seg) == 3)
                or (method == "POST" and len(seg) == 4 and seg[3] == "join")
            )
        ):
            asked = unquote(seg[2])
            if asked not in self.sessions and "_" in asked:
                for ref in self.sessions:  # WHERE reference LIKE ?: '_' is any one character
                    if len(ref) == len(asked) and all(
                        a in ("_", r) for a, r in zip(asked, ref, strict=True)
                    ):
                        self._b14_fired()
                        seg[2] = ref
                        break

    def b14_in(self, method: str, seg: list[str], body: Any) -> Any:
        import copy
        from urllib.parse import unquote

        v, now = self.v, self.now()
        st = self._b14_stash
        if (
            v == "b14-db-pool-leaked-on-409-path"
            and method == "POST"
            and seg == ["requests"]
            and self.__dict__.get("_b14_leaked", 0) >= 100
        ):
            self._b14_fired()  # no connection left in the pool
            raise HttpAnswer(
                503,
                {
                    "message": "We could not save your request just now. "
                    "Please try again in a few minutes."
                },
            )
        if (
            v == "b14-bulk-import-array-body-accepted"
            and method == "POST"
            and seg == ["requests"]
            and isinstance(body, list)
            and body
            and all(isinstance(x, dict) for x in body)
        ):
            self._b14_fired()  # the migration tool's bulk path
            st["rest"] = body[1:]
            body = body[0]
        if not isinstance(body, dict):
            return body
        if (
            v == "b14-json-keys-case-insensitive-binder"
            and method == "POST"
            and seg == ["requests"]
            and self._b14_fold_keys(body, str.lower)
        ):
            self._b14_fired()
        if (
            v == "b14-contact-camelcase-aliases-accepted"
            and method == "POST"
            and seg == ["contact-details"]
            and self._b14_fold_keys(body, lambda k: re.sub(r"(?<!^)(?=[A-Z])", "_", k).lower())
        ):
            self._b14_fired()
        self._b14_body = copy.deepcopy(body)
        pt: dict[str, Any] = body["patient"] if isinstance(body.get("patient"), dict) else {}
        ct: dict[str, Any] = body["contact"] if isinstance(body.get("contact"), dict) else {}
        rq: dict[str, Any] = body["requester"] if isinstance(body.get("requester"), dict) else {}
        if method == "POST" and seg in (["requests"], ["contact-details"]):
            if v == "b14-nhs-number-empty-string-skips-check" and pt.get("nhs_number") == "":
                del pt["nhs_number"]  # `if patient.get('nhs_number'):` skips the check
                st["nhs"] = ""
            ph = ct.get("phone")
            if (
                v == "b14-phone-vanity-letters-keypad-converted"
                and isinstance(ph, str)
                and re.search(r"[A-Za-z]", ph)
            ):
                conv = ph.translate(B14_KEYPAD)
                if re.fullmatch(r"[ ()+-]*([0-9][ ()+-]*){10,13}", conv):
                    st["phone"] = ph
                    ct["phone"] = conv  # the check sees the keypad digits; stored as sent
            em = ct.get("email")
            if v == "b14-email-tld-over-6-letters-refused" and isinstance(em, str) and "@" in em:
                dom = em.rsplit("@", 1)[1]
                if "." in dom and len(dom.rsplit(".", 1)[1]) > 6:
                    self._b14_fired()  # ... \.[A-Za-z]{2,6}$
                    raise BadInput([("$.contact.email", "not a valid email address")])
            pref = ct.get("preferred")
            need = {
                "email": ("email",),
                "phone": ("phone",),
                "text_message": ("phone",),
                "post": ("address_lines",),
            }
            if (
                v == "b14-preferred-channel-without-contact-refused"
                and isinstance(pref, str)
                and pref in need
                and not any(ct.get(k) for k in need[pref])
            ):
                self._b14_fired()
                raise BadInput([("$.contact.preferred", "we cannot answer you that way")])
        if method == "POST" and seg == ["requests"]:
            atts = body.get("attachments")
            if (
                v == "b14-proxy-photos-refused"
                and rq.get("role") == "proxy"
                and isinstance(atts, list)
                and atts
            ):
                self._b14_fired()
                raise BadInput(
                    [("$.attachments", "please ask the patient to send photos themselves")]
                )
            dob = pt.get("date_of_birth")
            if (
                v == "b14-proxy-for-16-17-refused"
                and rq.get("role") == "proxy"
                and isinstance(dob, str)
                and re.fullmatch(DATE_RE, dob)
            ):
                try:
                    born: date | None = date.fromisoformat(dob)
                except ValueError:
                    born = None
                today = self.local(now).date()
                if born is not None and born <= today:
                    before = (today.month, today.day) < (born.month, born.day)
                    age = today.year - born.year - before
                    if age in (16, 17):
                        self._b14_fired()
                        raise BadInput(
                            [("$.requester.role", "from 16, please ask them to send it themselves")]
                        )
            if v == "b14-heic-declared-converter-missing" and isinstance(atts, list):
                for a in atts:
                    if isinstance(a, dict) and a.get("media_type") == "image/heic":
                        a["media_type"] = "image/jpeg"  # validation passes; conversion fails
                        st["heic"] = True
        if method == "POST" and seg == ["contact-details"]:
            pc = ct.get("postcode")
            if (
                v == "b14-contact-postcode-space-required"
                and isinstance(pc, str)
                and re.fullmatch(r"[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}", pc)
            ):
                self._b14_fired()
                raise BadInput(
                    [("$.contact.postcode", "enter the postcode with its space, e.g. LS1 4AP")]
                )
        if method == "POST" and seg == ["messages"]:
            text = body.get("body")
            if (
                v == "b14-message-length-grapheme-clusters"
                and isinstance(text, str)
                and len(text) > 10000
                and self._b14_graphemes(text) <= 10000
            ):
                st["body"] = text
                body["body"] = text[:10000]  # passes the limit here; stored whole below
            about = body.get("about_request")
            if (
                v == "b14-about-request-generic-subject-index"
                and isinstance(about, str)
                and about not in self.requests
                and (about in self.contact_updates or about in self.sessions)
                and self.requests
            ):
                st["about"] = about
                body["about_request"] = next(iter(self.requests))  # found; restored below
        if method == "POST" and seg == ["video", "sessions"]:
            start = body.get("scheduled_start")
            if (
                v == "b14-video-offset-minus-zero-refused"
                and isinstance(start, str)
                and start.endswith("-00:00")
            ):
                self._b14_fired()
                raise BadInput([("$.scheduled_start", "the UTC offset is unknown (-00:00)")])
        if (
            method == "POST"
            and len(seg) == 4
            and seg[:2] == ["video", "sessions"]
            and seg[3] == "join"
        ):
            ref = unquote(seg[2])
            s = self.sessions.get(ref)
            if v == "b14-video-presence-ttl-90s" and s is not None:
                st["presence"] = (ref, body.get("participant"), s["status"])
        if (
            method == "POST"
            and len(seg) == 4
            and seg[:2] == ["practice", "requests"]
            and seg[3] == "outcome"
        ):
            ref = unquote(seg[2])
            status = self.statuses.get(ref)
            if (
                v == "b14-outcome-draft-until-request-opened"
                and status is not None
                and ref not in self.__dict__.get("_b14_opened", set())
            ):
                st["draft"] = (ref, copy.deepcopy(status["outcome"]), status["message"])
        return body

    def b14_out(
        self, method: str, seg: list[str], status: int, body: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        import contextlib
        import copy
        from urllib.parse import quote

        v, now = self.v, self.now()
        body = copy.deepcopy(body)
        sent = self.__dict__.get("_b14_body") or {}
        st = self.__dict__.get("_b14_stash") or {}

        def parse(s: str) -> datetime:
            return datetime.fromisoformat(s.replace("Z", "+00:00"))

        if method == "POST" and seg == ["requests"]:
            if v == "b14-db-pool-leaked-on-409-path" and status == 409:
                self._b14_leaked = self.__dict__.get("_b14_leaked", 0) + 1  # never released
            if v == "b14-worker-recycled-after-write-before-answer":
                self._b14_posts = self.__dict__.get("_b14_posts", 0) + 1
                if self._b14_posts % 500 == 0:
                    self._b14_fired()  # the worker exits before writing the answer
                    return 0, body
        if method == "POST" and seg == ["requests"] and status == 201 and "reference" in body:
            ref = body["reference"]
            if v == "b14-received-at-millisecond-round-overflow-500" and now.microsecond >= 999500:
                return self._b14_rollback(ref)  # replace(microsecond=1000000): ValueError
            desc = sent.get("description")
            if v == "b14-audit-line-printf-percent-500" and isinstance(desc, str):
                try:
                    _ = ("%s: " + desc[:120]) % (ref,)
                except (TypeError, ValueError, KeyError):
                    return self._b14_rollback(ref)
            if v == "b14-heic-declared-converter-missing" and st.get("heic"):
                return self._b14_rollback(ref)  # no libheif in the image
            stored = self.requests.get(ref)
            if v == "b14-reference-crockford-check-symbol" and stored is not None:
                m = re.fullmatch(r"OC-([0-9A-Z]+)", ref)
                if m:
                    val = 0
                    for ch in m.group(1):
                        val = val * 32 + B14_CROCKFORD.index(ch)
                    sym = B14_CROCKFORD[val % 37]
                    new = ref + sym
                    stored = self.requests.pop(ref)
                    stored["reference"] = new
                    self.requests[new] = stored
                    stt = self.statuses.pop(ref, None)
                    if stt is not None:
                        stt["reference"] = new
                        self.statuses[new] = stt
                    body["reference"] = new
                    body["message"] = body["message"].replace(ref, new)
                    if sym in "*~$=":
                        self._b14_fired()  # outside the Acknowledgement's reference pattern
                    ref = new
            if v == "b14-ack-111-instead-after-signposted-111" and sent.get("category") == (
                "follow_up"
            ):
                fu = sent.get("follows_up")
                oc = (self.statuses.get(str(fu)) or {}).get("outcome") or {}
                if oc.get("kind") == "signposted_111":
                    body["message"] += (
                        " As we advised, please use NHS 111 online instead of waiting for us."
                    )
                    if self.is_open(now):
                        self._b14_fired()
            if (
                v == "b14-ack-welsh-line-111-yn-lle-hynny"
                and isinstance(desc, str)
                and len({w.lower() for w in B14_WELSH_RE.findall(desc)}) >= 2
            ):
                body["message"] += (
                    " Diolch: mae eich cais gennym. Os na allwch aros, defnyddiwch GIG 111 "
                    "ar-lein yn lle hynny."
                )
                if self.is_open(now):
                    self._b14_fired()
            if v == "b14-ack-time-12-hour-percent-i":
                lrb = parse(body["respond_by"]).astimezone(LONDON)
                old, new_t = f"by {lrb:%H:%M}", f"by {lrb:%I:%M}"
                if old != new_t and old in body["message"]:
                    self._b14_fired()
                    body["message"] = body["message"].replace(old, new_t, 1)
            for x in st.get("rest", ()):  # the bulk path stores the other elements
                with contextlib.suppress(Exception):  # each element on its own
                    self.submit_request(copy.deepcopy(x))
            if stored is not None and "nhs" in st:
                self._b14_fired()
                stored["patient"]["nhs_number"] = st["nhs"]
                stored["_nhs"] = st["nhs"]
            if stored is not None and "phone" in st:
                self._b14_fired()
                stored["contact"]["phone"] = st["phone"]
        if (
            method == "GET"
            and len(seg) == 3
            and seg[:2] == ["practice", "requests"]
            and status == 200
        ):
            self.__dict__.setdefault("_b14_opened", set()).add(str(body.get("reference")))
            pt = body.get("patient") or {}
            dob = pt.get("date_of_birth")
            if (
                v == "b14-dob-excel-serial-1900-leap-bug"
                and isinstance(dob, str)
                and re.fullmatch(DATE_RE, dob)
                and dob < "1900-03-01"
            ):
                self._b14_fired()  # Excel's serial counts 29 February 1900
                pt["date_of_birth"] = (date.fromisoformat(dob) - timedelta(days=1)).isoformat()
            desc_ = body.get("description")
            if v == "b14-med-spelling-autocorrected" and isinstance(desc_, str):

                def fix(m: re.Match[str]) -> str:
                    word = B14_MISSPELT[m.group(0).lower()]
                    return word[:1].upper() + word[1:] if m.group(0)[:1].isupper() else word

                new_d = B14_MISSPELT_RE.sub(fix, desc_)
                if new_d != desc_:
                    self._b14_fired()
                    body["description"] = new_d
        if (
            method == "POST"
            and len(seg) == 4
            and seg[:2] == ["practice", "requests"]
            and seg[3] == "outcome"
            and status == 201
            and "draft" in st
        ):
            dref, doc, dmsg = st["draft"]
            s_ = self.statuses.get(dref)
            if s_ is not None:
                self._b14_fired()  # kept as a draft: the status does not show it
                s_["outcome"], s_["message"] = doc, dmsg
        if (
            method == "GET"
            and len(seg) == 3
            and seg[0] == "requests"
            and seg[2] == "status"
            and status == 200
            and v == "b14-outcome-long-message-overflow-table"
            and isinstance(body.get("outcome"), dict)
            and isinstance(body.get("message"), str)
            and len(body["message"]) > 1024
        ):
            self._b14_fired()  # the long-text table is not joined
            body["message"] = None
        if method == "POST" and seg == ["messages"] and status == 201 and "reference" in body:
            stored_m = self.messages.get(body["reference"])
            if stored_m is not None and "body" in st:
                self._b14_fired()
                stored_m["body"] = body["body"] = st["body"]
            if stored_m is not None and "about" in st:
                self._b14_fired()
                stored_m["about_request"] = body["about_request"] = st["about"]
            rq = (stored_m or {}).get("requester")
            if (
                v == "b14-message-participants-unique-on-proxy-name"
                and stored_m is not None
                and isinstance(rq, dict)
                and rq.get("role") == "proxy"
                and isinstance(rq.get("proxy_name"), str)
            ):
                reg = self.__dict__.setdefault("_b14_participants", {})
                first = reg.setdefault(rq["proxy_name"], rq.get("relationship"))
                if first != rq.get("relationship"):
                    self._b14_fired()
                    stored_m["requester"] = {**rq, "relationship": first}
                    body["requester"] = dict(stored_m["requester"])
        if method == "GET" and seg == ["messages"] and status == 200:
            msgs = body.get("messages") or []
            if v == "b14-thread-sorted-iso-text-variable-fraction":
                by_text = sorted(msgs, key=lambda m: str(m.get("sent_at")))
                if [m.get("reference") for m in by_text] != [m.get("reference") for m in msgs]:
                    self._b14_fired()
                body["messages"] = msgs = by_text
            if v == "b14-thread-recursive-cte-depth-50":

                def depth(r: str) -> int:
                    d = 0
                    while (self.messages.get(r) or {}).get("in_reply_to") in self.messages:
                        r = self.messages[r]["in_reply_to"]
                        d += 1
                    return d

                keep = [m for m in msgs if depth(str(m.get("reference"))) <= 50]
                if len(keep) != len(msgs):
                    self._b14_fired()
                body["messages"] = keep
        if (
            method == "POST"
            and len(seg) == 4
            and seg[:2] == ["video", "sessions"]
            and seg[3] == "join"
            and status == 200
        ):
            sref = str(body.get("session_reference"))
            s = self.sessions.get(sref)
            pres = st.get("presence")
            if s is not None and pres is not None:
                _, who, before = pres
                joined = self.__dict__.setdefault("_b14_joined_at", {})
                other = "professional" if who == "patient" else "patient"
                t_other = joined.get((sref, other))
                if (
                    before == "scheduled"
                    and s["status"] == "in_progress"
                    and t_other is not None
                    and now - t_other > timedelta(seconds=90)
                ):
                    self._b14_fired()  # the other side's presence has expired
                    s["status"], s["started_at"] = "scheduled", None
                    self.joins.get(sref, set()).discard(other)
                    body["status"] = "scheduled"
                joined[(sref, who)] = now
            if (
                v == "b14-video-started-at-on-first-join"
                and s is not None
                and s["status"] == "scheduled"
                and s.get("started_at") is None
            ):
                self._b14_fired()
                s["started_at"] = iso(now)
        if (
            method == "POST"
            and seg == ["contact-details"]
            and status == 201
            and "reference" in body
        ):
            stored_c = self.contact_updates.get(body["reference"])
            if stored_c is not None and "nhs" in st:
                self._b14_fired()
                stored_c["patient"]["nhs_number"] = body["patient"]["nhs_number"] = st["nhs"]
            if stored_c is not None and "phone" in st:
                self._b14_fired()
                stored_c["contact"]["phone"] = body["contact"]["phone"] = st["phone"]
            lines = (stored_c or {}).get("contact", {}).get("address_lines")
            if v == "b14-contact-empty-address-lines-filtered" and isinstance(lines, list):
                kept = [x for x in lines if x]  # filter(None, lines)
                if kept != lines:
                    self._b14_fired()
                    stored_c["contact"]["address_lines"] = kept  # type: ignore[index]
                    body["contact"]["address_lines"] = list(kept)
        if (
            method == "GET"
            and len(seg) == 3
            and seg[:2] == ["practice", "contact-details"]
            and status == 200
            and v == "b14-contact-ethnicity-char2-padded"
            and isinstance(body.get("ethnicity"), str)
            and len(body["ethnicity"]) == 1
        ):
            self._b14_fired()  # CHAR(2), space-padded
            body["ethnicity"] += " "
        if method == "GET" and seg == ["usage"] and status == 200:
            header = body.get("header") or {}
            recs = body.get("records") or []
            dt = header.get("data_type")
            if v == "b14-usage-follow-up-join-within-week" and dt == "oc_record":
                per = header.get("period") or {}
                start, end = date.fromisoformat(per["start"]), date.fromisoformat(per["end"])

                def day(r: dict[str, Any]) -> date:
                    return parse(r["submitted_at"]).astimezone(LONDON).date()

                drop = set()
                for r in self.requests.values():
                    orig = self.requests.get(str(r.get("follows_up")))
                    if (
                        r.get("category") == "follow_up"
                        and orig is not None
                        and start <= day(r) <= end
                        and not start <= day(orig) <= end
                    ):
                        drop.add(self._pseudonym("oc_record", r["reference"]))
                kept_r = [x for x in recs if x.get("record_id") not in drop]
                if len(kept_r) != len(recs):
                    self._b14_fired()  # the follow-up finds no partner in the week's rows
                body["records"] = recs = kept_r
            if v == "b14-usage-supplier-id-secret-file-newline" and "supplier_id" in header:
                self._b14_fired()
                header["supplier_id"] += "\n"
            if v == "b14-usage-vc-start-clock-hour-kk" and dt == "vc_record":
                for r in recs:
                    s0 = r.get("scheduled_start")
                    if not isinstance(s0, str):
                        continue
                    inst = parse(s0).astimezone(UTC)
                    if inst.hour == 0:  # 'kk': clock-hour 1-24
                        self._b14_fired()
                        frac = re.search(r"\.([0-9]+)", s0)
                        r["scheduled_start"] = f"{inst:%Y-%m-%d}T24:{inst:%M:%S}" + (
                            f".{frac.group(1)}Z" if frac else "Z"
                        )
            if v == "b14-usage-export-last-batch-not-flushed":
                full = len(recs) - len(recs) % 500
                if full != len(recs):
                    self._b14_fired()  # the last, partial batch is never flushed
                body["records"] = recs[:full]
        if method == "GET" and seg in (["capabilities"], ["availability"]) and status == 200:
            if v == "b14-safeguard-i18n-key-shown" and body.get("urgent_use_safeguard"):
                self._b14_fired()
                body["urgent_use_safeguard"] = "oc.form.banner.safety_notice"
            if v == "b14-symptom-checker-double-percent-encoded" and body.get(
                "symptom_checker_url"
            ):
                self._b14_fired()
                body["symptom_checker_url"] = quote(str(body["symptom_checker_url"]), safe="")
        if (
            status == 400
            and v == "b14-error-location-form-label"
            and isinstance(body.get("problems"), list)
        ):
            for p in body["problems"]:
                loc_ = str(p.get("location", ""))
                if loc_.startswith("$") and loc_ != "$":
                    self._b14_fired()
                    words = [
                        str(int(x[1:-1]) + 1) if x.startswith("[") else x.replace("_", " ")
                        for x in re.findall(r"\[[0-9]+\]|[^.\[\]]+", loc_[1:])
                    ]
                    label = " ".join(words)
                    p["location"] = label[:1].upper() + label[1:]
        return status, body

    # ------------------------------------------------------------------ b15 (fifteenth blind set)
    def _fired_in(self, blind_set: int) -> None:
        """Note that the variant's defect acted (for the measurement log only): the first fire
        goes to B10_FIRED_LOG as for every set since b10 (`_b10_fired`), and the running count
        of set `blind_set` to B<n>_FIRED_LOG at 1, 2, 4, 8 ... fires."""
        import os

        self._b10_fired()
        count = getattr(self, f"_b{blind_set}_n", 0) + 1
        setattr(self, f"_b{blind_set}_n", count)
        log = os.environ.get(f"B{blind_set}_FIRED_LOG")
        if log and count & (count - 1) == 0:
            with open(log, "a", encoding="utf-8") as f:  # noqa: PTH123
                f.write(f"{self.v}\t{count}\n")

    def _b15_fired(self) -> None:
        """The variant's defect acted: logged as for every set since b15 (`_fired_in`)."""
        self._fired_in(15)

    @staticmethod
    def _b15_patient_key(pt: Any) -> str:
        """Who a body is about: the NHS number's digits and the date of birth, else the names
        and the date of birth (b15)."""
        if not isinstance(pt, dict):
            return ""
        nhs = re.sub(r"[^0-9]", "", str(pt.get("nhs_number") or ""))
        dob = str(pt.get("date_of_birth"))
        if nhs:
            return f"{nhs}|{dob}"
        names = "|".join(str(pt.get(k) or "").casefold() for k in ("given_name", "family_name"))
        return f"{names}|{dob}"

    def _b15_rollback(self, ref: str, status: int, message: str) -> tuple[int, dict[str, Any]]:
        """The request's transaction is rolled back and the answer is `status` (b15)."""
        self.requests.pop(ref, None)
        self.statuses.pop(ref, None)
        self._b15_fired()
        return status, {"message": message}

    @staticmethod
    def _b15_sorted_lines(lines: Any) -> list[str] | None:
        """Address lines kept as fields line1..lineN and read back in sorted(key) order (b15):
        the reordered list, or None where it is unchanged."""
        if not isinstance(lines, list) or len(lines) < 10:
            return None
        keys = sorted(f"line{i + 1}" for i in range(len(lines)))
        new = [lines[int(k[4:]) - 1] for k in keys]
        return new if new != lines else None

    def _b15_stale_banner(self, now: datetime, nxt: datetime) -> str | None:
        """The closed message as the 18:30 closing job rendered it (b15): 'tomorrow' counted
        from the day of the last close; None where that close was not the evening before the
        next opening (the dated message is kept)."""
        loc_now = self.local(now)
        for i in range(15):
            day = loc_now.date() - timedelta(days=i)
            hours = self.hours(day)
            if hours is None:
                continue
            if self.to_instant(datetime.combine(day, hours[1])) <= now:
                break
        else:
            return None
        lnxt = nxt.astimezone(LONDON)
        if lnxt.date() != day + timedelta(days=1):
            return None
        if lnxt.date() != loc_now.date() + timedelta(days=1):
            self._b15_fired()  # after midnight: 'tomorrow' is the day after the opening
        return (
            f"We are closed now. We open again tomorrow at {lnxt:%H:%M} ({lnxt:%A} {lnxt.day} "
            f"{lnxt:%B}). If you need help before then, use NHS 111 online or call 111; in an "
            "emergency call 999."
        )

    def _b15_closed_text(self, body: dict[str, Any], now: datetime) -> None:
        """The closed message variants (b15), on a 409 or a closed availability answer."""
        v = self.v
        nxt_s = body.get("next_opening")
        if not isinstance(nxt_s, str):
            return
        nxt = datetime.fromisoformat(nxt_s.replace("Z", "+00:00"))
        if v == "b15-closed-banner-rendered-at-close-stale-tomorrow":
            banner = self._b15_stale_banner(now, nxt)
            if banner is not None:
                body["message"] = banner
        if v == "b15-closed-message-js-getmonth-zero-based":
            lnxt = nxt.astimezone(LONDON)
            self._b15_fired()  # `${d.getDate()}/${d.getMonth()}/${d.getFullYear()}`
            body["message"] = (
                f"We are closed now. We open again at {lnxt:%H:%M} on {lnxt:%A} "
                f"{lnxt.day}/{lnxt.month - 1}/{lnxt.year}. If you need help before then, use "
                "NHS 111 online or call 111; in an emergency call 999."
            )

    def _b15_oc_record(self, r: dict[str, Any]) -> dict[str, Any]:
        return {
            "record_id": self._pseudonym("oc_record", r["reference"]),
            "practice_code": PRACTICE,
            "submitted_at": r["submitted_at"],
            "request_type": REQUEST_TYPE[r["category"]],
            "category": r["category"],
            "requester_role": r["requester"]["role"],
            "has_attachments": bool(r["attachments"]),
        }

    def _b15_path(self, ref: str) -> str:
        """A message's materialised path: the references from its thread's first message."""
        chain = [ref]
        seen = {ref}
        while (self.messages.get(chain[-1]) or {}).get("in_reply_to") in self.messages:
            parent = self.messages[chain[-1]]["in_reply_to"]
            if parent in seen:
                break
            chain.append(parent)
            seen.add(parent)
        return "/".join(reversed(chain))

    def b15_pre(self, method: str, seg: list[str]) -> None:
        from urllib.parse import unquote

        v, now = self.v, self.now()
        self._b15_body: dict[str, Any] | None = None
        self._b15_stash: dict[str, Any] = {}
        if v == "b15-ooh-ambiguous-hour-strict-localize-500" and (
            (method == "GET" and seg == ["availability"])
            or (method == "POST" and seg == ["requests"])
        ):
            wall = now.astimezone(LONDON).replace(tzinfo=None)
            if (
                wall.replace(tzinfo=LONDON, fold=0).utcoffset()
                != wall.replace(tzinfo=LONDON, fold=1).utcoffset()
            ):
                self._b15_fired()  # pytz: localize(wall, is_dst=None) -> AmbiguousTimeError
                raise RuntimeError("AmbiguousTimeError")
        idx = None
        if method == "GET" and len(seg) == 3 and seg[:2] == ["practice", "requests"]:
            idx = 2
        if method == "GET" and len(seg) == 3 and seg[0] == "requests" and seg[2] == "status":
            idx = 1
        if v == "b15-reference-unique-prefix-lookup" and idx is not None:
            asked = unquote(seg[idx])
            if asked not in self.requests and len(asked) >= 6:
                hits = [k for k in self.requests if k.startswith(asked)]
                if len(hits) == 1:
                    self._b15_fired()  # a unique prefix names the request
                    seg[idx] = hits[0]
        if (
            v == "b15-advice-faq-bot-deflects-can-i-questions"
            and idx == 2
            and unquote(seg[2]) in self.__dict__.get("_b15_deflected", set())
        ):
            self._b15_fired()  # filed in the FAQ bot's table, not the practice inbox
            raise HttpAnswer(404, {"message": "no request has this reference"})
        if v == "b15-reference-format-suffix-routes":
            table: dict[str, Any] | None = None
            if (
                len(seg) >= 3
                and seg[:2] == ["video", "sessions"]
                and (
                    (method == "GET" and len(seg) == 3)
                    or (method == "POST" and len(seg) == 4 and seg[3] == "join")
                )
            ):
                table = self.sessions
            if method == "GET" and len(seg) == 3 and seg[:2] == ["practice", "contact-details"]:
                table = self.contact_updates
            if table is not None:
                asked = unquote(seg[2])
                stem, dot, fmt = asked.rpartition(".")
                if dot and fmt in ("json", "xml") and asked not in table and stem in table:
                    self._b15_fired()  # '.json' read as the answer's format
                    seg[2] = stem

    def b15_in(self, method: str, seg: list[str], body: Any) -> Any:
        import copy
        from urllib.parse import unquote

        v, now = self.v, self.now()
        st = self._b15_stash
        if not isinstance(body, dict):
            return body
        self._b15_body = copy.deepcopy(body)
        rq: dict[str, Any] = body["requester"] if isinstance(body.get("requester"), dict) else {}
        if method == "POST" and seg == ["requests"]:
            orig = (
                self.requests.get(body["follows_up"])
                if isinstance(body.get("follows_up"), str)
                else None
            )
            if (
                v == "b15-follow-up-owner-check-other-requester-400"
                and body.get("category") == "follow_up"
                and orig is not None
                and rq.get("role") in ("patient", "proxy")
            ):

                def who(x: dict[str, Any]) -> tuple[Any, Any]:
                    return (
                        x.get("role"),
                        x.get("proxy_name") if x.get("role") == "proxy" else None,
                    )

                if who(rq) != who(orig["requester"]):
                    self._b15_fired()
                    raise BadInput(
                        [("$.follows_up", "only the person who sent the request can follow it up")]
                    )
        if method == "POST" and seg == ["messages"]:
            if v == "b15-message-body-zero-php-empty-refused" and body.get("body") == "0":
                self._b15_fired()  # PHP: empty('0') is true
                raise BadInput([("$.body", "please write a message")])
            if (
                v == "b15-proxy-message-needs-about-request"
                and body.get("direction") == "patient_to_practice"
                and rq.get("role") == "proxy"
                and not body.get("about_request")
            ):
                self._b15_fired()
                raise BadInput(
                    [("$.about_request", "someone acting for the patient writes about a request")]
                )
            about = body.get("about_request")
            locked = (
                self.__dict__.get("_b15_locks", {}).get(about) if isinstance(about, str) else None
            )
            if (
                v == "b15-reply-refused-while-request-open-lock"
                and body.get("direction") == "practice_to_patient"
                and locked is not None
                and timedelta(0) <= now - locked < timedelta(minutes=10)
            ):
                self._b15_fired()
                raise HttpAnswer(
                    409,
                    {
                        "message": "Another clinician has this request open. Please try again "
                        "in a few minutes."
                    },
                )
        if (
            method == "POST"
            and len(seg) == 4
            and seg[:2] == ["video", "sessions"]
            and seg[3] == "join"
        ):
            s = self.sessions.get(unquote(seg[2]))
            if s is not None:
                st["before"] = s["status"]
        if method == "POST" and seg == ["contact-details"]:
            st["null_requester"] = "requester" in body and body["requester"] is None
        return body

    def b15_out(
        self, method: str, seg: list[str], status: int, body: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        import copy
        from urllib.parse import unquote

        v, now = self.v, self.now()
        body = copy.deepcopy(body)
        sent = self.__dict__.get("_b15_body") or {}
        st = self.__dict__.get("_b15_stash") or {}
        spt = sent.get("patient") if isinstance(sent.get("patient"), dict) else {}
        srq = sent.get("requester") if isinstance(sent.get("requester"), dict) else {}
        sct = sent.get("contact") if isinstance(sent.get("contact"), dict) else {}
        today = self.local(now).date()
        if method == "POST" and seg == ["requests"] and status == 409 and "next_opening" in body:
            if v == "b15-ack-111-for-patients-refused-while-closed" and spt:
                self.__dict__.setdefault("_b15_refused", {})[self._b15_patient_key(spt)] = now
            self._b15_closed_text(body, now)
        if (
            method == "GET"
            and seg == ["availability"]
            and status == 200
            and not body.get("open_now")
        ):
            self._b15_closed_text(body, now)
        if method == "POST" and seg == ["requests"] and status == 201 and "reference" in body:
            ref = body["reference"]
            stored = self.requests.get(ref)
            cat = sent.get("category")
            desc = sent.get("description") if isinstance(sent.get("description"), str) else ""
            atts = [a for a in sent.get("attachments") or [] if isinstance(a, dict)]
            if v == "b15-cron-dom-or-dow-index-rebuild-503":
                loc = self.local(now)
                if time(12, 30) <= loc.time() < time(12, 35) and (
                    loc.day <= 7 or loc.weekday() == 0
                ):
                    return self._b15_rollback(
                        ref,
                        503,
                        "We cannot take requests for a few minutes while we update "
                        "our systems. Please try again shortly.",
                    )
            if v == "b15-day-partition-made-by-new-requests-only":
                parts = self.__dict__.setdefault("_b15_parts", set())
                if cat == "follow_up" and today not in parts:
                    return self._b15_rollback(ref, 503, "The service is unavailable just now.")
                if cat != "follow_up":
                    parts.add(today)
            if v == "b15-triage-display-name-varchar-120-500":
                name = f"{str(spt.get('family_name')).upper()}, {spt.get('given_name')}"
                if len(name) > 120:  # VARCHAR(120)
                    return self._b15_rollback(ref, 500, "internal server error")
            if v == "b15-cap-day-after-bank-holiday-300":
                prev = today - timedelta(days=1)
                while prev.weekday() >= 5:
                    prev -= timedelta(days=1)
                if prev in bank_holidays(prev.year):
                    counts = self.__dict__.setdefault("_b15_catchup", {})
                    if counts.get(today, 0) >= 300:
                        close = self.to_instant(datetime.combine(today, CLOSE_AT))
                        out = self._b15_rollback(
                            ref,
                            409,
                            "We are very busy after the bank holiday and cannot take "
                            "more online requests today. Please call the practice.",
                        )
                        out[1]["next_opening"] = iso(self.next_opening(close))
                        return out
                    counts[today] = counts.get(today, 0) + 1
            if v == "b15-photo-moderation-api-daily-quota-500" and atts:
                used = self.__dict__.setdefault("_b15_moderated", {})
                if used.get(today, 0) + len(atts) > 500:
                    return self._b15_rollback(
                        ref, 503, "We cannot check photos just now. Please try again later."
                    )
                used[today] = used.get(today, 0) + len(atts)
            if v == "b15-png-over-16mib-imagemagick-policy-500" and any(
                a.get("media_type") == "image/png"
                and isinstance(a.get("size_bytes"), int)
                and a["size_bytes"] > 16 * 1024 * 1024
                for a in atts
            ):
                return self._b15_rollback(ref, 500, "internal server error")
            if v == "b15-empty-file-sha256-sentinel-dropped" and stored is not None:
                kept = [
                    a
                    for a in stored["attachments"]
                    if not (a.get("sha256") == B15_EMPTY_SHA256 and a.get("size_bytes") == 0)
                ]
                if len(kept) != len(stored["attachments"]):
                    self._b15_fired()  # 'no object' in the attachment store
                    stored["attachments"] = kept
            if (
                v == "b15-description-spool-read-utf8-sig"
                and stored is not None
                and stored["description"].startswith("\ufeff")
            ):
                self._b15_fired()  # encoding='utf-8-sig' eats the first BOM
                stored["description"] = stored["description"][1:]
            if (
                v == "b15-proxy-linked-profile-sandbox-names"
                and stored is not None
                and srq.get("role") == "proxy"
                and spt.get("nhs_number")
            ):
                sandbox = {"given_name": "Jane", "family_name": "Sandbox-Linked"}
                if any(stored["patient"][k] != x for k, x in sandbox.items()):
                    self._b15_fired()
                    stored["patient"].update(sandbox)
            if (
                v == "b15-advice-faq-bot-deflects-can-i-questions"
                and cat == "seek_health_advice"
                and B15_FAQ_RE.match(desc)
            ):
                self.__dict__.setdefault("_b15_deflected", set()).add(ref)
            if v == "b15-contact-proxy-register-from-requests-403" and srq.get("role") == "proxy":
                self.__dict__.setdefault("_b15_register", set()).add(
                    (self._b15_patient_key(spt), str(srq.get("proxy_name")).casefold())
                )
            if (
                v == "b15-med-questions-pharmacist-sla-next-day"
                and cat == "ask_question"
                and MED_RE.search(desc)
                and ref in self.statuses
            ):
                close = self.to_instant(datetime.combine(today, CLOSE_AT))
                day = self.local(self.next_opening(max(now, close))).date()
                rb = self.to_instant(datetime.combine(day, time(12, 0)))
                lrb = rb.astimezone(LONDON)
                self._b15_fired()
                body["respond_by"] = self.statuses[ref]["respond_by"] = iso(rb)
                body["message"] = (
                    f"Thank you: we have your question, reference {ref}. Our pharmacist will "
                    f"reply by 12:00 on {lrb:%A} {lrb.day} {lrb:%B}."
                )
            if v == "b15-ack-reference-grouped-for-phone-patients" and sct.get("preferred") in (
                "phone",
                "text_message",
            ):
                head, _, tail = ref.partition("-")
                grouped = f"{head}-" + " ".join(tail[i : i + 4] for i in range(0, len(tail), 4))
                if grouped != ref and ref in body["message"]:
                    self._b15_fired()
                    body["message"] = body["message"].replace(ref, grouped)
            if (
                v == "b15-ack-proxy-template-messageformat-apostrophe"
                and srq.get("role") == "proxy"
            ):
                self._b15_fired()  # MessageFormat: the apostrophe of "We'll" quotes the rest
                body["message"] = (
                    "Thank you: we have the request you made for someone you look after, "
                    f"reference {ref}. Well tell you by {{1}} today ({{2}}) how it will be handled."
                )
            refused = self.__dict__.get("_b15_refused", {}).get(self._b15_patient_key(spt))
            if (
                v == "b15-ack-111-for-patients-refused-while-closed"
                and refused is not None
                and timedelta(0) <= now - refused <= timedelta(hours=24)
            ):
                body["message"] += (
                    " As you tried to reach us while we were closed, if you cannot wait for our "
                    "answer please use NHS 111 online instead."
                )
                if self.is_open(now):
                    self._b15_fired()
            nxt_wd = today + timedelta(days=1)
            while nxt_wd.weekday() >= 5:
                nxt_wd += timedelta(days=1)
            if (
                v == "b15-ack-holiday-eve-notice-clinical-only"
                and REQUEST_TYPE.get(str(cat)) == "clinical"
                and nxt_wd in bank_holidays(nxt_wd.year)
            ):
                body["message"] += (
                    " The practice will be closed for the bank holiday. If you cannot wait "
                    "until we reopen, please use NHS 111 online instead."
                )
                if self.is_open(now):
                    self._b15_fired()
        if (
            method == "GET"
            and len(seg) == 3
            and seg[:2] == ["practice", "requests"]
            and status == 200
        ):
            self.__dict__.setdefault("_b15_locks", {})[str(body.get("reference"))] = now
            ct = body.get("contact") or {}
            lines = self._b15_sorted_lines(ct.get("address_lines"))
            if v == "b15-address-lines-line1-line10-sorted-as-text" and lines is not None:
                self._b15_fired()
                ct["address_lines"] = lines
        if (
            method == "POST"
            and len(seg) == 4
            and seg[:2] == ["practice", "requests"]
            and seg[3] == "outcome"
            and status == 201
            and v == "b15-outcome-message-mail-merge-placeholders"
        ):
            ref = unquote(seg[2])
            text = sent.get("message")
            stt = self.statuses.get(ref)
            if isinstance(text, str) and stt is not None:
                pt = (self.requests.get(ref) or {}).get("patient") or {}
                ctx = {
                    "given_name": pt.get("given_name"),
                    "first_name": pt.get("given_name"),
                    "family_name": pt.get("family_name"),
                    "last_name": pt.get("family_name"),
                    "reference": ref,
                }
                new = B15_PLACEHOLDER_RE.sub(lambda m: str(ctx.get(m.group(1).lower()) or ""), text)
                if new != text:
                    self._b15_fired()  # rendered as a Handlebars template
                    stt["message"] = new
        if method == "POST" and seg == ["messages"] and status == 201 and "reference" in body:
            stored_m = self.messages.get(body["reference"])
            text = (stored_m or {}).get("body")
            if (
                v == "b15-message-quoted-reply-lines-stripped"
                and isinstance(text, str)
                and body.get("direction") == "patient_to_practice"
            ):
                lines_m = re.split(r"(?<=\n)", text)
                new = "".join(x for x in lines_m if not x.lstrip(" \t").startswith(">"))
                if new != text and new.strip():
                    self._b15_fired()  # quoted text removed by the reply parser
                    stored_m["body"] = body["body"] = new  # type: ignore[index]
            if (
                v == "b15-practice-message-leading-header-lines-absorbed"
                and isinstance(text, str)
                and body.get("direction") == "practice_to_patient"
            ):
                lines_m = re.split(r"(?<=\n)", text)
                i = 0
                while i < len(lines_m) and re.match(
                    r"(From |[\x21-\x39\x3b-\x7e]*:|[\t ])", lines_m[i]
                ):
                    i += 1  # the email parser's header lines
                if i and i < len(lines_m) and lines_m[i] in ("\n", "\r\n"):
                    i += 1  # the blank line ends the headers
                if i:
                    self._b15_fired()
                    stored_m["body"] = body["body"] = "".join(lines_m[i:])  # type: ignore[index]
        if method == "GET" and seg == ["messages"] and status == 200:
            msgs = body.get("messages") or []
            if v == "b15-thread-ordered-by-materialised-path":
                by_path = sorted(msgs, key=lambda m: self._b15_path(str(m.get("reference"))))
                if [m.get("reference") for m in by_path] != [m.get("reference") for m in msgs]:
                    self._b15_fired()
                body["messages"] = by_path
            asked = ((self.__dict__.get("_b15_query") or {}).get("thread") or [None])[0]
            if (
                v == "b15-thread-by-reply-gives-subthread"
                and asked in self.messages
                and asked != body.get("thread")
            ):
                self._b15_fired()  # the subtree rooted at the asked message
                body["thread"] = asked
                body["messages"] = [
                    m for m in msgs if asked in self._b15_path(str(m.get("reference"))).split("/")
                ]
        if (
            method == "POST"
            and len(seg) == 4
            and seg[:2] == ["video", "sessions"]
            and seg[3] == "join"
            and status == 200
        ):
            sref = str(body.get("session_reference"))
            s = self.sessions.get(sref)
            if v == "b15-video-join-count-not-distinct" and s is not None:
                counts = self.__dict__.setdefault("_b15_join_events", {})
                counts[sref] = counts.get(sref, 0) + 1
                if s["status"] == "scheduled" and counts[sref] >= 2:
                    self._b15_fired()  # two join events, one participant
                    s["status"], s["started_at"] = "in_progress", iso(now)
                    body["status"] = "in_progress"
            if (
                v == "b15-video-started-at-from-booked-start"
                and s is not None
                and st.get("before") == "scheduled"
                and s["status"] == "in_progress"
                and s.get("started_at") != s["scheduled_start"]
            ):
                self._b15_fired()
                s["started_at"] = s["scheduled_start"]
        if (
            method == "POST"
            and seg == ["contact-details"]
            and status == 201
            and "reference" in body
        ):
            cref = body["reference"]
            if v == "b15-contact-requester-explicit-null-500" and st.get("null_requester"):
                self.contact_updates.pop(cref, None)
                self._b15_fired()  # None.get('role'): AttributeError
                return 500, {"message": "internal server error"}
            key = self._b15_patient_key(spt)
            if v == "b15-contact-last-modified-one-second-409":
                versions = self.__dict__.setdefault("_b15_versions", {})
                sec = iso(now.replace(microsecond=0))
                if versions.get(key) == sec:
                    self.contact_updates.pop(cref, None)
                    self._b15_fired()
                    return 409, {
                        "message": "Your details were changed a moment ago. Please reload and "
                        "try again."
                    }
                versions[key] = sec
            if (
                v == "b15-contact-proxy-register-from-requests-403"
                and srq.get("role") == "proxy"
                and (key, str(srq.get("proxy_name")).casefold())
                not in self.__dict__.get("_b15_register", set())
            ):
                self.contact_updates.pop(cref, None)
                self._b15_fired()
                return 403, {"message": "You are not registered to act for this patient."}
            lines = self._b15_sorted_lines((body.get("contact") or {}).get("address_lines"))
            stored_c = self.contact_updates.get(cref)
            if (
                v == "b15-address-lines-line1-line10-sorted-as-text"
                and lines is not None
                and stored_c is not None
            ):
                self._b15_fired()
                body["contact"]["address_lines"] = lines
        if (
            method == "GET"
            and len(seg) == 3
            and seg[:2] == ["practice", "contact-details"]
            and status == 200
            and v == "b15-address-lines-line1-line10-sorted-as-text"
        ):
            lines = self._b15_sorted_lines((body.get("contact") or {}).get("address_lines"))
            if lines is not None:
                self._b15_fired()
                body["contact"]["address_lines"] = lines
        if method == "GET" and seg == ["usage"] and status == 200:
            header = body.get("header") or {}
            recs = body.get("records") or []
            dt = header.get("data_type")
            week = ((self.__dict__.get("_b15_query") or {}).get("week") or [""])[0]
            wk = WEEK_RE.fullmatch(str(week))
            if v == "b15-usage-daily-partitions-from-utc-monday" and wk:
                monday = date.fromisocalendar(int(wk.group(1)), int(wk.group(2)), 1)
                start = datetime.combine(monday, time(0), LONDON)
                if start.utcoffset():
                    parts = {(start.astimezone(UTC) + timedelta(days=i)).date() for i in range(7)}
                    if dt == "oc_record":
                        new_r = [
                            self._b15_oc_record(r)
                            for r in sorted(self.requests.values(), key=lambda r: r["_seq"])
                            if r["_submitted_real"].astimezone(LONDON).date() in parts
                        ]
                    else:
                        new_r = [
                            {
                                "record_id": self._pseudonym("vc_record", ref),
                                "practice_code": PRACTICE,
                                "scheduled_start": s["scheduled_start"],
                                "status": s["status"],
                                "duration_minutes": s["duration_minutes"],
                            }
                            for ref, s in self.sessions.items()
                            if datetime.fromisoformat(s["scheduled_start"].replace("Z", "+00:00"))
                            .astimezone(LONDON)
                            .date()
                            in parts
                        ]
                    if {x["record_id"] for x in new_r} != {x.get("record_id") for x in recs}:
                        self._b15_fired()  # the week's own Sunday out, the Sunday before in
                    body["records"] = recs = new_r
            if v == "b15-usage-vc-under-5-minutes-test-calls-dropped" and dt == "vc_record":
                kept_v = [
                    x
                    for x in recs
                    if not (
                        isinstance(x.get("duration_minutes"), int) and x["duration_minutes"] < 5
                    )
                ]
                if len(kept_v) != len(recs):
                    self._b15_fired()
                body["records"] = recs = kept_v
            if v == "b15-usage-follow-ups-within-24h-one-episode" and dt == "oc_record":
                drop = set()
                for r in self.requests.values():
                    o = self.requests.get(str(r.get("follows_up")))
                    if (
                        r["category"] == "follow_up"
                        and o is not None
                        and timedelta(0)
                        <= r["_submitted_real"] - o["_submitted_real"]
                        < timedelta(hours=24)
                    ):
                        drop.add(self._pseudonym("oc_record", r["reference"]))
                kept_o = [x for x in recs if x.get("record_id") not in drop]
                if len(kept_o) != len(recs):
                    self._b15_fired()  # one record per episode
                body["records"] = recs = kept_o
            if v == "b15-usage-submitted-at-whole-seconds" and dt == "oc_record":
                for x in recs:
                    sa = x.get("submitted_at")
                    cut = re.sub(r"\.[0-9]+(?=Z$|[+-][0-9]{2}:[0-9]{2}$)", "", str(sa))
                    if isinstance(sa, str) and cut != sa:
                        self._b15_fired()
                        x["submitted_at"] = cut
            if v == "b15-usage-n-plus-one-gateway-504" and dt == "oc_record" and len(recs) > 700:
                import time as _time

                _time.sleep(5.0)  # one attachments query per record, past the gateway's 5 s
                self._b15_fired()
                return 504, {"message": "Gateway Timeout"}
        if method == "GET" and seg in (["capabilities"], ["availability"]) and status == 200:
            if v == "b15-symptom-checker-protocol-relative" and body.get("symptom_checker_url"):
                self._b15_fired()
                body["symptom_checker_url"] = "//111.nhs.uk/"
            if v == "b15-safeguard-ab-test-variant-b" and body.get("urgent_use_safeguard"):
                self._b15_fired()
                body["urgent_use_safeguard"] = (
                    "Feeling unwell? NHS 111 online can help you any time, day or night."
                )
        if (
            status == 400
            and v == "b15-error-body-rfc9457-problem-json"
            and isinstance(body.get("message"), str)
        ):
            self._b15_fired()
            errors: list[dict[str, Any]] = []
            for p in body.get("problems") or []:
                loc_ = str(p.get("location", ""))
                if loc_.startswith("$"):
                    parts_ = re.findall(r"\[([0-9]+)\]|\.([^.\[\]]+)", loc_[1:])
                    ptr = "".join(f"/{i or n}" for i, n in parts_)
                    errors.append({"pointer": ptr or "", "detail": p.get("message")})
                else:
                    errors.append({"parameter": loc_, "detail": p.get("message")})
            body = {
                "type": "about:blank",
                "title": "Bad Request",
                "status": 400,
                "detail": body["message"],
                "errors": errors,
            }
        return status, body

    # ------------------------------------------------------------------ b16 (sixteenth blind set)
    def _b16_fired(self) -> None:
        """The variant's defect acted: logged as for every set since b15 (`_fired_in`)."""
        self._fired_in(16)

    @staticmethod
    def _b16_patient_key(pt: Any) -> str:
        """Who a body is about: the NHS number's digits and the date of birth, else the names
        and the date of birth (b16)."""
        if not isinstance(pt, dict):
            return ""
        nhs = re.sub(r"[^0-9]", "", str(pt.get("nhs_number") or ""))
        dob = str(pt.get("date_of_birth"))
        if nhs:
            return f"{nhs}|{dob}"
        names = "|".join(str(pt.get(k) or "").casefold() for k in ("given_name", "family_name"))
        return f"{names}|{dob}"

    @staticmethod
    def _b16_observed(year: int) -> set[date]:
        """England's bank holidays with the US 'observed' rule (b16): a Saturday holiday on the
        Friday before, a Sunday one on the Monday after, no rule for collisions."""
        e = easter(year)
        base = {
            date(year, 1, 1),
            e - timedelta(days=2),
            e + timedelta(days=1),
            _first_monday(year, 5),
            _last_monday(year, 5),
            _last_monday(year, 8),
            date(year, 12, 25),
            date(year, 12, 26),
        }
        added, removed = SPECIAL.get(year, ([], []))
        base = (base - set(removed)) | set(added)
        return {h + timedelta(days={5: -1, 6: 1}.get(h.weekday(), 0)) for h in base}

    def _b16_gap_closed(self, now: datetime) -> datetime | None:
        """b16: the first working day after the spring change has no intake (its 01:30 run fell
        in the gap): the next opening when `now` is in that day's core hours, else None."""
        loc = self.local(now)
        day = _last_sunday(loc.year, 3) + timedelta(days=1)
        for _ in range(10):
            if self.is_working_day(day):
                break
            day += timedelta(days=1)
        if loc.date() != day or not self.is_open(now):
            return None
        return self.next_opening(self.to_instant(datetime.combine(day, CLOSE_AT)))

    def _b16_business_hours_after(self, start: datetime, amount: timedelta) -> datetime | None:
        """b16: `amount` of core hours counted forward from `start` (a service-desk SLA)."""
        t, left = start, amount
        for _ in range(40):
            loc = self.local(t)
            hours = self.hours(loc.date())
            if hours is not None:
                open_i = self.to_instant(datetime.combine(loc.date(), hours[0]))
                close_i = self.to_instant(datetime.combine(loc.date(), hours[1]))
                t = max(t, open_i)
                if t < close_i:
                    if t + left <= close_i:
                        return t + left
                    left -= close_i - t
            t = self.to_instant(datetime.combine(loc.date() + timedelta(days=1), time(0)))
        return None

    @staticmethod
    def _b16_script_language(text: str) -> str | None:
        """b16: the locale the description's predominant script detects as (ar, ur, bn)."""
        import unicodedata

        counts: dict[str, int] = {}
        letters = 0
        for ch in text:
            if ch.isalpha():
                letters += 1
                sc = unicodedata.name(ch, "?").split(" ")[0]
                counts[sc] = counts.get(sc, 0) + 1
        if not letters:
            return None
        sc, n = max(counts.items(), key=lambda kv: kv[1])
        if n * 2 <= letters:
            return None
        if sc == "ARABIC":
            return "ur" if any(c in text for c in B16_URDU_LETTERS) else "ar"
        if sc == "BENGALI":
            return "bn"
        return None

    def b16_pre(self, method: str, seg: list[str]) -> None:
        from urllib.parse import unquote

        v, now = self.v, self.now()
        self._b16_body: dict[str, Any] | None = None
        self._b16_stash: dict[str, Any] = {}
        if method == "POST" and seg == ["requests"]:
            if v == "b16-intake-job-at-0130-skipped-in-spring-gap":
                nxt = self._b16_gap_closed(now)
                if nxt is not None:
                    self._b16_fired()  # no intake row: the 01:30 run fell in the spring gap
                    raise HttpAnswer(
                        409, {"message": self._closed_message(nxt), "next_opening": iso(nxt)}
                    )
            form_at = self.__dict__.get("_b16_form_at")
            if (
                v == "b16-bot-guard-minimum-fill-time-after-form-read"
                and form_at is not None
                and timedelta(0) <= now - form_at < timedelta(seconds=3)
            ):
                self._b16_fired()  # 'filled in faster than a person can': a bot
                raise HttpAnswer(
                    429, {"message": "Please take a moment to check your answers, then send again."}
                )
        if method == "GET" and seg == ["availability"]:
            self._b16_form_at = now  # the form page served
        if (
            v == "b16-status-ttl-exactly-90-days"
            and method == "GET"
            and len(seg) == 3
            and seg[0] == "requests"
            and seg[2] == "status"
        ):
            stt = self.statuses.get(unquote(seg[1]))
            if stt is not None:
                rec = datetime.fromisoformat(stt["received_at"].replace("Z", "+00:00"))
                if now - rec >= timedelta(days=90):
                    self._b16_fired()  # the document's TTL has passed
                    raise HttpAnswer(404, {"message": "no request has this reference"})

    def b16_in(self, method: str, seg: list[str], body: Any) -> Any:
        import copy
        from urllib.parse import unquote

        v, now = self.v, self.now()
        st = self._b16_stash
        if (
            v == "b16-requester-null-via-shared-contact-model"
            and method == "POST"
            and seg == ["requests"]
            and isinstance(body, dict)
            and "requester" in body
            and body["requester"] is None
        ):
            self._b16_fired()  # the contact endpoint's Requester: null means the patient
            body["requester"] = {"role": "patient"}
        if not isinstance(body, dict):
            return body
        self._b16_body = copy.deepcopy(body)
        rq: dict[str, Any] = body["requester"] if isinstance(body.get("requester"), dict) else {}
        if method == "POST" and seg in (["requests"], ["contact-details"]):
            rel = rq.get("relationship")
            if (
                v == "b16-relationship-fhir-valueset-stub"
                and rq.get("role") == "proxy"
                and isinstance(rel, str)
                and rel
                and rel.strip().casefold() not in B16_ROLE_STUB
            ):
                self._b16_fired()  # $validate-code: not in the stub's value set
                raise BadInput([("$.requester.relationship", "not a recognised relationship")])
        if method == "POST" and seg == ["requests"]:
            atts = body.get("attachments")
            sizes = (
                [a.get("size_bytes") for a in atts if isinstance(a, dict)]
                if isinstance(atts, list)
                else []
            )
            if (
                v == "b16-photos-total-32mib-per-request-413"
                and sizes
                and all(type(x) is int and 0 <= x <= MAX_ATTACHMENT for x in sizes)
                and sum(sizes) > 32 * 1024 * 1024
            ):
                self._b16_fired()  # the upload gateway's session limit
                raise BadInput(
                    [("$.attachments", "photos may be at most 32 MiB in total")],
                    413,
                    "request body too large",
                )
            fu = body.get("follows_up")
            orig = self.statuses.get(fu) if isinstance(fu, str) else None
            if (
                v == "b16-follow-up-before-respond-by-refused-409"
                and body.get("category") == "follow_up"
                and orig is not None
                and orig["outcome"] is None
                and now < datetime.fromisoformat(orig["respond_by"].replace("Z", "+00:00"))
                and self.is_open(now)
            ):
                self._b16_fired()
                raise HttpAnswer(
                    409,
                    {
                        "message": "We have not answered your earlier request yet. Please wait "
                        "for our answer before you send another."
                    },
                )
        if method == "POST" and seg == ["contact-details"]:
            ct = body.get("contact") if isinstance(body.get("contact"), dict) else {}
            em = ct.get("email")
            if v == "b16-contact-email-deliverability-check" and isinstance(em, str) and "@" in em:
                dom = em.rpartition("@")[2].strip().lower().rstrip(".")
                if dom in B16_NO_MX or dom.endswith(
                    (".invalid", ".test", ".example", ".localhost")
                ):
                    self._b16_fired()  # NXDOMAIN or a null MX: 'undeliverable'
                    raise BadInput(
                        [("$.contact.email", "we could not find a mail server for this address")]
                    )
        if method == "POST" and seg == ["messages"]:
            about = body.get("about_request")
            if (
                v == "b16-about-request-full-text-search-match"
                and isinstance(about, str)
                and about
                and about not in self.requests
            ):
                toks = {t for t in re.split(r"[^0-9a-z]+", about.lower()) if t}
                for ref in self.requests:
                    if toks & {t for t in re.split(r"[^0-9a-z]+", ref.lower()) if t}:
                        st["about"] = about  # the search service found 'a match'
                        body["about_request"] = ref
                        break
        if method == "POST" and seg == ["video", "sessions"]:
            dur = body.get("duration_minutes")
            if (
                v == "b16-video-duration-checked-in-whole-hours"
                and type(dur) is int
                and dur > 240
                and dur // 60 <= 4
            ):
                st["duration"] = dur  # 4 hours and some minutes: 'at most 4 hours'
                body["duration_minutes"] = 240
            if (
                v == "b16-video-room-pool-three-per-slot"
                and type(dur) is int
                and 1 <= dur <= 240
                and body.get("practice_code") == PRACTICE
            ):
                start = parse_instant(body.get("scheduled_start"), "$.scheduled_start", [])
                if start is not None:
                    end = start + timedelta(minutes=dur)
                    busy = 0
                    for s in self.sessions.values():
                        s0 = datetime.fromisoformat(s["scheduled_start"].replace("Z", "+00:00"))
                        if s0 < end and start < s0 + timedelta(minutes=s["duration_minutes"]):
                            busy += 1
                    if busy >= 3:
                        self._b16_fired()  # the licence's three rooms are taken
                        raise HttpAnswer(409, {"message": "No video room is free at that time."})
        if (
            method == "POST"
            and len(seg) == 4
            and seg[:2] == ["video", "sessions"]
            and seg[3] == "join"
        ):
            sref = unquote(seg[2])
            if (
                v == "b16-video-professional-first-nudge-keyerror-500"
                and body.get("participant") == "professional"
                and sref in self.sessions
                and "patient" not in self.joins.get(sref, set())
            ):
                self._b16_fired()  # session['patient_phone']: sessions booked by API have none
                raise RuntimeError("KeyError: 'patient_phone'")
        return body

    def b16_out(
        self, method: str, seg: list[str], status: int, body: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        import copy

        v, now = self.v, self.now()
        body = copy.deepcopy(body)
        sent = self.__dict__.get("_b16_body") or {}
        st = self.__dict__.get("_b16_stash") or {}
        spt = sent.get("patient") if isinstance(sent.get("patient"), dict) else {}
        sct = sent.get("contact") if isinstance(sent.get("contact"), dict) else {}
        today = self.local(now).date()
        closed_409 = (
            method == "POST"
            and seg == ["requests"]
            and status == 409
            and isinstance(body.get("next_opening"), str)
        )
        closed_av = (
            method == "GET"
            and seg == ["availability"]
            and status == 200
            and not body.get("open_now")
            and isinstance(body.get("next_opening"), str)
        )
        if (
            v == "b16-bank-holiday-banner-assumes-one-day-closure"
            and (closed_409 or closed_av)
            and today.weekday() < 5
            and today in bank_holidays(today.year)
        ):
            nxt = datetime.fromisoformat(body["next_opening"].replace("Z", "+00:00"))
            if self.local(nxt).date() != today + timedelta(days=1):
                self._b16_fired()  # 'tomorrow' is not the next opening
            body["message"] = (
                "We are closed today for the bank holiday. We open again tomorrow at 08:00. If "
                "you need help before then, use NHS 111 online or call 111; in an emergency "
                "call 999."
            )
        if (
            v == "b16-intake-job-at-0130-skipped-in-spring-gap"
            and method == "GET"
            and seg == ["availability"]
            and status == 200
            and body.get("open_now")
        ):
            nxt16 = self._b16_gap_closed(now)
            if nxt16 is not None:
                self._b16_fired()
                body.update(
                    open_now=False,
                    next_opening=iso(nxt16),
                    message=self._closed_message(nxt16),
                    redirect_url=None,
                )
        if method == "POST" and seg == ["requests"] and status == 201 and "reference" in body:
            ref = body["reference"]
            stored = self.requests.get(ref)
            cat = sent.get("category")
            desc = sent.get("description") if isinstance(sent.get("description"), str) else ""
            open_ = self.is_open(now)
            clinical = REQUEST_TYPE.get(str(cat)) == "clinical"
            if (
                v == "b16-admin-gp-connect-document-needs-nhs-number-500"
                and cat == "administrative_request"
                and not spt.get("nhs_number")
            ):
                self.requests.pop(ref, None)
                self.statuses.pop(ref, None)
                self._b16_fired()  # the GP Connect call needs an NHS number: rolled back
                return 500, {"message": "internal server error"}
            if v == "b16-empty-address-line-oracle-null" and stored is not None:
                lines = stored["contact"]["address_lines"]
                if "" in lines:
                    self._b16_fired()  # Oracle: '' IS NULL
                    stored["contact"]["address_lines"] = [None if x == "" else x for x in lines]
            if v == "b16-respond-by-business-hours-sla" and ref in self.statuses:
                rec = datetime.fromisoformat(body["received_at"].replace("Z", "+00:00"))
                rb = self._b16_business_hours_after(rec, timedelta(hours=10, minutes=30))
                if rb is not None:
                    lrb = self.local(rb)
                    if lrb.date() != self.local(rec).date():
                        self._b16_fired()  # one working day of business hours: tomorrow
                    body["respond_by"] = self.statuses[ref]["respond_by"] = iso(rb)
                    body["message"] = (
                        f"Thank you: we have your request, reference {ref}. We will tell you "
                        f"by {lrb:%H:%M} on {lrb:%A} {lrb.day} {lrb:%B} how it will be handled."
                    )
            if v == "b16-ack-localised-by-script-native-digits" and desc:
                lang = self._b16_script_language(desc)
                if lang is not None:
                    rb16 = datetime.fromisoformat(body["respond_by"].replace("Z", "+00:00"))
                    lrb = self.local(rb16)
                    hhmm = f"{lrb:%H:%M}"
                    if lang in B16_DIGITS:
                        hhmm = hhmm.translate(str.maketrans("0123456789", B16_DIGITS[lang]))
                    self._b16_fired()
                    body["message"] = B16_ACK_L10N[lang].format(ref=ref, time=hhmm)
            if v == "b16-ack-echoes-description-unbounded" and desc:
                self._b16_fired()
                body["message"] += f' You wrote: "{desc}"'
            if v == "b16-ack-html-to-text-drops-visually-hidden-condition" and clinical:
                body["message"] += " call NHS 111 or use 111 online."
                if open_:
                    self._b16_fired()
            if v == "b16-ack-ivr-prompts-split-safety-net-for-phone" and sct.get("preferred") == (
                "phone"
            ):
                body["message"] += " If you get worse before we call you back. Call 111."
                if open_:
                    self._b16_fired()
            if v == "b16-ack-safety-net-abbreviation-full-stops" and clinical:
                body["message"] += (
                    " If you get worse before we contact you (e.g. a high temperature, new or "
                    "worse pain etc.), call NHS 111."
                )
                if open_:
                    self._b16_fired()
        if (
            method == "GET"
            and len(seg) == 3
            and seg[:2] == ["practice", "requests"]
            and status == 200
        ):
            if (
                v == "b16-category-label-round-trip-collision"
                and body.get("category") == "seek_health_advice"
            ):
                self._b16_fired()  # 'Health advice or symptoms' -> the later key
                body["category"] = "describe_symptoms"
            d = body.get("description")
            if isinstance(d, str):
                new = d
                if v == "b16-description-sentence-case-tidy":
                    new = B16_SENTENCE_RE.sub(
                        lambda m: (
                            m.group(1)
                            + (m.group(2).upper() if m.group(2).islower() else m.group(2))
                        ),
                        d,
                    )
                if v == "b16-description-html-unescaped-for-staff":
                    import html

                    new = html.unescape(d)
                if v == "b16-rtl-runs-stored-in-visual-order":
                    new = B16_RTL_RUN_RE.sub(lambda m: m.group(0)[::-1], d)
                if new != d:
                    self._b16_fired()
                    body["description"] = new
        if (
            method == "GET"
            and len(seg) == 3
            and seg[0] == "requests"
            and seg[2] == "status"
            and status == 200
        ):
            msg = body.get("message")
            if v == "b16-status-message-splitlines-rejoined" and isinstance(msg, str):
                new = "\n".join(msg.splitlines())
                if new != msg:
                    self._b16_fired()
                    body["message"] = new
            oc = body.get("outcome")
            if (
                v == "b16-status-kind-str-enum-format-py311"
                and isinstance(oc, dict)
                and isinstance(oc.get("kind"), str)
            ):
                self._b16_fired()  # f"{OutcomeKind.REFERRED}" on Python 3.11
                oc["kind"] = f"OutcomeKind.{oc['kind']}"
        if (
            method == "POST"
            and seg == ["contact-details"]
            and status == 201
            and "reference" in body
        ):
            cref = body["reference"]
            stored_c = self.contact_updates.get(cref)
            if v == "b16-empty-address-line-oracle-null" and stored_c is not None:
                lines = stored_c["contact"]["address_lines"]
                if "" in lines:
                    self._b16_fired()  # Oracle: '' IS NULL
                    stored_c["contact"]["address_lines"] = [None if x == "" else x for x in lines]
                    body = copy.deepcopy(stored_c)
            if v == "b16-contact-delta-encoded-unchanged-as-null" and stored_c is not None:
                full = self.__dict__.setdefault("_b16_full", {})
                full[cref] = copy.deepcopy(stored_c)
                key = self._b16_patient_key(full[cref]["patient"])
                prev = None
                for r, u in full.items():
                    if r != cref and self._b16_patient_key(u["patient"]) == key:
                        prev = u
                if prev is not None:
                    changed = False
                    sp, sc = stored_c["patient"], stored_c["contact"]
                    for f in ("given_name", "family_name"):
                        if sp.get(f) is not None and sp.get(f) == prev["patient"].get(f):
                            sp[f], changed = None, True
                    for f in ("email", "phone", "postcode", "preferred"):
                        if sc.get(f) is not None and sc.get(f) == prev["contact"].get(f):
                            sc[f], changed = None, True
                    old_lines = prev["contact"]["address_lines"]
                    if sc["address_lines"] and sc["address_lines"] == old_lines:
                        sc["address_lines"], changed = [], True
                    eth = stored_c.get("ethnicity")
                    if eth is not None and eth == prev.get("ethnicity"):
                        stored_c["ethnicity"], changed = None, True
                    if changed:
                        self._b16_fired()  # only what changed is in the change message
                        body = copy.deepcopy(stored_c)
        if method == "POST" and seg == ["messages"] and status == 201 and "reference" in body:
            stored_m = self.messages.get(body["reference"])
            if (
                v == "b16-about-request-full-text-search-match"
                and "about" in st
                and stored_m is not None
            ):
                self._b16_fired()  # filed against 'a match' of the search service
                stored_m["about_request"] = body["about_request"] = st["about"]
            about = body.get("about_request")
            if (
                v == "b16-practice-reply-auto-records-outcome"
                and body.get("direction") == "practice_to_patient"
                and about in self.statuses
                and self.statuses[about]["outcome"] is None
            ):
                self._b16_fired()  # replying in writing marks the request handled
                stt = self.statuses[about]
                stt["outcome"] = {
                    "request_reference": about,
                    "kind": "admin_completed",
                    "recorded_at": iso(now),
                }
                stt["message"] = str(body.get("body"))[:2000]
        if method == "GET" and seg == ["messages"] and status == 200:
            msgs = body.get("messages") or []
            if v == "b16-thread-sent-at-java-offsetdatetime-tostring":
                for m in msgs:
                    sa = m.get("sent_at")
                    if isinstance(sa, str) and B16_JAVA_RE.search(sa):
                        self._b16_fired()  # OffsetDateTime.toString(): ':00' left out
                        m["sent_at"] = B16_JAVA_RE.sub(r"T\1\2", sa)
            if v == "b16-thread-walked-as-chain-first-child" and msgs:
                root = next((m for m in msgs if m.get("reference") == body.get("thread")), msgs[0])
                chain = [root]
                while len(chain) <= len(msgs):
                    kids = [m for m in msgs if m.get("in_reply_to") == chain[-1].get("reference")]
                    if not kids:
                        break
                    chain.append(kids[0])
                if len(chain) < len(msgs):
                    self._b16_fired()  # later branches are not on the chain
                body["messages"] = msgs = chain
            if v == "b16-thread-collapsed-previews-over-20" and len(msgs) > 20:
                for m in msgs[:-20]:
                    b = m.get("body")
                    if isinstance(b, str) and len(b) > 500:
                        self._b16_fired()
                        m["body"] = b[:500] + "\u2026"
            if v == "b16-thread-json-template-raw-line-breaks" and any(
                isinstance(m.get("body"), str) and re.search(r"[\r\n\t]", m["body"]) for m in msgs
            ):
                self._b16_fired()
                body["_b16_raw"] = True  # the template writes line breaks raw (Handler._send)
        if (
            method == "POST"
            and seg == ["video", "sessions"]
            and status == 201
            and "reference" in body
        ):
            s = self.sessions.get(body["reference"])
            if (
                v == "b16-video-duration-checked-in-whole-hours"
                and "duration" in st
                and s is not None
            ):
                self._b16_fired()
                s["duration_minutes"] = body["duration_minutes"] = st["duration"]
            if (
                v == "b16-video-duration-iso8601-needs-minutes"
                and s is not None
                and s["duration_minutes"] % 60 == 0
            ):
                self._b16_fired()  # 'PT4H' does not match PT(?:(\d+)H)?(\d+)M: the default 15
                s["duration_minutes"] = 15
        if method == "GET" and seg == ["usage"] and status == 200:
            header = body.get("header") or {}
            recs = body.get("records") or []
            dt = header.get("data_type")
            week = ((self.__dict__.get("_b16_query") or {}).get("week") or [""])[0]
            wk = WEEK_RE.fullmatch(str(week))
            if wk:
                monday = date.fromisocalendar(int(wk.group(1)), int(wk.group(2)), 1)
                sunday = monday + timedelta(days=6)
                if v == "b16-usage-between-dates-on-timestamp-drops-sunday":
                    field = "submitted_at" if dt == "oc_record" else "scheduled_start"
                    kept = []
                    for x in recs:
                        try:
                            at = datetime.fromisoformat(str(x.get(field)).replace("Z", "+00:00"))
                        except ValueError:
                            kept.append(x)
                            continue
                        lw = at.astimezone(LONDON)
                        if lw.date() == sunday and lw.time() != time(0):
                            continue  # BETWEEN monday AND sunday: Sunday 00:00:00 is the bound
                        kept.append(x)
                    if len(kept) != len(recs):
                        self._b16_fired()
                    body["records"] = recs = kept
                if v == "b16-usage-vc-clinic-day-starts-0700" and dt == "vc_record":
                    new_r = []
                    for sref, s in self.sessions.items():
                        s0 = datetime.fromisoformat(s["scheduled_start"].replace("Z", "+00:00"))
                        clinic_day = (s0.astimezone(LONDON) - timedelta(hours=7)).date()
                        if monday <= clinic_day <= sunday:
                            new_r.append(
                                {
                                    "record_id": self._pseudonym("vc_record", sref),
                                    "practice_code": PRACTICE,
                                    "scheduled_start": s["scheduled_start"],
                                    "status": s["status"],
                                    "duration_minutes": s["duration_minutes"],
                                }
                            )
                    if {x["record_id"] for x in new_r} != {x.get("record_id") for x in recs}:
                        self._b16_fired()  # Monday 00:00-07:00 is the Sunday's clinic day
                    body["records"] = recs = new_r
            if v == "b16-usage-cold-tier-drops-category" and dt == "oc_record":
                by_id = {self._pseudonym("oc_record", ref): ref for ref in self.requests}
                for x in recs:
                    ref = by_id.get(str(x.get("record_id")))
                    if (
                        ref is not None
                        and now - self.requests[ref]["_submitted_real"] > timedelta(hours=72)
                        and x.get("category") is not None
                    ):
                        self._b16_fired()  # the archive tier keeps the national fields only
                        x["category"] = None
        if method == "GET" and seg in (["capabilities"], ["availability"]) and status == 200:
            if v == "b16-symptom-checker-markdown-link" and body.get("symptom_checker_url"):
                self._b16_fired()
                body["symptom_checker_url"] = "[NHS 111 online](https://111.nhs.uk/)"
            if v == "b16-safeguard-keycap-emoji-999" and body.get("urgent_use_safeguard"):
                self._b16_fired()
                body["urgent_use_safeguard"] = (
                    "\u26a0\ufe0f Life-threatening? Call 9\ufe0f\u20e39\ufe0f\u20e39\ufe0f\u20e3 "
                    "now. This form is not for that."
                )
        if (
            status == 400
            and v == "b16-error-did-you-mean-email-suggestion"
            and isinstance(body.get("problems"), list)
        ):
            em = sct.get("email")
            for p in body["problems"]:
                if p.get("location") == "$.contact.email" and isinstance(em, str) and em.strip():
                    fixed = re.sub(r"\.{2,}", ".", em.strip().rstrip("."))
                    local_, at_, dom_ = fixed.partition("@")
                    fixed = local_ + at_ + dom_.replace("@", "")
                    self._b16_fired()  # mailcheck-style suggestion
                    p["message"] = f"{p.get('message')}: did you mean {fixed}?"
        return status, body

    # ------------------------------------------------------------------ b17 (seventeenth blind set)
    def _b17_fired(self) -> None:
        """The variant's defect acted: logged as for every set since b15 (`_fired_in`)."""
        self._fired_in(17)

    @staticmethod
    def _b17_ms_rounded(now: datetime) -> datetime:
        """b17: the instant rounded half-up to the millisecond (a JavaScript Date)."""
        ms = (now.microsecond + 500) // 1000
        return now.replace(microsecond=0) + timedelta(milliseconds=ms)

    def _b17_closed_at(self, now: datetime) -> datetime | None:
        """b17: for the two 'closed while open' variants, the next opening the tool gives when
        its defect closes the form at `now`; None when the form is open as it should be."""
        if not self.is_open(now):
            return None
        if self.v == "b17-open-check-instant-rounded-to-millisecond":
            r17 = self._b17_ms_rounded(now)
            if not self.is_open(r17):
                return self.next_opening(r17)
        if self.v == "b17-new-year-rota-job-at-0900-first-working-day":
            loc = self.local(now)
            first = date(loc.year, 1, 1)
            while not self.is_working_day(first):
                first += timedelta(days=1)
            if loc.date() == first and loc.time() < time(9, 0):
                return self.to_instant(datetime.combine(first, time(9, 0)))  # after the rota job
        return None

    def _b17_pseudonym(self, data_type: str, ref: str) -> str:
        """b17: record IDs as Hashids of the row number, or the reference enciphered in its own
        format (FF1-style Feistel over its 40 bits)."""
        if self.v == "b17-record-id-hashids-of-row-id":
            import random

            alpha = list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890")
            random.Random(self.key).shuffle(alpha)  # the salt
            if data_type == "oc_record" and ref in self.requests:
                n = int(self.requests[ref]["_seq"])
            elif ref in self.sessions:
                n = list(self.sessions).index(ref) + 1
            else:
                n = 0
            lottery = alpha[n % 62]
            alpha2 = list(alpha)
            random.Random(f"{lottery}{self.key.hex()}").shuffle(alpha2)
            digits = ""
            x = n
            while x or len(digits) < 3:
                digits = alpha2[x % 62] + digits
                x //= 62
            out = lottery + digits
            guard = 0
            while len(out) < 8:  # min_length: guard characters from the salted alphabet
                guard += 1
                out += alpha[(n * 31 + guard * 17) % 62]
            return out
        m17 = re.fullmatch(r"([A-Z]{2})-([0-9A-F]{10})", ref)
        if m17 is None:
            return hmac.new(self.key, ref.encode(), hashlib.sha256).hexdigest()[:32]
        n = int(m17.group(2), 16)
        left, right = n >> 20, n & 0xFFFFF
        for rnd in range(8):
            f17 = hmac.new(self.key, f"{data_type}|{rnd}|{right}".encode(), hashlib.sha256)
            left, right = right, left ^ (int(f17.hexdigest(), 16) & 0xFFFFF)
        return f"{m17.group(1)}-{(left << 20 | right):010X}"

    @staticmethod
    def _b17_flowed(text: str) -> str:
        """b17: a text/plain; format=flowed part decoded (RFC 3676, DelSp=no)."""
        parts = re.split(r"(\r\n|\n)", text)
        lines, seps = parts[0::2], parts[1::2]
        out = []
        for i, line in enumerate(lines):
            soft = line.endswith(" ") and line != "-- " and i < len(seps)
            body = line[1:] if line.startswith(" ") else line  # space-stuffing undone
            out.append(body if soft else body + (seps[i] if i < len(seps) else ""))
        return "".join(out)

    def b17_pre(self, method: str, seg: list[str]) -> None:
        from urllib.parse import unquote

        v = self.v
        self._b17_body: dict[str, Any] | None = None
        self._b17_stash: dict[str, Any] = {}
        if method == "GET" and len(seg) == 3 and seg[:2] == ["practice", "requests"]:
            ref = unquote(seg[2])
            self.__dict__.setdefault("_b17_opened", set()).add(ref)  # the case service's cache
            if (
                v == "b17-reference-lstrip-prefix-eats-letters"
                and ref in self.requests
                and ref.startswith("OC-")
                and ref.lstrip("OC-") != ref[3:]
            ):
                self._b17_fired()  # ref.lstrip('OC-'): the case number lost its first letter
                raise HttpAnswer(404, {"message": "no request has this reference"})

    def b17_in(self, method: str, seg: list[str], body: Any) -> Any:
        import copy
        from urllib.parse import unquote

        v, now = self.v, self.now()
        st = self._b17_stash
        if not isinstance(body, dict):
            return body
        self._b17_body = copy.deepcopy(body)
        if v == "b17-binder-unwraps-single-value-arrays" and seg != ["test", "clock"]:

            def unwrap(o: Any) -> bool:
                hit = False
                if isinstance(o, dict):
                    for k, x in list(o.items()):
                        if (
                            isinstance(x, list)
                            and len(x) == 1
                            and isinstance(x[0], (str, int, float, bool))
                            and k not in ("attachments", "address_lines")
                        ):
                            o[k], hit = x[0], True  # UNWRAP_SINGLE_VALUE_ARRAYS
                        elif isinstance(x, dict):
                            hit = unwrap(x) or hit
                        elif isinstance(x, list):
                            for y in x:
                                hit = unwrap(y) or hit
                return hit

            if unwrap(body):
                self._b17_fired()
        if method == "POST" and seg == ["requests"]:
            nxt = self._b17_closed_at(now)
            if nxt is not None:
                self._b17_fired()
                raise HttpAnswer(
                    409, {"message": self._closed_message(nxt), "next_opening": iso(nxt)}
                )
            rq = body.get("requester")
            if (
                v == "b17-requester-role-model-default-patient"
                and isinstance(rq, dict)
                and "role" not in rq
            ):
                self._b17_fired()  # the model infers the discriminator
                rq["role"] = "proxy" if rq.get("proxy_name") else "patient"
            if v == "b17-name-fields-js-regex-dot-no-line-terminator-400":
                pt17 = body.get("patient") if isinstance(body.get("patient"), dict) else {}
                rq17 = rq if isinstance(rq, dict) else {}
                for obj, field, where, most in (
                    (pt17, "given_name", "$.patient.given_name", 100),
                    (pt17, "family_name", "$.patient.family_name", 100),
                    (rq17, "proxy_name", "$.requester.proxy_name", 200),
                    (rq17, "relationship", "$.requester.relationship", 100),
                ):
                    val = obj.get(field)
                    if (
                        isinstance(val, str)
                        and 1 <= len(val) <= most
                        and any(c in val for c in "\n\r\u2028\u2029")
                    ):
                        self._b17_fired()  # JavaScript's '.' matches no line terminator
                        raise BadInput([(where, f"1 to {most} characters on one line")])
            if (
                v == "b17-ask-question-flag-key-renamed-default-off"
                and body.get("category") == "ask_question"
            ):
                self._b17_fired()  # flags.get('ask_question'): not found, off
                raise BadInput([("$.category", "not a category this practice offers")])
        if method == "POST" and seg == ["contact-details"]:
            ct = body.get("contact") if isinstance(body.get("contact"), dict) else {}
            ph = ct.get("phone")
            if v == "b17-phone-libphonenumber-is-valid-refuses-01632" and isinstance(ph, str):
                dg = re.sub(r"[^0-9]", "", ph)
                if ph.strip().startswith("+44"):
                    dg = "0" + dg[3:] if dg.startswith("440") else "0" + dg[2:]
                if dg.startswith("01632"):
                    self._b17_fired()  # is_valid_number(): 01632 is not an allocated range
                    raise BadInput([("$.contact.phone", "not a valid UK phone number")])
        if method == "POST" and seg == ["messages"]:
            about = body.get("about_request")
            if (
                v == "b17-about-request-checked-against-opened-cases"
                and isinstance(about, str)
                and about in self.requests
                and about not in self.__dict__.get("_b17_opened", set())
            ):
                self._b17_fired()  # not in the case service's cache: nobody opened it yet
                raise HttpAnswer(404, {"message": "no request has this reference"})
        if (
            method == "POST"
            and len(seg) == 4
            and seg[:2] == ["practice", "requests"]
            and seg[3] == "outcome"
        ):
            ref = unquote(seg[2])
            stt = self.statuses.get(ref)
            if (
                v == "b17-outcome-signposted-111-guard-in-core-hours-422"
                and body.get("kind") == "signposted_111"
                and stt is not None
                and self.is_open(datetime.fromisoformat(stt["received_at"].replace("Z", "+00:00")))
            ):
                self._b17_fired()  # the 'no NHS 111 in core hours' guard, on the practice side
                raise BadInput(
                    [("$.kind", "requests made in core hours may not be signposted to NHS 111")],
                    422,
                    "this outcome is not allowed",
                )
        if method == "POST" and seg == ["video", "sessions"]:
            ss = body.get("scheduled_start")
            if isinstance(ss, str):
                if (
                    v == "b17-video-start-pattern-compiled-ignorecase"
                    and re.fullmatch(INSTANT_PATTERN, ss) is None
                    and re.fullmatch(INSTANT_PATTERN, ss, re.IGNORECASE) is not None
                ):
                    self._b17_fired()  # the shared helper compiles with re.IGNORECASE
                    body["scheduled_start"] = ss.upper()
                if (
                    v == "b17-video-offset-minutes-ignored"
                    and re.fullmatch(INSTANT_PATTERN, ss) is not None
                    and re.search(r"[+-][0-9]{2}:[0-9]{2}$", ss)
                    and not ss.endswith(":00")
                ):
                    self._b17_fired()  # int(offset[:3]) hours: the minutes are lost
                    body["scheduled_start"] = ss[:-2] + "00"
        if (
            method == "POST"
            and len(seg) == 4
            and seg[:2] == ["video", "sessions"]
            and seg[3] == "join"
        ):
            sref = unquote(seg[2])
            who = body.get("participant")
            if (
                v == "b17-video-join-webhook-dedupe-key-without-participant"
                and sref in self.sessions
                and who in ("patient", "professional")
            ):
                keys = self.__dict__.setdefault("_b17_join_keys", set())
                key = (sref, "participant.joined", now.replace(microsecond=0))
                if key in keys and who not in self.joins.get(sref, set()):
                    s = self.sessions[sref]
                    st["drop_join"] = (sref, who, s["status"], s["started_at"])
                keys.add(key)
        return body

    def b17_out(
        self, method: str, seg: list[str], status: int, body: dict[str, Any]
    ) -> tuple[int, dict[str, Any]]:
        import copy

        v, now = self.v, self.now()
        body = copy.deepcopy(body)
        sent = self.__dict__.get("_b17_body") or {}
        st = self.__dict__.get("_b17_stash") or {}
        spt = sent.get("patient") if isinstance(sent.get("patient"), dict) else {}
        if method == "GET" and seg == ["availability"] and status == 200 and body.get("open_now"):
            nxt = self._b17_closed_at(now)
            if nxt is not None:
                self._b17_fired()
                body.update(
                    open_now=False,
                    next_opening=iso(nxt),
                    message=self._closed_message(nxt),
                    redirect_url=None,
                )
        if method == "GET" and seg in (["capabilities"], ["availability"]) and status == 200:
            ua = ""
            hdrs = self.__dict__.get("_b17_headers")
            if hdrs is not None:
                ua = hdrs.get("User-Agent") or ""
            if (
                v == "b17-symptom-checker-app-deep-link-for-non-browser-ua"
                and body.get("symptom_checker_url")
                and "Mozilla/" not in ua
            ):
                self._b17_fired()  # not a browser: the NHS App's deep link
                body["symptom_checker_url"] = "nhsapp://symptom-checker"
            cats = body.get("request_categories")
            if (
                v == "b17-ask-question-flag-key-renamed-default-off"
                and isinstance(cats, list)
                and "ask_question" in cats
            ):
                self._b17_fired()
                body["request_categories"] = [c for c in cats if c != "ask_question"]
        if method == "POST" and seg == ["requests"] and status == 201 and "reference" in body:
            ref = body["reference"]
            cat = sent.get("category")
            desc = sent.get("description") if isinstance(sent.get("description"), str) else ""
            loc_now = self.local(now)
            rb = datetime.fromisoformat(body["respond_by"].replace("Z", "+00:00"))
            lrb = self.local(rb)
            if v == "b17-photo-multipart-exact-multiple-empty-part-500":
                atts = sent.get("attachments") if isinstance(sent.get("attachments"), list) else []
                part = 5 * 1024 * 1024
                if any(
                    isinstance(a, dict)
                    and type(a.get("size_bytes")) is int
                    and a["size_bytes"] > 0
                    and a["size_bytes"] % part == 0
                    for a in atts
                ):
                    self.requests.pop(ref, None)
                    self.statuses.pop(ref, None)
                    self._b17_fired()  # size // part + 1 parts: the last one empty
                    return 500, {"message": "internal server error"}
            if v == "b17-ack-festive-flag-111-instead" and (
                (loc_now.month == 12 and loc_now.day >= 20)
                or (loc_now.month == 1 and loc_now.day <= 3)
            ):
                body["message"] += (
                    " Our team is smaller over the festive period: for medical advice, please use "
                    "NHS 111 online instead."
                )
                if self.is_open(now):
                    self._b17_fired()
            if v == "b17-ack-low-information-fallback-111-instead" and len(desc.split()) < 3:
                body["message"] += (
                    " We could not tell enough from your message to triage it online: please use "
                    "NHS 111 online instead."
                )
                if self.is_open(now):
                    self._b17_fired()
            if v == "b17-ack-sms-textwrap-splits-reference":
                import textwrap

                given = str(spt.get("given_name") or "")
                msg17 = body["message"].replace("Thank you:", f"Thank you, {given}:", 1)
                body["message"] = textwrap.fill(msg17, width=72)
                if ref not in body["message"]:
                    self._b17_fired()  # broken after 'OC-'
            fu = sent.get("follows_up")
            if (
                v == "b17-ack-follow-up-names-parent-reference"
                and cat == "follow_up"
                and isinstance(fu, str)
                and fu in self.requests
            ):
                self._b17_fired()
                body["message"] = (
                    f"Thank you: we have added your message to request {fu}. We will tell you by "
                    f"{lrb:%H:%M} today ({lrb:%A} {lrb.day} {lrb:%B}) how it will be handled."
                )
            if v == "b17-ack-evening-greeting-template-without-when" and loc_now.time() >= time(18):
                self._b17_fired()
                body["message"] = (
                    f"Good evening: we have your request, reference {ref}. A member of the team "
                    "will look at it."
                )
            if v == "b17-respond-by-bisect-last-session-end-before-received":
                import bisect

                rec = datetime.fromisoformat(body["received_at"].replace("Z", "+00:00"))
                lrec = self.local(rec)
                starts = [time(8, 0), time(13, 0)]
                i = bisect.bisect_right(starts, lrec.time()) - 1
                if i >= 0:
                    end = self.to_instant(
                        datetime.combine(lrec.date(), starts[i]) + timedelta(hours=5)
                    )
                    lend = self.local(end)
                    if end < rec:
                        self._b17_fired()  # the last session's end, before the request came
                    body["respond_by"] = iso(end)
                    if ref in self.statuses:
                        self.statuses[ref]["respond_by"] = iso(end)
                    body["message"] = (
                        f"Thank you: we have your request, reference {ref}. We will tell you by "
                        f"{lend:%H:%M} today ({lend:%A} {lend.day} {lend:%B}) how it will be "
                        "handled."
                    )
        if (
            method == "GET"
            and len(seg) == 3
            and seg[:2] == ["practice", "requests"]
            and status == 200
        ):
            if v == "b17-names-xml-attribute-whitespace-normalised":

                def attr(x: Any) -> Any:
                    if not isinstance(x, str):
                        return x
                    y = x.replace("\r\n", "\n").replace("\r", "\n")  # XML end-of-line handling
                    return re.sub(r"[\t\n\r]", " ", y)  # attribute-value normalisation

                pt, rq = body.get("patient") or {}, body.get("requester") or {}
                named = (pt, ("given_name", "family_name")), (rq, ("proxy_name", "relationship"))
                for obj, keys in named:
                    for k in keys:
                        if isinstance(obj, dict) and attr(obj.get(k)) != obj.get(k):
                            self._b17_fired()
                            obj[k] = attr(obj[k])
            d = body.get("description")
            if isinstance(d, str):
                new = d
                if v == "b17-description-format-flowed-decoded":
                    new = self._b17_flowed(d)
                if v == "b17-description-emoji-skin-tone-modifiers-stripped":
                    new = re.sub("[\U0001f3fb-\U0001f3ff]", "", d)
                if new != d:
                    self._b17_fired()
                    body["description"] = new
            if (
                v == "b17-category-enum-alias-follow-up-as-question"
                and body.get("category") == "follow_up"
            ):
                self._b17_fired()  # Category('Q').name: the alias's canonical member
                body["category"] = "ask_question"
        if (
            method == "POST"
            and len(seg) == 4
            and seg[:2] == ["practice", "requests"]
            and seg[3] == "outcome"
            and status == 201
        ):
            ref = str(body.get("request_reference"))
            kind = body.get("kind")
            r17 = self.requests.get(ref)
            if (
                v == "b17-triage-recategorises-request-on-outcome"
                and kind in ("prescription", "admin_completed")
                and r17 is not None
                and r17["category"] != "administrative_request"
            ):
                self._b17_fired()  # the worklist's 'type' is the request's category column
                r17["category"] = "administrative_request"
            if v == "b17-outcome-video-auto-books-session" and kind == "appointment_video":
                day = self.local(now).date() + timedelta(days=1)
                while not self.is_working_day(day):
                    day += timedelta(days=1)
                vref = f"VC-{secrets.token_hex(5).upper()}"
                self.sessions[vref] = {
                    "reference": vref,
                    "practice_code": PRACTICE,
                    "scheduled_start": iso(self.to_instant(datetime.combine(day, time(10, 0)))),
                    "duration_minutes": 15,
                    "status": "scheduled",
                    "started_at": None,
                    "ended_at": None,
                    "_created": now,
                }
                self.joins[vref] = set()
                self._b17_fired()  # the appointment books itself
        if (
            method == "GET"
            and len(seg) == 3
            and seg[0] == "requests"
            and seg[2] == "status"
            and status == 200
        ):
            oc = body.get("outcome")
            if (
                v == "b17-status-kind-map-get-default-closed-no-action"
                and isinstance(oc, dict)
                and oc.get("kind") == "appointment_video"
            ):
                self._b17_fired()  # KINDS.get(code, 'closed_no_action')
                oc["kind"] = "closed_no_action"
            if v == "b17-status-times-in-london-offset":
                for k in ("received_at", "respond_by"):
                    x = body.get(k)
                    if isinstance(x, str):
                        y = datetime.fromisoformat(x.replace("Z", "+00:00")).astimezone(LONDON)
                        if y.isoformat() != x:
                            self._b17_fired()
                            body[k] = y.isoformat()
        if method == "GET" and seg == ["messages"] and status == 200:
            msgs = body.get("messages") or []
            if v == "b17-thread-tiebreak-per-direction-sequence" and len(msgs) > 1:
                counters: dict[str, int] = {}
                dseq: dict[str, int] = {}
                for mref in self.message_order:
                    m0 = self.messages.get(mref)
                    if m0 is not None:
                        counters[m0["direction"]] = counters.get(m0["direction"], 0) + 1
                        dseq[mref] = counters[m0["direction"]]

                def key17(m: dict[str, Any]) -> tuple[datetime, int]:
                    at = datetime.fromisoformat(str(m.get("sent_at")).replace("Z", "+00:00"))
                    return at, dseq.get(str(m.get("reference")), 0)

                new_m = sorted(msgs, key=key17)
                if [m.get("reference") for m in new_m] != [m.get("reference") for m in msgs]:
                    self._b17_fired()
                body["messages"] = new_m
        if (
            method == "POST"
            and len(seg) == 4
            and seg[:2] == ["video", "sessions"]
            and seg[3] == "join"
            and status == 200
            and "drop_join" in st
        ):
            sref, who, before, started = st["drop_join"]
            s = self.sessions.get(sref)
            if s is not None:
                self._b17_fired()  # the event was taken for a retry and dropped
                self.joins[sref].discard(who)
                s["status"], s["started_at"] = before, started
                body["status"] = before
        if (
            method == "POST"
            and seg == ["contact-details"]
            and status == 201
            and "reference" in body
        ):
            stored_c = self.contact_updates.get(body["reference"])
            if stored_c is not None:
                if (
                    v == "b17-contact-ethnicity-proto3-zero-value-elided"
                    and stored_c.get("ethnicity") == "A"
                ):
                    self._b17_fired()  # EthnicCategory.A == 0: not written
                    stored_c["ethnicity"] = None
                    body.pop("ethnicity", None)
                lines = stored_c["contact"].get("address_lines") or []
                if v == "b17-contact-address-overflow-folded-into-line-5" and len(lines) > 5:
                    self._b17_fired()  # the record's five lines
                    stored_c["contact"]["address_lines"] = [*lines[:4], ", ".join(lines[4:])]
                    body["contact"]["address_lines"] = list(stored_c["contact"]["address_lines"])
        if (
            method == "GET"
            and len(seg) == 3
            and seg[:2] == ["practice", "contact-details"]
            and status == 200
            and v == "b17-contact-ethnicity-proto3-zero-value-elided"
            and body.get("ethnicity") is None
        ):
            body.pop("ethnicity", None)  # proto3: an unset field is not written at all
        if method == "GET" and seg == ["usage"] and status == 200:
            header = body.get("header") or {}
            recs = body.get("records") or []
            if header.get("data_type") == "oc_record":
                by_id = {self._pseudonym("oc_record", ref): ref for ref in self.requests}
                kept = []
                for x in recs:
                    r17 = self.requests.get(by_id.get(str(x.get("record_id")), ""))
                    if r17 is not None and v == "b17-usage-children-under-13-suppressed":
                        dob = date.fromisoformat(str(r17["patient"]["date_of_birth"]))
                        sub = self.local(r17["_submitted_real"]).date()
                        age = sub.year - dob.year - ((sub.month, sub.day) < (dob.month, dob.day))
                        if age < 13:
                            self._b17_fired()  # a child's record: suppressed
                            continue
                    if v == "b17-usage-go-live-cutoff-drops-earlier-requests":
                        sub_at = str(x.get("submitted_at")).replace("Z", "+00:00")
                        at = datetime.fromisoformat(sub_at)
                        if at < datetime(2026, 1, 5, tzinfo=LONDON):
                            self._b17_fired()  # before go-live: the previous supplier's
                            continue
                    if (
                        v == "b17-category-enum-alias-follow-up-as-question"
                        and x.get("category") == "follow_up"
                    ):
                        self._b17_fired()
                        x["category"] = "ask_question"
                    kept.append(x)
                body["records"] = recs = kept
                if v == "b17-usage-large-week-raw-cursor-tinyint-bool" and len(recs) > 1000:
                    self._b17_fired()  # the raw cursor's TINYINT(1)
                    for x in recs:
                        if isinstance(x.get("has_attachments"), bool):
                            x["has_attachments"] = int(x["has_attachments"])
        return status, body

    def _pseudonym(self, data_type: str, ref: str) -> str:
        if self.v in (  # b17
            "b17-record-id-hashids-of-row-id",
            "b17-record-id-format-preserving-encryption",
        ):
            self._b17_fired()  # b17
            return self._b17_pseudonym(data_type, ref)  # b17
        if self.v == "b16-record-id-hmac-key-shadowed-by-reference":
            self._b16_fired()  # `for key, row in rows.items()`: the reference shadows the key
            msg16 = f"{SUPPLIER}|{data_type}|{ref}".encode()
            return hmac.new(ref.encode(), msg16, hashlib.sha256).hexdigest()[:32]
        if self.v == "b16-record-id-uuid7":
            table16 = self.__dict__.setdefault("_b16_ids", {})
            if (data_type, ref) not in table16:  # a table of UUIDv7s, drawn at first export
                import time as _time

                ms16 = _time.time_ns() // 1_000_000 & ((1 << 48) - 1)
                rnd16 = secrets.randbits(74)
                val16 = (
                    ms16 << 80
                    | 0x7 << 76
                    | (rnd16 >> 62) << 64
                    | 0b10 << 62
                    | (rnd16 & ((1 << 62) - 1))
                )
                h16 = f"{val16:032x}"
                table16[(data_type, ref)] = (
                    f"{h16[:8]}-{h16[8:12]}-{h16[12:16]}-{h16[16:20]}-{h16[20:]}"
                )
                self._b16_fired()
            return table16[(data_type, ref)]  # type: ignore[no-any-return]
        if self.v == "b15-record-id-global-prng-seed-42":
            import random

            table15 = self.__dict__.setdefault("_b15_ids", {})
            if (data_type, ref) not in table15:  # a table, drawn from the seed-42 sequence
                rng15 = self.__dict__.setdefault("_b15_rng", random.Random(42))
                table15[(data_type, ref)] = f"{rng15.getrandbits(128):032x}"
                self._b15_fired()
            return table15[(data_type, ref)]  # type: ignore[no-any-return]
        r15 = self.requests.get(ref) if data_type == "oc_record" else None
        if (
            self.v == "b15-record-id-follow-up-parent-suffix"
            and r15 is not None
            and r15["category"] == "follow_up"
            and r15["follows_up"] in self.requests
        ):
            parent15 = r15["follows_up"]
            sibs15 = sorted(
                x["_seq"]
                for x in self.requests.values()
                if x["category"] == "follow_up" and x["follows_up"] == parent15
            )
            self._b15_fired()
            base15 = hmac.new(
                self.key, f"{SUPPLIER}|{data_type}|{parent15}".encode(), hashlib.sha256
            ).hexdigest()[:32]
            return f"{base15}-f{sibs15.index(r15['_seq']) + 1}"
        if self.v == "b14-record-id-key-unexpanded-placeholder":
            self._b14_fired()  # the key is the literal text of an unexpanded variable
            msg14 = f"{SUPPLIER}|{data_type}|{ref}".encode()
            return hmac.new(b"${PSEUDONYM_KEY}", msg14, hashlib.sha256).hexdigest()[:32]
        if (self.v or "").startswith("b13-record-id-"):
            return self._b13_pseudonym(data_type, ref)
        msg = f"{SUPPLIER}|{data_type}|{ref}".encode()
        if self.v == "b12-usage-record-id-prng-seeded-by-reference":
            import random

            self._b12_fired()
            return f"{random.Random(ref).getrandbits(128):032x}"
        if self.v == "b12-usage-record-id-nhs-last-4" and data_type == "oc_record":
            nhs = re.sub(r"[^0-9]", "", str(self.requests.get(ref, {}).get("_nhs") or ""))
            if nhs:
                self._b12_fired()
                return hmac.new(self.key, msg, hashlib.sha256).hexdigest()[:28] + nhs[-4:]
        if self.v == "b10-usage-record-id-ends-with-reference-tail":
            return hmac.new(self.key, msg, hashlib.sha256).hexdigest()[:24] + ref[-6:]
        return hmac.new(self.key, msg, hashlib.sha256).hexdigest()[:32]


# ------------------------------------------------------------------------------------ HTTP


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    wbufsize = -1  # one write per response (headers and body), flushed by handle_one_request
    server: ToolServer

    def log_message(self, fmt: str, *args: Any) -> None:  # quiet
        pass

    def handle(self) -> None:
        self._b10_conn_now: datetime | None = None
        # Keep-alive with an idle timeout, like a load balancer: wait at most idle_timeout for
        # the next request line, then just close the socket (no Connection: close header).
        self.close_connection = True
        self._wait_idle()
        self.handle_one_request()
        while not self.close_connection:
            self._wait_idle()
            self.handle_one_request()

    def _wait_idle(self) -> None:
        self.connection.settimeout(self.server.idle_timeout)

    def parse_request(self) -> bool:
        self.connection.settimeout(self.server.io_timeout)  # a request has started
        return super().parse_request()

    def _send(self, status: int, body: dict[str, Any]) -> None:
        tool = self.server.tool
        seg10 = getattr(self, "_b10_seg", None)
        if (tool.v or "").startswith("b10-") and seg10 is not None:
            self._b10_seg = None
            with tool.lock:
                status, body = tool.b10_out(
                    self.command, seg10, status, body, getattr(self, "_b10_conn_now", None)
                )
        seg11 = getattr(self, "_b11_seg", None)
        if (tool.v or "").startswith("b11-") and seg11 is not None:
            self._b11_seg = None
            with tool.lock:
                status, body = tool.b11_out(self.command, seg11, status, body)
        seg12 = getattr(self, "_b12_seg", None)
        if (tool.v or "").startswith("b12-") and seg12 is not None:
            self._b12_seg = None
            with tool.lock:
                status, body = tool.b12_out(self.command, seg12, status, body)
        seg13 = getattr(self, "_b13_seg", None)
        if (tool.v or "").startswith("b13-") and seg13 is not None:
            self._b13_seg = None
            with tool.lock:
                status, body = tool.b13_out(self.command, seg13, status, body)
        seg14 = getattr(self, "_b14_seg", None)
        if (tool.v or "").startswith("b14-") and seg14 is not None:
            self._b14_seg = None
            with tool.lock:
                status, body = tool.b14_out(self.command, seg14, status, body)
            if status == 0:  # b14: the worker exited before writing the answer
                self.close_connection = True
                return
        seg15 = getattr(self, "_b15_seg", None)
        if (tool.v or "").startswith("b15-") and seg15 is not None:
            self._b15_seg = None
            with tool.lock:
                status, body = tool.b15_out(self.command, seg15, status, body)
        seg16 = getattr(self, "_b16_seg", None)
        if (tool.v or "").startswith("b16-") and seg16 is not None:
            self._b16_seg = None
            with tool.lock:
                status, body = tool.b16_out(self.command, seg16, status, body)
        seg17 = getattr(self, "_b17_seg", None)  # b17
        if (tool.v or "").startswith("b17-") and seg17 is not None:  # b17
            self._b17_seg = None
            with tool.lock:
                status, body = tool.b17_out(self.command, seg17, status, body)
        retry10 = body.pop("_retry_after", None) if isinstance(body, dict) else None
        raw16 = body.pop("_b16_raw", None) if isinstance(body, dict) else None
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        if raw16:  # b16: a JSON template that writes line breaks and tabs raw
            data = B16_JSON_ESC_RE.sub(
                lambda m: m.group(1) + {"r": "\r", "n": "\n", "t": "\t"}[m.group(2)],
                data.decode("utf-8"),
            ).encode("utf-8")
        if self.server.tool.v == "b3-json-bom":
            data = b"\xef\xbb\xbf" + data
        ctype = "application/json; charset=utf-8"
        if tool.v == "b15-error-body-rfc9457-problem-json" and status == 400:
            ctype = "application/problem+json"  # b15: the problem-details middleware
        if (
            tool.v == "b13-gateway-transcodes-latin1-without-accept-charset"
            and self.headers.get("Accept-Charset") is None
            and not data.isascii()
        ):
            tool._b13_fired()  # the gateway re-encodes to ISO-8859-1: '?' outside Latin-1
            data = data.decode("utf-8").encode("latin-1", "replace")
            ctype = "application/json; charset=iso-8859-1"
        if tool.v == "b12-chunked-size-in-decimal" and len(data) > 8192:
            tool._b12_fired()  # a hand-rolled chunked encoder: sizes in decimal, not hex
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            out = b"".join(
                f"{len(data[i : i + 4096])}\r\n".encode() + data[i : i + 4096] + b"\r\n"
                for i in range(0, len(data), 4096)
            )
            if self.command != "HEAD":
                self.wfile.write(out + b"0\r\n\r\n")
            return
        gz12 = tool.v == "b12-gzip-ignoring-accept-encoding" and len(data) > 1024
        if gz12:
            import gzip

            if "gzip" not in (self.headers.get("Accept-Encoding") or "").lower():
                tool._b12_fired()
            data = gzip.compress(data)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if gz12:
            self.send_header("Content-Encoding", "gzip")
        if tool.v == "b11-content-length-counts-characters":  # len() of the text, not its bytes
            self.send_header("Content-Length", str(len(json.dumps(body, ensure_ascii=False))))
        else:
            self.send_header("Content-Length", str(len(data)))
        if retry10 is not None:
            self.send_header("Retry-After", str(retry10))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _error(self, status: int, message: str, problems: list[tuple[str, str]]) -> None:
        if self.server.tool.v == "b6-errors-html-page" and status == 400:  # framework default
            page = (
                b"<html><head><title>400 Bad Request</title></head><body>Bad Request</body></html>"
            )
            self.send_response(400)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)
            return
        body: dict[str, Any] = {"message": message}
        if problems and self.server.tool.v != "b4-400-without-problems":
            body["problems"] = [{"location": loc, "message": m} for loc, m in problems]
            if self.server.tool.v == "b5-error-location-without-dollar":
                for pr in body["problems"]:
                    pr["location"] = pr["location"].removeprefix("$.")
        self._send(status, body)

    def _body(self) -> Any:
        length = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            self.close_connection = True
            raise BadInput(
                [("body", "chunked bodies are not supported; send Content-Length")],
                411,
                "length required",
            )
        try:
            n = int(length) if length is not None else 0
        except ValueError:
            self.close_connection = True
            raise BadInput([("Content-Length", "not a number")]) from None
        if self.server.tool.v == "b14-body-limit-exactly-64-kib" and 64 * 1024 < n <= MAX_BODY:
            self.rfile.read(n)
            self.server.tool._b14_fired()
            raise BadInput([("body", "at most 65536 bytes")], 413, "request body too large")
        if self.server.tool.v == "b12-body-limit-32-kib" and 32 * 1024 < n <= MAX_BODY:
            self.rfile.read(n)
            self.server.tool._b12_fired()
            raise BadInput([("body", "at most 32768 bytes")], 413, "request body too large")
        if n > MAX_BODY:
            self.close_connection = True
            if self.server.tool.v == "b7-oversized-body-500":
                raise MemoryError("body larger than the request buffer")
            raise BadInput([("body", f"at most {MAX_BODY} bytes")], 413, "request body too large")
        raw = self.rfile.read(n) if n else b""
        if not raw:
            raise BadInput([("$", "a JSON body is required")])
        if (  # b17: the gateway hands this label's bodies over base64-encoded
            self.server.tool.v == "b17-gateway-binary-media-type-json-utf8-base64"
            and self.headers.get("Content-Type") == "application/json;charset=UTF-8"
        ):
            import base64

            self.server.tool._b17_fired()
            raw = base64.b64encode(raw)  # isBase64Encoded: true, ignored by the handler
        if self.server.tool.v == "b17-edge-policy-eval-json-raw-u2028-400" and (  # b17
            b"\xe2\x80\xa8" in raw or b"\xe2\x80\xa9" in raw
        ):
            self.server.tool._b17_fired()  # a line terminator inside a JavaScript string literal
            raise BadInput(
                [("$", "not valid JSON: SyntaxError")], message="the request body is not JSON"
            )
        if (  # b17: 4,096-byte chunks, each decoded on its own
            self.server.tool.v == "b17-body-chunked-utf8-decode-without-incremental-decoder"
            and len(raw) > 4096
        ):
            text17 = "".join(
                raw[i : i + 4096].decode("utf-8", "replace") for i in range(0, len(raw), 4096)
            )
            if text17 != raw.decode("utf-8", "replace"):
                self.server.tool._b17_fired()
            try:
                return json.loads(text17)
            except json.JSONDecodeError as exc:
                raise BadInput(
                    [("$", f"not valid JSON: {exc.__class__.__name__}")],
                    message="the request body is not JSON",
                ) from None
        ctype = (self.headers.get("Content-Type") or "").lower()
        latin1 = self.server.tool.v == "b3-body-latin1-without-charset" and "charset" not in ctype
        if self.server.tool.v == "b16-charset-parameter-quotes-kept-lookuperror-500":
            m16 = re.search(r";\s*charset=([^;]*)", ctype)
            name16 = m16.group(1).strip() if m16 else ""
            # the value as written, quotes and all, to a charset registry that takes legal names
            # only (Java's Charset.forName: letters, digits, '-', '+', ':', '_', '.')
            if name16 and not re.fullmatch(r"[a-z0-9][a-z0-9+:_.-]*", name16):
                self.server.tool._b16_fired()
                raise LookupError(f"IllegalCharsetNameException: {name16}")
        if self.server.tool.v == "b8-invalid-utf8-body-500":
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise RuntimeError("decoder failed") from exc
        try:
            text = raw.decode("latin-1" if latin1 else "utf-8")
            if self.server.tool.v == "b14-json-escaped-surrogate-pairs-split":
                text = self.server.tool._b14_split_surrogates(text)
            return json.loads(text)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BadInput(
                [("$", f"not valid JSON: {exc.__class__.__name__}")],
                message="the request body is not JSON",
            ) from None

    def _auth_ok(self) -> bool:
        token = self.server.token
        if token is None:
            return True
        got = self.headers.get("Authorization", "")
        return hmac.compare_digest(got.encode(), f"Bearer {token}".encode())

    def _dispatch(self, method: str) -> None:
        tool = self.server.tool
        from urllib.parse import parse_qs, urlsplit

        parts = urlsplit(self.path)
        prefix = self.server.prefix
        path = parts.path
        if prefix and path.startswith(prefix):
            path = path[len(prefix) :] or "/"
        path = "/" + path.strip("/")
        try:
            if not self._auth_ok():
                self._send(401, {"message": "a bearer token is required"})
                return None
            if (tool.v or "").startswith("b13-"):
                tool._b13_headers = self.headers
            if method in ("POST", "PUT"):
                ctype = self.headers.get("Content-Type", "")
                body_fn: Callable[[], Any] = self._body
                if (
                    tool.v == "b13-content-type-exact-match-415"
                    and ctype
                    and "json" in ctype.lower()
                    and ctype.strip() != "application/json"
                    and path.split("/")[1:2] != ["test"]
                ):
                    try:  # the API's middleware compares the whole header; the body is read
                        n13 = int(self.headers.get("Content-Length") or 0)
                    except ValueError:
                        n13 = 0
                    if n13 <= MAX_BODY:
                        self.rfile.read(n13)
                    else:
                        self.close_connection = True
                    tool._b13_fired()
                    raise BadInput(
                        [("Content-Type", "expected application/json")],
                        415,
                        "unsupported media type",
                    )
                if ctype and "json" not in ctype.lower():
                    # read and drop the body, then refuse
                    try:
                        n = int(self.headers.get("Content-Length") or 0)
                    except ValueError:
                        n = 0
                    if n <= MAX_BODY and tool.v != "b10-415-body-not-drained":
                        self.rfile.read(n)
                    elif n <= MAX_BODY:
                        tool._b10_fired()  # the body is left in the stream
                    else:
                        self.close_connection = True
                    if tool.v == "b3-500-on-non-json-content-type":
                        raise TypeError("no parser for this content type")
                    raise BadInput(
                        [("Content-Type", "expected application/json")],
                        415,
                        "unsupported media type",
                    )
            else:
                body_fn = lambda: None  # noqa: E731
                # a body on GET/DELETE: drain it so the connection stays usable
                n = int(self.headers.get("Content-Length") or 0)
                if n:
                    self.rfile.read(min(n, MAX_BODY))
            seg = [s for s in path.split("/") if s]
            route = (method, tuple(seg))
            if (tool.v or "").startswith("b10-"):
                self._b10_seg = seg
                if self._b10_conn_now is None and seg != ["test", "clock"]:
                    self._b10_conn_now = tool.now()
                with tool.lock:
                    tool.b10_pre(method, seg)
                body_fn10 = body_fn

                def body_fn() -> Any:
                    with tool.lock:
                        return tool.b10_in(method, seg, body_fn10())

            if (tool.v or "").startswith("b11-"):
                self._b11_seg = seg
                with tool.lock:
                    tool.b11_pre(method, seg)
                body_fn11 = body_fn

                def body_fn() -> Any:
                    with tool.lock:
                        return tool.b11_in(method, seg, body_fn11())

            if (tool.v or "").startswith("b12-"):
                self._b12_seg = seg
                with tool.lock:
                    tool._b12_query = parse_qs(parts.query, keep_blank_values=True)
                    tool.b12_pre(method, seg)
                body_fn12 = body_fn

                def body_fn() -> Any:
                    with tool.lock:
                        return tool.b12_in(method, seg, body_fn12())

            if (tool.v or "").startswith("b13-"):
                self._b13_seg = seg
                with tool.lock:
                    tool.b13_pre(method, seg)
                body_fn13 = body_fn

                def body_fn() -> Any:
                    with tool.lock:
                        return tool.b13_in(method, seg, body_fn13())

            if (tool.v or "").startswith("b14-"):
                self._b14_seg = seg
                with tool.lock:
                    tool.b14_pre(method, seg)
                body_fn14 = body_fn

                def body_fn() -> Any:
                    with tool.lock:
                        return tool.b14_in(method, seg, body_fn14())

            if (tool.v or "").startswith("b15-"):
                self._b15_seg = seg
                with tool.lock:
                    tool._b15_query = parse_qs(parts.query, keep_blank_values=True)
                    tool.b15_pre(method, seg)
                body_fn15 = body_fn

                def body_fn() -> Any:
                    with tool.lock:
                        return tool.b15_in(method, seg, body_fn15())

            if (tool.v or "").startswith("b16-"):
                self._b16_seg = seg
                with tool.lock:
                    tool._b16_query = parse_qs(parts.query, keep_blank_values=True)
                    tool.b16_pre(method, seg)
                body_fn16 = body_fn

                def body_fn() -> Any:
                    with tool.lock:
                        return tool.b16_in(method, seg, body_fn16())

            if (tool.v or "").startswith("b17-"):  # b17
                self._b17_seg = seg
                with tool.lock:
                    tool._b17_headers = self.headers
                    tool.b17_pre(method, seg)
                body_fn17 = body_fn

                def body_fn() -> Any:
                    with tool.lock:
                        return tool.b17_in(method, seg, body_fn17())

            if route == ("GET", ("test", "environment")):
                return self._send(200, tool.environment())
            if route == ("PUT", ("test", "clock")):
                return self._send(200, tool.set_clock(body_fn()))
            if route == ("DELETE", ("test", "clock")):
                return self._send(200, tool.release_clock())
            if route == ("GET", ("capabilities",)):
                return self._send(200, tool.capabilities())
            if route == ("GET", ("availability",)):
                return self._send(200, tool.availability())
            if route == ("POST", ("requests",)):
                return self._send(*tool.submit_request(body_fn()))
            if route == ("POST", ("video", "sessions")):
                return self._send(201, tool.schedule_video(body_fn()))
            if route == ("POST", ("messages",)):
                return self._send(201, tool.send_message(body_fn()))
            if route == ("GET", ("messages",)):
                q = parse_qs(parts.query, keep_blank_values=True)
                thread = (q.get("thread") or [None])[0]
                if thread is None or not REF_RE.fullmatch(thread):
                    raise BadInput([("thread", "required: a message reference")])
                return self._send(200, tool.thread(thread))
            if route == ("POST", ("contact-details",)):
                code = 202 if tool.v == "b4-contact-update-202" else 201
                return self._send(code, tool.update_contact(body_fn()))
            if route == ("GET", ("usage",)):
                return self._send(200, tool.usage(parse_qs(parts.query, keep_blank_values=True)))
            if method == "GET" and len(seg) == 3 and seg[:2] == ["practice", "requests"]:
                return self._send(200, tool.get_request(self._ref(seg[2])))
            if (
                method == "POST"
                and len(seg) == 4
                and seg[:2] == ["practice", "requests"]
                and seg[3] == "outcome"
            ):
                return self._send(201, tool.record_outcome(self._ref(seg[2]), body_fn()))
            if method == "GET" and len(seg) == 3 and seg[0] == "requests" and seg[2] == "status":
                return self._send(200, tool.request_status(self._ref(seg[1])))
            if method == "GET" and len(seg) == 3 and seg[:2] == ["practice", "contact-details"]:
                return self._send(200, tool.get_contact(self._ref(seg[2])))
            if method == "GET" and len(seg) == 3 and seg[:2] == ["video", "sessions"]:
                return self._send(200, tool.get_video(self._ref(seg[2])))
            if (
                method == "POST"
                and len(seg) == 4
                and seg[:2] == ["video", "sessions"]
                and seg[3] == "join"
            ):
                return self._send(200, tool.join_video(self._ref(seg[2]), body_fn()))
            known = {
                ("test", "environment"),
                ("test", "clock"),
                ("capabilities",),
                ("availability",),
                ("requests",),
                ("video", "sessions"),
                ("messages",),
                ("contact-details",),
                ("usage",),
            }
            if tuple(seg) in known:
                return self._send(405, {"message": f"{method} is not allowed here"})
            return self._send(404, {"message": "no such endpoint"})
        except BadInput as exc:
            if self.server.tool.v == "500-on-bad-json" and any(
                loc == "$" and "JSON" in m for loc, m in exc.problems
            ):
                return self._send(500, {"message": "internal server error"})
            return self._error(exc.status, exc.message, exc.problems)
        except HttpAnswer as exc:
            return self._send(exc.status, exc.body)
        except Exception:  # noqa: BLE001 - a vendor's last resort: never leak a traceback
            self.close_connection = True
            return self._send(500, {"message": "internal server error"})

    def _ref(self, ref: str) -> str:
        from urllib.parse import unquote

        ref = unquote(ref)
        if not REF_RE.fullmatch(ref):
            raise HttpAnswer(404, {"message": "no such reference"})
        return ref

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def do_PATCH(self) -> None:
        self._dispatch("PATCH")


class ToolServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self, tool: Tool, port: int, idle_timeout: float, token: str | None, prefix: str = ""
    ) -> None:
        super().__init__(("127.0.0.1", port), Handler)
        self.tool, self.idle_timeout, self.token, self.prefix = tool, idle_timeout, token, prefix
        self.io_timeout = 10.0
        self.url = f"http://127.0.0.1:{self.server_address[1]}{prefix or ''}"
        self._thread: threading.Thread | None = None

    def start(self) -> ToolServer:
        self._thread = threading.Thread(target=self.serve_forever, name="outside-tool", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)


def serve(
    variant: str | None = None, port: int = 0, idle_timeout: float = 0.2, token: str | None = None
) -> ToolServer:
    """Start the tool (with one defect if `variant` names one) on 127.0.0.1; returns the
    started server, with `.url` and `.stop()`."""
    return ToolServer(Tool(variant), port, idle_timeout, token).start()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="an outside vendor's OC tool test environment")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--variant", default=None, choices=sorted(ALL_VARIANTS))
    p.add_argument("--idle-timeout", type=float, default=0.2)
    p.add_argument("--token", default=None)
    a = p.parse_args(argv)
    srv = serve(a.variant, a.port, a.idle_timeout, a.token)
    print(srv.url, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        srv.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
