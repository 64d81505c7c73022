# ruff: noqa: E501
"""SIXTH, BLIND set of single-fault variants of the outside tool (issue 8).

Written by a helper session, blind, acting as an outside vendor's test engineer, from the
published material only: README.md, docs/*.md, conformance/catalogue.json (2.0.0) and
conformance/tool-contract.openapi.json (2.0.0), plus the outside tool (`tool.py`) and the
descriptions of the five earlier sets (`variants.py`, `variants_heldout.py`,
`variants_blind3.py`, `variants_blind4.py`, `variants_blind5.py`), read only to avoid
repeating a mechanism. Never the SDK's source, its checks, its self-test expectations, the
earlier results or GAPS.md. Written and measured before anyone tuned the suite on it.

The mechanisms are ones the earlier sets did not try, and many sit in the rules new in 2.0.0
(recordOutcome, getRequestStatus, about_request and requester on messages, ethnicity and
requester on contact details, medication queries, proxy requests): a keyword router for
medication queries with its own hours and its own signposting, a holiday feed that ends, a
memo key without the year, a string comparison of times, a triage bot that fills in outcomes,
a status service with its own clock rule, a patient-app cache, an archive that hides triaged
requests, a DLP filter, a picklist for relationships, a 16-bit reference space, a DATETIME(0)
column, joins keyed by start time, thread-level columns, an e-mail gateway that splits long
messages, tie-breaking timestamps, a debounce on contact updates, a "no change" guard, PAF
address formatting, a paging off-by-one, a UUIDv1 pseudonym, standard base64, an export that
reads the submissions log.

Each value is "[REQ-ID(s)] what the defect does". Every variant in BLIND6 breaks a MUST as the
published docs state it (the sentence relied on is in the comment above each group or line),
except those in BLIND6_SHOULD_ONLY (controls: a WARN is right, exit 0 expected) and those in
BLIND6_BORDERLINE (a reasonable vendor could argue the behaviour is allowed; measured,
reported apart, left out of the catch rate).
"""

from __future__ import annotations

BLIND6: dict[str, str] = {
    # ---- availability: core hours (AV-CORE-01)
    # catalogue AV-CORE-01: "The online form accepts non-urgent clinical requests, medication queries
    # and admin requests at any time from 08:00 to 18:30, Monday to Friday, except bank holidays in England"
    # OC-MED-01: "In core hours the online form takes a patient's query about a medicine ..., whichever
    # of the contract's categories the patient chooses for it"
    "b6-med-queue-hours-0900-1700": "[OC-MED-01/AV-CORE-01] requests that mention a medicine (dose, tablets, repeat, inhaler, mg...) go to the pharmacy team's queue, which takes them 09:00-17:00 only: 409 from 08:00 to 09:00 and 17:00 to 18:30",
    # vendor.md: "For 2026 to 2028, which the suite checks one by one: ... 3 January ..., 14 and 17 April,
    # 1 and 29 May, 28 August, 25 and 26 December 2028"; "Keep your own list as data you can update"
    "b6-bh-feed-ends-next-year": "[AV-CORE-01/AV-OOH-01] bank holidays come from a gov.uk-style feed that runs to the end of next (real) year: 2028's holidays are working days",
    "b6-working-day-memo-key-without-year": "[AV-CORE-01/AV-OOH-01] the holiday test is memoised by '%m-%d' (no year): the first year seen for a day-month decides it for every year (28 Dec 2026 closes 28 Dec 2028)",
    "b6-bh-year-of-week-monday": "[AV-CORE-01/AV-OOH-01] the week's opening grid is built on Monday from that Monday's year's holidays: New Year's Day in a week that starts in December (Fri 1 Jan 2027) is open",
    "b6-good-friday-off-by-one": "[AV-CORE-01/AV-OOH-01] Good Friday computed as Easter Sunday minus 3: closed on Maundy Thursday, open on Good Friday",
    # AV-CORE-02 is the practice's attestation; the tool itself must be open all of core hours
    "b6-festive-shutdown-27-31-dec": "[AV-CORE-01] a vendor 'festive shutdown' closes the form from 27 to 31 December, working days included (29-31 Dec 2026)",
    "b6-time-compared-as-unpadded-strings": "[AV-CORE-01] the open check compares f'{hour}:{minute:02d}' with the strings '08:00' and '18:30': '8:15' and '9:40' sort after '18:30', so closed 08:00-10:00",
    # ---- availability: outside core hours (AV-OOH-01)
    # POST /requests: "Outside core hours (bank holidays included): 409 with a ClosedResponse ..., or, for a tool
    # declaring out_of_hours 'accepts_for_next_working_day', 201"; the tool declares closed_with_next_opening
    "b6-follow-up-bypasses-closed-form": "[AV-OOH-01] follow-ups go straight into the earlier request's conversation, which has no opening hours: 201 at night and at weekends while the tool declares closed_with_next_opening",
    # ClosedResponse.next_opening: "08:00 Europe/London on the next working day"
    "b6-next-opening-utc-time-london-offset": "[AV-OOH-01] next_opening is formatted as the UTC wall time with the London offset ('07:00:00+01:00'): an hour early in summer time",
    # ---- availability: caps (AV-CAP-01)
    # vendor.md: "Each must be taken (no per-household, per-proxy, per-phone, per-email, per-postcode, same-words or
    # 'unverified' limit)"; catalogue AV-CAP-01: "every request sent in core hours is accepted"
    "b6-cap-proxy-25-per-day": "[AV-CAP-01/OC-PROXY-01] a safeguarding rule lets one proxy (by proxy_name) send at most 25 requests a London day, then 409",
    # ToolCapabilities.photo_upload: "photos (of any size from 0 bytes) are taken with a request in every category"
    "b6-photo-storage-quota-100mib-per-day": "[AV-CAP-01/OC-ACCESS-01] a storage quota of 100 MiB of attachments per practice per day: once reached, requests with photos get 409 'storage full'",
    # ---- availability: NHS 111 (AV-111-01)
    # AV-111-01: "During core hours, a request that general practice should deal with is accepted by the practice,
    # not redirected to NHS 111"
    "b6-111-non-latin-description": "[AV-111-01] in core hours, clinical requests written mostly in a non-Latin script get 409 pointing to NHS 111 ('which has interpreters')",
    "b6-med-supply-signposted-to-pharmacy": "[OC-MED-01/AV-111-01] requests about running out or repeat supply get 409: 'contact your pharmacy or use NHS 111 online'",
    # ---- response: triage outcome (AV-RESP-01)
    # recordOutcome: "201 with the Outcome, request_reference the path's reference, kind as sent and recorded_at the
    # tool's now"; getRequestStatus: "outcome null until the practice records one (an automated acknowledgement is
    # no outcome), then the recorded Outcome ... with message exactly as the practice sent it"
    "b6-outcome-recorded-at-is-received-at": "[AV-RESP-01] the outcome's recorded_at is copied from the request row (received_at), not the tool's now",
    "b6-outcome-video-as-phone": "[AV-RESP-01] the triage module's legacy enum has no video or pharmacy: appointment_video is recorded as appointment_phone, signposted_pharmacy as referred",
    "b6-outcome-admin-auto-completed-bot": "[AV-RESP-01] an RPA bot marks every administrative request 'admin_completed' the moment it arrives: the status shows an outcome nobody recorded",
    # RequestStatus.respond_by: "As in the request's Acknowledgement."
    "b6-status-respond-by-next-period": "[AV-RESP-01] the status service computes respond_by itself, as the end of the next core-hours period (the 2026/27 non-urgent target): it disagrees with the acknowledgement",
    "b6-status-cached-after-first-read": "[AV-RESP-01] the patient app caches a request's status for 5 real minutes after the first read: an outcome recorded after that read is not shown",
    "b6-outcome-only-same-day": "[AV-RESP-01] recordOutcome looks in today's triage list only: 404 for a request received on an earlier London day",
    # OutcomeSubmission.message: "the patient's status shows it exactly as sent (byte for byte: no trimming, re-wrapping or templating)"
    "b6-outcome-message-lf-to-crlf": "[AV-RESP-01] the status message goes through a Windows notification gateway: each bare LF becomes CRLF",
    # getPracticeRequest: "The practice sees exactly what was sent"; OC-ACCESS-01
    "b6-triaged-request-archived": "[OC-ACCESS-01] once an outcome is recorded the request moves to the archive table: GET /practice/requests/{ref} answers 404",
    # ---- response: acknowledgement (OC-ACK-01)
    # Acknowledgement.received_at: "The tool's now when it accepted the request (the test clock, while set)"
    "b6-received-at-rounded-to-second": "[OC-ACK-01/OC-ACCESS-01] received_at and submitted_at are the tool's now rounded to the nearest second (18:29:59.6 becomes 18:30:00)",
    # Acknowledgement.reference: "GET /practice/requests/{reference} finds it"; vendor.md: "Each POST /requests answered
    # 201 is a request of its own, with a reference of its own"
    "b6-reference-16-bit-random-no-uniqueness": "[OC-ACK-01/OC-ACCESS-01] references are 'OC-' and 4 random hex digits with no uniqueness check: on a busy day a new request overwrites an earlier one",
    # ---- requests: content as sent (OC-ACCESS-01, OC-MED-01, OC-PROXY-01)
    # vendor.md: "numbers that look like dates or phone numbers ... each is read back as IT was sent"
    "b6-description-phone-numbers-masked": "[OC-ACCESS-01] a DLP filter replaces anything shaped like a UK phone number in the description with '[phone number removed]'",
    "b6-med-mcg-expanded": "[OC-MED-01/OC-ACCESS-01] a medicines-safety filter rewrites doses written 'mcg' or 'µg' as 'micrograms' in the description",
    "b6-med-recategorised-clinical": "[OC-MED-01/OC-ACCESS-01] a keyword router files medication queries sent as a question, advice or admin request under clinical_request: the practice sees another category",
    # RequestSubmission.requester: "the practice must see role, proxy_name and relationship exactly as sent"
    "b6-relationship-mapped-to-picklist": "[OC-PROXY-01/OC-ACCESS-01] the relationship is mapped to the staff app's picklist: known words take its label ('mother' -> 'Mother'), others become 'Other'",
    "b6-proxy-follow-up-link-dropped": "[OC-ACCESS-01/OC-PROXY-01] the proxy form has no follow-up field: a proxy's follow-up is stored with follows_up null",
    # Requester: "A proxy's request must be accepted in every category whatever the patient's age"; NHS number optional
    "b6-attorney-needs-nhs-number": "[OC-PROXY-01] a proxy whose relationship mentions an attorney or deputy must give the patient's NHS number (400: 'we need it to check the LPA')",
    # vendor.md: "spaces at the start, before a line end and at the end ... Keep it as sent: no trimming"
    "b6-description-line-ends-rstripped": "[OC-ACCESS-01] the rich-text editor drops spaces and tabs before each line end of the description",
    # vendor.md: "A field left out reads back as absent or null ..., never as a default nor as a patient's earlier value"
    "b6-request-contact-gaps-filled-from-earlier": "[OC-ACCESS-01] contact fields a request leaves out are filled from the same patient's previous request (name and date of birth match)",
    # Conventions: "Time is the tool's now"; vendor.md: "Dates of birth on 29 February, 110 years ago and yesterday"
    "b6-dob-future-check-real-clock": "[OC-CAT-01/OC-CAT-05/OC-CAT-06/CD-UPD-01] the 'date of birth in the future' rule compares with the server's real date, not the tool's now",
    # ---- channels: video (VC-SCHED-01)
    # getVideoSession: "The session, equal to the 201 answer that scheduled it (until joined)."
    "b6-video-get-duration-from-slot-table": "[VC-SCHED-01] GET /video/sessions/{ref} reads the diary's slot table: duration_minutes rounded up to 5 (the 201 echoed what was asked)",
    "b6-video-start-fraction-dropped-in-db": "[VC-SCHED-01] scheduled_start is stored in a DATETIME(0) column: the 201 echoes the fraction, GET gives it without",
    # scheduleVideoSession: "The suite schedules sessions starting at the tool's now or later, at any hour of any day: accept those"
    "b6-video-diary-horizon-28-days": "[VC-SCHED-01] the video diary opens 28 days ahead: a session starting later gets 400",
    # vendor.md: "Read back before anyone joins, a session is exactly the 201 answer (scheduled)"
    "b6-video-joins-keyed-by-start": "[VC-SCHED-01] joins are keyed by scheduled_start, not the session: joining one session joins every session starting at that instant",
    # VideoSessionRequest.duration_minutes: "type": "integer"; vendor.md: "a string for a number or boolean ... refused"
    "b6-video-duration-bool-accepted": "[VC-SCHED-01] duration_minutes true is accepted as 1 minute (Python's bool is an int)",
    # ---- channels: secure messages (MSG-REPLY-01, MSG-PROXY-01, MSG-IN-01, MSG-OUT-01)
    # MessageSubmission.about_request: "A tool must accept and keep it, show it as sent on the message (the 201 answer
    # and the thread)"
    "b6-about-request-thread-level": "[MSG-REPLY-01] about_request is a column of the thread, set by its first message: every message shows the thread's value, not what it was sent with",
    "b6-about-request-forces-new-thread": "[MSG-REPLY-01/MSG-OUT-01] a practice message naming a request always starts a new request-linked thread: its in_reply_to is dropped",
    # MessageSubmission.about_request: "refuse with 404 (or 422), like any unknown reference, an about_request that names no request it holds"
    "b6-about-request-unchecked-on-patient-messages": "[MSG-IN-01/MSG-REPLY-01] about_request is checked only on practice messages: a patient's message naming no request is taken (201)",
    # MessageSubmission.requester: "let the practice's reply to it reach that thread"
    "b6-reply-to-proxy-new-thread": "[MSG-PROXY-01] a practice reply to a proxy's message is filed in the patient's own inbox: it starts a new thread (in_reply_to dropped)",
    # SecureMessage.body: "The message, exactly as sent."; maxLength 10000
    "b6-practice-message-split-5000": "[MSG-OUT-01] the e-mail gateway splits practice messages over 5,000 characters into two messages: the thread shows the body in two parts",
    # Requester: "Required (not null, not empty) when role is 'proxy'" (accepting it breaks the operation's MUST)
    "b6-message-proxy-without-relationship-accepted": "[MSG-PROXY-01/MSG-IN-01] messages skip the proxy rule the request form has: a proxy message without a relationship is accepted",
    # vendor.md: "A patient may write two or three times before the practice answers ...; the thread keeps all of them"
    "b6-message-double-submit-guard": "[MSG-IN-01/MSG-OUT-01] a double-click guard: a message with the same body, direction and in_reply_to as one sent in the last 60 tool-seconds returns the earlier message",
    # POST /messages: "sent_at equal to the tool's now"
    "b6-message-sent-at-bumped-for-ties": "[MSG-IN-01/MSG-OUT-01] a unique (thread, sent_at) index: a message at the same instant as the thread's last gets sent_at one millisecond later",
    # ---- channels: contact details (CD-UPD-01, CD-FIELDS-01, CD-PROXY-01)
    # ContactDetailsSubmission.ethnicity: "every code must be accepted and shown to the practice as sent"
    "b6-ethnicity-z-as-null": "[CD-FIELDS-01] ethnicity 'Z' (not stated) is stored as null",
    "b6-ethnicity-dropped-for-proxy": "[CD-PROXY-01/CD-FIELDS-01] a proxy may not state the patient's ethnicity (special-category data): it is dropped from a proxy's update",
    # catalogue CD-FIELDS-01: "A patient can change any of their name, ethnicity, address, telephone number and email
    # address online, one at a time or together"
    "b6-contact-no-change-refused": "[CD-FIELDS-01] an update whose name and contact equal the patient's previous update is refused (400 'nothing has changed'); the ethnicity is not compared",
    # ContactDetailsSubmission.requester: "A proxy's update must be accepted and the practice must see the requester exactly as sent."
    "b6-contact-proxy-adults-dropped": "[CD-PROXY-01] the proxy model is for children: a proxy's update for a patient aged 16 or over is stored as from the patient (requester null)",
    "b6-contact-proxy-without-name-accepted": "[CD-PROXY-01/CD-UPD-01] contact updates skip the proxy rule the request form has: a proxy update without proxy_name is accepted",
    # catalogue CD-UPD-01: "A patient can send the practice a change of address ... and the practice sees the change."
    "b6-contact-out-of-area-postcode-refused": "[CD-UPD-01] a new address outside the practice's area (postcode not B...) is refused: 400 'please register with a practice near you'",
    # vendor.md: "addresses with flats ..., with or without a county or a postcode, lines of any length"
    "b6-contact-county-line-dropped": "[CD-UPD-01] addresses are PAF-formatted: a line that is a county name ('West Yorkshire', 'Kent') is dropped",
    # ContactDetailsUpdate.reference: "GET /practice/contact-details/{reference} finds it"; vendor.md: "each contact details
    # update is a whole record, read by its own reference"
    "b6-contact-debounce-same-patient": "[CD-UPD-01/CD-FIELDS-01] updates for one patient within 2 tool-minutes are coalesced: the earlier reference now shows the later values",
    # ContactDetailsSubmission.ethnicity: enum A-H, J-N, P, R, S, Z
    "b6-accepts-ethnicity-any-letter": "[CD-UPD-01] ethnicity is checked as one capital letter: 'I', 'O', 'Q', 'T' ... are accepted",
    # ---- usage data (REP-OC-01, REP-OC-02, REP-VC-01)
    # GET /usage: "one OcRecord per request received in the ISO week"
    "b6-usage-page-boundary-drops-every-500th": "[REP-OC-01] the export pages 500 records with OFFSET page*500+1: the 501st, 1,001st ... record of a week are lost",
    "b6-usage-excludes-closed-no-action": "[REP-OC-01] requests triaged closed_no_action or signposted_111 are left out of the export ('not consultations')",
    "b6-usage-counts-refused-submissions": "[REP-OC-01] the export reads the form's submissions log: requests refused with 409 out of hours are counted as records too",
    # OcRecord.request_type: "Follows the category"
    "b6-usage-med-keywords-clinical": "[REP-OC-01] a keyword classifier in the export reports every request that mentions a medicine as 'clinical', whatever its category",
    # OcRecord.has_attachments: "True when the request came with at least one attachment."
    "b6-usage-has-attachments-ignores-empty": "[REP-OC-01] has_attachments counts only non-empty files: a request with a 0-byte photo is reported false",
    # OcRecord.record_id pattern ^[A-Za-z0-9_-]{8,64}$
    "b6-usage-record-id-std-base64": "[REP-OC-01/REP-OC-02] record_id is the HMAC in standard base64: '+' and '/' break the pattern",
    # vendor.md: "the part of a record_id that differs between records carries at least 64 bits nobody can predict"
    "b6-usage-record-id-uuid1": "[REP-OC-02] record_id is a UUIDv1 kept in a table: time, clock sequence and node, so records differ in their timestamp only",
    # GET /usage: "one VcRecord per session scheduled to start in it"; the suite schedules "at any hour of any day"
    "b6-usage-vc-weekdays-only": "[REP-VC-01] the VC export reuses the clinic report's filter: sessions on Saturdays and Sundays are left out",
    # ---- borderline (see BLIND6_BORDERLINE)
    "b6-no-follow-up-category": "[OC-CAT-04 SHOULD / POST /requests 'every category'] follow-ups are not offered: capabilities leave out follow_up and POST answers 400 naming $.category",
    "b6-message-requester-patient-as-null": "[MSG-PROXY-01] a message whose requester is {'role': 'patient'} is stored and shown with requester null",
    "b6-redirect-url-signpost-all-day": "[AV-111-01] /availability always sets redirect_url to https://111.nhs.uk/ as a signpost beside the open form; every request is still taken",
    "b6-status-message-ack-before-outcome": "[AV-RESP-01] before any outcome, the status's message is the acknowledgement's text (outcome stays null)",
    # ---- SHOULD-only controls
    "b6-safeguard-only-when-closed": "[SAFE-URG-01, SHOULD] /availability shows the urgent-use safeguard only while closed (null while open)",
    "b6-symptom-checker-wales": "[SIGN-111-01, SHOULD] the symptom checker link is NHS 111 Wales (https://111.wales.nhs.uk/), set for a border practice",
    "b6-errors-html-page": "[ROB-4XX-01, SHOULD] 400 answers come from the framework's default HTML error page (text/html, no ErrorBody)",
}

BLIND6_SHOULD_ONLY: frozenset[str] = frozenset(
    {
        "b6-safeguard-only-when-closed",
        "b6-symptom-checker-wales",
        "b6-errors-html-page",
    }
)

BLIND6_BORDERLINE: dict[str, str] = {
    "b6-no-follow-up-category": "catalogue 2.0.0 makes OC-CAT-04 a SHOULD ('a tool without it gets a warning'), but the contract's POST /requests says '201 for every category' [NHSE], RequestSubmission.category 'every category must be accepted in core hours', and capabilities 'the minimum: all six'",
    "b6-message-requester-patient-as-null": "SecureMessage.requester is 'exactly as sent ...; null when the message named no requester', but MessageSubmission.requester says 'Absent or null means the patient': {'role': 'patient'} and null mean the same",
    "b6-redirect-url-signpost-all-day": "the Availability schema and contract-changes 2.0.0 allow redirect_url in core hours as a signpost when requests are taken; the getAvailability operation's own description still says 'redirect_url is null throughout core hours'",
    "b6-status-message-ack-before-outcome": "RequestStatus.message: 'The suite reads it only then; before that it may be null' ('may', not 'must'); the outcome itself stays null, so no outcome is shown before triage",
}
