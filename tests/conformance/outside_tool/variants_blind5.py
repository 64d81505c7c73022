# ruff: noqa: E501
"""FIFTH, BLIND set of single-fault variants of the outside tool (issue 8).

Written by a helper session, blind, acting as an outside vendor's test engineer, from the
published material only: README.md, docs/*.md, conformance/catalogue.json and
conformance/tool-contract.openapi.json (1.2.0), plus the outside tool (`tool.py`) and the
descriptions of the four earlier sets (`variants.py`, `variants_heldout.py`,
`variants_blind3.py`, `variants_blind4.py`), read only to avoid repeating a mechanism. Never
the SDK's source, its checks, its self-test expectations, the earlier results or GAPS.md.
Written and measured before anyone tuned the suite on it.

The mechanisms are the ones production tools fail by and the earlier sets did not try: state
that goes stale between requests (a cron flag, a cache, a value computed once), time handled
in two places (a second code path with its own clock or offset), a second path (a category,
a channel, the 409 path) missing a rule the first has, data altered or lost on the way out
(a proxy, a checksum service, a wrong join), a rule applied at the wrong level (per household,
per thread, per wording), and partial failures (a retry that stores twice, a template service
timing out, a contact row that fails to insert).

Each value is "[REQ-ID(s)] what the defect does". Every variant in BLIND5 breaks a MUST as the
published docs state it (the sentence relied on is in the comment above each group or line),
except those in BLIND5_SHOULD_ONLY (controls: a WARN is right, exit 0 expected) and those in
BLIND5_BORDERLINE (a reasonable vendor could argue the behaviour is allowed; measured,
reported apart, left out of the catch rate).
"""

from __future__ import annotations

BLIND5: dict[str, str] = {
    # ---- availability: core hours (AV-CORE-01)
    # catalogue AV-CORE-01: "The online form accepts ... requests at any time from 08:00 to 18:30,
    # Monday to Friday, except bank holidays in England (UK time, including the weeks the clocks
    # change)." Contract GET /availability: "open_now is true at every instant of core hours ...
    # and false on bank holidays and outside core hours."
    "b5-open-flag-cron-5-and-35": "[AV-CORE-01/AV-OOH-01] a cron job flips the form's open flag at 5 and 35 past each hour: closed 08:00-08:05, still open 18:30-18:35",
    "b5-availability-open-from-last-post": "[AV-CORE-01] /availability reports the open flag the request service last published (at the last POST /requests), not the state at now",
    # POST /requests: "In core hours: 201 for every category"; vendor.md: "Every local rule uses Europe/London."
    "b5-post-path-fixed-bst-offset": "[AV-CORE-01] the API gateway that guards POST /requests judges core hours at a fixed +01:00 (its config written in summer): in winter, 409 from 17:30; /availability is right",
    "b5-open-check-rounded-to-half-hour-slot": "[AV-CORE-01/AV-OOH-01] the slot engine rounds now to the nearest half hour before the open check: closed from 18:15, open from 07:45",
    "b5-dst-dates-hardcoded-from-2025": "[AV-CORE-01] summer time switched on the 2025 dates (30 March, 26 October) every year: 29 March 2027 and 26-29 October 2027 are an hour out",
    # vendor.md: the bank holidays are "the SDK's own calendar ... 3 and 6 April, 4 and 25 May, 31 August ... 2026"
    "b5-bh-stored-as-utc-instants": "[AV-CORE-01/AV-OOH-01] bank holidays kept as London midnight instants and compared by their UTC date: in summer time each falls a day early (open Easter Monday, closed Maundy Thursday)",
    "b5-schedule-grid-30-days": "[AV-CORE-01] the opening-hours grid is generated for days 1 to 30 of each month: closed all day on the 31st",
    # ---- availability: outside core hours (AV-OOH-01)
    # ClosedResponse.next_opening: "The next core-hours opening after the tool's now: 08:00 Europe/London
    # on the next working day ..., or today's 08:00 when now is before it on a working day."
    "b5-next-opening-cached-per-day": "[AV-OOH-01] next_opening is computed once per London date and cached: after 18:30 the tool still gives that morning's 08:00 (in the past)",
    # Availability.next_opening: "When closed, null or the next core-hours opening (exactly as in ClosedResponse)"
    "b5-availability-next-opening-weekdays-only": "[AV-OOH-01] /availability's next_opening comes from a second helper that skips weekends only (the 409 path is right): on a bank holiday eve it names the holiday",
    # POST /requests: "Outside core hours (bank holidays included): 409 with a ClosedResponse"
    "b5-post-path-no-bank-holidays": "[AV-OOH-01] POST /requests checks weekday and time but not the holiday table (only /availability does): 201 on weekday bank holidays though the tool declares closed_with_next_opening",
    # ---- availability: caps (AV-CAP-01)
    # AV-CAP-01: "every request sent in core hours is accepted"; vendor.md: "Each POST /requests answered
    # 201 is a request of its own ... when several patients write the same words"
    "b5-spam-filter-same-words-5-per-day": "[AV-CAP-01] an anti-spam rule refuses (409) the 6th request of a London day with the same description, whoever sends it",
    # vendor.md: "Optional fields are optional ... a request of any category that leaves out the NHS number ... is taken like any other: 201"
    "b5-cap-unverified-20-per-day": "[AV-CAP-01] requests without an NHS number ('unverified') are capped at 20 a day, then 409",
    "b5-cooldown-after-burst": "[AV-CAP-01] after 250 requests within 10 tool-minutes the form cools down: 429 for the next 20 tool-minutes",
    "b5-cap-household-4-per-day": "[AV-CAP-01] at most 4 requests a day per household (same first address line and postcode), then 409",
    # ---- availability: NHS 111 (AV-111-01)
    # AV-111-01: "During core hours, a request that general practice should deal with is accepted by the
    # practice, not redirected to NHS 111." Availability.redirect_url: "Must be null throughout core hours"
    "b5-111-out-of-area-postcode": "[AV-111-01] in core hours, clinical requests whose postcode is outside the practice's area (not B) are sent to NHS 111 ('temporary residents')",
    "b5-111-clinical-with-photo": "[AV-111-01] in core hours, clinical requests that carry a photo are sent to NHS 111 (409: 'we cannot assess images online')",
    "b5-redirect-url-cleared-at-0900": "[AV-111-01] redirect_url set to NHS 111 while closed is only cleared by the 09:00 morning job: after an evening read it stays set 08:00-09:00",
    # ---- response (OC-ACK-01, AV-RESP-01)
    # AV-RESP-01: "A request sent during core hours is answered with how it will be handled by the end of
    # that working day"; Acknowledgement.respond_by: "Sent in core hours: on the same Europe/London date"
    "b5-respond-by-queue-eta": "[AV-RESP-01] respond_by is a triage-queue ETA, now + 3 minutes per request already waiting today: past midnight once 130 or so are waiting",
    "b5-follow-up-respond-by-next-working-day": "[AV-RESP-01] follow-ups go to the routine list: respond_by is the end of the next working day (other categories right)",
    # Acknowledgement.respond_by: "Never before received_at."
    "b5-respond-by-cached-from-first-request": "[AV-RESP-01/OC-ACK-01] respond_by is computed once (at the first request after start-up) and reused for every later request, days later included",
    # OC-ACK-01: "the patient is told it has arrived, given a reference, and told clearly when to expect a response"
    "b5-ack-question-no-when": "[OC-ACK-01] ask_question acknowledgements come from the reception module: 'Your question has been passed to our reception team.' (no when)",
    "b5-ack-template-timeout-every-40th": "[OC-ACK-01] every 40th acknowledgement gets the fallback text 'Thank you, we have your request.' (the template service timed out)",
    # Acknowledgement.reference: "GET /practice/requests/{reference} finds it"
    "b5-ack-reference-check-digit-suffix": "[OC-ACK-01] the acknowledgement adds a check character to the reference ('OC-1A2B3C4D5E-7', for reading over the phone); the store keys it without",
    # GET /practice/requests: "with ... submitted_at equal to its received_at"
    "b5-practice-submitted-at-db-clock": "[OC-ACCESS-01/OC-ACK-01] the practice view's submitted_at is the database's default now() (real time), not the tool's now the acknowledgement used",
    # ---- requests: categories (OC-CAT-01..06)
    # vendor.md: "follows_up names an earlier request of the same patient that your tool accepted"
    "b5-follow-up-lookup-today-partition": "[OC-CAT-04] follows_up is looked up in today's partition only: a follow-up of a request from an earlier London day gets 400",
    # OC-CAT-04: "A patient can follow up on a previous issue"; no stricter rule limits follow-ups
    "b5-follow-up-one-per-original": "[OC-CAT-04] a request may be followed up once: a second follow-up of it gets 400 ('already followed up')",
    # RequestSubmission.description: maxLength 10000, for every category
    "b5-ask-question-max-500": "[OC-CAT-03] the question form keeps its own limit: ask_question descriptions over 500 characters get 400",
    # capabilities: photo_upload true, accepted_media_types; vendor.md's stricter rules do not include a category
    "b5-clinical-request-attachments-refused": "[OC-CAT-05] photos are taken for describe_symptoms only: a clinical_request with attachments gets 400",
    # vendor.md "Exactly as sent": text "with ... CRLF"; description minLength 1, maxLength 10000
    "b5-symptoms-single-line": "[OC-CAT-02] the symptoms field is a single-line input: describe_symptoms descriptions with a line break get 400",
    # OC-CAT-06 with OC-ACCESS-01: "Everything the patient writes in a request reaches the practice unchanged"
    "b5-admin-contact-not-joined": "[OC-CAT-06/OC-ACCESS-01] administrative requests keep contact details in the admin module's table; the practice view joins the clinical one: email, phone and address come back empty",
    # partial failure; vendor.md: "only an email, only a phone or only an address"
    "b5-request-contact-address-only-write-fails": "[OC-ACCESS-01] the contact row insert fails when neither email nor phone is given (NOT NULL); the request is still stored, its address lost",
    # ---- requests: round trip (OC-ACCESS-01)
    # POST /requests: "Attachments carry metadata only ... the practice must see each exactly as sent"
    "b5-attachment-sha256-recomputed": "[OC-ACCESS-01] the attachment store recomputes each sha256 from the bytes it holds (none, in the contract): the practice sees the empty file's hash",
    "b5-attachment-zero-bytes-octet-stream": "[OC-ACCESS-01] a 0-byte attachment's media type is sniffed from its content: stored as application/octet-stream",
    # vendor.md: "Dates of birth on 29 February, 110 years ago and yesterday"
    "b5-dob-two-digit-year-pivot": "[OC-ACCESS-01] dates of birth pass through a DD/MM/YY export with pivot 26: people born before 1926 come back a century younger",
    "b5-proxy-details-from-first-request-of-patient": "[OC-ACCESS-01] the proxy's name and relationship are pre-filled from the patient's first request and stored as pre-filled, not as sent",
    # vendor.md: "right-to-left text ... Keep it as sent"; requests.free-text-as-typed sends "a bidi mark"
    "b5-description-bidi-controls-stripped": "[OC-ACCESS-01] a 'Trojan Source' filter strips bidirectional control characters (U+200E/F, U+202A-E, U+2066-9) from descriptions",
    "b5-description-line-separators-to-newline": "[OC-ACCESS-01] a JS-safe JSON encoder turns U+2028 and U+2029 in the description into \\n",
    # vendor.md: "URLs ... Keep it as sent"
    "b5-proxy-rewrites-http-links": "[OC-ACCESS-01] an 'HTTPS everywhere' proxy rewrites http:// to https:// in request descriptions",
    # ---- input validation (accepting what the schema forbids breaks the operation's MUST)
    # vendor.md: "Accepting data the contract forbids ... breaks the MUST of the operation that took it"
    "b5-accepts-dob-with-time": "[OC-ACCESS-01/CD-UPD-01] a date_of_birth with a time ('1990-05-12T00:00:00') is accepted: only its first 10 characters are read",
    "b5-accepts-email-two-ats": "[OC-ACCESS-01/CD-UPD-01] any email containing '@' is accepted, two '@' included (schema: exactly one)",
    "b5-accepts-patient-with-proxy-name": "[OC-ACCESS-01] role 'patient' with a proxy_name and relationship is accepted, both dropped (schema: null for a patient)",
    "b5-accepts-unknown-keys-in-attachments": "[OC-ACCESS-01] unknown keys inside an attachment ('filename') are accepted: attachments are checked by a second, looser validator",
    "b5-accepts-nhs-number-padded": "[OC-ACCESS-01/CD-UPD-01] NHS numbers are stripped of surrounding whitespace before the pattern check ('9434765919 ' accepted)",
    # vendor.md: "in_reply_to on POST /messages ... the empty string ... Answer 404"
    "b5-accepts-in-reply-to-empty-string": "[MSG-IN-01/MSG-OUT-01] in_reply_to '' is read as falsy: 201, a new thread",
    # ---- channels: video (VC-SCHED-01)
    # POST /video/sessions: "201 with ... scheduled_start and duration_minutes as requested"
    "b5-video-start-offset-of-booking-time": "[VC-SCHED-01] scheduled_start is kept as London wall time and given back with the offset in force when it was booked: an hour out across a clock change",
    "b5-video-duration-240-refused": "[VC-SCHED-01] the duration check is 1 <= d < 240: a 240-minute session gets 400",
    # POST /video/sessions: "at any hour of any day (Sunday 23:59 and Monday 00:00 included): accept those"
    "b5-video-diary-locked-2330-0030": "[VC-SCHED-01] the nightly diary rebuild locks 23:30-00:30 London: sessions starting then get 400",
    # POST .../join: "A join window is the tool's own ... as long as the window includes scheduled_start"; the test clock sets now
    "b5-video-join-window-real-clock": "[VC-SCHED-01] the join window (10 minutes before start to the booked end) is checked against the real clock, not the tool's now",
    # ---- channels: secure messages (MSG-IN-01, MSG-OUT-01)
    # GET /messages: "Every message of the thread, replies to replies included, both directions"
    "b5-thread-cached-30s": "[MSG-IN-01/MSG-OUT-01] GET /messages is cached per thread for 30 real seconds: replies sent after the first read are missing",
    # POST /messages: "sent_at equal to the tool's now"
    "b5-message-sent-at-real-clock": "[MSG-IN-01/MSG-OUT-01] sent_at is the database's default now() (real time), not the tool's now",
    # SecureMessage.body: "The message, exactly as sent"
    "b5-message-body-nfkc": "[MSG-IN-01/MSG-OUT-01] message bodies are NFKC-normalised by the search indexer that also stores them (no-break spaces, ligatures, superscripts changed)",
    # vendor.md: "A patient may write two or three times ... the thread keeps all of them"; no rule limits a thread
    "b5-thread-cap-6-messages": "[MSG-IN-01/MSG-OUT-01] a thread closes after 6 messages: the 7th gets 400 ('start a new conversation')",
    # ---- channels: contact details (CD-UPD-01)
    # vendor.md: "landlines ... in every grouping (... `(0161) 496 0000` ...) ... each read by the practice exactly as sent"
    "b5-contact-update-phone-brackets-stripped": "[CD-UPD-01] the phone normaliser removes brackets from updates: '(0161) 496 0000' -> '0161 496 0000'",
    # vendor.md: "addresses with flats (`Flat 2/1`)"
    "b5-contact-update-slash-blocked-by-waf": "[CD-UPD-01] a WAF rule against path traversal blocks (403) contact details updates whose body contains '/'",
    # GET /practice/contact-details: "The patient and contact details exactly as sent."
    "b5-contact-view-name-from-latest-request": "[CD-UPD-01] the practice view of an update joins the patient's latest request on the date of birth alone and shows its names",
    # vendor.md: "A field left out reads back as absent or null ... never as a default"
    "b5-contact-update-empty-string-for-null": "[CD-UPD-01] email and phone columns are NOT NULL DEFAULT '': a field left out reads back as ''",
    # ---- usage data (REP-OC-01, REP-OC-02, REP-VC-01)
    # GET /usage: "one OcRecord per request received in the ISO week (by the Europe/London date of submitted_at)"
    "b5-usage-week-end-bound-utc": "[REP-OC-01/REP-VC-01] the week filter starts at Monday 00:00 London but ends at the next Monday 00:00 UTC: in summer, Monday 00:00-01:00 counts in two weeks",
    "b5-usage-excludes-tool-today": "[REP-OC-01] the export covers up to yesterday (a D-1 warehouse): requests made on the tool's current London date are missing",
    "b5-usage-retry-duplicates-every-100th": "[REP-OC-01] every 100th request's slow write is retried and stored twice under a second reference: one request, two records",
    # OcRecord.request_type: "ask_question, follow_up -> other"
    "b5-usage-ask-question-as-administrative": "[REP-OC-01] ask_question is reported as 'administrative' (reception answers questions)",
    # OcRecord.requester_role: "'proxy' when someone filled in the form for the patient"
    "b5-usage-parent-proxy-as-patient": "[REP-OC-01] a proxy whose relationship is a parent (mother, father, parent) is reported as 'patient' (the legacy child model)",
    # OcUsageReport.header: "the week asked for"
    "b5-usage-header-period-of-now": "[REP-OC-01/REP-VC-01] the header's period is the week of the tool's now, whatever week was asked for",
    # OcRecord.record_id: "the same request always gets the same ID"; vendor.md: "at least 64 bits nobody can predict"
    "b5-usage-record-id-hmac-8-hex": "[REP-OC-02] record_id is the keyed HMAC cut to 8 hex digits (32 bits)",
    "b5-usage-record-id-hmac-of-submitted-at": "[REP-OC-01/REP-OC-02] record_id is a keyed HMAC of submitted_at (not the reference): requests at one instant share an ID",
    "b5-usage-record-id-key-rotates-daily": "[REP-OC-02] the pseudonym key is derived from the London date of the export: the same request gets another ID on another day",
    # VcRecord.status: "The session's status now ('scheduled' until it is held)"
    "b5-usage-vc-status-at-booking": "[REP-VC-01] the VC export reads status from the booking row: a session both sides joined is still 'scheduled'",
    # ---- borderline (see BLIND5_BORDERLINE)
    "b5-thread-order-ties-by-reference": "[MSG-IN-01/MSG-OUT-01] the thread is sorted by (sent_at, reference): messages at one instant come back in reference order",
    "b5-contact-email-apostrophe-refused": "[CD-UPD-01] the email syntax check refuses an apostrophe in the local part (400 naming $.contact.email)",
    "b5-video-get-stale-after-join": "[VC-SCHED-01] GET /video/sessions/{ref} is served from the booking cache: after both have joined it still says 'scheduled'",
    # ---- SHOULD-only controls
    "b5-safeguard-capabilities-only": "[SAFE-URG-01, SHOULD] the safeguard is declared in /capabilities but /availability gives null (the page template lost it)",
    "b5-symptom-checker-host-suffix": "[SIGN-111-01, SHOULD] the symptom checker link is https://111.nhs.uk.acme-oc.test/ (a host-prefix check let it through)",
    "b5-error-location-without-dollar": "[ROB-4XX-01, SHOULD] 400 problems name fields as 'patient.nhs_number', not '$.patient.nhs_number'",
}

BLIND5_SHOULD_ONLY: frozenset[str] = frozenset(
    {
        "b5-safeguard-capabilities-only",
        "b5-symptom-checker-host-suffix",
        "b5-error-location-without-dollar",
    }
)

BLIND5_BORDERLINE: dict[str, str] = {
    "b5-thread-order-ties-by-reference": "the contract orders a thread 'oldest first by sent_at' and a frozen clock gives runs of messages the same sent_at: ties have no order in the contract, though 'the thread keeps all of them, oldest first' implies the order sent",
    "b5-contact-email-apostrophe-refused": "the contract lets a tool refuse 'an email address its own syntax check refuses (400, $.contact.email)', while vendor.md says the suite sends an apostrophe (siobhan.o'brien@...) expecting it read as sent",
    "b5-video-get-stale-after-join": "GET /video/sessions/{reference} is 'equal to the 201 answer that scheduled it (until joined)': nothing says what it shows after the joins",
}
