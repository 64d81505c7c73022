# ruff: noqa: E501
"""EIGHTH, BLIND set of single-fault variants of the outside tool (issue 8).

Written by a helper session, blind, acting as an outside vendor's test engineer, from the
published material only: README.md, docs/*.md (docs/contract-changes.md for 2.1.0 and 2.2.0
above all), conformance/catalogue.json and conformance/tool-contract.openapi.json (2.2.0), plus
the outside tool (`tool.py`) and the descriptions of the seven earlier sets (`variants.py`,
`variants_heldout.py`, `variants_blind3.py` to `variants_blind7.py`), read only to avoid
repeating a mechanism. Never the SDK's source, its checks, its self-test expectations, the
earlier results or GAPS.md. Written and measured before anyone tuned the suite on it.

The mechanisms are ones the earlier sets did not try, chosen from how tools fail in
production: state that goes stale or carries over between requests (a backup that overruns
after a busy day, Easter cached at start-up, a holiday list of the current year only, a 111
outcome that marks the patient, an outcome that closes the whole conversation), time handled
in two places (a respond-by built at a fixed +01:00, a month-end lock, a leap-day hole in a
copied grid, an advice inbox that becomes the question inbox at 17:00), a second code path
missing a rule the first has (administrative requests and a Saturday hub that ignore the
closed form, follow-ups without photos, proxy forms that drop the NHS number or swap names,
proxy replies without a requester, an ethnicity-only update that skips the contact rule),
data lost or altered on the way out (an XML serialiser, a second JSON decode, a URL decoder,
doubled backslashes, a CSV split at commas, a TINYINT column, a CHAR(13) key, an at-most-once
event stream, a de-duplicating export, a messages join, a JPEG-only attachment flag),
rules applied at the wrong level (an SMS budget, an evening throttle, a controlled-drugs and
an antibiotics rule, urgency words), partial failures (one request in 300 hits a pool
timeout), and record IDs that look keyed but are not (reversed and ROT13, a secret multiplier
that one known pair gives away).

Each value is "[REQ-ID(s)] what the defect does". Every variant in BLIND8 breaks a MUST as the
published docs state it (the sentence relied on is in the comment above each group or line),
except those in BLIND8_SHOULD_ONLY (controls: a WARN is right, exit 0 expected) and those in
BLIND8_BORDERLINE (a reasonable vendor could argue the behaviour is allowed; measured,
reported apart, left out of the catch rate).
"""

from __future__ import annotations

BLIND8: dict[str, str] = {
    # ---- availability: core hours (AV-CORE-01)
    # catalogue AV-CORE-01 "Open for the whole of core hours"; getAvailability: "open_now is true at every instant of
    # core hours (clock-change weeks included) and false on bank holidays and outside core hours"
    "b8-closed-thursday-1452-7min": "[AV-CORE-01] the Thursday index rebuild locks the form from 14:52 to 14:59 on Thursdays only (a 7-minute closure)",
    "b8-backup-overrun-after-busy-day": "[AV-CORE-01] the nightly backup overruns by a minute per 150 requests of the previous working day: after a busy day the form opens late (08:06 after 1,000 requests)",
    "b8-month-end-lock-from-1700": "[AV-CORE-01] the month-end reporting job locks the form from 17:00 on the last working day of each month",
    # Conventions: "every local rule (core hours, days, reporting weeks) uses Europe/London"; Tue 29 Feb 2028 is a working day
    "b8-leap-day-closed": "[AV-CORE-01] the yearly opening grid is copied from the year before: 29 February (Tue 29 Feb 2028) has no row and is closed all day",
    # vendor.md: "For 2026 to 2028 ...: 26 and 29 March ... 2027; ... 14 and 17 April ... 2028"
    "b8-easter-cached-at-startup": "[AV-CORE-01/AV-OOH-01] Easter is computed once at start-up (the real year) and its day and month reused for every year: 2027 and 2028 close on 3/6 April and open on the real Good Friday and Easter Monday",
    # ---- availability: out of hours (AV-OOH-01)
    # POST /requests: "Outside core hours (bank holidays included): 409 with a ClosedResponse ..., or, for a tool declaring
    # out_of_hours 'accepts_for_next_working_day', 201"; vendor.md: "Every kind of request keeps the declared hours"
    "b8-ooh-admin-accepted-for-next-day": "[AV-OOH-01] administrative requests go to the reception queue, which takes them at any time: 201 for the next working day out of hours, though the tool declares closed_with_next_opening",
    "b8-saturday-extended-access": "[AV-OOH-01] the PCN's Saturday extended-access hub opens the form 09:00-12:30 on Saturdays (open_now true, 201)",
    # ClosedResponse/Conventions: "the next core-hours opening is 08:00 of the next working day"
    "b8-next-opening-holidays-of-current-year": "[AV-OOH-01] next_opening skips the holidays of now's year only: on 31 Dec 2026 and Fri 31 Dec 2027 evenings it names 1 Jan 2027 and 3 Jan 2028 (bank holidays)",
    # ---- availability: caps (AV-CAP-01)
    # submitRequest: "201 ... whatever the number of requests (no cap per day, per category or per patient)"; vendor.md:
    # "No cap keyed on anything a request carries"
    "b8-evening-throttle-60-after-1800": "[AV-CAP-01] the duty doctor's evening throttle: at most 60 requests between 18:00 and 18:30, then 409",
    "b8-sms-budget-150-per-day": "[AV-CAP-01] requests preferring text_message are refused (409) after 150 a day: the SMS budget is spent",
    # Conventions: "Never 5xx"; vendor.md: "each is 201, never 5xx"
    "b8-db-pool-every-300th-500": "[AV-CAP-01/OC-ACK-01] one request in 300 waits for a database connection, times out and gets 500 (nothing stored)",
    # ---- availability: NHS 111 (AV-111-01)
    # AV-111-01 "Requests the practice should handle are not sent to NHS 111 in core hours"; vendor.md: "In core hours a
    # request of any category ... is taken like any other: 201, never 409, never pointed to NHS 111"
    "b8-111-after-earlier-111-outcome": "[AV-111-01] once a patient's request is triaged signposted_111, that patient's later clinical requests the same day get 409 pointing to NHS 111",
    "b8-111-urgency-words": "[AV-111-01] a triage classifier sends clinical requests containing 'urgent', 'asap' or 'today' to NHS 111 (409) in core hours",
    # OC-MED-01 "Patients can send medication queries online in core hours"; vendor.md: "Each must be taken"
    "b8-med-controlled-drugs-409": "[OC-MED-01] requests naming a controlled drug (codeine, tramadol, diazepam, pregabalin, zopiclone...) get 409 'please phone the practice'",
    "b8-med-antibiotics-to-111": "[OC-MED-01/AV-111-01] requests that mention antibiotics (amoxicillin, penicillin...) get 409 pointing to NHS 111 ('antibiotic stewardship')",
    # ---- response: outcomes and status (AV-RESP-01)
    # getRequestStatus (2.2.0): "each shows its own outcome only: one recorded for a request never shows on another (... the
    # request it follows up)"; recordOutcome (2.2.0): "Every request the tool accepted can be given an outcome, follow-ups
    # and proxies' requests included"; Conventions: "409 only from POST /requests, when closed"
    "b8-outcome-follow-up-closes-conversation": "[AV-RESP-01] an outcome recorded for a follow-up closes the whole conversation: the request it follows up shows the same outcome",
    "b8-outcome-proxy-requests-404": "[AV-RESP-01] proxies' requests sit in the safeguarding queue: recordOutcome answers 404 for them",
    "b8-outcome-refused-after-follow-up": "[AV-RESP-01] a request that has been followed up is 'superseded': recordOutcome answers 409",
    # OutcomeSubmission.message: "the patient's status shows it exactly as sent"
    "b8-outcome-message-cut-459": "[AV-RESP-01] the status message is the texted copy: cut to three SMS segments (459 characters)",
    # getRequestStatus: "Every request the tool accepted has a status"
    "b8-status-404-after-7-days": "[AV-RESP-01] the patient app lists the last 7 days: the status of an older request answers 404",
    # Acknowledgement.respond_by: "Must not be before received_at"; "respond_by is on the same Europe/London day"
    "b8-respond-by-fixed-bst-offset": "[AV-RESP-01/OC-ACK-01] respond_by is 18:30 at a fixed +01:00 (config written in summer): in winter it is 17:30, before received_at for requests after 17:30",
    # ---- response: acknowledgement (OC-ACK-01)
    # submitRequest (2.2.0): "a reference it names is its own"; Conventions: "a reference names a record only as the tool
    # issued it, character for character"
    "b8-ack-reference-lowercased-in-message": "[OC-ACK-01] the message template lower-cases the reference it quotes ('oc-1a2b3c4d5e')",
    # submitRequest (2.2.0): "a date it names is respond_by's ... or the day the request was received"
    "b8-ack-friday-template-names-monday": "[OC-ACK-01] on Fridays the weekend template says 'by 18:30 on Monday ...', while respond_by is Friday 18:30",
    # vendor.md: "Identical requests are two requests ... back to back at one instant"
    "b8-reference-hash-of-patient-and-second": "[OC-ACK-01/OC-ACCESS-01] references are a hash of the patient and the second: two requests of one patient at one instant share a reference and the second overwrites the first",
    # ---- requests: content as sent (OC-ACCESS-01)
    # RequestSubmission.description: "the practice must see them exactly as sent"; vendor.md: "Keep it as sent"
    "b8-description-xml-illegal-controls-dropped": "[OC-ACCESS-01] the practice view goes through an XML 1.0 message: control characters XML forbids (U+0001-U+0008, U+000B, U+000C, U+000E-U+001F) are dropped",
    "b8-description-unicode-escapes-decoded": "[OC-ACCESS-01] a proxy decodes the body twice: a typed '\\u00e9' becomes 'é'",
    "b8-description-percent-decoded": "[OC-ACCESS-01] a gateway URL-decodes bodies: '%20' and '%2F' typed in a description become ' ' and '/'",
    "b8-description-backslashes-doubled": "[OC-ACCESS-01] a SQL layer escapes backslashes twice: each '\\' comes back as '\\\\'",
    # ToolCapabilities.photo_upload: "photos ... are taken with a request in every category the tool offers"
    "b8-follow-up-photos-dropped": "[OC-ACCESS-01] follow-ups are stored in the conversation table, which has no attachments: their photos are lost (201)",
    # getPracticeRequest: "The practice sees exactly what was sent: every field of the RequestSubmission"
    "b8-proxy-request-nhs-number-dropped": "[OC-ACCESS-01/OC-PROXY-01] the proxy form's handler ignores the patient's NHS number: proxies' requests are stored without it",
    "b8-proxy-patient-names-swapped": "[OC-ACCESS-01/OC-PROXY-01] the proxy form asks 'Surname, forename': a proxy's request is stored with the patient's given and family names swapped",
    # Requester: "the practice must see role, proxy_name and relationship exactly as sent"; vendor.md: "son, lasting power of attorney (health and welfare)"
    "b8-relationship-cut-at-comma": "[OC-PROXY-01/OC-ACCESS-01] the proxy table goes through a CSV import that splits on commas: a relationship is kept up to its first comma",
    # RequestSubmission.category: "every category the tool declares ... must be accepted"; OC-ACCESS-01 (the category as sent)
    "b8-advice-after-1700-filed-as-question": "[OC-CAT-01/OC-ACCESS-01] after 17:00 the advice inbox is closed and seek_health_advice requests are filed as ask_question",
    # ---- secure messaging (MSG-IN-01, MSG-OUT-01, MSG-REPLY-01, MSG-PROXY-01)
    # MessageSubmission.about_request: "show it as sent on the message (the 201 answer and the thread)"
    "b8-message-about-request-dropped-on-replies": "[MSG-REPLY-01] about_request is kept only on a thread's first message: a reply (in_reply_to set) naming a request is stored with about_request null",
    "b8-message-patient-about-request-not-stored": "[MSG-REPLY-01/MSG-PROXY-01] the patient app has no about_request field: patient messages are stored with about_request null",
    # MessageThread.messages: "Every message of the thread"
    "b8-thread-page-20": "[MSG-IN-01/MSG-OUT-01] GET /messages returns the first 20 messages of a thread (a page without a next link)",
    # sendMessage: "201 with direction, body and in_reply_to exactly as sent"
    "b8-message-reply-to-old-message-new-thread": "[MSG-IN-01/MSG-OUT-01] conversations close after 14 tool-days: a reply to an older message starts a new thread (in_reply_to null)",
    # sendMessage: "404 when in_reply_to names no message"
    "b8-message-in-reply-to-request-ref-accepted": "[MSG-IN-01/MSG-OUT-01] an in_reply_to naming a request (not a message) is read as about_request: 201, a new thread",
    # MessageSubmission.requester: "show the requester exactly as sent on the message (the 201 answer and the thread)"
    "b8-message-proxy-replies-requester-null": "[MSG-PROXY-01] the reply form has no proxy fields: a proxy's message that answers another is stored with requester null",
    # Conventions: "Unknown keys are refused"
    "b8-message-requester-extra-keys-accepted": "[MSG-IN-01] the messages endpoint validates requester with a looser model: unknown keys in requester are accepted and dropped",
    # ---- video (VC-SCHED-01)
    # Conventions: "a reference names a record only as the tool issued it, character for character"
    "b8-video-lookup-char13-key": "[VC-SCHED-01] the session key column is CHAR(13): a longer reference is cut to 13 characters and finds the session (read and join)",
    # joinVideoSession: "once the patient and the professional have both joined, status is 'in_progress'"
    "b8-video-in-progress-on-first-join": "[VC-SCHED-01] the session starts when anyone joins: 'in_progress' after the patient's join alone",
    # VideoJoinRequest: unknown keys refused
    "b8-video-join-extra-keys-accepted": "[VC-SCHED-01] the join endpoint ignores unknown keys ('display_name' ...): accepted",
    # getVideoSession: "The session, equal to the 201 answer that scheduled it"
    "b8-video-duration-tinyint-127": "[VC-SCHED-01/REP-VC-01] duration is stored in a TINYINT: over 127 minutes it is saved as 127 (the 201 echoes what was asked)",
    # ---- contact details (CD-UPD-01, CD-FIELDS-01, CD-PROXY-01)
    # ContactDetailsSubmission.ethnicity: "every code must be accepted and shown to the practice as sent"
    "b8-contact-ethnicity-r-s-as-z": "[CD-FIELDS-01] the tool's ethnicity list predates R and S: they are stored as Z (not stated)",
    # ContactDetailsSubmission.requester: "the patient, or a proxy ... Absent or null means the patient"
    "b8-contact-requester-patient-refused": "[CD-UPD-01] a requester {'role': 'patient'} on an update gets 400 ('leave it out for yourself')",
    # contract-changes 2.2.0: "each update is a record of its own, read back by its reference as sent at any later time"
    "b8-contact-superseded-404": "[CD-FIELDS-01/CD-UPD-01] an update superseded by a later one for the same patient is soft-deleted: its reference answers 404",
    # ContactDetails: "contact details give at least one of email, phone, address_lines" (schema anyOf)
    "b8-contact-ethnicity-only-skips-contact-rule": "[CD-UPD-01] an update carrying an ethnicity skips the contact rule: one with no email, phone or address is accepted",
    # vendor.md: "addresses with flats ..., lines of any length"; getPracticeContactDetails: "exactly as sent"
    "b8-contact-address-line-comma-split": "[CD-UPD-01] the address cleaner splits each line at ', ' into separate lines ('Flat 2, 14 High Street' becomes two)",
    # ---- usage data (REP-OC-01, REP-OC-02, REP-VC-01)
    # OcRecord.record_id: "nor any transform without a secret that one known pair undoes (... a fixed substitution)"
    "b8-usage-record-id-reversed-rot13": "[REP-OC-02] record_id is the reference reversed and ROT13'd: a fixed substitution anyone can undo",
    "b8-usage-record-id-secret-multiplier": "[REP-OC-02] record_id is the reference's hex digits times a secret odd constant mod 2^64: one known pair gives the constant (a modular inverse) and every other reference",
    # OcRecord.has_attachments: "True when the request came with at least one attachment"
    "b8-usage-has-attachments-jpeg-only": "[REP-OC-01] has_attachments is 'has a JPEG photo': requests with PNG photos only are reported false",
    # OcUsageReport.records: "One record per request the tool received in the week"
    "b8-usage-join-messages-about": "[REP-OC-01] the export LEFT JOINs the messages about each request: a request with n messages about it appears n times",
    "b8-usage-dedupe-by-second-category-role": "[REP-OC-01] the export de-duplicates on (submitted_at to the second, category, role): requests alike at one instant count once",
    "b8-usage-event-stream-drops-one-in-40": "[REP-OC-01] the reporting store is fed by an at-most-once event stream that loses one request in forty",
    # OcRecord.requester_role: "'proxy' when someone filled in the form for the patient"
    "b8-usage-follow-up-role-lost": "[REP-OC-01] the follow-ups table has no role column: proxies' follow-ups are reported as 'patient'",
    # getUsage: "one VcRecord per session scheduled to start in it, by the Europe/London date of scheduled_start"
    "b8-usage-vc-week-by-end": "[REP-VC-01] the VC export files each session by the date it ends (start + duration): a Sunday-night session that runs past midnight is in the next week",
    "b8-usage-vc-week-start-exclusive-instant": "[REP-VC-01] the VC week filter is start > Monday 00:00 London (strict): a session at exactly Monday 00:00:00 is in no week",
    # ---- the contract's input validation
    # Conventions: "accepting (2xx) a body the schema forbids breaks the MUST"; practice_code pattern ^[A-Z][0-9]{5}$
    "b8-practice-code-case-insensitive": "[OC-ACCESS-01/CD-UPD-01] practice_code is upper-cased before the check: 'b82005' is accepted",
    # OutcomeSubmission.message maxLength 2000; Conventions (2.2.0): recordOutcome's forbidden bodies break AV-RESP-01
    "b8-accepts-outcome-message-over-2000": "[AV-RESP-01] the outcome message is a TEXT column: messages over 2,000 characters are accepted",
    # ---- borderline (see BLIND8_BORDERLINE)
    "b8-video-get-404-after-booked-end": "[VC-SCHED-01] sessions whose booked end has passed move to the history table: GET /video/sessions/{ref} answers 404",
    "b8-usage-generated-at-real-clock": "[REP-OC-01/REP-VC-01] the header's generated_at is the server's real time, not the test clock",
    # ---- SHOULD-only controls
    "b8-symptom-checker-null": "[SIGN-111-01, SHOULD] no symptom checker link (null in capabilities and availability)",
    "b8-safeguard-a-and-e-only": "[SAFE-URG-01, SHOULD] the safeguard says 'For anything serious, please go to your nearest A&E.' (no 'urgent', 'emergency' or '999')",
    "b8-invalid-utf8-body-500": "[ROB-4XX-01, SHOULD] a body that is not valid UTF-8 gets 500 (the decoder error is not caught)",
}

BLIND8_SHOULD_ONLY: frozenset[str] = frozenset(
    {
        "b8-symptom-checker-null",
        "b8-safeguard-a-and-e-only",
        "b8-invalid-utf8-body-500",
    }
)

BLIND8_BORDERLINE: dict[str, str] = {
    "b8-video-get-404-after-booked-end": "getVideoSession says only 'The session, equal to the 201 answer that scheduled it (until joined)' and vendor.md checks a read 'before its start, at it, and at any instant of its booked minutes'; what a read after the booked end gives is not stated",
    "b8-usage-generated-at-real-clock": "the test clock's scope lists 'the usage data's weeks' among what uses it, not generated_at; SubmissionHeader.generated_at says only 'When the file was produced'",
}
