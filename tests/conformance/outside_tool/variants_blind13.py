# ruff: noqa: E501
"""THIRTEENTH, BLIND set of single-fault variants of the outside tool.

Written by a helper session on 29 November 2026, blind, acting as an outside vendor's test
engineer, against contract 2.7.0, from the published material only: README.md, docs/*.md
(docs/vendor.md and docs/contract-changes.md, which describe 2.7.0, above all),
conformance/catalogue.json and conformance/tool-contract.openapi.json, plus the outside tool
(`tool.py`), `measure.py` and the names and descriptions of the twelve earlier sets
(`variants.py`, `variants_heldout.py`, `variants_blind3.py` to `variants_blind12.py`), read
only to avoid repeating a mechanism. Never the SDK's source, its checks, its self-test
expectations, the earlier results or GAPS.md. Written before anyone measured it or tuned the
suite on it.

Each value is "[REQ-ID(s)] (mechanism class) what the defect does". The mechanism classes are
ones the earlier sets did not try: a staff rota whose shift ends are inclusive at minute
precision (a gap of under a minute at the shift change), one misconfigured shard of a
sharded service, a rota table indexed by ISO week number with no row for week 53, a
Snowflake-style ID generator that refuses to issue IDs when the clock moves backwards, a pytz
zone passed as `tzinfo=` (London's LMT offset, -00:01:15), a holiday library queried for the
United Kingdom with no subdivision, an environment flag whose string 'false' is truthy, a
conversation loop guard, a data model with three proxy slots per patient, a sentiment lexicon
at the door, template partials keyed on a photo or on a landline (NHS 111 'instead'),
Java/ICU's week-based year (`YYYY`) in a date pattern, `str.format_map` with a defaultdict
hiding missing keys, a row-level security policy keyed on the requester's role, a VARCHAR(20)
column one enum member outgrew, a timestamp of the triage session rather than of the event, an
SMS gateway's refusal of carriage returns applied at the door, the strings 'Null' and 'None'
read as missing, mbox 'From ' escaping and SMTP dot-stuffing left in by mail hops, a profanity
filter matching substrings (the Scunthorpe problem), the HTML textarea's dropped leading
newline on a round trip, a text-speak expander written back, a name parser reordering
'Surname, Forename', Windows' `fromtimestamp` refusing dates before 1970, membership tested on
a string (a substring test) instead of a list, a length counted after `encode('latin-1',
'ignore')`, the 'x-' vendor-extension convention applied to request bodies, metadata carried in
a Latin-1-only HTTP header, an index built from one table of two, a queue message size limit,
a UTC date combined with a London time, an emoticon-to-emoji autoformat, Python 3.10's
`fromisoformat` (3 or 6 fractional digits only), a presence flag toggled on each join, a clinic
calendar shared with the holiday table, a lazy no-show transition on read, a sentinel date
(1900-01-01) read as missing, a name change held for identity verification, an address
finder's postcode extraction, a display formatter for initials, a request context kept in a
module global, Python's built-in `hash()` with PYTHONHASHSEED=0, a byte order mark glued to
the first row of a mapping file, a pseudonym 'table' that is an LRU cache, `strptime` without
`%f`, the truthiness of a JSON array read as text, a gateway transcoding answers to Latin-1,
and a media type compared as a whole header string.

Every variant in BLIND13 breaks a MUST as the published docs state it (the sentence relied on
is in the comment above each group or line), except those in BLIND13_SHOULD_ONLY (controls: a
WARN is right, exit 0 expected) and those in BLIND13_BORDERLINE (a reasonable vendor could
argue the behaviour is allowed; measured, reported apart, left out of the catch rate).
"""

from __future__ import annotations

BLIND13: dict[str, str] = {
    # ---- availability: core hours (AV-CORE-01)
    # vendor.md: "`open_now` is true at every instant of core hours, clock-change weeks included ... and false outside
    # them"; "a closure of any length on any date is a breach" (2.3.0); 2.6.0: "Never turned away in core hours, by
    # any check ... every POST /requests you answer 409, 429 or 503 while its test clock stands at an instant of core
    # hours"; "In core hours, 201 for every category the tool lists in capabilities ... however many requests"
    "b13-rota-shift-ends-inclusive-minute-1259-gap": "[AV-CORE-01] (shift ends inclusive at minute precision) opening comes from the duty rota, whose morning shift is stored as 08:00-12:59 with an inclusive end compared to the minute ('t <= 12:59') and the afternoon shift as 13:00-18:30: from 12:59:00.000001 to 12:59:59.999999 on every working day the form is closed (open_now false, POST 409 with next_opening 13:00)",
    "b13-shard-3-of-4-closes-1800": "[AV-CORE-01] (one misconfigured shard) requests are sharded by the NHS number's digit sum modulo 4 (no NHS number: shard 0); shard 3's worker was deployed with the phone lines' closing time: its requests are answered 409 closed from 18:00 to 18:30 on working days",
    "b13-rota-table-52-weeks-w53-closed": "[AV-CORE-01] (a table indexed by ISO week number with 52 rows) the practice's opening rota has one row per ISO week 1 to 52: the working days of 2026-W53 (Tuesday 29 to Thursday 31 December 2026) have no rota and are closed all day",
    "b13-snowflake-id-clock-moved-backwards-503": "[AV-CORE-01] (Snowflake ID generator refusing a backwards clock) request IDs come from a Snowflake-style generator that refuses to issue an ID for a timestamp earlier than the last one it issued ('clock moved backwards'): in core hours, a request at an instant before the latest instant any request was taken at is answered 503",
    # ---- availability: out of hours (AV-OOH-01)
    # POST /requests: "Outside core hours: 409 with a ClosedResponse whose next_opening is exactly the next core-hours
    # opening; or, if capabilities.out_of_hours is accepts_for_next_working_day, 201"; "The out-of-hours declaration ...
    # binds every kind of request alike ... With closed_with_next_opening every request outside core hours is refused";
    # "Core hours [NHSE]: 08:00 to 18:30 Europe/London, Monday to Friday, except bank holidays in England"; "Which days
    # are bank holidays is the SDK's own calendar ... England and Wales"
    "b13-next-opening-pytz-lmt-offset": "[AV-OOH-01] (a pytz zone passed as tzinfo=) next_opening is built as datetime(y, m, d, 8, 0, tzinfo=pytz.timezone('Europe/London')), which takes London's LMT offset (-00:01:15): next_opening is 08:01:15Z, 75 seconds late in winter and 09:01:15 London time in summer",
    "b13-holidays-library-every-uk-subdivision": "[AV-OOH-01/AV-CORE-01] (a holiday library queried for the United Kingdom with no subdivision) the calendar is holidays.country_holidays('GB') with no subdivision, which adds Scotland's and Northern Ireland's days: 2 January (or its substitute: Monday 4 January 2027, Tuesday 4 January 2028), 17 March, 12 July, the first Monday of August and St Andrew's Day (Monday 30 November 2026) are closed, and next_opening skips them",
    "b13-ooh-questions-env-flag-false-truthy": "[AV-OOH-01] (an environment flag whose string 'false' is truthy) ACCEPT_QUESTIONS_OUT_OF_HOURS=false is read with bool(os.environ.get(...)): outside core hours ask_question requests are taken (201, respond_by 18:30 on the next working day) while capabilities declare closed_with_next_opening",
    # ---- availability: caps (AV-CAP-01)
    # vendor.md: "no cap per day, per category or per patient [NHSE, 2026/27]"; "every category (follow-ups too) and each
    # value is on far more than 50 requests. Each must be taken"; "One patient sends six requests, each by another proxy
    # (one by the patient) ... each is read back as IT was sent"; catalogue AV-CAP-01: "every request sent in core hours is
    # accepted"
    "b13-follow-up-loop-guard-5-per-request-per-day": "[AV-CAP-01/AV-CORE-01] (a conversation loop guard) a request may be followed up at most 5 times a London day: the 6th follow-up naming the same request that day is answered 429 'this conversation has had a lot of follow-ups today'",
    "b13-patient-row-three-proxy-slots": "[AV-CAP-01/OC-PROXY-01] (a data model with three proxy slots per patient) the patient row has proxy_1 to proxy_3 columns: in core hours a request from a fourth distinct proxy (by proxy_name) for one patient (NHS number, or names and date of birth) is answered 409 'this patient already has three people acting for them'",
    # ---- NHS 111 (AV-111-01)
    # vendor.md: "In core hours, do not point clinical requests to NHS 111 unless every request is told the same, as a
    # safeguard"; "a sentence that offers NHS 111 without a condition of worsening, urgency or not being able to wait, or
    # with 'instead' ... sends the patient away and fails, unless every request (administrative ones too) is told the
    # same. 'With instead' means the word itself ... even beside a condition"; "Any script, language, length or words
    # (AV-111-01). In core hours a non-urgent need is taken whatever it is written in"
    "b13-111-sentiment-lexicon-two-negative-words": "[AV-111-01/AV-CORE-01] (a sentiment lexicon at the door) a 'distress score' counts negative words (terrible, awful, horrible, worst, unbearable, desperate, miserable, agony, excruciating, scared, frightened, hopeless, can't cope): in core hours a request with two or more is answered 409 'You sound very unwell: please use NHS 111 online or call 111 now'",
    "b13-ack-111-instead-for-photo-requests": "[AV-111-01] (a template partial included when the request has attachments) the acknowledgement of any request with a photo adds 'We cannot look at photos until a clinician is free: if you cannot wait, use NHS 111 online instead.'",
    "b13-ack-111-instead-texts-to-landline": "[AV-111-01] (a template partial keyed on the phone type) when the patient prefers text_message but the phone given is a landline (not 07... or +447...), the acknowledgement adds 'We cannot text a landline: if you need help sooner, use NHS 111 online instead.'",
    # ---- acknowledgement (OC-ACK-01)
    # vendor.md: "message tells the patient when [NHSE], by containing the respond_by time (16:00, 4:00, 16.00), its date
    # (24 November, 24/11, 2026-11-24) or the words 'today', 'tomorrow' or 'next working day'"; 2.2.0: "the message is the
    # request's own. A date it names is respond_by's (the date to expect a response) or the day the request was received";
    # "every 201, the thousandth as the first, must ... say when in its message"
    "b13-ack-date-week-based-year-yyyy": "[OC-ACK-01] (the week-based year 'YYYY' in a date pattern) the acknowledgement's date is formatted with the pattern 'EEEE d MMMM YYYY', whose YYYY is the ISO week-based year: on 29 to 31 December 2025 (2026-W01) it names 'December 2026', correct on every other day the suite is likely to use",
    "b13-ack-proxy-template-format-map-defaultdict": "[OC-ACK-01] (str.format_map with a defaultdict hiding missing keys) proxies' acknowledgements use the carers' template, whose keys ({when_time}, {when_day}) the context does not supply; format_map(defaultdict(str, ctx)) fills them with '': 'We will tell you by  on  how it will be handled.' (no time, date or 'today')",
    # ---- status and outcomes (AV-RESP-01)
    # vendor.md: "GET /requests/{reference}/status ... shows ... outcome: null until the practice records an outcome ...
    # Once an outcome is recorded, the 201 answer and the status carry its kind as sent ... recorded_at is the tool's now
    # at recording: the test clock, compared to the second ... message must match what the practice sent byte for byte";
    # "Each request has its own status and outcome ... one patient's clinical and administrative requests, a follow-up and
    # a proxy's request are each read"; "The messages contain CRLF and LF line breaks"; "Answers match the published
    # response schema exactly"
    "b13-status-row-level-security-hides-proxy-outcomes": "[AV-RESP-01] (a row-level security policy keyed on the requester's role) the outcome table's policy lets the reader see outcomes of requests the patient sent themself: the status of a proxy's request shows outcome null and message null after the practice has recorded one",
    "b13-outcome-kind-varchar20-truncated": "[AV-RESP-01] (a VARCHAR(20) column one enum member outgrew, strict mode off) the status reads the kind from a VARCHAR(20) column: appointment_face_to_face (24 characters) is shown as 'appointment_face_to_' (the 201 answer echoes the kind sent)",
    "b13-outcome-recorded-at-triage-session-start": "[AV-RESP-01] (the timestamp of the batch, not of the event) recorded_at is the start of the current triage session (08:00 or 13:00 London time of the day), not the tool's now",
    "b13-outcome-message-carriage-return-refused": "[AV-RESP-01] (a downstream gateway's rule applied at the door) the outcome message is also texted through a gateway that refuses carriage returns, and its validator runs on recordOutcome: a message containing CR (a CRLF line break) is refused 400 naming $.message",
    # ---- submission: exactly as sent (OC-ACCESS-01, OC-PROXY-01, OC-CAT-*)
    # vendor.md: "[NHSE] the practice sees what the patient sent; [SDK] 'exactly' means character for character"; "Text
    # (description, names, proxy_name, relationship, address lines) with tabs, ... CRLF, spaces at the start ... Keep it
    # as sent: no trimming ... escaping or tag stripping"; "Every free-text field starts with any character"; catalogue
    # OC-ACCESS-01: "Everything the patient writes in a request reaches the practice unchanged"; "The practice must see
    # role, proxy_name and relationship exactly as sent"; "dates of birth are real past dates, babies under 5 and people
    # over 100 included (refusing a patient for their age fails the request checks)"
    "b13-names-null-string-read-as-null": "[OC-ACCESS-01] (the strings 'Null' and 'None' read as missing) names pass through an import step that reads 'NULL', 'Null', 'null' and 'None' as missing values: a patient whose family (or given) name is Null is shown to the practice with that name null",
    "b13-description-mbox-from-escaped": "[OC-ACCESS-01] (mbox 'From ' escaping left in by a mail hop) the practice inbox is fed through an mbox spool: a line of the description that starts with 'From ' is stored as '>From '",
    "b13-profanity-filter-substring-scunthorpe": "[OC-ACCESS-01] (a profanity filter matching substrings: the Scunthorpe problem) the staff app's filter masks listed words inside any word of the description, names and address lines: Scunthorpe, Penistone, Hancock, Peacock, Dickinson, Matsushita or 'hoarse' reach the practice with asterisks",
    "b13-description-leading-newline-textarea-dropped": "[OC-ACCESS-01] (the HTML textarea's dropped leading newline) the description is round-tripped through the staff edit form's <textarea>, whose parser drops one newline right after the start tag: a description starting with a line break (LF or CRLF) loses it",
    "b13-description-text-speak-expanded": "[OC-ACCESS-01] (a text-speak expander written back) a readability helper for clinicians expands text speak in descriptions (pls, plz -> please; u -> you; ur -> your; 2day -> today; 2moro, tmrw -> tomorrow; thx -> thanks; b4 -> before; gr8 -> great; cos, coz -> because) and stores the expanded text",
    "b13-proxy-name-comma-reordered-by-name-parser": "[OC-PROXY-01/OC-ACCESS-01] (a name parser reordering 'Surname, Forename') a proxy_name with a comma goes through a HumanName-style parser that reads it as 'Last, First': 'Okafor, Grace' is shown to the practice as 'Grace Okafor'",
    "b13-dob-before-1970-windows-epoch-500": "[OC-CAT-01/OC-CAT-05/OC-CAT-06/CD-UPD-01] (Windows' fromtimestamp refusing negative epochs) dates of birth are kept as epoch seconds and formatted with datetime.fromtimestamp(), which raises OSError on the Windows host for dates before 2 January 1970: a request in core hours, or a contact details update, for a patient born before then is answered 500",
    # ---- submission: refusing what the contract forbids (OC-ACCESS-01, CD-UPD-01)
    # vendor.md: "Accepting data the contract forbids (a 2xx to a body its schema refuses: a 101-character name, a
    # 10,001-character message) breaks the MUST of the operation that took it: OC-ACCESS-01 (POST /requests) ... CD-UPD-01
    # (contact details)"; "An enum is matched exactly"; "Unknown keys are refused both ways"; "Every keyword at every
    # depth is enforced"
    "b13-preferred-substring-membership": "[OC-ACCESS-01/CD-UPD-01] (membership tested on a string instead of a list) contact.preferred is checked with `value in PREFERRED`, where PREFERRED is the settings string 'phone,email,text_message,online,post': any substring ('', 'mail', 'text', 'on', 'e', ',') is taken (201) and stored as sent",
    "b13-description-length-latin1-ignore-undercount": "[OC-ACCESS-01] (a length counted on an encoding that drops characters) the description's 10,000 limit is checked on len(description.encode('latin-1', 'ignore')): a description over 10,000 characters, some of them outside Latin-1 (emoji, Greek, Arabic...), is taken (201) and stored whole",
    "b13-unknown-keys-x-prefix-ignored": "[OC-ACCESS-01/CD-UPD-01/MSG-IN-01/MSG-OUT-01/VC-SCHED-01] (the 'x-' vendor-extension convention applied to bodies) the validator drops keys starting with 'x-' or '_' at any depth before checking, as OpenAPI does for extensions: a body with an unknown key such as 'x-debug' or '_source' is taken (201)",
    # ---- secure messaging (MSG-IN-01, MSG-OUT-01, MSG-REPLY-01, MSG-PROXY-01)
    # vendor.md: "the 201 answer repeats direction, body and in_reply_to as sent, with sent_at = now; a thread is named by
    # its first message and lists every message of it ... oldest first"; "Bodies are kept exactly as sent"; "Its 201
    # answer and the thread must show requester exactly as sent"; "the practice also replies about a follow-up ...
    # about_request keeps the follow-up's reference" (2.4.0); "each sent_at is the tool's now whatever the hour";
    # "The thread read by its first message holds all 26 ... in one answer: the contract has no paging"
    "b13-message-smtp-dot-stuffing-not-undone": "[MSG-IN-01/MSG-OUT-01] (SMTP dot-stuffing left in by a mail hop) message bodies are stored through an SMTP hop that doubles a '.' at the start of a line and nothing un-stuffs it: a line starting '.' ('...and then', '.5 ml') is read back in the thread with '..'",
    "b13-message-requester-latin1-header-hop": "[MSG-PROXY-01] (metadata carried in a Latin-1-only HTTP header) the messaging service passes a proxy's name and relationship to the inbox in X-Requester-* headers, encoded Latin-1 with 'replace': in the thread, characters outside Latin-1 in proxy_name or relationship read back as '?' (the 201 answer is right)",
    "b13-about-request-index-excludes-follow-ups": "[MSG-REPLY-01/MSG-OUT-01] (an index built from one table of two) about_request is validated against the request index, which is built from the requests table only; follow-ups live in the conversations table: a message about a follow-up is answered 404 'about_request names no request'",
    "b13-thread-over-256kb-oldest-dropped": "[MSG-IN-01/MSG-OUT-01] (a queue message size limit) the thread answer is assembled by a worker and handed back over a queue whose messages are capped at 256 KB: when a thread's JSON passes 256 KB, its oldest messages are dropped until it fits",
    "b13-message-sent-at-utc-date-london-time": "[MSG-IN-01/MSG-OUT-01] (a UTC date combined with a London time) sent_at is built as datetime.combine(now's UTC date, now's London time) in London: from 00:00 to 00:59 London time in summer it is a day early (other hours, and all of winter, are right)",
    "b13-message-emoticons-to-emoji": "[MSG-IN-01/MSG-OUT-01] (an emoticon-to-emoji autoformat on store) message bodies are stored through a rich-text autoformat that turns ':)' and ':-)' into U+1F642, ':(' and ':-(' into U+1F641, ';)' into U+1F609, ':D' into U+1F600 and '<3' into U+2764 U+FE0F, in the 201 answer and the thread",
    # ---- video (VC-SCHED-01)
    # vendor.md: "a new session is scheduled, at the instant and for the minutes asked (1 to 240)"; "Every edge a schema
    # allows is accepted ... each instant in every spelling its pattern allows: Z, +00:00, other offsets, 1 to 6 fractional
    # digits"; "once patient and professional have both joined the status is in_progress"; "sessions start at your tool's
    # now or later, at any hour of any day"; "Read back before anyone joins, a session is exactly the 201 answer
    # (scheduled), with the test clock before its start, at it, and at any instant of its booked minutes"
    "b13-video-start-py310-fromisoformat-fraction-digits": "[VC-SCHED-01] (Python 3.10's fromisoformat) the video service runs on Python 3.10, whose datetime.fromisoformat takes a fraction of exactly 3 or 6 digits: a scheduled_start with 1, 2, 4 or 5 fractional digits is refused 400",
    "b13-video-join-toggles-presence": "[VC-SCHED-01] (a presence flag toggled on each event) each join toggles that participant's presence flag (the room's join and leave events share one handler): a participant joining again is marked absent, and a session in progress goes back to scheduled",
    "b13-video-no-clinic-on-bank-holidays": "[VC-SCHED-01] (a clinic calendar shared with the holiday table) the video diary has no clinics on bank holidays: a session starting on an England and Wales bank holiday (London date) is refused 400 naming $.scheduled_start",
    "b13-video-no-show-after-5-minutes": "[VC-SCHED-01] (a lazy state transition on read) reading a session 5 minutes or more after its start with nobody joined marks it did_not_attend (and keeps it so): a read within its booked minutes shows did_not_attend, not scheduled",
    # ---- contact details (CD-UPD-01, CD-FIELDS-01, CD-PROXY-01)
    # vendor.md: "the practice sees the details exactly as sent"; "Each contact details update reaches the practice
    # exactly as sent, nothing added"; "The practice must see every value of each update as sent. The name is the new
    # name, not the one first held for that NHS number"; "given names of one letter and family names of 100 characters";
    # "A field left out reads back as absent or null ... never ... a patient's earlier value"; "Dates of birth on 29
    # February, 110 years ago and yesterday"
    "b13-contact-dob-1900-01-01-sentinel-null": "[CD-UPD-01] (a sentinel date read as missing) the practice system's smalldatetime column uses 1900-01-01 as 'unknown': a contact details update for a patient born on 1 January 1900 is shown to the practice with date_of_birth null",
    "b13-contact-name-change-held-for-verification": "[CD-FIELDS-01/CD-UPD-01] (a change held for manual verification) an update whose family name differs from the same patient's previous update (NHS number and date of birth) is held for identity checks: 201, but GET /practice/contact-details/{reference} answers 404 until staff verify it",
    "b13-contact-postcode-extracted-from-last-line": "[CD-UPD-01] (an address finder's field extraction) an update without a postcode whose last address line is shaped like one has that line moved into postcode: the practice sees one line fewer and a postcode the patient did not send there",
    "b13-contact-one-letter-given-name-initial-dot": "[CD-FIELDS-01/CD-UPD-01] (a display formatter for initials) a one-letter given name is taken for an initial and stored with a full stop: 'J' reads back 'J.'",
    "b13-contact-view-global-context-ethnicity": "[CD-FIELDS-01/CD-UPD-01] (a request context kept in a module global) the practice view keeps the ethnicity it last showed in a module-level 'context' that is set, never reset: an update sent without ethnicity reads back with the ethnicity of the update read before it",
    # ---- usage data, record IDs and pseudonyms (REP-OC-01, REP-OC-02, REP-VC-01)
    # vendor.md: "record_id is a keyed pseudonym: ... the same at every read, unique in the week, and not computable
    # from your own reference by anyone without your key (an HMAC, or a random ID kept in a table; never the reference,
    # an unkeyed hash or an encoding of it)"; "request_type follows the category [SDK mapping] ... seek_health_advice,
    # describe_symptoms, clinical_request are clinical"; "one VcRecord per session scheduled to start in it";
    # "has_attachments is true for any attachment"; "A week read again on later days keeps its records ... each record
    # keeps its record_id"
    "b13-record-id-python-hash-seed-zero": "[REP-OC-02] (Python's built-in hash() with PYTHONHASHSEED=0) record_id is hash(reference) & (2**64 - 1) in hex; the Dockerfile sets PYTHONHASHSEED=0 for reproducible builds, which makes the SipHash key all zeros: anyone with Python can compute every record ID from a reference",
    "b13-usage-type-map-csv-bom-first-row": "[REP-OC-01] (a byte order mark glued to the first row of a mapping file) the category-to-request_type map is read from a headerless CSV saved with a BOM, so its first key is '\\ufeffseek_health_advice' and lookups of seek_health_advice fall back to 'other'",
    "b13-record-id-lru-cache-1024": "[REP-OC-01/REP-OC-02] (a pseudonym 'table' that is an LRU cache) record IDs are secrets.token_hex(16) memoised with functools.lru_cache(maxsize=1024) instead of stored: once more than 1,024 references have been looked up, an evicted reference gets a new record ID at its next read",
    "b13-usage-vc-strptime-no-fraction-skipped": "[REP-VC-01] (strptime without %f) the VC export parses scheduled_start with strptime('%Y-%m-%dT%H:%M:%SZ'); a start with a fraction of a second fails to parse and that session's record is skipped with a log line",
    "b13-usage-has-attachments-json-text-truthy": "[REP-OC-01] (the truthiness of a JSON array read as text) has_attachments is bool(row.attachments_json), a TEXT column holding '[]' for none: every OC record has has_attachments true",
    # ---- robustness and HTTP (AV-CORE-01 and every operation's MUST)
    # vendor.md: "A FAIL ... includes an answer that breaks the contract: a body that does not match the contract's
    # schema"; "the practice sees exactly what was sent"; "Every body the suite's operations send is labelled
    # Content-Type: application/json" (2.7.0); "In core hours, 201 for every category"
    "b13-gateway-transcodes-latin1-without-accept-charset": "[OC-ACCESS-01/AV-CORE-01] (a gateway transcoding answers to a charset) an old API gateway re-encodes JSON answers to ISO-8859-1 when the client sends no Accept-Charset: every non-ASCII answer is labelled charset=iso-8859-1, Latin-1 letters become single bytes and anything outside Latin-1 becomes '?'",
    "b13-content-type-exact-match-415": "[AV-CORE-01/OC-ACCESS-01] (a media type compared as a whole header string) the API's body middleware compares the Content-Type header with 'application/json' as a whole string: a JSON body labelled with a parameter ('application/json; charset=utf-8') is read to its end and refused 415 (the test interface has its own handler)",
}

# ROB-4XX-01 is a SHOULD ("How you refuse (a 4xx with an ErrorBody whose problems name each bad field, never a 5xx)
# is ROB-4XX-01, a SHOULD ... a WARN, never a failed build"; "A problem's location is a JSON path starting with $ ...
# a JSON Pointer, /patient/nhs_number, is read too"); SAFE-URG-01 is a SHOULD ("urgent_use_safeguard must mention
# 'urgent', 'emergency' or '999' ... a SHOULD, so a WARN"); SIGN-111-01 is a SHOULD ("symptom_checker_url links to NHS
# 111 online [NHSE]; it must be https on 111.nhs.uk [SDK]"; "A tool that shows no ... symptom-checker link ... gets a
# WARN on those two SHOULDs and nothing else")
BLIND13_SHOULD_ONLY: set[str] = {
    "b13-error-location-schema-keyword-pointer",
    "b13-safeguard-cms-excerpt-36-characters",
    "b13-symptom-checker-amp-cache-link",
}
BLIND13.update(
    {
        "b13-error-location-schema-keyword-pointer": "[ROB-4XX-01, SHOULD] (a schema keyword location for the instance location) each 400 problem names the field by its place in the schema ('#/properties/patient/properties/nhs_number'), as a JSON Schema library's keywordLocation, not by a JSON path",
        "b13-safeguard-cms-excerpt-36-characters": "[SAFE-URG-01, SHOULD] (a CMS excerpt) urgent_use_safeguard comes from the CMS's 36-character excerpt of the safeguard: 'Do not use this form for emergencies' (no 'urgent', 'emergency' or '999')",
        "b13-symptom-checker-amp-cache-link": "[SIGN-111-01, SHOULD] (a link copied from a phone's browser) symptom_checker_url is the AMP cache address https://111-nhs-uk.cdn.ampproject.org/c/s/111.nhs.uk/, not on 111.nhs.uk",
    }
)

BLIND13_BORDERLINE: dict[str, str] = {
    "b13-closed-message-welsh-default-locale": "the closed message is in Welsh when the client sends no Accept-Language (the i18n catalogue's fallback is cy): it names the opening time ('am 08:00') and the day in Welsh ('ddydd Llun 30 Tachwedd'); the docs require the message to say when the form opens again and read English forms only, but a bilingual region's vendor could argue Welsh says it",
    "b13-email-tld-public-suffix-list": "emails whose domain ends in a label that is not on the public suffix list ('.invalid', '.test', '.example', '.localhost') are refused 400 naming $.contact.email: the docs let a tool refuse 'an email address your own syntax check refuses' as long as it takes every address real mailboxes use, and no real mailbox is on .invalid, though vendor.md also asks a TEST environment to let the reserved domains through",
}
BLIND13.update(
    {
        "b13-closed-message-welsh-default-locale": "[AV-OOH-01, borderline] (an i18n catalogue falling back to Welsh) without Accept-Language, the 409's and /availability's closed message is Welsh: 'Rydym ar gau. Byddwn yn agor eto am 08:00 ddydd Llun 30 Tachwedd...'",
        "b13-email-tld-public-suffix-list": "[OC-ACCESS-01/CD-UPD-01, borderline] (an email check against the public suffix list) an email whose domain's last label is not a public suffix (.invalid, .test, .example, .localhost) is refused 400 naming $.contact.email, on requests and contact details updates",
    }
)
