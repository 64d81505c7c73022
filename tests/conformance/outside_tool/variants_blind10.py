# ruff: noqa: E501
"""TENTH, BLIND set of single-fault variants of the outside tool.

Written by a helper session, blind, acting as an outside vendor's test engineer, from the
published material only: README.md, docs/*.md (docs/contract-changes.md for 2.3.0, 2.4.0 and
2.5.0 above all, and docs/vendor.md), conformance/catalogue.json and
conformance/tool-contract.openapi.json, plus the outside tool (`tool.py`) and the names and
descriptions of the nine earlier sets (`variants.py`, `variants_heldout.py`,
`variants_blind3.py` to `variants_blind9.py`), read only to avoid repeating a mechanism. Never
the SDK's source, its checks, its self-test expectations, the earlier results or GAPS.md.
Written and measured before anyone tuned the suite on it.

Each value is "[REQ-ID(s)] (mechanism class) what the defect does". The mechanism classes are
ones the earlier sets did not try: configuration read in the wrong unit (closing time "18.30"
as decimal hours, a duration kept in tenths of an hour), a monthly maintenance window (the
second Tuesday's patch reboot), calendar data keyed or parsed wrongly (a holiday key without
zero padding, a feed read month-first), wall-clock arithmetic across a clock change, a
year-end wrap, caches whose key is too coarse (respond_by by hour of day, usage reports by
week without the data type, a description-only idempotency key, a thread cache invalidated by
one direction only), per-connection request context (received_at of the connection's first
request), IDs generated twice, load shedding, clinical rules applied at the wrong level
(repeat-prescription timing, a name/NHS-number match, paediatric and unreachable-patient
triage to NHS 111, parental access for adults), data changed on the way out (enum values
kebab-cased or swapped by a reordered lookup list, references lower-cased, offsets without a
colon, phones as integers, one-letter contact codes, a mailto: link-ifier, addresses as a
set, paragraph collapsing), rules at the wrong level (received_at of the conversation, a
thread's requester), an off-by-one threshold in usage, a processed-at column taken for
submitted_at, identifier leaks into record IDs, an undrained body on keep-alive, and numeric
edge cases (a huge integer, digit strings coerced).

Every variant in BLIND10 breaks a MUST as the published docs state it (the sentence relied on
is in the comment above each group or line), except those in BLIND10_SHOULD_ONLY (controls: a
WARN is right, exit 0 expected) and those in BLIND10_BORDERLINE (a reasonable vendor could
argue the behaviour is allowed; measured, reported apart, left out of the catch rate).
"""

from __future__ import annotations

BLIND10: dict[str, str] = {
    # ---- availability: core hours (AV-CORE-01, AV-CORE-02)
    # submitRequest: "In core hours: 201 for every category the tool declares ... whatever the number of requests";
    # contract conventions: "Core hours [NHSE]: 08:00 to 18:30 Europe/London, Monday to Friday, except bank holidays in
    # England"; 2.3.0: "open at every instant of core hours means a closure of any length on any date is a breach"
    "b10-close-time-config-decimal-hours": "[AV-CORE-01] (configuration read in the wrong unit) the submission service reads its closing time '18.30' as decimal hours: POST /requests is refused (409 closed) from 18:18 to 18:30 on working days",
    "b10-patch-tuesday-reboot-0800-0820": "[AV-CORE-01/AV-CORE-02] (monthly maintenance window) the host reboots for patches on the second Tuesday of each month: POST /requests gets 503 from 08:00 to 08:20 that day",
    # conventions: "except bank holidays in England"; POST /requests: "Outside core hours (bank holidays included): 409"
    "b10-bh-key-day-not-zero-padded": "[AV-OOH-01/AV-CORE-01] (calendar key format) the holiday lookup key is built without zero-padding the day: bank holidays on the 1st to the 9th of a month (New Year's Day, the early May bank holiday, Good Friday 3 April 2026 ...) are working days, open 08:00-18:30",
    "b10-bh-feed-day-month-swapped": "[AV-OOH-01/AV-CORE-01] (date parsed month-first) the bank-holiday feed's dates are read day-for-month when the day is 12 or less: 4 May 2026 becomes 5 April, 3 May 2027 becomes 5 March (a Friday, closed), 1 January stays; days over 12 are right",
    # ---- availability: out of hours (AV-OOH-01)
    # conventions: "the next core-hours opening is 08:00 of the next working day (or of today, before 08:00 on a working day)";
    # ClosedResponse.message: "that the form is closed and when it opens again"
    "b10-next-opening-naive-delta-across-clock-change": "[AV-OOH-01] (wall-clock arithmetic) next_opening is now + (next 08:00 as naive London wall time - now as naive London wall time): across a clock change the opening is 07:00 or 09:00 London time",
    "b10-next-opening-year-end-same-year": "[AV-OOH-01] (year-end wrap) a next opening in the next calendar year keeps this year's number: after 18:30 on the last working day of December the form says it opens on 4 January of the same (past) year",
    "b10-closed-message-time-from-utc": "[AV-OOH-01] (message formatted in a second place) the closed message's time is formatted from next_opening in UTC: in summer it says 'We open again at 07:00' (next_opening itself right)",
    # ---- availability: caps (AV-CAP-01)
    # submitRequest: "no cap per day, per category or per patient"; conventions: "a 429 (or any refusal) to POST /requests in
    # core hours counts as a cap"; vendor.md: "No cap keyed on anything a request carries"
    "b10-load-shed-every-50th-503": "[AV-CAP-01] (load shedding that expects a client retry) every 50th POST /requests gets 503 with Retry-After: 1",
    "b10-cap-rolling-7-days-20-per-patient": "[AV-CAP-01] (rolling window keyed on the patient) at most 20 requests per NHS number (or name and date of birth) in any 7 days of the tool's clock, then 409",
    "b10-med-repeat-within-7-days-409": "[OC-MED-01/AV-CAP-01] (clinical rule at the wrong level: repeat timing) a medication query (repeat, prescription, medication, medicine or mg in the text) from a patient who sent one in the last 7 days gets 409 'too early for your repeat'",
    "b10-dedupe-key-description-only": "[OC-ACK-01/OC-CAT-05/OC-ACCESS-01] (idempotency key too coarse) a request whose description equals one taken in the last 10 minutes of the tool's clock is answered with that earlier acknowledgement (another patient's reference) and not stored",
    # ---- NHS 111 (AV-111-01)
    # submitRequest: "[SDK] in core hours the message does not point clinical requests to NHS 111"; conventions: "dates of
    # birth are real past dates (babies under 5 and people over 100 included)"; 2.3.0: no request sent to 111 for what it carries
    "b10-111-clinical-under-5": "[AV-111-01] (paediatric triage rule) clinical requests for a patient under 5 years old are refused in core hours: 409 'Please use NHS 111 online for young children'",
    "b10-111-clinical-without-phone-or-email": "[AV-111-01] (unreachable-patient rule) clinical requests whose contact has neither phone nor email (address only) are sent to NHS 111 (409)",
    # ---- request categories, content and access (OC-CAT-*, OC-PROXY-01, OC-ACCESS-01)
    # ConsultationRequest: "An online consultation request as the patient sent it."; catalogue OC-CAT-05/06
    "b10-category-lookup-list-reordered": "[OC-CAT-05/OC-CAT-01] (enum stored as an index, read with a reordered list) the practice's view shows clinical_request for follow_up and follow_up for clinical_request",
    "b10-practice-view-follows-up-lowercased": "[OC-CAT-05] (data changed on the way out) the practice's view of a follow-up shows follows_up lower-cased (references are exact in case)",
    "b10-description-blank-lines-collapsed": "[OC-CAT-05/OC-CAT-01] (paragraph normaliser) runs of blank lines in a description are collapsed to one newline ('a\\n\\nb' becomes 'a\\nb')",
    "b10-parent-proxy-for-adult-stored-as-patient": "[OC-PROXY-01] (parental-access rule applied to adults) a request sent by a parent (mother, father, parent, mum, dad) for a patient aged 16 or over is stored as sent by the patient",
    "b10-nhs-number-name-mismatch-409": "[OC-ACCESS-01/AV-CAP-01] (identity match rule) a request whose NHS number was seen before with another family name is refused: 409 'your details do not match our records'",
    # ---- acknowledgements and respond_by (OC-ACK-01, AV-RESP-01)
    # submitRequest: "received_at is the tool's now"; "two things are checked of respond_by: its Europe/London date (the
    # same day) and ... that it is not before received_at"; "a reference it names is its own"
    "b10-respond-by-cache-key-hour-only": "[OC-ACK-01/AV-RESP-01] (cache key too coarse) respond_by is cached by London hour of day: a request at 10:xx on any later day gets the respond_by of the first request at 10:xx (another day)",
    "b10-received-at-per-connection-context": "[OC-ACK-01] (per-connection request context) received_at is the tool's now when the keep-alive connection took its first request: a request after the test clock was moved on the same connection carries the old instant",
    "b10-ack-reference-generated-twice": "[OC-ACK-01/PR-RESP-01] (ID generated twice) the acknowledgement's reference is a second freshly generated ID, not the one the request is stored under: the practice and status lookups of it get 404",
    # ---- status and outcomes (AV-RESP-01, PR-RESP-01)
    # getRequestStatus (2.4.0): "received_at and respond_by are the acknowledgement's on whatever day the status is read";
    # conventions: "404 for an unknown reference"; "[NHSE] the practice sees what was sent, the patient the outcome recorded"
    "b10-status-respond-by-null-after-outcome": "[AV-RESP-01] (closed-case view) once an outcome is recorded the status shows respond_by null",
    "b10-status-received-at-of-latest-follow-up": "[AV-RESP-01] (rule at the wrong level: the conversation) a request's status shows the received_at of its latest follow-up",
    "b10-status-outcome-kind-kebab-case": "[AV-RESP-01/PR-RESP-01] (data changed on the way out: a front-end enum mapper) the status's outcome kind is kebab-cased (appointment-phone)",
    "b10-outcome-unknown-reference-422": "[PR-RESP-01] (status code from a validation framework) recording an outcome for an unknown reference gets 422, not 404",
    # ---- secure messaging (MSG-OUT-01, MSG-IN-01, MSG-REPLY-01, MSG-PROXY-01)
    # sendMessage: "accept and keep it, show it as sent"; 2.4.0: "the requester shown is the one the message was sent with"
    "b10-thread-replies-after-root-strictly": "[MSG-REPLY-01/MSG-OUT-01] (strict comparison in a query) a thread lists the replies sent strictly after its first message: a reply with the same sent_at (the test clock not moved) is missing",
    "b10-thread-view-about-request-lowercased": "[MSG-IN-01/MSG-OUT-01] (data changed on the way out) the thread view shows about_request lower-cased",
    "b10-thread-cache-invalidated-by-patient-only": "[MSG-OUT-01/MSG-REPLY-01] (cache invalidation on one direction) a thread read is cached until a patient sends a message: a practice message sent after a read is not shown until the patient writes again",
    "b10-thread-requester-of-first-patient-message": "[MSG-PROXY-01] (rule at the wrong level: the thread) in the thread view every patient-side message shows the requester of the thread's first patient message",
    # ---- video sessions (VC-SCHED-01)
    # VideoSession.duration_minutes: "The length booked, in minutes (1 to 240), as scheduled"; scheduled_start: "An
    # instant: RFC 3339 with seconds and a UTC offset ('Z' or '+01:00')"; conventions: "Never 5xx", "Integers are written without a fraction"
    "b10-video-duration-stored-tenths-of-hour": "[VC-SCHED-01/REP-VC-01] (unit conversion with rounding) duration is kept in hours to one decimal: 40 minutes reads back as 42, 20 as 18, 45 as 48 (30, 60, 90 right)",
    "b10-video-start-offset-without-colon": "[VC-SCHED-01] (strftime %z) scheduled_start is written with a +0000 offset (no colon) in the session views",
    "b10-video-join-rewrites-duration-default": "[VC-SCHED-01/REP-VC-01] (a second write path with defaults) a join rewrites the session row with the default duration: after a join, duration_minutes reads 30",
    "b10-video-duration-digit-string-coerced": "[VC-SCHED-01] (lenient coercion) a duration_minutes sent as a digit string ('30') is taken as 30 instead of refused",
    "b10-video-huge-duration-500": "[VC-SCHED-01/robustness] (integer overflow) a duration_minutes beyond 32 bits (say 10**12) gives 500 instead of 400",
    # ---- contact-detail updates (CD-UPD-01, CD-FIELDS-01, CD-PROXY-01)
    # catalogue CD-FIELDS-01; getContactDetailsUpdate: the practice sees the update as sent
    "b10-contact-phone-stored-as-integer": "[CD-FIELDS-01] (phone kept in an integer column) the phone is stored as digits without its leading zero: '07700 900123' reads back as '7700900123'",
    "b10-contact-preferred-one-letter-code": "[CD-FIELDS-01] (one-letter legacy code) preferred is kept as its first letter: 'post' reads back as 'phone'",
    "b10-contact-ethnicity-lowercased-on-read": "[CD-FIELDS-01] (data changed on the way out) the practice view shows the ethnicity code lower-cased",
    "b10-contact-email-mailto-link": "[CD-FIELDS-01] (link-ifier on the way out) the practice view shows the email as 'mailto:name@example.org'",
    "b10-contact-address-lines-as-set": "[CD-FIELDS-01] (address kept as a set) the practice view shows the address lines sorted, duplicates dropped",
    # ---- usage data (REP-OC-01, REP-OC-02, REP-VC-01, REP-SEND-01)
    # getUsage: one record per request / session of the week, as sent; record_id a keyed pseudonym (no patient identifiers)
    "b10-usage-cache-key-week-only": "[REP-OC-01/REP-VC-01/REP-SEND-01] (cache key too coarse) usage reports are cached for 30 seconds by week alone: the VC report read just after the OC report of the same week is the OC report",
    "b10-usage-record-id-ends-with-reference-tail": "[REP-OC-02/REP-VC-01] (identifier leak into the pseudonym) record_id is 24 hex characters of the HMAC followed by the last 6 characters of the reference",
    "b10-usage-has-attachments-over-one": "[REP-OC-01] (off-by-one threshold) has_attachments is len(attachments) > 1: a request with one photo reads false",
    "b10-usage-submitted-at-first-practice-read": "[REP-OC-01] (wrong column: processed at) an OC record's submitted_at is when the practice first read the request, once it has been read",
    # ---- robustness and input
    # conventions: "It sends one request at a time on one keep-alive connection"; "Never 5xx"
    "b10-415-body-not-drained": "[robustness/OC-ACCESS-01] (keep-alive desync) a body sent with a non-JSON Content-Type is refused 415 without being read: its bytes are parsed as the next request on the connection",
    # ---- more, across areas
    # conventions: "a reference names a record only as the tool issued it"; "404 for an unknown reference" (only for unknown ones)
    "b10-status-route-pattern-without-hyphen": "[AV-RESP-01/PR-RESP-01] (route pattern narrower than the reference format) GET /requests/{reference}/status matches [A-Za-z0-9]+ only: every reference with a hyphen (all of ours) gets 404",
    "b10-outcome-message-first-line-in-status": "[AV-RESP-01/PR-RESP-01] (SMS-style template on the way out) the status shows only the first line of the practice's outcome message",
    "b10-usage-vc-status-uppercased": "[REP-VC-01] (data changed on the way out: a warehouse enum) VC records' status is upper-cased (SCHEDULED)",
    "b10-contact-reference-derived-from-nhs-number": "[CD-UPD-01] (ID derived from a patient field) a contact-details update's reference is a hash of the NHS number: a patient's second update replaces the first, whose reference then shows the second",
    "b10-dob-29-february-stored-as-1-march": "[OC-CAT-05/OC-ACCESS-01] (date arithmetic via a non-leap year) a date of birth of 29 February is stored and shown as 1 March",
    "b10-family-name-uppercased-in-practice-view": "[OC-CAT-05/OC-ACCESS-01] (GP-system display convention on the way out) the practice's view shows the patient's family name in capitals (SMITH)",
    "b10-photo-sha256-seen-today-409": "[AV-CAP-01/AV-CORE-01] (duplicate-upload guard) a request carrying a photo whose sha256 the tool already took today (London day, any patient) gets 409 'this photo was already uploaded'",
    "b10-phone-14-digits-cut-to-13": "[OC-ACCESS-01] (input field maxlength, silently truncated) a request's phone of 14 digits is taken (201) with its last digit cut, instead of refused",
    "b10-email-over-254-cut-to-254": "[OC-ACCESS-01] (input field maxlength, silently truncated) a request's email over 254 characters is taken (201) cut to 254, instead of refused",
    "b10-message-body-utf8mb3-column": "[MSG-IN-01/MSG-OUT-01] (a 3-byte UTF-8 column) characters outside the BMP (emoji, some CJK) in a message body are stored as '?'",
}

# ROB-4XX-01 is a SHOULD ("how the tool refuses (a 4xx whose ErrorBody names the field, never 5xx) is ROB-4XX-01, a
# SHOULD"); SIGN-111-01 is a SHOULD and 2.4.0 says a symptom_checker_url breaking its schema is "read as absent ... a WARN"
BLIND10_SHOULD_ONLY: set[str] = {
    "b10-error-location-json-pointer",
    "b10-error-problems-as-object",
    "b10-symptom-checker-url-trailing-space",
}
BLIND10.update(
    {
        "b10-error-location-json-pointer": "[ROB-4XX-01, SHOULD] (path syntax) 400 problems name the field as a JSON Pointer ('/patient/nhs_number') instead of a JSON path",
        "b10-error-problems-as-object": "[ROB-4XX-01, SHOULD] (error body shape) a 400's problems is an object keyed by location, not a list",
        "b10-symptom-checker-url-trailing-space": "[SIGN-111-01, SHOULD] (config value with trailing whitespace) capabilities.symptom_checker_url ends with a space",
    }
)

BLIND10_BORDERLINE: dict[str, str] = {
    "b10-outcome-kind-checked-against-category": "recordOutcome refuses (400, $.kind) admin_completed for clinical requests and appointment kinds for administrative ones: the contract says the kind is one of its list, but a vendor could argue a practice-side consistency rule is the tool's own stricter rule",
    "b10-video-join-window-ends-at-booked-end": "joinVideoSession refuses (400) a join after scheduled_start + duration: 2.5.0 says the join window is the tool's own as long as it includes scheduled_start",
}
BLIND10.update(
    {
        "b10-outcome-kind-checked-against-category": "[AV-RESP-01, borderline] (consistency rule at the wrong level) recordOutcome refuses admin_completed for clinical requests and appointment kinds for administrative ones (400)",
        "b10-video-join-window-ends-at-booked-end": "[VC-SCHED-01, borderline] (join window) a join after scheduled_start + duration_minutes is refused (400)",
    }
)
