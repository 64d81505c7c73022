"""The contract's rules in words: what holds for every operation, and each operation's own.

Kept apart from `openapi` (which builds the document) so the wording can be read
and reviewed as prose. Labels: [NHSE] is a rule of the GP contract or NHS England's
guidance; [SDK] is the SDK's own reading or strengthening of one.
"""

from __future__ import annotations

__all__ = ["CONVENTIONS", "OPERATION_RULES"]

# What holds for every operation; each operation's `description` says the rest. Rules
# labelled [NHSE] come from the GP contract and NHS England's guidance; [SDK] marks the
# SDK's own reading or strengthening of them (docs/vendor.md, "Building a tool from the
# contract alone", walks through both).
CONVENTIONS = """\
Conventions. Bodies are UTF-8 JSON. Every schema here is generated from the SDK's models \
and states every rule the suite's parser applies: a body valid against its schema, with \
`format` asserted (date-time and date as RFC 3339; nhs-number: ten digits, the last the \
modulus 11 check digit), is accepted, and the few rules JSON Schema cannot state (one \
field compared with another, a weekday) are written as "Must be ..." in the field's \
description. (The parser also takes some other ISO 8601 spellings of an instant or a \
date: do not rely on them.) The rule binds what the suite accepts from a tool; a tool \
may still refuse, with a 400 naming the field, request bodies its own rules forbid \
beyond the schema (another practice's code, a media type it does not list, a follows_up \
naming no request it holds): the valid requests the suite sends never break such rules. \
Unknown keys are refused. A field not listed as required may be left out: it then takes \
its default (null, an empty list, false; true for TestClock.frozen). Integers are \
written without a fraction (15, not 15.0). Instants carry seconds and a UTC offset; \
every local rule (core hours, days, reporting weeks) uses Europe/London.

Core hours [NHSE]: 08:00 to 18:30 Europe/London, Monday to Friday, except bank holidays \
in England (gponline_sdk.models.CORE_HOURS); the next core-hours opening is 08:00 of the \
next working day (or of today, before 08:00 on a working day). Time is the tool's now: \
the test clock's instant while it is set.

Status codes: the success code each operation lists; 400 with an ErrorBody for input the \
request body's schema refuses, each problem naming its field by JSON path in `location`; \
404 for an unknown reference; 409 only from POST /requests, when closed; 413 for a body \
too large; 401 or 403 when the bearer token is refused. Never 5xx. Behaviour the suite \
checks beyond the schemas is in each operation's description, labelled [NHSE] or [SDK].

Changes in 1.1.0: the schemas now state the lengths, patterns, ranges, formats and \
cross-field rules the suite's parser already applied (1.0.0 left most of them out), and \
the descriptions state what each field means and what the checks verify; phone numbers \
take ASCII digits only."""

OPERATION_RULES = {
    "setTestClock": "Freeze the tool's now at `now`: every time-dependent answer (open_now, "
    "received_at, sent_at, submitted_at, respond_by, the usage data's weeks) uses it until the "
    "next PUT or DELETE. [SDK] Test environments only; never in production.",
    "getAvailability": "[NHSE] open_now is true at every instant of core hours (clock-change "
    "weeks included) and false on bank holidays and outside core hours. [NHSE] redirect_url is "
    "null throughout core hours: a need the practice can handle is never sent to NHS 111 then. "
    "[SDK] urgent_use_safeguard mentions 'urgent', 'emergency' or '999', open or closed (a "
    "SHOULD). [NHSE] symptom_checker_url links to the NHS symptom checker, NHS 111 online; "
    "[SDK] an https URL on 111.nhs.uk. When closed, "
    "next_opening is null or the next core-hours opening.",
    "submitRequest": "[NHSE] In core hours: 201 for every category, whatever the number of "
    "requests (no cap per day, per category or per patient). Outside core hours (bank holidays "
    "included): 409 with a ClosedResponse whose next_opening is the next core-hours opening, or, "
    "for a tool declaring out_of_hours 'accepts_for_next_working_day', 201 with respond_by no "
    "later than the next working day. On 201: received_at is the tool's now; [NHSE] respond_by "
    "is on the same Europe/London day when sent in core hours; [SDK] the message says when "
    "(a time, a date, 'today', 'tomorrow' or 'next working day'); [SDK] in core hours the "
    "message does not point clinical requests to NHS 111 unless every request is told the "
    "same. 400 names each bad field (malformed JSON, a missing, unknown or ill-typed field, a "
    "follow_up without follows_up).",
    "getPracticeRequest": "[NHSE] The practice sees exactly what was sent: every field of the "
    "RequestSubmission, with the acknowledgement's reference and submitted_at equal to its "
    "received_at.",
    "scheduleVideoSession": "201 with status 'scheduled', scheduled_start and duration_minutes "
    "as requested. 400 for what the schemas refuse (a practice code not of the ODS shape, a "
    "date-time without offset) and for a duration outside 1 to 240 minutes.",
    "getVideoSession": "The session, equal to the 201 answer that scheduled it (until joined).",
    "joinVideoSession": "join_url is an https:// URL; once the patient and the professional "
    "have both joined, status is 'in_progress'.",
    "sendMessage": "[NHSE] Either direction. 201 with direction, body and in_reply_to exactly "
    "as sent and sent_at equal to the tool's now; 404 when in_reply_to names no message.",
    "getMessageThread": "`thread` is the reference of the thread's first message. Every message "
    "of the thread, replies to replies included, both directions, oldest first by sent_at.",
    "updateContactDetails": "[NHSE] 201 with submitted_at equal to the tool's now.",
    "getPracticeContactDetails": "The patient and contact details exactly as sent.",
    "getUsage": "[NHSE] The week's anonymised records as the tool would send them: one OcRecord "
    "per request received in the ISO week (by the Europe/London date of submitted_at, out of "
    "core hours and bank holidays included), one VcRecord per session scheduled to start in it. "
    "[SDK] request_type follows the category (OcRecord.request_type); record IDs are keyed "
    "pseudonyms, unique in the week and the same at every read; no name, NHS number, contact "
    "detail, date of birth, free text or tool reference anywhere in the answer; the header "
    "names the test environment's supplier_id, the data_type and the week; the file passes "
    "the national pipeline's file and record rules (gponline_sdk.reporting.validate).",
}
"""Each operation's behaviour beyond its schemas, by operationId."""
