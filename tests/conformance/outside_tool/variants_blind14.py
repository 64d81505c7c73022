# ruff: noqa: E501
"""FOURTEENTH, BLIND set of single-fault variants of the outside tool.

Written by a helper session on 29 November 2026, blind, acting as an outside vendor's test
engineer, against contract 2.10.0, from the published material only: README.md, docs/*.md
(docs/vendor.md and docs/contract-changes.md, which describe 2.10.0, above all),
conformance/catalogue.json and conformance/tool-contract.openapi.json, plus the outside tool
(`tool.py`), `measure.py` and the names and descriptions of the thirteen earlier sets
(`variants.py`, `variants_heldout.py`, `variants_blind3.py` to `variants_blind13.py`), read
only to avoid repeating a mechanism. Never the SDK's source, its checks, its self-test
expectations, the earlier results or GAPS.md. Written before anyone measured it or tuned the
suite on it.

Each value is "[REQ-ID(s)] (mechanism class) what the defect does". The mechanism classes are
ones the earlier sets did not try: a pooled connection leaked on an error path, a worker
recycled after N requests between the write and the answer, a rounding that overflows into
the next unit (`replace(microsecond=round(us, -3))`), a `date` tested for membership in a set of
`datetime`s, a relative-time humaniser with an hours threshold ('tomorrow' within 48 hours), an
acknowledgement template fed by the conversation's last outcome, a translated template line
nobody reviewed (Welsh 'yn lle hynny', instead), a check-symbol alphabet wider than the
reference pattern (Crockford base32's '*~$='), a workflow precondition that fails silently
(an outcome kept as a draft until the request is opened), a long value moved to an overflow
table the reader does not join, a binder matching property names case-insensitively, a JSON
reader decoding escaped surrogate pairs one at a time, Excel serial dates and the 1900
leap-year bug, printf-style formatting of a string built from the patient's words, a bulk-import
path sharing the endpoint (a JSON array taken), a validator run only on truthy values, vanity
phone numbers converted to keypad digits before the check, a camelCase alias generator, a
safeguarding rule keyed on a combination (a proxy with photos), a confidentiality age band
applied to proxies, a medicines spelling corrector, a length counted in grapheme clusters, a
polymorphic 'subject' lookup, timestamps sorted as text with a variable-width fraction, a
recursion guard in a recursive query, a participants table unique on display name, RFC 3339's
'-00:00' read as an unknown offset, presence that expires without heartbeats, a timestamp set
by the wrong event (started_at at the first join), SQL LIKE used for an exact lookup,
`filter(None, ...)` on a list of lines, a CHAR column's padding returned, an email regex capping
the top-level domain at 6 letters, a stricter copied postcode regex, a self-join whose both
sides are filtered to the period, a secret file read with its trailing newline, a date pattern
with 'kk' (clock-hour 1-24) for 'HH', an environment variable left unexpanded as the HMAC key,
a buffered writer's last partial batch never flushed, and a declared media type whose runtime
converter is missing from the image.

Every variant in BLIND14 breaks a MUST as the published docs state it (the sentence relied on
is in the comment above each group or line), except those in BLIND14_SHOULD_ONLY (controls: a
WARN is right, exit 0 expected) and those in BLIND14_BORDERLINE (a reasonable vendor could
argue the behaviour is allowed; measured, reported apart, left out of the catch rate).
"""

from __future__ import annotations

BLIND14: dict[str, str] = {
    # ---- availability: core hours (AV-CORE-01, AV-CAP-01)
    # vendor.md: "Never turned away in core hours, by any check ... every POST /requests you answer 409, 429 or 503
    # while its test clock stands at an instant of core hours"; contract: "Never 5xx"; "In core hours, 201 for every
    # category the tool lists in capabilities ... however many requests"; "If it answers, only that operation failed:
    # the check is a FAIL"; "a POST only when it went out on a reused connection and no byte of the answer arrived ...
    # a second copy would skew the checks that count requests"; sweep: "from 08:00:00 to 18:29:59.999999"
    "b14-db-pool-leaked-on-409-path": "[AV-CORE-01/AV-CAP-01] (a pooled resource leaked on an error path) a request-scoped database connection is taken from a pool of 100 for each POST /requests and released by the success path only: each 409 (closed) answer leaks one, and once 100 have leaked every POST /requests waits for a connection and gets 503 'please try again in a few minutes', in core hours too",
    "b14-worker-recycled-after-write-before-answer": "[AV-CORE-01/REP-OC-01] (a worker recycled after N requests, between the write and the answer) the app server recycles a worker after 500 POST /requests with no graceful drain: the 500th request is stored, then the process exits before writing the answer, so the connection closes with no byte sent (a client that retries it files the request twice; one that does not has no acknowledgement)",
    "b14-received-at-millisecond-round-overflow-500": "[AV-CORE-01/OC-ACK-01] (a rounding that overflows into the next unit) received_at is rounded to milliseconds with now.replace(microsecond=round(now.microsecond, -3)), which raises ValueError for the last half millisecond of each second (.999500 to .999999): a request taken at such an instant is rolled back and answered 500",
    # ---- availability: out of hours (AV-OOH-01)
    # POST /requests: "Outside core hours (bank holidays included): 409 with a ClosedResponse whose next_opening is the
    # next core-hours opening"; Availability.open_now: "false on bank holidays and outside core hours";
    # ClosedResponse.message: "What the patient is shown: that the form is closed and when it opens again"
    "b14-holidays-datetimes-never-equal-dates": "[AV-OOH-01/AV-CORE-01] (a date tested for membership in a set of datetimes) the bank-holiday table is loaded as datetime objects (midnight) and tested with `day in holidays` where day is a date: in Python a date never equals a datetime, so every bank holiday is a working day (open_now true, requests taken with a same-day respond_by, next_opening naming it)",
    "b14-closed-message-humanised-tomorrow-48h": "[AV-OOH-01] (a relative-time humaniser with an hours threshold) the closed message words the opening with a humaniser that calls anything less than 48 hours away 'tomorrow': on a Saturday after 08:00, a Sunday before a bank holiday Monday or the evening before a one-day midweek holiday it says 'We open again tomorrow at 08:00' with no date (next_opening itself right)",
    # ---- NHS 111 (AV-111-01)
    # vendor.md: "a sentence that offers NHS 111 without a condition of worsening, urgency or not being able to wait, or
    # with 'instead', or with a refusal ... sends the patient away and fails, unless every request (administrative ones
    # too) is told the same. 'With instead' means the word itself (or 'rather than') in the sentence that points to NHS
    # 111, even beside a condition"; "Urgency words and earlier outcomes turn nobody away in core hours ... a patient whose
    # earlier request the practice signposted today (to NHS 111 ...) may send another request, which is taken like any
    # other"; "Any script, language, length or words (AV-111-01)"
    "b14-ack-111-instead-after-signposted-111": "[AV-111-01] (an acknowledgement template fed by the conversation's last outcome) a follow-up's acknowledgement is rendered with the outcome of the request it follows up: when that outcome was signposted_111 it adds 'As we advised, please use NHS 111 online instead of waiting for us.', in core hours too",
    "b14-ack-welsh-line-111-yn-lle-hynny": "[AV-111-01] (a translated template line nobody reviewed) a description the language detector reads as Welsh gets a bilingual acknowledgement whose Welsh line, translated from an old English template, says 'Os na allwch aros, defnyddiwch GIG 111 ar-lein yn lle hynny.' ('If you cannot wait, use NHS 111 online instead.'), in core hours too",
    # ---- acknowledgement (OC-ACK-01)
    # Acknowledgement.reference: pattern ^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$, "GET /practice/requests/{reference} finds
    # it"; vendor.md: "The Acknowledgement: reference finds the request"
    "b14-reference-crockford-check-symbol": "[OC-ACK-01/OC-ACCESS-01] (a check-symbol alphabet wider than the reference pattern) references are Crockford base32 with its mod-37 check symbol appended for reading over the phone; the symbols for 32 to 35 are '*', '~', '$' and '=': about one reference in nine is outside the Acknowledgement's pattern, and the practice's and the patient's lookups of it answer 404",
    # ---- status and outcomes (AV-RESP-01)
    # getRequestStatus: "outcome null until the practice records one ..., then the recorded Outcome (kind as recorded,
    # recorded_at the tool's now at recording) with message exactly as the practice sent it"; "The message is shown
    # whole, up to the schema's 2,000 characters"; recordOutcome: "Every request the tool accepted can be given an
    # outcome"
    "b14-outcome-draft-until-request-opened": "[AV-RESP-01] (a workflow precondition that fails silently) an outcome recorded for a request the practice has not opened yet (GET /practice/requests/{reference}) is saved as a draft: 201 with the Outcome, but the patient's status keeps outcome null and never shows it",
    "b14-outcome-long-message-overflow-table": "[AV-RESP-01] (a long value moved to an overflow table the reader does not join) outcome messages longer than 1,024 characters are kept in a long-text table that the patient's status query does not join: the status shows the outcome with message null",
    # ---- submission: refusing what the contract forbids, and taking what it allows (OC-ACCESS-01, CD-UPD-01, OC-CAT-*)
    # vendor.md: "Accepting data the contract forbids (a 2xx to a body its schema refuses ...) breaks the MUST of the
    # operation that took it: OC-ACCESS-01 (POST /requests) ... CD-UPD-01 (contact details)"; contract: "Unknown keys
    # are refused"; "(2.10.0) Unknown means any name the schema does not list, at any depth"; "[NHSE] the practice sees
    # what the patient sent; [SDK] 'exactly' means character for character ... emoji beyond U+FFFF"; "Dates of birth on
    # 29 February, 110 years ago"; "a date of birth of 1 January 1900"; contract: "Never 5xx"; ContactDetails.phone
    # pattern ^[ ()+-]*([0-9][ ()+-]*){10,13}$
    "b14-json-keys-case-insensitive-binder": "[OC-ACCESS-01] (a binder matching property names case-insensitively, as .NET's PropertyNameCaseInsensitive) a request body whose keys differ from the contract's only in case ('Description', 'Patient', 'NHS_Number', 'Postcode') is bound to the contract's fields and taken (201), though keys unknown in every case are refused",
    "b14-json-escaped-surrogate-pairs-split": "[OC-ACCESS-01] (a JSON reader decoding \\u escapes one at a time) a character beyond U+FFFF sent escaped as a surrogate pair ('\\ud83d\\ude00', as .NET's and Python's default encoders write emoji) is stored as two U+FFFD; the same character sent as raw UTF-8 is kept",
    "b14-dob-excel-serial-1900-leap-bug": "[OC-ACCESS-01] (Excel serial dates and the 1900 leap-year bug) the practice inbox is filled from a spreadsheet export whose dates are Excel serials read back with the 1899-12-30 epoch: a date of birth before 1 March 1900 is shown to the practice a day early (1900-01-01 as 1899-12-31)",
    "b14-audit-line-printf-percent-500": "[OC-CAT-01/OC-CAT-05/OC-CAT-06/AV-CORE-01] (printf-style formatting of a string built from the patient's words) the audit line is ('%s: ' + description[:120]) % reference: a description whose first 120 characters hold a '%' ('50% better', '100%', '5% cream') raises, the request is rolled back and answered 500",
    "b14-bulk-import-array-body-accepted": "[OC-ACCESS-01] (a bulk-import path sharing the endpoint) POST /requests also takes a JSON array of request bodies (the migration tool's path): each element is validated and stored, and the answer is the first one's acknowledgement (201)",
    "b14-nhs-number-empty-string-skips-check": "[OC-ACCESS-01/CD-UPD-01] (a validator run only on truthy values) the NHS number is checked `if patient.get('nhs_number'):`, so an empty string skips the check and is stored as sent: 201, and the practice sees nhs_number ''",
    "b14-phone-vanity-letters-keypad-converted": "[OC-ACCESS-01/CD-UPD-01] (vanity numbers converted to keypad digits before the check) the phone check runs on libphonenumber's convert_alpha_characters_in_number() of the value: '0800 FLOWERS' or '0113 496 CALL' (when the letters make 10 to 13 digits) is taken (201) and stored with its letters",
    "b14-contact-camelcase-aliases-accepted": "[CD-UPD-01] (a camelCase alias generator with populate_by_name) the contact-details model is declared with camelCase aliases beside its snake_case names: an update written with 'practiceCode', 'dateOfBirth', 'givenName', 'addressLines' or 'proxyName' is taken (201) as if written in snake_case",
    # ---- proxies (OC-PROXY-01)
    # RequestSubmission.requester: "A proxy's request must be accepted in every category whatever the patient's age";
    # vendor.md: "Accept every one (201) whatever the patient's age. Do not limit proxies to children"; ToolCapabilities
    # .photo_upload: "When true, photos (of any size from 0 bytes) are taken with a request in every category"
    "b14-proxy-photos-refused": "[OC-PROXY-01/OC-ACCESS-01] (a safeguarding rule keyed on a combination) photos of a patient may come only from the patient: a proxy's request carrying attachments is refused 400 naming $.attachments ('please ask the patient to send photos themselves'); a proxy's request without photos, and a patient's with photos, are taken",
    "b14-proxy-for-16-17-refused": "[OC-PROXY-01] (a confidentiality age band applied to proxies) from the patient's 16th birthday the record is the young person's own: a proxy's request for a patient aged 16 or 17 (by the tool's today) is refused 400 naming $.requester.role ('please ask them to send it themselves'); younger children and adults are taken",
    # ---- medication queries (OC-MED-01)
    # vendor.md: "Medication queries reach the practice byte for byte (requests.medication-queries) ... brand names. A
    # medicines-safety filter may not spell out or fold units"; "Each must be taken and reach the practice byte for byte"
    "b14-med-spelling-autocorrected": "[OC-MED-01/OC-ACCESS-01] (a medicines spelling corrector written back) the practice view corrects common misspellings of medicines in the description ('paracetemol', 'ibuprofin', 'amoxycillin', 'omeprazol', 'sertaline', 'metforman', 'asprin', 'citalopran', 'co-codomol', 'levothyroxin')",
    # ---- secure messaging (MSG-IN-01, MSG-OUT-01, MSG-REPLY-01, MSG-PROXY-01)
    # MessageSubmission.body: maxLength 10000 (JSON Schema counts code points); about_request: "refuse with 404 (or 422),
    # like any unknown reference, an about_request that names no request it holds"; vendor.md: "in_reply_to names a
    # message only (contract 2.3.0): the reference of a request or of a video session there names no message"; thread:
    # "Every message of the thread, replies to replies included, both directions, oldest first by sent_at. (2.3.0) Every
    # one, however many"; "Its 201 answer and the thread must show requester exactly as sent"
    "b14-message-length-grapheme-clusters": "[MSG-IN-01/MSG-OUT-01] (a length counted in grapheme clusters) the message limit reuses the composer's counter, which counts user-perceived characters: a body of more than 10,000 code points but at most 10,000 clusters (combining accents, ZWJ sequences, skin-tone modifiers) is taken (201) and kept whole",
    "b14-about-request-generic-subject-index": "[MSG-REPLY-01/MSG-OUT-01/MSG-IN-01] (a polymorphic 'subject' lookup) about_request is resolved against one index of every case-like record (requests, contact details updates, video sessions): a message whose about_request names a contact update's or a video session's reference is taken (201) and kept",
    "b14-thread-sorted-iso-text-variable-fraction": "[MSG-IN-01/MSG-OUT-01] (timestamps sorted as text with a variable-width fraction) the thread is ordered by sent_at as stored text, which Python's isoformat writes without a fraction when it is zero: a message at a whole second sorts after one sent later in the same second ('10:30:00.5Z' < '10:30:00Z')",
    "b14-thread-recursive-cte-depth-50": "[MSG-IN-01/MSG-OUT-01] (a recursion guard in a recursive query) the thread is gathered by a recursive query guarded at depth 50 against reply loops: a message more than 50 replies below the thread's first (a long back-and-forth) is missing from the thread",
    "b14-message-participants-unique-on-proxy-name": "[MSG-PROXY-01] (a participants table unique on display name) the messaging service keeps proxies as participants keyed by proxy_name: a proxy whose name it has seen before is shown, in the 201 answer and the thread, with the relationship first stored for that name",
    # ---- video (VC-SCHED-01)
    # vendor.md: "Every edge a schema allows is accepted ... each instant in every spelling its pattern allows: Z,
    # +00:00, other offsets"; "once patient and professional have both joined the status is in_progress"; VideoSession
    # .started_at: "When the session started; null until then"; "Read back before anyone joins, a session is exactly
    # the 201 answer"; "A reference that names nothing is refused on every operation that takes one ...
    # GET /video/sessions/{reference} and POST .../join ... a 2xx ... breaks the operation's MUST"
    "b14-video-offset-minus-zero-refused": "[VC-SCHED-01] (RFC 3339's '-00:00' read as an unknown offset) a scheduled_start written with the offset -00:00 (RFC 3339 section 4.3: the instant in UTC, the local offset unknown) is refused 400 naming $.scheduled_start",
    "b14-video-presence-ttl-90s": "[VC-SCHED-01] (presence that expires without heartbeats) a join marks the participant present for 90 seconds of the tool's clock and the contract has no heartbeat: when the second participant joins more than 90 s after the first, the first is no longer present and the session stays scheduled",
    "b14-video-started-at-on-first-join": "[VC-SCHED-01] (a timestamp set by the wrong event) started_at is set when the first participant joins ('if not session.started_at'): after one side's join the session reads scheduled with started_at set",
    "b14-video-lookup-sql-like-wildcards": "[VC-SCHED-01] (SQL LIKE used for an exact lookup) sessions are found with WHERE reference LIKE ?: an '_' in the asked reference matches any one character, so 'VC_7E896AA6F7' reads and joins session VC-7E896AA6F7",
    # ---- contact details (CD-UPD-01, CD-FIELDS-01)
    # ContactDetailsSubmission: "The practice must see every value exactly as sent"; "every ethnicity code must be
    # accepted and shown to the practice as sent"; vendor.md: "emails with dots, digits, hyphens, capitals, _, +tag, an
    # apostrophe ... and one of 254 characters"; "the check must take every address real mailboxes use"; "addresses ...
    # lines of any length"; ContactDetails.postcode pattern ^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$ (the space is
    # optional)
    "b14-contact-empty-address-lines-filtered": "[CD-UPD-01/CD-FIELDS-01] (filter(None, ...) on a list of lines) the address cleaner drops empty strings from address_lines: ['Flat 2', '', '14 High Street'] is stored and shown as two lines",
    "b14-contact-ethnicity-char2-padded": "[CD-FIELDS-01/CD-UPD-01] (a CHAR column's padding returned) the ethnicity column is CHAR(2), sized for the 2001 census's two-character codes, and the driver returns it space-padded: the practice reads 'A ' for A (the 201 answer echoes the code sent)",
    "b14-email-tld-over-6-letters-refused": "[CD-UPD-01/OC-ACCESS-01] (an email regex from the days of short top-level domains) the email check ends with \\.[A-Za-z]{2,6}$: an address whose top-level domain has 7 letters or more (.invalid, .company, .solutions, .international) is refused 400 naming $.contact.email, on requests and contact details updates",
    "b14-contact-postcode-space-required": "[CD-UPD-01] (a stricter postcode regex copied in) the contact-details form checks the postcode with a pattern that requires the space between the outward and inward codes: 'LS14AP', valid under the contract, is refused 400 naming $.contact.postcode",
    # ---- usage data (REP-OC-01, REP-OC-02, REP-VC-01)
    # getUsage: "one OcRecord per request received in the ISO week ... one VcRecord per session scheduled to start in
    # it"; "the header names the test environment's supplier_id"; SubmissionHeader.supplier_id pattern
    # ^[A-Z0-9][A-Z0-9_-]{1,39}$; VcRecord.scheduled_start: the instant pattern (hours 00 to 23); OcRecord.record_id: "no
    # one without the key or table can compute it"; vendor.md: "a hash, or an HMAC under a guessable key ... is as
    # computable as one of the reference alone"
    "b14-usage-follow-up-join-within-week": "[REP-OC-01] (a self-join whose both sides are filtered to the period) the export joins each follow-up to the request it follows up among the week's rows: a follow-up of a request sent in an earlier week finds no partner and is left out",
    "b14-usage-supplier-id-secret-file-newline": "[REP-OC-01/REP-VC-01] (a secret file read with its trailing newline) the export job reads the supplier ID from /run/secrets/supplier_id with open().read(): the header's supplier_id is 'ACME-OC\\n' (the API's test environment reads an environment variable and is right)",
    "b14-usage-vc-start-clock-hour-kk": "[REP-VC-01] (a date pattern with 'kk', clock-hour 1-24, for 'HH') the VC export writes scheduled_start with yyyy-MM-dd'T'kk:mm:ss'Z': a session starting from 00:00 to 00:59 UTC is written 'T24:..' on its own date (off the instant pattern, and a day late read as ISO 8601)",
    "b14-record-id-key-unexpanded-placeholder": "[REP-OC-02] (an environment variable left unexpanded) the TEST compose file passes PSEUDONYM_KEY='$${PSEUDONYM_KEY}' with the dollar escaped, so the HMAC key is the literal text '${PSEUDONYM_KEY}': anyone who reads the compose file in the repository can compute every record ID",
    "b14-usage-export-last-batch-not-flushed": "[REP-OC-01/REP-VC-01] (a buffered writer's last partial batch never flushed) the export writes records in batches of 500 and flushes a batch when it is full; the last, partial batch is never written: a week's answer holds a multiple of 500 records (none for a quiet week)",
    # ---- photos (OC-ACCESS-01, AV-CORE-01)
    # ToolCapabilities.photo_upload: "When true, photos ... are taken with a request in every category the tool offers";
    # vendor.md: "media types come from your accepted_media_types"; POST /requests: "(2.5.0) nor for carrying a photo, at
    # any instant of core hours"; contract: "Never 5xx"
    "b14-heic-declared-converter-missing": "[OC-ACCESS-01/AV-CORE-01] (a declared media type whose runtime converter is missing from the image) capabilities list image/heic (the product's setting) but the TEST image lacks libheif: a request with a HEIC photo passes validation, fails at conversion, is rolled back and answered 500",
}

# ROB-4XX-01 is a SHOULD ("How you refuse (a 4xx with an ErrorBody whose problems name each bad field, never a 5xx)
# is ROB-4XX-01, a SHOULD ... a WARN, never a failed build"; ErrorProblem.location: "a JSON path starting with '$' ...
# A JSON Pointer ... is read too"); SAFE-URG-01 is a SHOULD ("urgent_use_safeguard must mention 'urgent', 'emergency'
# or '999' ... a SHOULD, so a WARN"); SIGN-111-01 is a SHOULD ("symptom_checker_url links to NHS 111 online [NHSE]; it
# must be https on 111.nhs.uk [SDK]"; "one whose GET /capabilities breaks the schema in those two fields only (a
# relative link ...): every other check reads such a field as absent (2.4.0)")
BLIND14_SHOULD_ONLY: set[str] = {
    "b14-error-location-form-label",
    "b14-safeguard-i18n-key-shown",
    "b14-symptom-checker-double-percent-encoded",
}
BLIND14.update(
    {
        "b14-error-location-form-label": "[ROB-4XX-01, SHOULD] (a form framework's field labels as locations) each 400 problem names its field by the form's label ('Patient nhs number', 'Contact postcode'), not by a JSON path",
        "b14-safeguard-i18n-key-shown": "[SAFE-URG-01, SHOULD] (a missing translation shows its key) urgent_use_safeguard is the translation key 'oc.form.banner.safety_notice' (the catalogue lost its English entry)",
        "b14-symptom-checker-double-percent-encoded": "[SIGN-111-01, SHOULD] (a URL percent-encoded twice by a CMS) symptom_checker_url is 'https%3A%2F%2F111.nhs.uk%2F'",
    }
)

BLIND14_BORDERLINE: dict[str, str] = {
    "b14-ack-time-12-hour-percent-i": "the acknowledgement formats respond_by's time with %I (12-hour, no am/pm): 'by 06:30 today (Tuesday 24 November)' for 18:30; the message still holds the date and 'today', the docs bind only the dates an acknowledgement names, and they list '4:00' as a recognised spelling of 16:00, so a vendor can argue '06:30' is one of 18:30",
    "b14-body-limit-exactly-64-kib": "request bodies over 64 KiB are read and refused 413: the docs make the limit the vendor's own and say it SHOULD be at least 64 KiB, which this meets; but a valid request of 10,000 emoji, escaped as surrogate pairs by a .NET or Python client ('\\ud83d\\ude00', 12 bytes each), is about 120 KB and refused",
    "b14-preferred-channel-without-contact-refused": "a contact preference the contact cannot serve (email without an email address, phone or text_message without a phone, post without an address) is refused 400 naming $.contact.preferred: the stricter-rules table does not list it, but the docs themselves call a preference with its channel 'one a patient could send'",
}
BLIND14.update(
    {
        "b14-ack-time-12-hour-percent-i": "[OC-ACK-01, borderline] (strftime %I for %H) the acknowledgement says 'by 06:30 today (Tuesday 24 November)' for a respond_by of 18:30 London time",
        "b14-body-limit-exactly-64-kib": "[OC-ACCESS-01, borderline] (a body limit set at the SHOULD's minimum) POST bodies over 65,536 bytes are read and refused 413, valid ones included",
        "b14-preferred-channel-without-contact-refused": "[OC-ACCESS-01/CD-UPD-01, borderline] (a consistency rule across fields) contact.preferred naming a channel the contact lacks (email, phone, text_message, post) is refused 400 naming $.contact.preferred, on requests and contact details updates",
    }
)
