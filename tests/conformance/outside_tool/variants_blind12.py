# ruff: noqa: E501
"""TWELFTH, BLIND set of single-fault variants of the outside tool.

Written by a helper session on 29 November 2026, blind, acting as an outside vendor's test
engineer, against contract 2.7.0, from the published material only: README.md, docs/*.md
(docs/vendor.md and docs/contract-changes.md, which describe 2.7.0, above all),
conformance/catalogue.json and conformance/tool-contract.openapi.json, plus the outside tool
(`tool.py`), `measure.py` and the names and descriptions of the eleven earlier sets
(`variants.py`, `variants_heldout.py`, `variants_blind3.py` to `variants_blind11.py`), read
only to avoid repeating a mechanism. Never the SDK's source, its checks, its self-test
expectations, the earlier results or GAPS.md. Written and measured before anyone tuned the
suite on it.

Each value is "[REQ-ID(s)] (mechanism class) what the defect does". The mechanism classes are
ones the earlier sets did not try: regex faults (a character class one step too wide in a
core-hours pattern, `re.match` without `$` on a postcode, `re.search` on an instant, a
`\\b999\\b` emergency pattern run over the serialised body instead of the patient's words),
calendar arithmetic at the year end (`date(y, m + 1, 1)` in December), a report header
written with the locale's `%x`, a yearly partition pruned by the ISO year, a diary that keeps
a session's end as London wall-clock time and derives the duration from it, a rate metric that
divides by whole minutes since opening, an int32 accumulator, a configuration value
("unlimited") that a reload cannot parse and replaces with a library default, a retry after a
timeout that meets the unique key the first attempt wrote, an SMS gateway's maintenance hour
set in UTC, a carers' route with no hours gate, an SLA-margin rule adding NHS 111 to the
acknowledgement, ORM and serialiser quirks (Django `auto_now` on the status row, a column
default evaluated once at import, an empty one-to-one relation serialised as `{}`, a
`str(datetime)` serialiser, an empty array stored as NULL, a CHAR column's padding trimmed on
read, a MySQL ENUM column missing a migrated member, a pandas `to_json` epoch default, a
Latin-1 column written with `xmlcharrefreplace`, an `is` comparison on a parsed string, a YAML
1.1 code list where `N` reads as false, an ethnicity code rebuilt from its ordinal as if the
letters were contiguous), Unicode effects (NFKC of a search key written back, `casefold` of
unit tokens and of proxy names, a typographic filter putting U+2011 in references, IDNA on an
email's domain), Python's `date.fromisoformat` accepting ISO basic dates, a falsy check for a
missing duration, an enum looked up after slugging, HTML escaping before a length check,
quoted-printable soft breaks left in by a mail hop, a Bloom filter answering for reply
references, a stale snapshot index for `about_request`, at-least-once delivery into the
thread, a scanner sorting the stored attachment list in place, a three-calendar-month
retention, `secrets.token_urlsafe` references, a PRNG seeded with the reference, an NHS
number's last four digits in the record ID, the scheme of the internal request in a join URL,
and HTTP effects (chunk sizes written in decimal; gzip regardless of Accept-Encoding).

Every variant in BLIND12 breaks a MUST as the published docs state it (the sentence relied on
is in the comment above each group or line), except those in BLIND12_SHOULD_ONLY (controls: a
WARN is right, exit 0 expected) and those in BLIND12_BORDERLINE (a reasonable vendor could
argue the behaviour is allowed; measured, reported apart, left out of the catch rate).
"""

from __future__ import annotations

BLIND12: dict[str, str] = {
    # ---- availability: core hours (AV-CORE-01)
    # vendor.md: "`open_now` is true at every instant of core hours ... and false outside them"; 2.6.0: "Never turned
    # away in core hours, by any check ... The suite's client notes every POST /requests you answer 409, 429 or 503
    # while its test clock stands at an instant of core hours"; "In core hours, 201 for every category the tool lists"
    "b12-month-end-cutoff-december-500": "[AV-CORE-01] (month arithmetic at the year end) each request is stamped with its monthly-report cut-off, the last day of the month, computed as date(y, m + 1, 1) - 1 day: in December month 13 raises, so every POST /requests in core hours in December answers 500",
    "b12-rate-metric-zero-division-first-minute": "[AV-CORE-01] (integer division by whole minutes) a live 'requests per minute since opening' metric is computed inline as today's count // whole minutes since 08:00: in the first minute of a working day (08:00:00 to 08:00:59) it divides by zero and the request answers 500",
    "b12-sms-gateway-maintenance-utc-hour": "[AV-CORE-01] (a second service's window set in UTC) requests whose contact preference is text_message go through the SMS gateway, whose nightly maintenance is 17:00 to 17:30 UTC: they are answered 503 at 17:00 to 17:30 London in winter and 18:00 to 18:30 London in summer, both inside core hours",
    "b12-retry-after-timeout-conflict-409": "[AV-CORE-01/AV-CAP-01] (a retry meets the unique key its first attempt wrote) a request whose description is 8,000 characters or more takes longer than the gateway's timeout to write; the gateway retries, the retry hits the unique key the first attempt committed, and the patient gets 409 'already received' with no acknowledgement (the request is filed)",
    # ---- availability: out of hours (AV-OOH-01)
    # POST /requests: "Outside core hours: 409 with a ClosedResponse whose next_opening is exactly the next core-hours
    # opening; or, if capabilities.out_of_hours is accepts_for_next_working_day, 201"; "The out-of-hours declaration ...
    # binds every kind of request alike ... With closed_with_next_opening every request outside core hours is refused";
    # "Outside core hours, a follow-up and a proxy's request are answered as a first request is"
    "b12-close-regex-char-class-18-3x": "[AV-OOH-01] (regex character class one step too wide) the open check matches the London time 'HH:MM' against ^(0[89]|1[0-7]):[0-5][0-9]$|^18:[0-3][0-9]$: from 18:30 to 18:39 on a working day the form is still open (201, open_now true) though the tool declares closed_with_next_opening",
    "b12-proxy-route-open-24-7": "[AV-OOH-01] (a second entry point with no hours gate) requests sent by a proxy go through the carers' portal route, which has no core-hours gate: outside core hours a proxy's request is taken (201, respond_by the next working day) while the tool declares closed_with_next_opening",
    # ---- availability: caps (AV-CAP-01)
    # vendor.md: "no cap per day, per category or per patient [NHSE, 2026/27]"; "No per-day counter or sequence may
    # overflow ... each is 201, never 5xx"; "No cap on what requests carry (AV-CAP-01). No daily quota on photo bytes"
    "b12-cap-config-unlimited-fallback-500": "[AV-CAP-01] (a config value a reload cannot parse, replaced by a library default) the daily limit is set to 'unlimited'; the config reloader parses it with int(), fails, and keeps the rate-limit library's default of 500 a day: the 501st request of a London day and every one after are answered 429",
    "b12-photo-bytes-int32-accumulator-overflow": "[AV-CAP-01] (an int32 accumulator) the day's declared photo bytes are summed into a 32-bit signed column for the storage dashboard; once a day's photos pass 2 GiB the sum wraps negative, the database refuses the write and the request answers 500",
    # ---- NHS 111 (AV-111-01)
    # vendor.md: "In core hours, do not point clinical requests to NHS 111 unless every request is told the same, as a
    # safeguard"; "a sentence that offers NHS 111 without a condition of worsening, urgency or not being able to wait,
    # or with 'instead' ... sends the patient away and fails"; "Never turned away in core hours, by any check"
    "b12-999-regex-on-serialised-body": "[AV-111-01/AV-CORE-01] (an emergency pattern run over the serialised body) the '999 typed by the patient' red flag is \\b999\\b searched in json.dumps(body) instead of the description: every request whose NHS number is written spaced or hyphenated ('999 123 4567', the suite's test range) is answered 409 'call 999 or use NHS 111' in core hours",
    "b12-ack-111-instead-when-sla-margin-under-30-min": "[AV-111-01] (a rule keyed on a computed SLA margin) when respond_by is less than 30 minutes after received_at (requests from 18:00 on), the acknowledgement adds 'If you cannot wait for us, use NHS 111 online instead.' to clinical requests only",
    # ---- acknowledgement (OC-ACK-01)
    # vendor.md: "A reference the message names is its own, written exactly as the acknowledgement's reference: not
    # lower-cased, not with spaces for hyphens"; Acknowledgement.reference: pattern ^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$;
    # "`reference` finds the request"
    "b12-ack-smartypants-nonbreaking-hyphen": "[OC-ACK-01] (a typographic filter on outgoing text) the acknowledgement message goes through a 'smart punctuation' filter that joins words with U+2011 NON-BREAKING HYPHEN so a reference does not wrap: 'OC-1A2B...' is written 'OC\u20111A2B...' in the message",
    "b12-reference-token-urlsafe-leading-dash": "[OC-ACK-01] (an ID alphabet wider than the contract's pattern) references are secrets.token_urlsafe(8): about one in 32 starts with '-' or '_', which the Acknowledgement's reference pattern refuses, and which the tool's own routes then cannot find",
    # ---- status and outcomes (AV-RESP-01)
    # vendor.md: "GET /requests/{reference}/status ... shows the acknowledgement's reference, received_at and
    # respond_by (as stored ...), and `outcome: null` until the practice records an outcome"; "recorded_at is the tool's
    # now at recording"; "`message` must match what the practice sent byte for byte"; "a status stays readable for at
    # least 90 days after the request was received"; "Answers match the published response schema exactly"
    "b12-status-received-at-auto-now": "[AV-RESP-01] (Django auto_now on the status row) the status row's received_at is declared auto_now (not auto_now_add): recording an outcome saves the row and stamps received_at with the time of recording",
    "b12-status-outcome-empty-object-when-none": "[AV-RESP-01] (an empty one-to-one relation serialised as {}) an untriaged request's status shows outcome {} instead of null",
    "b12-status-recorded-at-str-datetime": "[AV-RESP-01] (str(datetime) in a serialiser) the status view writes outcome.recorded_at with str(): '2026-11-24 10:30:00+00:00', a space for the T",
    "b12-outcome-message-latin1-charrefs": "[AV-RESP-01] (a Latin-1 column written with xmlcharrefreplace) the outcome message is stored in a Latin-1 column, encoded with errors='xmlcharrefreplace': every character outside Latin-1 (an emoji, a typographic quote, a euro sign) is shown to the patient as '&#128512;'",
    "b12-status-retention-three-calendar-months": "[AV-RESP-01] (retention in calendar months, not days) the status purge keeps 'three months' as relativedelta(months=3) from today: a request read 91 days on is purged (404) whenever those 91 days span February (received 1 December, read 2 March)",
    # ---- submission: exactly as sent (OC-ACCESS-01, OC-MED-01, OC-CAT-*)
    # vendor.md: "[NHSE] the practice sees what the patient sent; [SDK] 'exactly' means character for character";
    # "Text (description, names, ...) with tabs, no-break spaces (U+00A0, U+202F), ... spaces at the start, before a
    # line end and at the end ... Keep it as sent: no trimming ... Unicode normalisation"; "Lists come back in the order
    # sent"; "Medication queries reach the practice byte for byte: 75mcg, 25µg, 100μg (Greek mu) ... A medicines-safety
    # filter may not spell out or fold units"; "the same category taken but changed on its way to the practice breaks
    # OC-ACCESS-01"
    "b12-names-char-column-rstrip": "[OC-ACCESS-01] (a CHAR column's padding trimmed on read) the patient's given and family names are kept in CHAR(100) columns and the driver strips the padding on read: trailing spaces a patient typed are gone from the practice's view",
    "b12-names-nfkc-search-key-written-back": "[OC-ACCESS-01] (a search key written back to the display column) names are NFKC-normalised for the patient search index and the normalised form is saved over the display name: no-break spaces become spaces, full-width letters and ligatures become ASCII",
    "b12-attachments-sorted-in-place-by-scanner": "[OC-ACCESS-01] (a list sorted in place through an alias) the virus scanner queues a request's photos smallest first by sorting the request's own attachment list in place: the practice sees the photos in size order, not the order sent",
    "b12-med-micro-sign-casefolded": "[OC-MED-01/OC-ACCESS-01] (casefold of unit tokens written back) the medicines-safety filter casefolds dose units to match its table and writes the folded token back: '25µg' (MICRO SIGN U+00B5) reaches the practice as '25μg' (GREEK SMALL LETTER MU U+03BC)",
    "b12-category-enum-column-missing-migration": "[OC-ACCESS-01/OC-CAT-02] (a MySQL ENUM column missing a migrated member, strict mode off) the category column's ENUM was never migrated to add describe_symptoms: such requests are stored with category '' and the practice reads category ''",
    # ---- submission: refusing what the contract forbids (OC-ACCESS-01)
    # vendor.md: "Accepting data the contract forbids (a 2xx to a body its schema refuses ...) breaks the MUST of the
    # operation that took it: OC-ACCESS-01 (POST /requests)"; "Near misses of every pattern and format are refused ...
    # more characters after a valid value ... Each is sent only when the contract's pattern, read as JSON Schema reads
    # it ($ is the end of the text ...) ... refuses it. Do not strip, cut or normalise before you validate"; "An enum is
    # matched exactly ... for words (proxy, follow_up) the member capitalised, in capitals, with a space or hyphen for _"
    "b12-postcode-regex-prefix-match": "[OC-ACCESS-01] (re.match without $) the request's postcode is checked with re.match on the pattern without its $ and the match is kept: 'LS1 4AP ', 'LS1 4APX' and 'LS1 4AP extra' are taken (201), stored as 'LS1 4AP'",
    "b12-enum-hyphen-slug-normalised": "[OC-ACCESS-01] (an enum looked up after slugging) the category is slugged (hyphens and spaces to '_') before the enum lookup: 'follow-up', 'clinical request' and 'administrative-request' are taken (201)",
    "b12-dob-fromisoformat-basic-format": "[OC-ACCESS-01/CD-UPD-01] (Python 3.11's date.fromisoformat accepting ISO basic forms) dates of birth are validated by date.fromisoformat() alone, which since 3.11 takes '19900512' and '1990-W19-6': such a date is taken (201) and stored as '1990-05-12'",
    # ---- secure messaging (MSG-IN-01, MSG-OUT-01, MSG-REPLY-01, MSG-PROXY-01)
    # vendor.md: "the 201 answer repeats direction, body and in_reply_to as sent ... a thread is named by its first
    # message and lists every message of it ... and (2.7.0) no other"; "Bodies are kept exactly as sent"; "A reference
    # that names nothing is refused on every operation that takes one ... in_reply_to on POST /messages from either
    # side ... Answer 404; a 2xx ... breaks the operation's MUST"; MessageSubmission: "Both are echoed on SecureMessage
    # ... exactly as sent, and are null when not sent"; "Messages of every length up to the contract's maximum arrive
    # whole"; "The practice then answers each one with a message naming it in about_request"
    "b12-message-delivery-retry-duplicates": "[MSG-IN-01/MSG-OUT-01] (at-least-once delivery into the thread) every 20th message accepted is delivered to the thread store twice (the broker's acknowledgement timed out and it redelivered; the consumer has no unique key): the thread lists that message twice",
    "b12-message-body-quoted-printable-soft-breaks": "[MSG-IN-01/MSG-OUT-01] (a mail hop's quoted-printable soft breaks left in) messages reach the thread store through a mail hop that wraps lines longer than 76 characters with quoted-printable soft breaks ('=' CRLF) that nothing decodes: a long line is read back with '=\\r\\n' every 75 characters",
    "b12-message-reply-bloom-filter-false-positive": "[MSG-IN-01/MSG-OUT-01] (a Bloom filter trusted for existence) in_reply_to is checked against a 256-bit Bloom filter of message references that is never reset: once a few dozen messages are in, an unknown reference often 'probably exists' and the message is taken (201) as a new thread",
    "b12-message-proxy-name-casefolded": "[MSG-PROXY-01] (a casefolded lookup key written back) a proxy's name on a message is casefolded for the contact-matching index and the folded form is stored: the 201 and the thread show 'jane smith' for 'Jane Smith'",
    "b12-about-request-stale-snapshot-index": "[MSG-REPLY-01] (a stale snapshot index) about_request is validated against a snapshot of request references that a nightly job rebuilds (on the first message of each new day): a message about a request sent earlier the same day is refused 404",
    "b12-message-requester-default-object-when-absent": "[MSG-IN-01] (an ORM default relation object) a patient message sent without requester is stored with a default requester row and echoed as {'role': 'patient', 'proxy_name': null, 'relationship': null}, not null",
    "b12-message-length-checked-after-html-escape": "[MSG-IN-01/MSG-OUT-01] (HTML escaping before the length check) the body is HTML-escaped for storage and the 10,000-character limit is checked on the escaped text: a body near the limit with '&', '<', '>' or quotes is refused 400",
    # ---- video (VC-SCHED-01)
    # vendor.md: "a new session is scheduled, at the instant and for the minutes asked (1 to 240); reading it back gives
    # the same session; each participant gets an https join_url"; "A practice code not of the ODS shape, a date-time
    # without offset or a duration outside 1 to 240 gets 400"; "Read back before anyone joins, a session is exactly the
    # 201 answer (scheduled)"; 2.5.0: "Starts are instants, also when London's clocks change ... each read back as sent"
    "b12-video-end-wall-clock-duration-recomputed": "[VC-SCHED-01/REP-VC-01] (a diary keeping the end as London wall-clock time) the diary stores start and end as London wall-clock times and derives duration_minutes from them: a session that spans a clock change is read back 60 minutes longer or shorter than booked (01:30 BST on 25 October 2026 for 30 minutes reads as 90)",
    "b12-video-start-regex-search-unanchored": "[VC-SCHED-01] (re.search on an instant) scheduled_start is found with re.search of the instant pattern and the match is kept: ' 2026-11-24T10:30:00Z', '2026-11-24T10:30:00Z extra' and 'at 2026-11-24T10:30:00Z' are taken (201)",
    "b12-video-duration-zero-falsy-default": "[VC-SCHED-01] (a falsy check for a missing value) duration = body.get('duration_minutes') or 15: a duration of 0 (or false, or null) is booked as a 15-minute session (201)",
    "b12-video-professional-join-url-from-request-scheme": "[VC-SCHED-01] (a URL built from the internal request's scheme) the professional's join_url is built from the scheme of the request as the app server sees it behind TLS offload: 'http://...'",
    "b12-video-started-at-server-default": "[VC-SCHED-01] (a column default on a nullable column) started_at has a server default of now(): a new session's 201 and every read before anyone joins show started_at as the booking time, not null",
    # ---- contact details (CD-UPD-01, CD-FIELDS-01, CD-PROXY-01)
    # vendor.md: "The practice's view ... returns both exactly as sent"; "the practice sees the details exactly as
    # sent; submitted_at is now"; "A field left out reads back as absent or null (an empty list for address_lines)";
    # "emails with dots, digits, hyphens, capitals"; "one letter, A to H, J to N, P, R, S, or Z"; "Each is requester:
    # {'role': 'proxy', ...}. Accept each one (201). The practice must see the requester ... a proxy is never stored as
    # null (the patient)"; "Every edge a schema allows is accepted (... every enum member ...)"
    "b12-contact-ethnicity-code-from-ordinal": "[CD-FIELDS-01/CD-UPD-01] (a code rebuilt from its ordinal as if the letters were contiguous) ethnicity is stored as its index in the code list and read back as chr(ord('A') + index): A to H survive, J reads as I, P as N, S as P and Z as Q",
    "b12-contact-requester-role-identity-compare": "[CD-PROXY-01] (an `is` comparison on a parsed string) the update keeps the requester only `if requester['role'] is 'proxy'`, never true for a string parsed from JSON: every proxy's update is stored and shown as the patient's (requester null)",
    "b12-contact-submitted-at-default-evaluated-once": "[CD-UPD-01] (a column default evaluated once at import) submitted_at's default is datetime.now() (called when the model was defined), not datetime.now: every contact update shows the instant of the first one",
    "b12-contact-address-lines-empty-as-null": "[CD-UPD-01] (an empty array stored as NULL) address_lines is an array column that stores [] as NULL: an update without an address reads back address_lines null",
    "b12-contact-email-domain-idna-lowercased": "[CD-UPD-01] (IDNA encoding of an email's domain) the email's domain is passed through the idna library's UTS #46 mapping for internationalised domains, which lower-cases it: 'Jane@Example.ORG' reads back 'Jane@example.org'",
    "b12-ethnicity-codes-yaml-norway-problem": "[CD-UPD-01/CD-FIELDS-01] (YAML 1.1 booleans in a code list) the ethnicity code list is loaded from YAML where the bare N is read as false: a contact update with ethnicity 'N' is refused 400",
    # ---- usage data, record IDs and pseudonyms (REP-OC-01, REP-OC-02, REP-VC-01)
    # vendor.md: "The week runs Monday to Sunday in London dates [NHSE]. One OcRecord per request received in it ...
    # one VcRecord per session scheduled to start in it"; usage-data.oc-iso-week-year: "Requests in an ISO week of
    # another calendar year count in that week's usage data"; "Answers match the published response schema exactly";
    # "record_id is a keyed pseudonym ... not computable from your own reference by anyone without your key (an HMAC,
    # or a random ID kept in a table; never the reference, an unkeyed hash or an encoding of it)"; "No name, NHS
    # number, contact detail, date of birth, free text or reference anywhere in the answer [NHSE: anonymised]"
    "b12-usage-period-locale-date-format": "[REP-OC-01/REP-VC-01] (locale-dependent date formatting) the header's period is written with strftime('%x') under the server's en_GB locale: start '23/11/26' and end '29/11/26', not ISO dates",
    "b12-usage-yearly-partition-pruning": "[REP-OC-01/REP-VC-01] (a yearly partition pruned by the ISO year) requests and sessions are partitioned by calendar year and the week's query names only the partition of the week's ISO year: days of 2026-W53 in January 2027 (and of a W01 in December) are left out",
    "b12-usage-vc-pandas-epoch-ms": "[REP-VC-01] (pandas to_json's epoch default) the video export is written with DataFrame.to_json(orient='records'), whose default date_format is epoch: scheduled_start is an integer of milliseconds",
    "b12-usage-record-id-prng-seeded-by-reference": "[REP-OC-02] (a PRNG seeded with the reference) record_id is random.Random(reference).getrandbits(128) in hex: it looks random, but anyone with the reference and Python computes it",
    "b12-usage-record-id-nhs-last-4": "[REP-OC-02] (an identifier fragment kept 'for support') record_id is a keyed digest cut to 28 hex digits followed by the last 4 digits of the patient's NHS number (when given)",
    # ---- robustness and HTTP (AV-CORE-01 and every operation's MUST)
    # vendor.md: "A FAIL ... includes an answer that breaks the contract: a body that does not match the contract's
    # schema, too large, too slow ..."; "The suite keeps one keep-alive connection to your tool"
    "b12-chunked-size-in-decimal": "[AV-CORE-01/OC-ACCESS-01] (hand-rolled chunked encoding) answers over 8 KiB are sent Transfer-Encoding: chunked by a hand-rolled encoder that writes each chunk's size in decimal: the client reads '4096' as 0x4096 bytes and the answer (a long practice view, thread or usage week) is garbled",
    "b12-gzip-ignoring-accept-encoding": "[AV-CORE-01/OC-ACCESS-01] (compression middleware ignoring Accept-Encoding) answers over 1 KiB are gzip-compressed with Content-Encoding: gzip whatever the client's Accept-Encoding says",
}

# ROB-4XX-01 is a SHOULD ("How you refuse (a 4xx with an ErrorBody whose problems name each bad field, never a 5xx)
# is ROB-4XX-01, a SHOULD ... a WARN, never a failed build"); SAFE-URG-01 is a SHOULD ("urgent_use_safeguard must
# mention 'urgent', 'emergency' or '999' ... a SHOULD, so a WARN"); SIGN-111-01 is a SHOULD ("symptom_checker_url links
# to NHS 111 online [NHSE]; it must be https on 111.nhs.uk [SDK]"; "A tool that shows no ... symptom-checker link ...
# gets a WARN on those two SHOULDs and nothing else")
BLIND12_SHOULD_ONLY: set[str] = {
    "b12-error-location-at-parent-object",
    "b12-safeguard-plain-english-rewrite",
    "b12-symptom-checker-short-link",
}
BLIND12.update(
    {
        "b12-error-location-at-parent-object": "[ROB-4XX-01, SHOULD] (an anyOf failure reported at its object) each 400 problem names the object holding the bad field ('$.patient' for '$.patient.nhs_number'), as a schema library reports a failed branch",
        "b12-safeguard-plain-english-rewrite": "[SAFE-URG-01, SHOULD] (a reading-age copy edit) the safeguard is rewritten 'Please do not use this form if you need help straight away: phone 111.', with none of 'urgent', 'emergency' or '999'",
        "b12-symptom-checker-short-link": "[SIGN-111-01, SHOULD] (a marketing short link) symptom_checker_url is https://bit.ly/nhs111-online, which redirects to 111.nhs.uk but is not on it",
    }
)

BLIND12_BORDERLINE: dict[str, str] = {
    "b12-body-limit-32-kib": "bodies over 32 KiB are refused 413: the docs make the limit the vendor's own (a SHOULD of at least 64 KiB) and say the largest body sent expecting success is about 10 KB, but a description of 10,000 characters outside the BMP is 40 KB in UTF-8",
}
BLIND12.update(
    {
        "b12-body-limit-32-kib": "[OC-ACCESS-01, borderline] (a body limit below the SHOULD) request bodies over 32 KiB are read and refused 413",
    }
)
