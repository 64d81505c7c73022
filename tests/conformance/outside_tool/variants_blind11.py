# ruff: noqa: E501
"""ELEVENTH, BLIND set of single-fault variants of the outside tool.

Written by a helper session on 29 November 2026, blind, acting as an outside vendor's test
engineer, against contract 2.6.0, from the published material only: README.md, docs/*.md
(docs/contract-changes.md for 2.3.0 to 2.6.0 above all, and docs/vendor.md),
conformance/catalogue.json and conformance/tool-contract.openapi.json, plus the outside tool
(`tool.py`), `measure.py` and the names and descriptions of the ten earlier sets
(`variants.py`, `variants_heldout.py`, `variants_blind3.py` to `variants_blind10.py`), read only
to avoid repeating a mechanism. Never the SDK's source, its checks, its self-test
expectations, the earlier results or GAPS.md. Written and measured before anyone tuned the
suite on it.

Each value is "[REQ-ID(s)] (mechanism class) what the defect does". The mechanism classes are
ones the earlier sets did not try: hand-written calendar arithmetic (Zeller's congruence
without the January/February shift, day-of-year numbers from a non-leap table, Easter ported
with float division, `date(y, m, d + 1)` at a month end), calendar data read wrongly (an
iCalendar DTEND taken as inclusive, a holiday list split on ',' without strip, membership
tested on a consumed generator), a Quartz cron day-of-week numbering, a token bucket refilled
by the tool's own (test) clock, a fraud rule keyed on a postcode sector, a canary cohort keyed
on the NHS number, a red-flag word matched as a substring, storage effects (a DATETIME(0)
column that rounds 23:59:59.999999 up, a float32 epoch column, an enum stored as a 1-based
ordinal, SCD type 2 rows exported without the current-row filter, int64 columns serialised as
strings, a UTF-8 string read back through cp1252), template effects (Jinja's dropped trailing
newline), Python state bugs (a mutable default shared by every status, a default requester
dict updated in place, a global join set), HTML-form semantics applied server-side (textarea
length counting CRLF, '+' decoded as a space), SQL hand-escaping before a parameterised query,
sorting by a display string, a wrong join (thread on about_request), keyset pagination with a
strict '>' on a non-unique key, a prefix-keyed mapping with a default, a hand-rolled ISO week,
a retention job keyed on the calendar quarter, off-by-ones at boundaries the docs state
(100-character names, a 2,000-character outcome message, a 1-minute session, a 64-character
local part, 20 MiB read as 20 MB), validation after strip, a cross-field rule evaluated only
when the field is present, naive datetime comparisons across zones, rules applied at the
wrong level (core hours on patient messages, a strict alternation of message directions, a
children's NHS 111 line), data transformed on output (VC starts floored to a reporting slot,
durations as NUMERIC), an identifier leak (the reference's tail lower-cased inside the record
ID) and an HTTP framing bug (Content-Length counted in characters).

Every variant in BLIND11 breaks a MUST as the published docs state it (the sentence relied on
is in the comment above each group or line), except those in BLIND11_SHOULD_ONLY (controls: a
WARN is right, exit 0 expected) and those in BLIND11_BORDERLINE (a reasonable vendor could
argue the behaviour is allowed; measured, reported apart, left out of the catch rate).
"""

from __future__ import annotations

BLIND11: dict[str, str] = {
    # ---- availability: core hours and bank holidays (AV-CORE-01, AV-OOH-01)
    # vendor.md: "Core hours [NHSE]: 08:00 to 18:30 Europe/London, Monday to Friday, except bank holidays in England
    # (Easter Monday and substitute days included)"; "`open_now` is true at every instant of core hours ... and false
    # outside them and on bank holidays"; "For 2026 to 2028, which the suite checks one by one: 1 January, 3 and 6 April
    # ..."; 2.3.0: "open at every instant of core hours means a closure of any length on any date is a breach"
    "b11-weekday-zeller-jan-feb-unadjusted": "[AV-CORE-01/AV-OOH-01] (hand-written calendar arithmetic) the weekday comes from a hand-written Zeller's congruence that forgets to count January and February as months 13 and 14 of the year before: every date in January and February gets the wrong weekday (working days closed, weekend days open)",
    "b11-bh-yday-table-non-leap": "[AV-CORE-01/AV-OOH-01] (day-of-year from a non-leap table) bank holidays are stored as day-of-year numbers computed with a cumulative month table that has no leap day: in 2028 every bank holiday after February falls one day early (Thursday 13 April closed; Good Friday 14 April, Easter Monday 17 April, 1 May, 29 May, 28 August and 26 December open)",
    "b11-bh-ical-dtend-inclusive": "[AV-CORE-01] (iCalendar DTEND read as inclusive) the bank-holiday feed's all-day events are read with DTEND as the last day: the working day after each bank holiday (the Tuesday after Easter Monday, after each May and August holiday, 29 December 2026 ...) is closed too",
    "b11-bh-generator-consumed": "[AV-OOH-01/AV-CORE-01] (membership tested on a generator) each year's bank holidays are a generator parsed from the feed, and `d in holidays` consumes it: a holiday is found once, then the next check of the same day (or of any earlier day) says it is a working day, so the form takes requests on bank holidays",
    "b11-bh-config-split-without-strip": "[AV-OOH-01] (config list split on ',' without strip) the bank-holiday setting '2026-01-01, 2026-04-03, ...' is split on ',' and each ' 2026-04-03' fails to parse and is skipped with a log line: only the first holiday of each year (New Year's Day or its substitute) closes the form",
    "b11-easter-float-division-port": "[AV-OOH-01/AV-CORE-01] (arithmetic ported with '/' for '//') the Easter computus was ported from JavaScript with float division and truncated only at the end: Good Friday and Easter Monday fall on the wrong days (2026: Easter 2 April; 2027: 22 March; 2028: 10 April)",
    # ---- availability: out of hours (AV-OOH-01)
    # POST /requests: "Outside core hours: 409 with a ClosedResponse whose next_opening is exactly the next core-hours
    # opening"; vendor.md: "The next core-hours opening is 08:00 on the next working day"; "The closed message says when
    # the form opens again"
    "b11-next-opening-quartz-cron-dow": "[AV-OOH-01] (cron dialect) next_opening comes from the scheduler's expression '0 0 8 ? * 1-5', which Quartz reads as Sunday to Thursday: after Thursday's close the next opening is Sunday 08:00, and Friday's next opening is skipped",
    "b11-next-opening-month-end-day-plus-one-500": "[AV-OOH-01] (date(y, m, d + 1) at a month end) the next-opening search steps a day with date(year, month, day + 1): closed on the last day of a month (31 August 2026, a bank holiday, or any evening of 30 November), GET /availability and the 409 answer 500",
    "b11-closed-message-date-is-tomorrow": "[AV-OOH-01] (message filled from a second computation) the closed message names tomorrow's date and weekday ('We open again at 08:00 on Saturday 28 November') instead of next_opening's date: wrong before 08:00 on a working day, on Friday evenings and before bank holidays (next_opening itself right)",
    # ---- availability: caps (AV-CAP-01, AV-CORE-01)
    # submitRequest: "no cap per day, per category or per patient"; vendor.md: "No cap keyed on anything a request
    # carries ... one postcode for all ... Each must be taken (no per-household, per-proxy, per-phone, per-email,
    # per-postcode ... limit)"; "a 429 (or any other refusal) to POST /requests is exactly what a cap looks like"
    "b11-cap-postcode-sector-fraud-300": "[AV-CAP-01] (fraud rule keyed on a postcode sector) more than 300 requests in a London day from one postcode sector (the postcode less its last two letters) are treated as a bot: 429",
    "b11-token-bucket-on-tool-clock": "[AV-CAP-01/AV-CORE-01] (rate limiter on the application clock) POST /requests goes through a token bucket (30 tokens, 1 a second) refilled from the tool's own clock, which the test clock freezes: more than 30 requests at one frozen instant get 429",
    # 2.5.0: "a request with a photo is taken at any instant of core hours, like any other [NHSE: open in core hours, for
    # every kind of request]"; vendor.md: "Where photo_upload is true ... each is taken (201)"
    "b11-canary-cohort-even-nhs-no-photos": "[AV-CORE-01/OC-ACCESS-01] (feature flag keyed on data) the new upload path is rolled out to a canary cohort picked by the NHS number's last digit; the cohort (even last digit) has photo upload off and gets 400 for any request with an attachment, while capabilities declare photo_upload true",
    # ---- NHS 111 (AV-111-01)
    # vendor.md: "In core hours, do not point clinical requests to NHS 111 unless every request is told the same";
    # "a sentence that offers NHS 111 without a condition of worsening, urgency or not being able to wait ... sends the
    # patient away and fails, unless every request (administrative ones too) is told the same"; "requests ... are
    # everyday needs the practice takes (201, not sent to NHS 111)"
    "b11-111-red-flag-substring-fit": "[AV-111-01/AV-CORE-01] (word matched as a substring) the seizure red flag 'fit' is matched as a substring of the lower-cased text: 'fit note', 'benefit', 'outfit', 'fitted' ... are refused in core hours (409) and pointed to NHS 111",
    "b11-ack-111-line-for-children": "[AV-111-01] (rule applied at the wrong level) the acknowledgement of every request for a patient under 16 ends 'For children, please call NHS 111 for advice.': an unconditioned offer of NHS 111 that other requests are not told",
    # ---- acknowledgement and respond_by (AV-RESP-01, OC-ACK-01)
    # vendor.md: "in core hours respond_by falls on the same London day [NHSE: 'know on the day']"
    "b11-respond-by-end-of-day-datetime0-rounded": "[AV-RESP-01] (fractional seconds rounded by a DATETIME(0) column) respond_by is set to the end of the London day, 23:59:59.999999, and stored in a column that rounds: the acknowledgement and status say 00:00:00 of the next London day",
    # ---- status and outcomes (AV-RESP-01)
    # vendor.md: "`message` must match what the practice sent byte for byte (no trimming, no line-end rewriting)"; "The
    # messages contain ... in one case, a trailing newline"; "the 201 answer and the status carry its kind as sent";
    # "an outcome recorded for one must show on none of the others"; "a status stays readable for at least 90 days after
    # the request was received"; "A kind outside the list is refused"; "one message has the schema's 2,000 characters"
    "b11-outcome-message-jinja-trailing-newline": "[AV-RESP-01] (template engine default) the status page renders the outcome message through a Jinja template with keep_trailing_newline off: a message ending in a newline is shown without it",
    "b11-status-kind-enum-ordinal-off-by-one": "[AV-RESP-01] (enum stored as a 1-based ordinal, read 0-based) the outcome kind is stored as its position from 1 and read back as an index from 0: the status shows the next kind in the list (and 500 for closed_no_action, the last)",
    "b11-status-purged-at-quarter-start": "[AV-RESP-01] (retention keyed on the calendar quarter) a purge job deletes every status received before the current quarter began: a status is 404 from the first day of the next quarter, often days after the request",
    "b11-status-shared-mutable-default-outcome": "[AV-RESP-01] (a mutable default shared by every status) an untriaged request's status shows a module-level default outcome dict that recording an outcome updates in place: once any outcome is recorded, every untriaged request's status shows it",
    "b11-accepts-outcome-kind-stripped": "[AV-RESP-01] (validation after strip) recordOutcome strips the kind before matching it against the list: 'referred ' and ' admin_completed' are taken (201)",
    "b11-outcome-message-2000-refused": "[AV-RESP-01] (off-by-one at a stated maximum) recordOutcome checks len(message) < 2000: a message of exactly 2,000 characters is refused (400)",
    # ---- secure messaging (MSG-IN-01, MSG-OUT-01, MSG-REPLY-01, MSG-PROXY-01)
    # vendor.md: "a thread is named by its first message and lists every message of it, replies to replies included,
    # oldest first"; "Messages come in runs. A patient may write two or three times before the practice answers, and the
    # practice may send several in a row; each names the message it answers in in_reply_to"; "each sent_at is the tool's
    # now whatever the hour: no quiet hours"; MSG-PROXY-01: "show requester exactly as sent"; "an attorney whose
    # relationship is a long text with &"
    "b11-thread-sorted-by-display-time": "[MSG-IN-01/MSG-OUT-01] (sorted by a display string) the thread is sorted by the sent_at shown to staff, '%d/%m %H:%M': messages of different days, months or years come out of order",
    "b11-message-same-direction-reply-refused": "[MSG-IN-01/MSG-OUT-01] (conversation state machine assumes alternation) a message whose in_reply_to names a message of its own direction (a patient writing twice, the practice replying twice) is refused (400, $.in_reply_to)",
    "b11-message-relationship-cut-at-ampersand": "[MSG-PROXY-01] (form-encoded hop without escaping) the messaging service passes the requester to the inbox as a query string built by concatenation: a relationship with '&' is cut at it",
    "b11-patient-messages-closed-out-of-hours": "[MSG-IN-01] (core-hours gate applied at the wrong level) the online-consultation closed rule is applied to patient messages too: a patient_to_practice message outside core hours gets 409 with the next opening",
    "b11-thread-joined-on-about-request": "[MSG-REPLY-01/MSG-OUT-01] (a wrong join) the thread view is joined on about_request as well as on the thread: a thread holds the messages of other threads about the same request",
    # RequestSubmission.description maxLength 10,000 and MessageSubmission.body maxLength 10,000; vendor.md: "Lengths up to
    # each maxLength: a 10,000-character description"; "The largest body the suite sends expecting success is about 10 KB
    # (a 10,000-character message)"
    "b11-textarea-length-counts-crlf": "[OC-ACCESS-01/MSG-IN-01/MSG-OUT-01] (HTML textarea semantics server-side) the length check counts each bare LF as two characters (the textarea's CRLF rule): a description or message body of up to 10,000 characters with line breaks is refused (400)",
    # ---- video (VC-SCHED-01)
    # vendor.md: "a new session is scheduled, at the instant and for the minutes asked (1 to 240)"; "One session starts at
    # the tool's now exactly"; "sessions start at your tool's now or later, at any hour of any day"; "once patient and
    # professional have both joined the status is in_progress ... and not before: after one side's join alone ... the
    # join answer and a read say scheduled"
    "b11-video-start-epoch-float32": "[VC-SCHED-01/REP-VC-01] (a float32 epoch column) scheduled_start is stored as seconds since 1970 in a 32-bit float: it is read back rounded to 128 seconds",
    "b11-video-past-check-naive-london-vs-utc": "[VC-SCHED-01] (naive datetimes compared across zones) 'not in the past' compares the start as naive UTC with now as naive London time: in summer a session starting within the next hour is refused (400)",
    "b11-video-duration-1-refused": "[VC-SCHED-01] (off-by-one at a stated minimum) the duration check is 1 < d <= 240: a 1-minute session is refused (400)",
    "b11-video-joins-global-set": "[VC-SCHED-01] (state keyed too coarsely) who has joined is kept in one set for the whole tool, not per session: once a patient and a professional have each joined any session, every later single join puts its session in progress",
    # ---- contact details (CD-UPD-01, CD-FIELDS-01, CD-PROXY-01)
    # vendor.md: "Contact details updates take every realistic value ... each read by the practice exactly as sent ...
    # emails with ... `+tag`, an apostrophe (`siobhan.o'brien@...`) and one of 254 characters (64 before the `@`) ...
    # family names of 100 characters with hyphens, apostrophes"; "with `+44`"; "a proxy is never stored as null";
    # "each contact details update is a whole record, read by its own reference"
    "b11-contact-apostrophe-doubled": "[CD-UPD-01/CD-FIELDS-01] (SQL hand-escaping before a parameterised query) every text field of a contact update has ' doubled before it is bound: O'Brien is stored and shown as O''Brien",
    "b11-contact-default-requester-aliased": "[CD-PROXY-01/CD-UPD-01] (a default dict updated in place) each update's requester is merged into one shared dict: every contact update is shown with the latest requester sent on any update",
    "b11-contact-email-local-part-64-refused": "[CD-UPD-01] (off-by-one at a stated maximum) the email check allows a local part of fewer than 64 characters: an address with 64 before the '@' is refused (400)",
    "b11-contact-plus-decoded-as-space": "[CD-UPD-01] (form decoding on an internal hop) the contact service receives the update form-encoded and decodes '+' as a space: '+44 20 7946 0456' becomes ' 44 20 7946 0456' and 'a+tag@...' becomes 'a tag@...'",
    # ---- usage data (REP-OC-01, REP-OC-02, REP-VC-01)
    # vendor.md: "The week runs Monday to Sunday in London dates [NHSE]. One OcRecord per request received in it";
    # "request_type follows the category: seek_health_advice, describe_symptoms, clinical_request are clinical"; "1,050
    # requests in one week (more than a page of 1,000 or 1,024): each is one record, none lost at a page edge and no
    # record_id twice"; "Every request is one record whatever the practice did next"; "duration_minutes of a session not
    # yet held is the minutes booked"; contract conventions: "integers without a fraction (15, not 15.0)"; "one VcRecord
    # per session scheduled to start in it"; "No name, NHS number ... or reference anywhere in the answer"; 2.6.0: "no
    # record ID, nor any part of it between separators, starts or ends with the tool's reference's last 6 characters"
    "b11-usage-iso-week-monday-hand-rolled": "[REP-OC-01/REP-VC-01] (hand-rolled ISO week) week N's Monday is 1 January + 7(N-1) days, back to its Monday: right in 2026, but every week of 2027 and 2028 (whose 1 January is a Friday or Saturday) is read a week early",
    "b11-usage-request-type-prefix-default-other": "[REP-OC-01] (mapping keyed on a prefix, with a default) request_type is looked up by the category's first word ('clinical', 'administrative') with 'other' as the default: seek_health_advice and describe_symptoms are 'other'",
    "b11-usage-keyset-pagination-strict-gt": "[REP-OC-01] (keyset pagination with '>' on a non-unique key) the export reads the week in pages of 1,000 ordered by submitted_at, each next page 'submitted_at > last of the page before': records sharing the boundary instant are lost",
    "b11-usage-scd2-versions-not-filtered": "[REP-OC-01] (SCD type 2 rows exported without the current-row filter) recording an outcome adds a new version row of the request, and the export reads every version: a triaged request is two records with one record_id",
    "b11-usage-vc-duration-numeric-as-float": "[REP-VC-01] (NUMERIC column serialised as a float) VC records' duration_minutes comes out as 30.0",
    "b11-usage-vc-start-floored-to-slot": "[REP-VC-01] (data transformed on output: a reporting slot dimension) VC records' scheduled_start is the start of its 15-minute clinic slot, not the session's start",
    "b11-usage-record-id-reference-tail-lowercased-middle": "[REP-OC-02] (identifier leak 'so support can find it') the record ID is a keyed digest with the reference's last 6 characters, lower-cased, between two halves of it",
    # ---- input validation and exactly as sent (OC-ACCESS-01, OC-CAT-*, each operation's MUST)
    # vendor.md: "Dates of birth on 29 February ... (refusing a patient for their age fails the request checks)"; "an
    # attachment of 0 bytes and of exactly 20 MiB"; "Near misses of every pattern and format are refused ... a leading or
    # trailing space, a leading newline, a trailing no-break space ... Do not strip, cut or normalise before you
    # validate"; "names of 1 and of 100 characters"; "the practice sees exactly what was sent, every field"; "A follow_up
    # names an earlier request in follows_up; no other category does"; "integers without a fraction"
    "b11-dob-29-february-birthday-replace-500": "[OC-CAT-05/OC-ACCESS-01] (leap-day date arithmetic raising) the triage age check computes this year's birthday with dob.replace(year=today.year): a date of birth of 29 February in a non-leap year raises ValueError and the request gets 500",
    "b11-attachment-limit-20mb-decimal": "[OC-ACCESS-01/AV-CAP-01] (config unit: MB for MiB) the attachment limit '20MB' is read as 20,000,000 bytes: a photo of 20,000,001 bytes to exactly 20 MiB is refused (400)",
    "b11-accepts-dob-strip-before-validate": "[OC-ACCESS-01] (validation after str.strip()) the date of birth is stripped (Python's strip takes no-break spaces and newlines too) before it is validated and stored: ' 1990-05-12', '1990-05-12\\u00a0' and '\\n1990-05-12' are taken (201)",
    "b11-names-100-refused": "[OC-ACCESS-01/OC-CAT-05] (off-by-one at a stated maximum) the name check is len(name) < 100: a given or family name of exactly 100 characters is refused (400)",
    "b11-practice-view-description-cp1252-mojibake": "[OC-ACCESS-01] (UTF-8 read back through cp1252) the description column is read with the wrong connection charset: every non-ASCII character in the practice's view is mojibake ('é' as 'Ã©')",
    "b11-accepts-follow-up-without-follows-up": "[OC-ACCESS-01/OC-CAT-04] (cross-field rule evaluated only when the field is present) the follow-up rule runs only `if body.get('follows_up')`: a follow_up without follows_up is taken (201)",
    "b11-practice-view-int64-as-string": "[OC-ACCESS-01] (a BigInt-safe JSON serialiser) the practice's view writes int64 columns as strings: each attachment's size_bytes is '1234', not 1234",
    # ---- HTTP (AV-CORE-01 and every operation's MUST)
    # vendor.md: "A FAIL ... includes an answer that breaks the contract: a body that does not match the contract's
    # schema"; "The suite keeps one keep-alive connection to your tool"
    "b11-content-length-counts-characters": "[OC-ACCESS-01/AV-CORE-01] (HTTP framing: Content-Length in characters) the response's Content-Length is len() of the JSON text, not of its UTF-8 bytes: any answer with a non-ASCII character is cut short, and its tail is read as the start of the next answer on the connection",
}

# SAFE-URG-01 and SIGN-111-01 are SHOULDs and 2.4.0 says one that breaks its schema ("a safeguard under 10 characters")
# is "read as absent by every other check ... a WARN on that SHOULD, never a failed MUST"; ROB-4XX-01 is a SHOULD ("A
# problem's location is a JSON path starting with $ ... `patient.nhs_number` gets a ROB-4XX-01 warning")
BLIND11_SHOULD_ONLY: set[str] = {
    "b11-safeguard-cms-placeholder",
    "b11-symptom-checker-www-nhs-uk",
    "b11-error-location-python-tuple",
}
BLIND11.update(
    {
        "b11-safeguard-cms-placeholder": "[SAFE-URG-01, SHOULD] (a CMS placeholder left in config) capabilities.urgent_use_safeguard is 'TBC'",
        "b11-symptom-checker-www-nhs-uk": "[SIGN-111-01, SHOULD] (link to the wrong NHS site) capabilities.symptom_checker_url is https://www.nhs.uk/nhs-services/urgent-and-emergency-care-services/when-to-use-111/, not on 111.nhs.uk",
        "b11-error-location-python-tuple": "[ROB-4XX-01, SHOULD] (a framework's location tuple stringified) 400 problems name the field as \"('patient', 'nhs_number')\"",
    }
)

BLIND11_BORDERLINE: dict[str, str] = {
    "b11-contact-updates-closed-out-of-hours": "POST /contact-details answers 409 (closed, next opening) outside core hours: the docs tie core hours to the online consultation form and say messages have no quiet hours, but say nothing of the hours of the contact details facility",
}
BLIND11.update(
    {
        "b11-contact-updates-closed-out-of-hours": "[CD-UPD-01, borderline] (core-hours gate applied to another facility) contact details updates are refused (409 with the next opening) outside core hours",
    }
)
