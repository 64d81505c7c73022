# ruff: noqa: E501
"""SEVENTEENTH, BLIND set of single-fault variants of the outside tool.

Written by a helper session on 29 November 2026, blind, acting as an outside vendor's test
engineer, against contract 2.12.0, from the published material only: README.md, docs/*.md
(docs/vendor.md and docs/contract-changes.md, which describe 2.12.0, above all),
conformance/catalogue.json and conformance/tool-contract.openapi.json, plus the outside tool
(`tool.py`), `measure.py` and the names and descriptions of the sixteen earlier sets
(`variants.py`, `variants_heldout.py`, `variants_blind3.py` to `variants_blind16.py`), read
only to avoid repeating a mechanism. Never the SDK's source, its checks, its self-test
expectations, the earlier results or GAPS.md. Written before anyone measured it or tuned the
suite on it; each hook was only checked to fire (fire_check.py, which hides the verdicts).

Each value is "[REQ-ID(s)] (mechanism class) what the defect does". The mechanism classes are
ones the earlier sets did not try: an instant rounded half-up to milliseconds (a JavaScript or
Java millisecond type) before an open-hours comparison, a yearly data job scheduled in working
hours (a bootstrap dependency), an API gateway's binary-media-type setting with a handler that
ignores isBase64Encoded, an off-by-one part count of a multipart upload at an exact multiple of
the part size, a seasonal feature flag adding copy, a triage-confidence fallback, a hard wrap
(textwrap's break_on_hyphens) of a notification reused as the acknowledgement, a template
variable bound to the case instead of the item, time-of-day greeting templates, an SLA found by
bisect over a session table with a fall-back to the last session, a compliance guard rail at
the wrong layer, a translation table read with dict.get(default), a triage step writing back to
the request's own column, a workflow side effect booking a resource, str.lstrip() used as
removeprefix(), XML attribute-value normalisation, a MIME format=flowed decoder, emoji
presentation normalisation (Fitzpatrick modifiers), Python Enum members with equal values
becoming aliases, a JavaScript length regex whose '.' matches no line terminator, a model that infers a
missing discriminator, a pre-ES2019 JavaScript layer where U+2028/U+2029 end a string, a
streaming UTF-8 decode without an incremental decoder, a secondary sort key unique only per
partition, validation against a read-through cache filled by another action, a webhook
idempotency key that leaves out the actor, a regex helper compiling every pattern with
re.IGNORECASE, a UTC offset parsed as whole hours, Jackson's UNWRAP_SINGLE_VALUE_ARRAYS,
proto3 default-value elision, a fixed-width target schema folding overflow, libphonenumber's
is_valid_number (allocation metadata) where is_possible_number was meant, a children's-data
suppression rule in the export, two export code paths with MySQL's TINYINT(1) on the raw one,
a go-live cut-off (migration boundary) filter, Hashids (obfuscated row IDs), format-preserving
encryption of the reference, a feature-flag key renamed with the flag defaulting off, and
user-agent sniffing.

Every variant in BLIND17 breaks a MUST as the published docs state it (the sentence relied on
is in the comment above each group), except those in BLIND17_SHOULD_ONLY (controls: a WARN is
right, exit 0 expected) and those in BLIND17_BORDERLINE (a reasonable vendor could argue the
behaviour is allowed; measured, reported apart, left out of the catch rate).
"""

from __future__ import annotations

BLIND17: dict[str, str] = {
    # ---- availability: core hours and caps (AV-CORE-01, AV-CAP-01)
    # vendor.md: "checked at each instant of the core-hours sweep (every 15 minutes or less, from 08:00:00 to
    # 18:29:59.999999, and the random instants)"; "it also probes 29 February 2028, 31 December and the first working
    # day of a year"; "the suite's client notes every POST /requests you answer 409, 429 or 503 while its test clock
    # stands at an instant of core hours"; contract-changes 2.10.0: "a valid request labelled application/json;
    # charset=utf-8, application/json;charset=UTF-8 and application/json; charset=\"utf-8\", each in core hours, must
    # be taken (201)"; vendor.md: "an attachment of 0 bytes and of exactly 20 MiB" ("Every edge a schema allows is
    # accepted", the operation's MUST); "Malformed input: ... never 5xx"
    "b17-open-check-instant-rounded-to-millisecond": "[AV-CORE-01] (an instant rounded half-up to milliseconds before an open-hours comparison) the open check runs in a service whose time type holds milliseconds (a JavaScript Date): the tool's now is rounded half-up to the millisecond on the way, so from 18:29:59.9995 to 18:29:59.999999 it reads 18:30:00.000 and the form is closed (open_now false, POST /requests 409 with the next opening)",
    "b17-new-year-rota-job-at-0900-first-working-day": "[AV-CORE-01] (a yearly data job scheduled in working hours) the intake's staffing rota for a new year is generated by a job that runs at 09:00 on the first working day of January (when operations staff are in); until it has run there is no rota, so from 08:00 to 09:00 on that day (2 January 2026, 4 January 2027, 4 January 2028) the form is closed and POST /requests answers 409 'we open at 09:00'",
    "b17-gateway-binary-media-type-json-utf8-base64": "[AV-CORE-01] (an API gateway's binary-media-type setting, with a handler that ignores isBase64Encoded) the gateway's binaryMediaTypes list holds 'application/json;charset=UTF-8' (pasted from the Spring default header), so a body labelled exactly that reaches the function base64-encoded; the handler parses the event body as JSON anyway and answers 400 'not valid JSON' (other labels, 'application/json' above all, are passed through as text)",
    "b17-photo-multipart-exact-multiple-empty-part-500": "[OC-ACCESS-01/AV-CORE-01] (an off-by-one part count of a multipart upload at an exact multiple of the part size) photos are copied to the object store in 5 MiB parts, the number of parts computed as size // part + 1: a photo of exactly 5, 10, 15 or 20 MiB gets a last part of 0 bytes, the store refuses to complete the upload, the request is rolled back and answered 500",
    # ---- NHS 111 (AV-111-01)
    # Acknowledgement.message / vendor.md: "a sentence that offers NHS 111 without a condition of worsening, urgency or
    # not being able to wait, or with 'instead', or with a refusal ('we cannot deal with this online'), sends the patient
    # away and fails, unless every request (administrative ones too) is told the same"; "every acknowledgement the run
    # receives in core hours, whichever check sent the request, is read at the end (availability.no-111-anywhere)";
    # "the usage checks send requests on 29 to 31 December 2025"; availability.no-111-any-script sends "English in one
    # word"
    "b17-ack-festive-flag-111-instead": "[AV-111-01] (a seasonal feature flag adding copy) a 'festive' flag, on from 20 December to 3 January by the tool's date, adds to every acknowledgement 'Our team is smaller over the festive period: for medical advice, please use NHS 111 online instead.', in core hours too (29 to 31 December, 2 January)",
    "b17-ack-low-information-fallback-111-instead": "[AV-111-01] (a triage-confidence fallback) the triage model scores each description and, below its confidence floor (fewer than three words), the acknowledgement adds 'We could not tell enough from your message to triage it online: please use NHS 111 online instead.', in core hours too",
    # ---- acknowledgement (OC-ACK-01)
    # Acknowledgement / vendor.md: "If the message names the reference, it is written with exactly the acknowledgement's
    # characters (2.8.0)"; "A reference the message names is its own, written exactly as the acknowledgement's
    # reference"; "each message says when to expect a response"; "the suite keeps each 201 acknowledgement it receives
    # with the test clock set, whichever check sent the request, and at the end reads each for its reference quoted
    # exactly" (response.ack-words-anywhere); "about 190 in the first half hour, 170 in the last (18:00 to 18:29:30)"
    "b17-ack-sms-textwrap-splits-reference": "[OC-ACK-01] (a hard wrap with textwrap's break_on_hyphens, from a notification reused as the acknowledgement) the acknowledgement is the plain-text notification, greeting the patient by given name and hard-wrapped at 72 columns with textwrap.fill(); where a line fills up at the reference and the reference's code starts with two letters, textwrap breaks after the hyphen ('OC-' then a line break, then 'AB12...'), so the message no longer quotes the reference as one piece",
    "b17-ack-follow-up-names-parent-reference": "[OC-ACK-01] (a template variable bound to the case instead of the item) the follow-up acknowledgement is rendered with the case (the request followed up) in scope: 'we have added your message to request <the earlier request's reference>': a follow-up's acknowledgement names another request's reference, never its own",
    "b17-ack-evening-greeting-template-without-when": "[OC-ACK-01] (time-of-day greeting templates, one missing a field) acknowledgements come from 'Good morning', 'Good afternoon' and 'Good evening' templates chosen by the London hour; the evening one (from 18:00) was written for the out-of-hours form and says only 'Good evening: we have your request, reference X. A member of the team will look at it.': no time, date, 'today' or 'tomorrow' for requests between 18:00 and 18:30",
    # ---- respond_by, outcomes and status (AV-RESP-01)
    # vendor.md: "as the schema says, respond_by must not be before received_at (a respond_by of 09:00 for a request
    # received at 10:00 fails)"; "Later the same day ... the practice records an outcome ... Each request gets a different
    # kind"; "Once an outcome is recorded, the 201 answer and the status carry its kind as sent (never one kind for all)";
    # RequestStatus: "received_at: As in the request's Acknowledgement"; contract-changes 2.10.0: "response.outcome-shown
    # records every outcome kind"
    "b17-respond-by-bisect-last-session-end-before-received": "[AV-RESP-01] (an SLA found by bisect over a session table, falling back to the last session) respond_by is 'the end of the current triage session', found with bisect over the session starts (08:00, 13:00; each lasting 5 hours); a request after 18:00 falls in the 13:00 session, whose end (18:00) is before received_at: respond_by 18:00 for a request received at 18:10, and the message says 'by 18:00 today'",
    "b17-outcome-signposted-111-guard-in-core-hours-422": "[AV-RESP-01] (a compliance guard rail at the wrong layer) after the 2025 'no NHS 111 in core hours' rule a guard was added to recordOutcome instead of to the patient-facing form: an outcome of kind signposted_111 for a request received in core hours is refused 422 naming $.kind ('requests made in core hours may not be signposted to NHS 111'), so the practice cannot record that triage decision",
    "b17-status-kind-map-get-default-closed-no-action": "[AV-RESP-01] (a translation table read with dict.get(default)) the patient app maps the triage module's outcome codes to the contract's kinds with KINDS.get(code, 'closed_no_action'); the table predates video appointments, so an outcome recorded as appointment_video (201 right) shows on the patient's status as closed_no_action",
    "b17-triage-recategorises-request-on-outcome": "[OC-ACCESS-01] (a triage step writing back to the request's own column) recording an outcome of kind prescription or admin_completed sets the request's category to administrative_request (the triage worklist's own 'type', kept in the same column), so the practice's view of a health-advice, symptoms, question or clinical request shows another category once triaged",
    # ---- the practice's view of requests (OC-ACCESS-01, OC-CAT-04, OC-PROXY-01)
    # vendor.md: "the practice sees exactly what was sent, every field"; "Text (description, names, proxy_name,
    # relationship, address lines) with tabs, no-break spaces ..., CRLF, spaces at the start, before a line end and at
    # the end ... Keep it as sent"; "Rare forms ...: ... zero-width joiners, skin-tone emoji, combining marks"; "a
    # category your form refuses breaks that category's requirement, and the same category taken but changed on its way
    # to the practice breaks OC-ACCESS-01"; "Every keyword at every depth is enforced"
    "b17-reference-lstrip-prefix-eats-letters": "[OC-ACCESS-01] (str.lstrip() used as removeprefix()) the practice-view route turns the reference into the case number with ref.lstrip('OC-') while the store keys by ref[3:]: lstrip removes every leading 'O', 'C' and '-', so a request whose code starts with C (about one in sixteen) is not found: 404 on GET /practice/requests/{reference}",
    "b17-names-xml-attribute-whitespace-normalised": "[OC-ACCESS-01/OC-PROXY-01] (XML attribute-value normalisation) the request is handed to the practice system as an ITK XML message whose patient names, proxy_name and relationship are attributes: on parsing, CRLF becomes LF and then every tab, LF and CR in an attribute becomes a space, so names and proxy fields with tabs or line breaks reach the practice with spaces",
    "b17-description-format-flowed-decoded": "[OC-ACCESS-01] (a MIME format=flowed decoder, RFC 3676) the description reaches the practice inbox as a text/plain; format=flowed mail part and is decoded back: a line ending in a space is a soft break and is joined to the next line (the line break lost), and one leading space is removed from each line that starts with one (space-stuffing undone)",
    "b17-description-emoji-skin-tone-modifiers-stripped": "[OC-ACCESS-01] (emoji presentation normalisation) the staff app's emoji renderer normalises emoji to their default yellow presentation and the practice view shows its output: skin-tone modifiers (U+1F3FB to U+1F3FF) are removed from the description",
    "b17-category-enum-alias-follow-up-as-question": "[OC-ACCESS-01/OC-CAT-04] (Python Enum members with equal values becoming aliases) the category enum's values are the legacy form IDs, and follow-ups use the question form ('Q'): FOLLOW_UP = 'Q' is an alias of ASK_QUESTION, so a follow-up's category serialises as ask_question in the practice's view and in the usage record (its follows_up link kept)",
    "b17-name-fields-js-regex-dot-no-line-terminator-400": "[OC-ACCESS-01/OC-PROXY-01] (a JavaScript length regex whose '.' matches no line terminator) the gateway's validation policy checks the patient's names, proxy_name and relationship on POST /requests with /^.{1,100}$/ (and {1,200}); in JavaScript '.' matches no \\n, \\r, U+2028 or U+2029, so a value holding a line break or a line or paragraph separator is refused 400 naming the field",
    "b17-requester-role-model-default-patient": "[OC-ACCESS-01] (a model that infers a missing discriminator) the Requester model fills a missing role before validation ('proxy' when a proxy_name is given, else 'patient'), so a requester without role (required by the schema) is taken (201)",
    # ---- encodings (OC-ACCESS-01, MSG-IN-01)
    # vendor.md: "Rare forms ...: line and paragraph separators (U+2028, U+2029), NEL (U+0085)"; "Lengths up to each
    # maxLength: a 10,000-character description"; MessageSubmission.body: "the recipient must see it exactly as sent";
    # Conventions: bodies are UTF-8 JSON
    "b17-edge-policy-eval-json-raw-u2028-400": "[OC-ACCESS-01] (a pre-ES2019 JavaScript layer where U+2028 and U+2029 end a string) the gateway's request policy (an old embedded JavaScript engine) checks the body by evaluating it as a JavaScript literal; a raw U+2028 or U+2029 inside a string is a line terminator there ('unterminated string literal'), so a body carrying either unescaped is refused 400 'not valid JSON' (the same characters written as \\u2028 pass)",
    "b17-body-chunked-utf8-decode-without-incremental-decoder": "[OC-ACCESS-01/MSG-IN-01/MSG-OUT-01] (a streaming UTF-8 decode without an incremental decoder) a body longer than 4,096 bytes is read in 4,096-byte chunks, each decoded on its own with errors='replace': a multi-byte character split across a chunk boundary becomes two or three U+FFFD, in descriptions and message bodies alike",
    # ---- secure messaging (MSG-IN-01, MSG-OUT-01, MSG-REPLY-01, MSG-PROXY-01)
    # vendor.md: "channels.message-thread-same-instant sends runs of messages both ways at one frozen instant: messages
    # with the same sent_at come in the order you accepted them (not by reference, direction or newest first)";
    # "Each proxy first submits a request for the patient. Then come three messages ... the first names the request in
    # about_request. Accept every proxy message (201)"; "The practice replies in writing ... with a message naming it in
    # about_request"
    "b17-thread-tiebreak-per-direction-sequence": "[MSG-IN-01/MSG-OUT-01] (a secondary sort key unique only per partition) the thread is ordered by (sent_at, seq), where seq is the message's number within its direction (each direction has its own outbox table and sequence): messages at one instant come interleaved patient, practice, patient, practice by that number, not in the order accepted, when one side sent two or more in a row",
    "b17-about-request-checked-against-opened-cases": "[MSG-REPLY-01/MSG-PROXY-01] (validation against a read-through cache filled by another action) about_request is checked against the case service's cache, which holds a request only once the practice has opened it (GET /practice/requests/{reference}); a message about a request nobody has opened yet is refused 404 'no request has this reference', from either side",
    # ---- video consultation (VC-SCHED-01)
    # vendor.md: "the suite joins only at the moment of scheduled_start (the test clock set to it), patient then
    # professional, and expects in_progress once both have joined"; "Every keyword at every depth is enforced ... An
    # instant without seconds, with 7 or more fractional digits, a lowercase t or z ... is refused"; "each instant in
    # every spelling its pattern allows: Z, +00:00, other offsets"; "A field of the wrong JSON type is refused ... a list,
    # an object or null (where not nullable) for anything else. A binder that coerces them accepts data the contract
    # forbids"
    "b17-video-join-webhook-dedupe-key-without-participant": "[VC-SCHED-01] (a webhook idempotency key that leaves out the actor) the video platform's 'participant.joined' webhooks are de-duplicated on (session, event type, second of the event): when the professional joins in the same second as the patient (both at the frozen scheduled_start), the second event is dropped as a retry, the session stays scheduled and started_at null",
    "b17-video-start-pattern-compiled-ignorecase": "[VC-SCHED-01] (a regex helper compiling every pattern with re.IGNORECASE) the schema's patterns are compiled by a shared helper with re.IGNORECASE (written for e-mail and postcodes): a scheduled_start with a lowercase 't' or 'z' matches, is upper-cased and booked (201)",
    "b17-video-offset-minutes-ignored": "[VC-SCHED-01] (a UTC offset parsed as whole hours) the booking service reads scheduled_start's offset with int(offset[:3]) hours: '+05:30' is read as +05:00 and '-03:30' as -03:00, so a session booked with a half-hour offset is stored (and read back, and reported) 30 minutes off the instant booked",
    "b17-binder-unwraps-single-value-arrays": '[OC-ACCESS-01/CD-UPD-01/MSG-IN-01/VC-SCHED-01] (Jackson\'s UNWRAP_SINGLE_VALUE_ARRAYS) the JSON binder is configured to unwrap a one-element array where a single value is expected: ["Jo"] for a name, [15] for a duration, ["email"] for preferred are taken as the value (201), on every write operation',
    # ---- contact details (CD-UPD-01, CD-FIELDS-01)
    # ContactDetailsSubmission: "every ethnicity code of the list is accepted (the suite sends each) ... must be accepted
    # and shown to the practice as sent"; contract-changes 2.12.0: "channels.contact-details-as-sent send an address of
    # twelve lines: every line in order"; vendor.md: "Contact details updates take every realistic value ...: landlines
    # as well as mobiles, in every grouping (020 7946 0123, 0113 496 0958, 01632 960123, ...) and with +44
    # (+44 (0)20 7946 0456, 13 digits; +441632960777)"
    "b17-contact-ethnicity-proto3-zero-value-elided": "[CD-UPD-01/CD-FIELDS-01] (proto3 default-value elision) contact updates go through a gRPC service whose EthnicCategory enum starts A = 0; proto3 does not write a field at its zero value and the JSON gateway does not emit defaults, so an update with ethnicity A reads back (201 and practice view) without ethnicity: null, as if not given",
    "b17-contact-address-overflow-folded-into-line-5": "[CD-UPD-01] (a fixed-width target schema folding overflow) contact updates are stored in the PDS-shaped record's five address lines: an address of more than five lines keeps the first four, and the fifth holds the rest joined with ', '",
    "b17-phone-libphonenumber-is-valid-refuses-01632": "[CD-UPD-01] (libphonenumber's is_valid_number, allocation metadata, where is_possible_number was meant) a contact update's phone is checked with phonenumbers.is_valid_number(), which refuses numbers in ranges Ofcom has not allocated: 01632 (Ofcom's drama area code, '01632 960123', '+441632960777') is refused 400 naming $.contact.phone",
    # ---- usage data (REP-OC-01, REP-OC-02)
    # vendor.md: "One OcRecord per request received in it, out of core hours and on bank holidays too"; "Each is exactly
    # one record"; "usage-data.oc-full-week. 1,050 requests in one week ... each is one record"; OcRecord.has_attachments
    # "type": "boolean"; "The usage checks send requests on 29 to 31 December 2025"; "the part of a record_id that differs
    # between records carries at least 64 bits nobody can predict: 16 hex digits, 13 base32 or 11 base64url characters
    # after any fixed prefix ... Never a row number or counter (bare, zero-padded or behind a prefix)"
    "b17-usage-children-under-13-suppressed": "[REP-OC-01] (a children's-data suppression rule in the export) the anonymisation step drops the records of patients under 13 on the day of the request (a rule taken from the organisation's analytics policy), so requests for young children, by proxies or not, are not in the week's usage data",
    "b17-usage-large-week-raw-cursor-tinyint-bool": "[REP-OC-01] (two export code paths, MySQL's TINYINT(1) on the raw one) a week of more than 1,000 records is exported through a streaming raw DB-API cursor instead of the ORM; MySQL's BOOLEAN is TINYINT(1), which the raw cursor returns as 0 or 1, so every has_attachments in a busy week's answer is an integer",
    "b17-usage-go-live-cutoff-drops-earlier-requests": "[REP-OC-01] (a go-live cut-off filter, a migration boundary) the export leaves out records before the practice's go-live on this tool (Monday 5 January 2026, set when its history was migrated from the previous supplier): requests received earlier (the ISO week 2026-W01 starts on 29 December 2025) are not counted",
    "b17-record-id-hashids-of-row-id": "[REP-OC-02] (Hashids: obfuscated row IDs) record_id is the Hashids encoding (a salted alphabet, minimum length 8) of the request's or session's row number: eight characters of base 62 (a lottery character, then the number in seven), under 48 bits, and a counter behind the obfuscation",
    "b17-record-id-format-preserving-encryption": "[REP-OC-02] (format-preserving encryption of the reference) record_id is the reference enciphered in its own format (FF1-style Feistel, keyed): 'OC-' and ten hex digits, so the varying part carries 40 bits and the ID has the shape of a reference",
}

# SIGN-111-01 is a SHOULD ("symptom_checker_url links to NHS 111 online [NHSE]; it must be https on 111.nhs.uk [SDK]";
# "one whose GET /capabilities breaks the schema in those two fields only ...: every other check reads such a field as
# absent (2.4.0)"); OC-CAT-03 is a SHOULD ("describe_symptoms, ask_question and follow_up should be [NHSE guidance:
# SHOULD, a warning if left out]"; "A tool that leaves one out of GET /capabilities (and answers 400 naming $.category
# when sent it) gets that warning and nothing more")
BLIND17_SHOULD_ONLY: frozenset[str] = frozenset(
    {
        "b17-ask-question-flag-key-renamed-default-off",
        "b17-symptom-checker-app-deep-link-for-non-browser-ua",
    }
)
BLIND17.update(
    {
        "b17-ask-question-flag-key-renamed-default-off": "[OC-CAT-03, SHOULD] (a feature-flag key renamed, the flag defaulting off) each category is switched on by a feature flag; the question form's flag was renamed from 'ask-question' to 'ask_question' in the flag service but not in the code, whose lookup falls back to off: capabilities leave ask_question out and POST /requests refuses it 400 naming $.category",
        "b17-symptom-checker-app-deep-link-for-non-browser-ua": "[SIGN-111-01, SHOULD] (user-agent sniffing) a client whose User-Agent is not a browser's (no 'Mozilla/') is taken for the NHS App and given the app's deep link 'nhsapp://symptom-checker' as symptom_checker_url, in capabilities and availability",
    }
)

# Borderline: (1) RequestStatus.received_at/respond_by say "As in the request's Acknowledgement", and the patterns allow
# any offset; the same instants written in London's offset ('+01:00' in summer, '+00:00' in winter, not 'Z') are the
# same values as instants but not the same strings. (2) VcRecord: "one VcRecord per session scheduled to start in it":
# a session the tool books itself after an appointment_video outcome is a real session, but not one the suite booked
# ("The weekly usage data counts the video consultations the suite scheduled").
BLIND17_BORDERLINE: frozenset[str] = frozenset(
    {
        "b17-status-times-in-london-offset",
        "b17-outcome-video-auto-books-session",
    }
)
BLIND17.update(
    {
        "b17-status-times-in-london-offset": "[AV-RESP-01, borderline] (a view serialiser that localises instants) the patient's status shows received_at and respond_by in Europe/London's offset ('2026-07-14T18:29:00+01:00', '2026-11-24T18:30:00+00:00'), the acknowledgement having given them in 'Z': the same instants, other strings",
        "b17-outcome-video-auto-books-session": "[REP-VC-01, borderline] (a workflow side effect booking a resource) recording an outcome of kind appointment_video books a 15-minute video session at 10:00 on the next working day, which then has its VcRecord in that week's usage data beside the sessions the suite booked",
    }
)
