# ruff: noqa: E501
"""FOURTH, BLIND set of single-fault variants of the outside tool (issue 8).

Written by a helper session, blind, acting as an outside vendor's test engineer, from the
published material only: README.md, docs/*.md, conformance/catalogue.json and
conformance/tool-contract.openapi.json (1.2.0), plus the outside tool (`tool.py`) and the
descriptions of the three earlier sets (`variants.py`, `variants_heldout.py`,
`variants_blind3.py`), read only to avoid repeating a mechanism. Never the SDK's source, its
checks, its self-test expectations, the earlier results or GAPS.md. Written and measured
before anyone tuned the suite on it.

Each value is "[REQ-ID(s)] what the defect does". Every variant in BLIND4 breaks a MUST as the
published docs state it (the sentence relied on is in the comment above each group or line),
except those in BLIND4_SHOULD_ONLY (controls: a WARN is right, exit 0 expected) and those in
BLIND4_BORDERLINE (a reasonable vendor could argue the behaviour is allowed; measured,
reported apart, left out of the catch rate).
"""

from __future__ import annotations

BLIND4: dict[str, str] = {
    # ---- availability: core hours (AV-CORE-01)
    # catalogue AV-CORE-01: "The online form accepts ... requests at any time from 08:00 to 18:30,
    # Monday to Friday, except bank holidays in England (UK time, including the weeks the clocks
    # change)." Contract GET /availability: "open_now is true at every instant of core hours".
    "b4-maintenance-window-tuesday-1240": "[AV-CORE-01] a weekly deploy window closes the form 12:40-13:00 every Tuesday (a 20-minute closure)",
    "b4-isoweekday-friday-closed": "[AV-CORE-01] working days tested with date.isoweekday() < 5 (off by one): closed all day on Fridays",
    "b4-offset-cached-weekly-sunday-utc": "[AV-CORE-01] a weekly job caches the UK offset at Sunday 00:00 UTC: in each clock-change week the whole week uses the old offset",
    "b4-bh-one-offs-recurring": "[AV-CORE-01] one-off holidays (coronation, jubilees, state funeral, millennium) stored as day-month and applied every year: closed 29 Apr, 8 May, 2-5 Jun, 31 Dec 2026",
    "b4-bh-spring-first-monday-june": "[AV-CORE-01/AV-OOH-01] the spring bank holiday is computed as the first Monday of June, not the last Monday of May",
    "b4-closed-until-1000-after-bank-holiday": "[AV-CORE-01] on the first working day after a bank holiday the form opens at 10:00 ('catch-up morning')",
    # contract GET /availability: "open_now is true at every instant of core hours"; AV-CAP-01:
    # "does not stop taking requests after a fixed number in a day"
    "b4-demand-banner-after-200": "[AV-CORE-01/AV-CAP-01] after 200 requests in a day a 'high demand' banner makes /availability say open_now false (POST still 201)",
    # ---- availability: outside core hours (AV-OOH-01)
    # ClosedResponse.next_opening: "08:00 Europe/London on the next working day (Monday to Friday,
    # not a bank holiday in England), or today's 08:00 when now is before it on a working day."
    "b4-next-opening-thursday-evening-monday": "[AV-OOH-01] next_opening uses 'weekday < 3 ? tomorrow : next Monday' (off by one): Thursday evening gives Monday, skipping Friday",
    "b4-next-opening-single-pass-holiday-check": "[AV-OOH-01] next_opening skips a weekend, then one bank holiday, then a weekend, without checking again: Thu 24 Dec 2026 evening gives Mon 28 Dec (a substitute holiday)",
    "b4-next-opening-midnight": "[AV-OOH-01] next_opening is the next working day's date as a London midnight instant (a DATE column cast to timestamp), not 08:00",
    # POST /requests: "Outside core hours ...: 409 with a ClosedResponse ... or, for a tool declaring
    # out_of_hours 'accepts_for_next_working_day', 201"; Acknowledgement.respond_by: "Never before received_at."
    "b4-grace-period-30-min-after-close": "[AV-OOH-01/OC-ACK-01] forms started before closing are accepted until 19:00 (201, respond_by 18:30 today, before received_at) though the tool declares closed_with_next_opening",
    # ---- availability: caps (AV-CAP-01)
    # AV-CAP-01: "every request sent in core hours is accepted"; contract: "a 429 (or any refusal) to
    # POST /requests in core hours counts as a cap"
    "b4-ring-buffer-1000": "[AV-CAP-01/OC-ACCESS-01] the inbox keeps the newest 1,000 requests (a ring buffer): the 1,001st silently evicts the oldest, whose reference then answers 404",
    "b4-waf-300-per-10-min": "[AV-CAP-01] a WAF rule answers 429 after 300 POST /requests from one client address in 10 real minutes",
    "b4-monthly-quota-400": "[AV-CAP-01] the practice's licence tier allows 400 online requests per calendar month, then 409 'quota reached'",
    # ---- availability: NHS 111 (AV-111-01)
    # AV-111-01: "During core hours, a request that general practice should deal with is accepted by
    # the practice, not redirected to NHS 111." Availability.redirect_url: "Must be null throughout core hours"
    "b4-111-for-proxy-clinical": "[AV-111-01] in core hours, clinical requests sent by a proxy are sent to NHS 111 (409: consent cannot be checked online)",
    "b4-111-for-long-clinical-description": "[AV-111-01] in core hours, clinical requests whose description is over 1,000 characters are sent to NHS 111 ('too complex for online')",
    "b4-redirect-url-last-30-min": "[AV-111-01] from 18:00 to 18:30 /availability sets redirect_url to NHS 111 (the duty doctor's last half hour); POST still accepts",
    # ---- response (OC-ACK-01, AV-RESP-01)
    # OC-ACK-01: "the patient is told it has arrived, given a reference"; Acknowledgement.reference:
    # pattern ^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$, "GET /practice/requests/{reference} finds it"
    "b4-reference-with-slashes": "[OC-ACK-01] references are legacy 'OC/2026/00042' (slashes): off the pattern, and the practice URL cannot find them",
    "b4-reference-lowercase-lookup-upper": "[OC-ACK-01] references are issued in lower case but the practice look-up upper-cases its key: every reference answers 404",
    # Acknowledgement.received_at: "The tool's now when it accepted the request"
    "b4-received-at-replace-tzinfo": "[OC-ACK-01/OC-ACCESS-01] received_at/submitted_at built with replace(tzinfo=London) on a UTC time: an hour early in summer",
    # Acknowledgement.message: "It must say, in English, when to expect a response"
    "b4-ack-admin-template-not-rendered": "[OC-ACK-01] the administrative-request template lost its f-prefix: the patient sees 'by {when}' literally",
    "b4-queue-drops-one-in-fifty": "[OC-ACK-01/OC-ACCESS-01] a write queue drops one request in fifty: 201 with a reference the practice never sees (404)",
    # AV-RESP-01: "A request sent during core hours is answered ... by the end of that working day";
    # POST /requests: "respond_by is on the same Europe/London day when sent in core hours"
    "b4-respond-by-utc-midnight": "[AV-RESP-01] respond_by is 23:59:59Z of the UTC date: 00:59:59 the next day in summer",
    "b4-respond-by-friday-after-1600-monday": "[AV-RESP-01] requests after 16:00 on a Friday get respond_by on Monday ('weekend triage')",
    # ---- requests: categories (OC-CAT-01..06)
    # ToolCapabilities.request_categories: "The request categories the form offers (the minimum: all six)"
    "b4-capabilities-drop-seek-health-advice": "[OC-CAT-01] capabilities.request_categories leaves out seek_health_advice (merged with symptoms in the new form), though POST still takes it",
    # RequestSubmission.description: minLength 1; vendor.md: "free text at minLength and maxLength ... is accepted"
    "b4-symptoms-min-20-chars": "[OC-CAT-02] describe_symptoms descriptions shorter than 20 characters are refused with 400 ('please tell us more')",
    # ConsultationRequest via GET /practice/requests: "The practice sees exactly what was sent"
    "b4-questions-routed-to-reception-inbox": "[OC-CAT-03] ask_question requests go to a reception inbox the practice view does not search: 201, then 404",
    # ConsultationRequest.follows_up: "Must be never the request's own reference"
    "b4-follow-up-stores-own-reference": "[OC-CAT-04] a follow-up is stored with follows_up set to its own new reference (variable shadowing)",
    "b4-follow-up-of-admin-refused": "[OC-CAT-04] a follow-up may only name a clinical request: following up an administrative one gets 400",
    # vendor.md: the stricter rules a tool may apply are listed; "refusing a patient for their age
    # fails the request checks" and no rule allows refusing a role for a category
    "b4-clinical-refused-for-proxy": "[OC-CAT-05] proxies may not make clinical_request (400 naming $.requester.role: 'the patient must ask')",
    "b4-admin-legacy-enum": "[OC-CAT-06/OC-ACCESS-01] the practice view writes administrative_request with the v1 enum value 'administrative'",
    # ---- requests: round trip (OC-ACCESS-01)
    # OC-ACCESS-01: "Everything the patient writes in a request reaches the practice unchanged";
    # vendor.md: "Keep it as sent: no trimming, tab expansion, space or quote 'tidying', ... escaping"
    "b4-description-csv-injection-guard": "[OC-ACCESS-01] a CSV-injection guard prefixes ' to descriptions starting with = + - @ tab or CR",
    "b4-description-double-json-encoded": "[OC-ACCESS-01] a proxy re-encodes the description as a JSON string literal: quotes, line breaks and non-ASCII become backslash escapes",
    "b4-dob-returned-as-datetime": "[OC-ACCESS-01] the practice view gives date_of_birth from a DATETIME column ('1990-05-12T00:00:00')",
    "b4-attachments-reversed": "[OC-ACCESS-01] attachments come back newest first (ORDER BY id DESC)",
    "b4-attachment-jpeg-as-jpg": "[OC-ACCESS-01] media type image/jpeg is stored as the legacy 'image/jpg'",
    "b4-relationship-lowercased": "[OC-ACCESS-01] a proxy's relationship is lower-cased to match a dropdown ('Daughter' -> 'daughter')",
    # vendor.md: "the practice sees it in the layout sent or as its ten digits ... never another number"
    "b4-nhs-number-reformatted-spaced": "[OC-ACCESS-01/CD-UPD-01] NHS numbers are stored in display layout '943 476 5919' whatever layout was sent",
    "b4-given-name-first-word-only": "[OC-ACCESS-01/CD-UPD-01] only the first word of a given name is kept ('Mary Ann' -> 'Mary'; middle names go to a column not returned)",
    # ---- requests: accepting what the schema forbids (OC-ACCESS-01 via robustness.invalid-input)
    # catalogue ROB-4XX-01 rationale: "Accepting (2xx) data the contract forbids ... breaks the MUST
    # of the operation that took it (OC-ACCESS-01, ...)"
    "b4-accepts-name-over-100": "[OC-ACCESS-01] names up to 255 characters are accepted (the DB column's size; schema maxLength 100)",
    "b4-accepts-description-over-10000": "[OC-ACCESS-01] descriptions over 10,000 characters are accepted (a TEXT column, no length check)",
    "b4-accepts-sha256-uppercase": "[OC-ACCESS-01] an attachment sha256 in upper-case hex is accepted and lower-cased (schema: ^[0-9a-f]{64}$)",
    "b4-accepts-loose-postcode": "[OC-ACCESS-01/CD-UPD-01] postcodes are checked only as 5 to 8 letters, digits and spaces ('LS1 4A', 'ABCDE' accepted)",
    "b4-accepts-nhs-number-as-integer": "[OC-ACCESS-01/CD-UPD-01] an NHS number sent as a JSON number is accepted and turned into a string (lax parsing)",
    # ---- channels: video (VC-SCHED-01)
    # POST /video/sessions: "201 with status 'scheduled', scheduled_start and duration_minutes as requested"
    "b4-video-duration-rounded-up-15": "[VC-SCHED-01] durations are rounded up to 15-minute clinic slots (20 -> 30)",
    # POST .../join: "once the patient and the professional have both joined, status is 'in_progress'"
    "b4-video-in-progress-only-if-professional-first": "[VC-SCHED-01] the state machine starts a session only when the professional joins first: patient-then-professional stays 'scheduled'",
    # POST /video/sessions: "at any hour of any day (Sunday 23:59 and Monday 00:00 included): accept those"
    "b4-video-must-end-same-day": "[VC-SCHED-01] a session that would end after midnight is refused (400: 'must end on the day it starts')",
    # VideoJoin.join_url: "Where the participant joins: an https:// URL"
    "b4-video-join-url-relative": "[VC-SCHED-01] join_url is a relative path ('/room/VC-...'): the web front end adds the host",
    # ---- channels: secure messages (MSG-IN-01, MSG-OUT-01)
    # POST /messages: "201 with direction, body and in_reply_to exactly as sent and sent_at equal to the
    # tool's now; 404 when in_reply_to names no message"
    "b4-message-reply-sent-at-of-thread-start": "[MSG-IN-01/MSG-OUT-01] a reply's sent_at is the thread's first message's (an ORM default copied from the parent row)",
    "b4-message-practice-gsm7-stripped": "[MSG-OUT-01] practice messages are stripped to the GSM-7 character set for the SMS gateway (emoji, tabs, most accents lost)",
    "b4-message-in-reply-to-flattened-to-root": "[MSG-IN-01/MSG-OUT-01] in_reply_to is stored as the thread's first message, not the one named",
    "b4-message-practice-markdown-rendered": "[MSG-OUT-01] practice messages are rendered for e-mail: line breaks become '<br>' and **bold** becomes <b>bold</b>",
    "b4-message-unknown-reply-starts-thread": "[MSG-IN-01/MSG-OUT-01] in_reply_to naming no message is accepted (201) and starts a new thread",
    # ---- channels: contact details (CD-UPD-01)
    # POST /contact-details: "[NHSE] 201 with submitted_at equal to the tool's now"
    "b4-contact-update-submitted-at-midnight": "[CD-UPD-01] submitted_at is London midnight of the day (a DATE column)",
    "b4-contact-update-202": "[CD-UPD-01] POST /contact-details answers 202 Accepted (queued for the practice system) instead of 201",
    # CD-UPD-01: "A patient can send the practice a change of address, phone number or email online";
    # ContactDetails.phone: "10 to 13 digits"
    "b4-contact-update-mobile-only": "[CD-UPD-01] an update's phone must be a mobile (07... or +447...): landlines get 400 ('we text you a code')",
    "b4-contact-update-address-only-refused": "[CD-UPD-01] an update with only a postal address (no phone or email) is refused with 400",
    # ---- usage data (REP-OC-01, REP-OC-02, REP-VC-01)
    # OcUsageReport.records: "One record per request the tool received in the week"
    "b4-usage-attachments-join-duplicates": "[REP-OC-01] the usage query joins the attachments table: a request with n photos appears n times",
    "b4-usage-inner-join-email": "[REP-OC-01] the usage query inner-joins contact e-mails: requests with no e-mail address are missing",
    # ReportingPeriod: "The Sunday the period ends (included)"; VcUsageReport: "One record per video
    # session scheduled to start in the week (by Europe/London date)"
    "b4-usage-sunday-cutoff-2359": "[REP-OC-01/REP-VC-01] the week filter is ts < Sunday 23:59 London: the last minute of each week is lost",
    # OcRecord.submitted_at: "When the patient sent the request (the Acknowledgement's received_at)"
    "b4-usage-submitted-at-is-export-time": "[REP-OC-01] each record's submitted_at is the export time (the header's generated_at)",
    "b4-usage-data-type-plural": "[REP-OC-01/REP-VC-01] the header's data_type is 'oc_records' / 'vc_records' (plural, off the enum)",
    # OcRecord.record_id: "the same request always gets the same ID"; vendor.md: "unique in the week";
    # "never the reference, an unkeyed hash or an encoding of it"
    "b4-usage-record-id-keyed-by-patient": "[REP-OC-02/REP-OC-01] record_id is an HMAC of the patient (NHS number or name and birth date): one ID for all of a patient's requests",
    "b4-usage-record-id-row-sequence": "[REP-OC-02] record_id is the tool's internal row number, zero-padded ('00000042')",
    # REP-OC-02: "holds no names, NHS numbers, addresses ..."; contract: "Unknown keys are refused."
    "b4-usage-postcode-district-field": "[REP-OC-02] each OcRecord carries an extra 'postcode_district' ('LS1') for analytics",
    # VcRecord: one per session scheduled to start in the week; duration_minutes: "the minutes booked"
    "b4-usage-vc-only-started": "[REP-VC-01] only sessions whose start is at or before the export time are reported",
    "b4-usage-vc-duration-seconds": "[REP-VC-01] duration_minutes is reported in seconds (30 -> 1800)",
    "b4-usage-vc-one-per-join": "[REP-VC-01] the VC query inner-joins the joins table: unjoined sessions are missing, a session both joined appears twice",
    # ---- borderline (see BLIND4_BORDERLINE)
    "b4-ack-message-ordinal-date": "[OC-ACK-01] the message says 'by the end of Tuesday 24th November' (ordinal date, no time, no 'today')",
    "b4-usage-category-null": "[REP-OC-01] OcRecord.category is null (the export does not carry the form's category)",
    "b4-video-max-20-per-day": "[VC-SCHED-01] at most 20 video sessions per London day (400 naming $.scheduled_start: 'clinic full')",
    # ---- SHOULD-only controls
    "b4-safeguard-111-only": "[SAFE-URG-01, SHOULD] the safeguard says 'If you need help quickly, use NHS 111 online or call 111.' (no 'urgent', 'emergency' or '999')",
    "b4-symptom-checker-click-tracking": "[SIGN-111-01, SHOULD] the symptom checker link goes through a click-tracking redirector (https://go.acme-oc.test/r?u=...)",
    "b4-400-without-problems": "[ROB-4XX-01, SHOULD] every 400 has a bare message and no problems list naming the field",
}

BLIND4_SHOULD_ONLY: frozenset[str] = frozenset(
    {"b4-safeguard-111-only", "b4-symptom-checker-click-tracking", "b4-400-without-problems"}
)

BLIND4_BORDERLINE: dict[str, str] = {
    "b4-ack-message-ordinal-date": "NHSE only says the patient is told clearly when; '24th November' is clear to a reader, but the contract's [SDK] list of recognised forms ('24 November', '24/11', '2026-11-24') excludes ordinals",
    "b4-usage-category-null": "OcRecord.category is not required and 'null only where a tool does not record one'; the same sentence adds '(the conformance suite expects it)', which reads as either 'expects the field' or 'expects null to be possible'",
    "b4-video-max-20-per-day": "no rule caps video; but the contract lists the stricter rules a tool may apply and a clinic capacity is not among them, and 'A video consultation can be booked for a time'",
}
