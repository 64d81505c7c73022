# ruff: noqa: E501
"""SEVENTH, BLIND set of single-fault variants of the outside tool (issue 8).

Written by a helper session, blind, acting as an outside vendor's test engineer, from the
published material only: README.md, docs/*.md (docs/contract-changes.md for 2.1.0 above all),
conformance/catalogue.json (2.0.0) and conformance/tool-contract.openapi.json (2.1.0), plus the
outside tool (`tool.py`) and the descriptions of the six earlier sets (`variants.py`,
`variants_heldout.py`, `variants_blind3.py` to `variants_blind6.py`), read only to avoid
repeating a mechanism. Never the SDK's source, its checks, its self-test expectations, the
earlier results or GAPS.md. Written and measured before anyone tuned the suite on it.

The mechanisms are ones the earlier sets did not try, chosen from how tools fail in
production: state that goes stale between requests (an open flag cached per hour, the form
page's open flag trusted by the POST, a test clock held per worker, a template rendered once
per category, a read replica one write behind, a CDC lag), time handled in two places (a
milliseconds-only acknowledgement, a holiday flag switched at 18:00, a video past-check on a
rounded-up now), a second code path missing a rule the first has (photo uploads that bypass
the closed form, a follow-up acknowledgement that hands over to 111, a status service without
follow-ups, an advice form that takes JPEG only), data lost or altered on the way out (a
patient master record joined into each request, a thread view without the requester column,
a practice view without the contact requester, hex upper-cased, an XOR-padded record ID, a
production supplier ID in the header), rules applied at the wrong level (an outcome stored on
the patient, an about_request limited to clinical requests, caps per phone, per patient's open
requests and per practice's characters of text) and partial failures (an email row that fails
to insert, 4,000-byte text chunks).

Each value is "[REQ-ID(s)] what the defect does". Every variant in BLIND7 breaks a MUST as the
published docs state it (the sentence relied on is in the comment above each group or line),
except those in BLIND7_SHOULD_ONLY (controls: a WARN is right, exit 0 expected) and those in
BLIND7_BORDERLINE (a reasonable vendor could argue the behaviour is allowed; measured,
reported apart, left out of the catch rate).
"""

from __future__ import annotations

BLIND7: dict[str, str] = {
    # ---- availability: core hours (AV-CORE-01, AV-OOH-01)
    # catalogue AV-CORE-01: "The online form accepts ... at any time from 08:00 to 18:30, Monday to Friday, except
    # bank holidays in England"; getAvailability: "open_now is true at every instant of core hours ... and false on
    # bank holidays and outside core hours"
    "b7-open-state-memo-per-hour": "[AV-CORE-01/AV-OOH-01] the open flag is cached per (London date, hour): the first instant asked in an hour decides the whole hour (an 18:10 read keeps the form open until 19:00; an 18:45 read closes it from 18:00)",
    "b7-rollover-1300-one-minute": "[AV-CORE-01] the daily triage-list rollover locks the form from 13:00:00 to 13:00:59 on every working day (a one-minute closure)",
    "b7-holiday-flag-switched-at-1800": "[AV-CORE-01] a job switches the 'holiday' flag to tomorrow's value at 18:00: on the eve of a weekday bank holiday the form closes at 18:00, not 18:30",
    # vendor.md: "For 2026 to 2028 ...: 25 May, 31 August ... 2026; ... 31 May ... 2027"
    "b7-last-monday-from-24th": "[AV-CORE-01/AV-OOH-01] 'last Monday of May/August' computed as the first Monday on or after the 24th: closed on Mon 24 Aug 2026 and Mon 24 May 2027, open on 31 Aug 2026 and 31 May 2027",
    # POST /requests: "Outside core hours (bank holidays included): 409 with a ClosedResponse ..."; Conventions:
    # "Time is the tool's now: the test clock's instant while it is set"
    "b7-post-trusts-form-open-flag": "[AV-OOH-01/AV-CORE-01] POST /requests trusts the open flag of the form page the patient last loaded (the last GET /availability), not the state at now",
    "b7-test-clock-per-worker": "[OC-ACK-01/AV-CORE-01/AV-OOH-01] the test clock is held by the worker (connection) that took the PUT: a request on a new keep-alive connection runs on real time",
    "b7-photo-requests-bypass-closed-form": "[AV-OOH-01] requests with attachments go through the upload service, which has no opening hours: 201 at night, at weekends and on bank holidays (respond_by 18:30 that day) though the tool declares closed_with_next_opening",
    # ClosedResponse.next_opening: "08:00 Europe/London on the next working day (Monday to Friday, not a bank holiday in England)"
    "b7-next-opening-lookahead-3-days": "[AV-OOH-01] next_opening searches the next 3 days only, then falls back to 'the next weekday': from Good Friday or Christmas Eve evening it names a bank holiday",
    # ---- availability: caps (AV-CAP-01)
    # vendor.md: "Each must be taken (no per-household, per-proxy, per-phone, per-email, per-postcode, same-words or
    # 'unverified' limit)"; "No daily quota on photo bytes or characters of text, in all, per category or per patient"
    "b7-cap-phone-8-per-day": "[AV-CAP-01] SMS verification: one phone number may verify 8 requests a London day; the 9th gets 409",
    "b7-text-budget-500k-chars-per-day": "[AV-CAP-01] the NLP triage licence covers 500,000 characters of description per practice per London day: beyond it, 409",
    # catalogue AV-CAP-01: "The tool does not stop taking requests after a number (in a day, per category or per patient)"
    "b7-cap-open-requests-per-patient-12": "[AV-CAP-01] a patient (date of birth and family name) may have at most 12 requests waiting for triage: the 13th gets 409 'we will answer your earlier requests first'",
    # ---- availability: NHS 111 (AV-111-01)
    # AV-111-01: "During core hours, a request that general practice should deal with is accepted by the practice,
    # not redirected to NHS 111"; contract-changes 2.1.0: "non-urgent needs written in ... capitals ... are taken"
    "b7-111-all-caps-distress": "[AV-111-01] a 'distress detector': clinical requests written more than 60% in capitals get 409 pointing to NHS 111 in core hours",
    "b7-111-fourth-clinical-same-day": "[AV-111-01/AV-CAP-01] a patient's 4th clinical request of a London day gets 409 'you seem to need help quickly: use NHS 111 online'",
    # Acknowledgement.message: "111 offered in a sentence without a condition of worsening or urgency, or with
    # 'instead', is a hand-over"
    "b7-ack-follow-up-111-instead": "[AV-111-01/OC-ACK-01] the follow-up acknowledgement template adds 'If you have new symptoms, use NHS 111 online instead of waiting.' (other categories right)",
    # ---- response: acknowledgement (OC-ACK-01)
    # OC-ACK-01: "told clearly when to expect a response"; Acknowledgement.message: "It must say ... when to expect a response"
    "b7-ack-template-cached-per-category": "[OC-ACK-01] the acknowledgement text is rendered once per category and reused: later requests are told the first request's reference, date and time",
    # getPracticeRequest: "with the acknowledgement's reference and submitted_at equal to its received_at"
    "b7-ack-received-at-milliseconds": "[OC-ACK-01/OC-ACCESS-01] the acknowledgement's received_at is written by the web client with milliseconds only: it differs from the stored submitted_at by the microseconds",
    # ---- response: triage outcome (AV-RESP-01)
    # getRequestStatus: "outcome null until the practice records one ..., then the recorded Outcome"; RequestStatus.outcome:
    # "a status showing an outcome before the practice recorded one fails"
    "b7-outcome-stored-per-patient": "[AV-RESP-01] the outcome is stored on the patient's episode: recording one for a request shows it on every request of that patient",
    "b7-outcome-released-after-30-min": "[AV-RESP-01] the patient's status shows an outcome only 30 tool-minutes after it is recorded (a window for the clinician's edits)",
    "b7-status-404-for-follow-ups": "[AV-RESP-01] the status service knows first requests only: GET /requests/{ref}/status answers 404 for a follow-up",
    # OutcomeSubmission.kind enum; Conventions: "accepting (2xx) a body the schema forbids breaks the MUST of the operation that took it"
    "b7-outcome-kind-free-text": "[AV-RESP-01] the triage module's kind column is free text: any kind of 1 to 50 characters ('Appointment (video)', 'VIDEO') is accepted and shown",
    # ---- requests: content as sent (OC-ACCESS-01)
    # response.practice-view-after-outcome: "the practice still sees each request, unchanged, after ... a follow-up"
    "b7-follow-up-appended-to-original": "[OC-ACCESS-01] case-file model: a follow-up's words are appended to the original request's description ('--- Follow-up OC-...:')",
    # vendor.md: "One patient sends six requests, each by another proxy ... with other contact details: each is read back as IT was sent"
    "b7-request-contact-from-patient-master": "[OC-ACCESS-01] contact details live on the patient master (date of birth and family name): every request of a patient shows the latest request's contact details",
    # getPracticeRequest: "The practice sees exactly what was sent: every field of the RequestSubmission"
    "b7-request-names-from-contact-update": "[OC-ACCESS-01] the practice view joins the patient's latest contact details update (NHS number and date of birth): a request shows the names of a later update, not those sent",
    # vendor.md: "emoji beyond U+FFFF ... Keep it as sent"
    "b7-description-emoji-to-shortcodes": "[OC-ACCESS-01] the staff app's chat renderer stores emoji as shortcodes (':face_with_medical_mask:')",
    # RequestSubmission.description: "the practice must see them exactly as sent"
    "b7-description-4000-byte-chunks": "[OC-ACCESS-01] descriptions are stored in VARCHAR2(4000) byte chunks: a multi-byte character across a chunk edge comes back as U+FFFD",
    # vendor.md: "medication queries ... brand names. A medicines-safety filter may not spell out or fold units"; OC-MED-01
    "b7-med-brand-to-generic": "[OC-MED-01/OC-ACCESS-01] a dm+d coder replaces brand names in descriptions with generic names (Ventolin -> salbutamol, Calpol -> paracetamol)",
    # attachments: "the practice must see each exactly as sent"
    "b7-practice-view-sha256-uppercase": "[OC-ACCESS-01] the practice view formats each attachment's sha256 in upper-case hex (.NET 'X2')",
    # ---- requests: categories, proxies, dates (OC-CAT-01/05/06, OC-PROXY-01)
    # ToolCapabilities.photo_upload: "photos ... are taken with a request in every category the tool offers"
    "b7-advice-form-jpeg-only": "[OC-CAT-01/OC-ACCESS-01] the seek-advice form keeps an old JPEG-only upload rule: a PNG (declared in accepted_media_types) gets 400 there",
    # vendor.md: "with or without the patient's NHS number, email alone or everything, in every category. Ask nothing more of some wordings than of others"
    "b7-proxy-needs-phone": "[OC-PROXY-01] a proxy must give a phone number ('we ring to check consent'): 400 naming $.contact.phone",
    # vendor.md: relationships "carer (son)", "attorney (lasting power of attorney, health and welfare)", "Mère"
    "b7-relationship-letters-only": "[OC-PROXY-01/CD-PROXY-01] a form rule allows only letters, spaces, hyphens and apostrophes in a relationship: 'carer (son)' and 'Mère' get 400",
    # vendor.md: "dates of birth are real past dates, babies under 5 and people over 100 included"; "Dates of birth on ... 110 years ago"
    "b7-dob-picker-from-1920": "[OC-CAT-01/OC-CAT-05/OC-CAT-06/CD-UPD-01] the date picker starts at 1920: an earlier date of birth gets 400",
    # ---- the contract's input validation (OC-ACCESS-01, CD-UPD-01 via invalid-input)
    # vendor.md: "An enum is matched exactly: ... for words (proxy, follow_up) the member capitalised, in capitals"
    "b7-enums-case-insensitive": "[OC-ACCESS-01/CD-UPD-01] category and requester role are matched case-insensitively and lower-cased ('Proxy', 'CLINICAL_REQUEST' accepted)",
    # vendor.md: "`[0-9]` is ASCII ... full-width or Arabic-Indic digits" are near misses to refuse
    "b7-phone-regex-unicode-digits": "[OC-ACCESS-01/CD-UPD-01] the phone check uses \\d, which matches any Unicode digit: Arabic-Indic or full-width digits are accepted",
    # PatientDetails.nhs_number: "ten digits whose last is the modulus 11 check digit"
    "b7-nhs-check-digit-10-as-0": "[OC-ACCESS-01/CD-UPD-01] the modulus 11 check reads a check value of 10 as the digit 0 (instead of refusing the number)",
    # Attachment.size_bytes: minimum 0
    "b7-accepts-negative-size-bytes": "[OC-ACCESS-01] size_bytes is a signed INT checked only against the maximum: -1 is accepted",
    # ---- channels: video (VC-SCHED-01)
    # VideoSessionRequest: "duration_minutes as sent (any whole number of minutes ...)"; "sessions start ... at any hour of any day"
    "b7-video-clamped-to-clinic-close": "[VC-SCHED-01] the clinic diary ends at 18:30: a session on a working day that would run past it is shortened to end at 18:30",
    # vendor.md: "three sessions at one start of which one is joined"; POST /video/sessions: 201 for each
    "b7-video-booking-dedup": "[VC-SCHED-01] bookings are idempotent on (start, length): a second session with the same start and length returns the first session",
    # scheduleVideoSession: "The suite schedules sessions starting at the tool's now or later ...: accept those"
    "b7-video-past-check-now-rounded-up": "[VC-SCHED-01] the 'not in the past' rule compares with now rounded up to the next minute: a session at now (with seconds) gets 400",
    # vendor.md: "Read back before anyone joins, a session is exactly the 201 answer (scheduled), with the test clock before its start, at it, and at any instant of its booked minutes"
    "b7-video-get-upcoming-only": "[VC-SCHED-01] GET /video/sessions/{ref} reads the 'upcoming' table (start after now) and the live one: an unjoined session answers 404 from its start",
    # ---- channels: secure messages (MSG-IN-01, MSG-OUT-01, MSG-REPLY-01, MSG-PROXY-01)
    # MessageSubmission.about_request: "refuse with 404 (or 422) ... an about_request that names no request it holds";
    # POST /messages: "404 when in_reply_to names no message"
    "b7-reference-lookup-case-insensitive": "[MSG-IN-01/MSG-OUT-01/MSG-REPLY-01] message and request references are looked up with a case-insensitive collation: in_reply_to, about_request and thread in another case find the record",
    # MessageThread: "Every read is current: it holds each message the tool has accepted in the thread up to that read"
    "b7-thread-read-replica-one-behind": "[MSG-IN-01/MSG-OUT-01] threads are read from a replica one write behind: the newest message the tool accepted is missing from the read",
    # MSG-REPLY-01: "a reply that names a request must reach the thread it starts or answers"
    "b7-thread-omits-request-replies": "[MSG-REPLY-01] the thread view leaves out practice messages that name a request (they are shown on the request's page instead)",
    # MessageSubmission.requester: "show the requester exactly as sent on the message (the 201 answer and the thread)"
    "b7-thread-view-no-requester": "[MSG-PROXY-01] the thread view has no requester column: a proxy's messages read back with requester null (the 201 answer is right)",
    # MSG-REPLY-01: "Practice staff can answer a request made through the online form"; vendor.md sends a clinical request,
    # an administrative request and a question
    "b7-about-request-clinical-only": "[MSG-REPLY-01] about_request may only name a clinical-type request: a reply to an administrative request or a question gets 422",
    # ---- channels: contact details (CD-UPD-01, CD-FIELDS-01, CD-PROXY-01)
    # vendor.md: "addresses with flats ..., with or without a county or a postcode"
    "b7-contact-address-needs-postcode": "[CD-UPD-01] a new address must be found by its postcode: an update with address lines and no postcode gets 400",
    # vendor.md: "a hyphenated given name with an apostrophe in the family name (Mary-..., O'...-...)"
    "b7-contact-name-punctuation-to-spaces": "[CD-FIELDS-01/CD-UPD-01] a PDS-style name cleaner turns hyphens and apostrophes in an update's names into spaces",
    # CD-FIELDS-01: "the practice sees exactly the new values"; vendor.md: "three ethnicity codes in turn"
    "b7-contact-ethnicity-from-patient-master": "[CD-FIELDS-01] ethnicity lives on the patient master: every update of a patient reads back with the latest update's ethnicity",
    # ContactDetailsUpdate.requester: "Who sent the update, exactly as sent"
    "b7-contact-view-no-requester": "[CD-PROXY-01] the practice view of an update has no requester column: a proxy's update reads back with requester null (the 201 answer is right)",
    # ContactDetailsSubmission.patient: "Who the update is for"
    "b7-contact-proxy-name-from-login": "[CD-PROXY-01/CD-UPD-01] the form pre-fills the patient's name from the signed-in user: a proxy's update is stored under the proxy's name",
    # vendor.md: "emails ... one of 254 characters (64 before the @)"
    "b7-contact-email-column-100": "[CD-UPD-01] the email row is VARCHAR(100): a longer email fails to insert and the update is stored (201) without it",
    # ---- usage data (REP-OC-01, REP-OC-02, REP-VC-01)
    # OcRecord.submitted_at: "When the patient sent the request (the Acknowledgement's received_at)"
    "b7-usage-follow-up-dated-by-conversation-start": "[REP-OC-01] a follow-up's record is dated by its conversation's first request: it falls in that request's week",
    "b7-usage-dated-by-last-activity": "[REP-OC-01] the export dates each record by the row's updated_at: a triaged request is dated (and weeked) by its outcome",
    # GET /usage: "one OcRecord per request received in the ISO week"
    "b7-usage-cdc-lag-5-minutes": "[REP-OC-01] the reporting store is fed by CDC with a 5-minute lag: requests received in the last 5 tool-minutes are missing",
    "b7-usage-excludes-test-nhs-numbers": "[REP-OC-01] 'test patients are never reported': requests whose NHS number starts 999 are left out of the export",
    # vendor.md: "Usage counts requests only ... secure messages ... add no OcRecord"
    "b7-usage-patient-replies-as-follow-ups": "[REP-OC-01] patient messages in a thread about a request are reported as follow_up records",
    # OcRecord.requester_role: "'proxy' when someone filled in the form for the patient"
    "b7-usage-role-from-patient-latest-request": "[REP-OC-01] requester_role comes from the patient dimension: every request of a patient gets the role of that patient's latest request",
    # header: "the header names the test environment's supplier_id"
    "b7-usage-header-production-supplier-id": "[REP-OC-01/REP-VC-01] the header's supplier_id comes from the production config ('ACME-OC-PROD'), not the test environment's",
    # OcRecord.record_id: "Never the reference itself, an unkeyed hash or an encoding of it"
    "b7-usage-record-id-xor-pad": "[REP-OC-02] record_id is the reference XOR-ed with a fixed pad, in hex: an encoding anyone holding one reference can reverse",
    # VcUsageReport.records: "One record per video session scheduled to start in the week"
    "b7-usage-vc-omits-instant-calls": "[REP-VC-01] sessions booked to start within a minute of booking are 'call now' sessions, not appointments: left out of the VC export",
    # GET /usage: "record IDs are keyed pseudonyms, unique in the week and the same at every read"
    "b7-usage-vc-record-id-with-status": "[REP-VC-01/REP-OC-02] the VC record_id is an HMAC of the reference and the status: a session's ID changes once it is joined",
    # ---- borderline (see BLIND7_BORDERLINE)
    "b7-video-accepts-leap-second": "[VC-SCHED-01] scheduled_start with second 60 (RFC 3339's leap second, '...T10:29:60Z') is accepted as the next minute",
    "b7-outcome-first-recorded-wins": "[AV-RESP-01] a second outcome for a request is answered 201 but ignored: the status keeps the first",
    # ---- SHOULD-only controls
    "b7-no-describe-symptoms": "[OC-CAT-02, SHOULD] describe_symptoms is not offered: capabilities leave it out and POST answers 400 naming $.category",
    "b7-no-ask-question": "[OC-CAT-03, SHOULD] ask_question is not offered: capabilities leave it out and POST answers 400 naming $.category",
    "b7-safeguard-null-at-weekends": "[SAFE-URG-01, SHOULD] /availability gives the urgent-use safeguard as null on Saturdays and Sundays (the weekend banner replaces it)",
    "b7-oversized-body-500": "[ROB-4XX-01, SHOULD] a body over the 1 MiB limit gets 500 (the buffer fails) instead of 413",
}

BLIND7_SHOULD_ONLY: frozenset[str] = frozenset(
    {
        "b7-no-describe-symptoms",
        "b7-no-ask-question",
        "b7-safeguard-null-at-weekends",
        "b7-oversized-body-500",
    }
)

BLIND7_BORDERLINE: dict[str, str] = {
    "b7-video-accepts-leap-second": "the contract's pattern for an instant allows seconds 00-59 only, but the Conventions say date-time is asserted 'as RFC 3339', whose grammar allows second 60 (a leap second): a vendor validating by RFC 3339 accepts it",
    "b7-outcome-first-recorded-wins": "the contract never says what a second outcome for the same request does: getRequestStatus shows 'the recorded Outcome', and 'kind as sent' is written of the 201 answer, which is right",
}
