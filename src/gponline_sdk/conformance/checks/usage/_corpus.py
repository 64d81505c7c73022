"""Words patients write, chosen to mislead any export that reads them instead of the category.

`request_type` follows the category and nothing else, so the usage checks send
administrative requests that sound clinical (repeat prescriptions, fit notes,
medication lists, symptoms mentioned in passing), questions and follow-ups
full of medicines and symptoms, and clinical requests that sound like admin
(appointments, forms, letters, registration). A keyword or text classifier,
whichever words it keys on, reports some of them under the wrong type.

Attachments come as patients' phones and forms send them: a photo of any size
from 0 bytes (a failed upload still arrives as a file), and several at once.
"""

from __future__ import annotations

import hashlib

from gponline_sdk.models import Attachment, RequestCategory

__all__ = ["ATTACHMENT_SIZES", "PHRASES", "attachments", "phrase"]

PHRASES: dict[RequestCategory, tuple[str, ...]] = {
    RequestCategory.ADMINISTRATIVE_REQUEST: (
        "Repeat prescription please: my inhaler and the 20mg tablets have run out",
        "Could I have a fit note? Off work with back pain and a chest infection since Monday",
        "Please send a copy of my medication list (metformin 500 mg, ramipril) for my travel",
        "Change of address. I also need my repeat medicines moved to the new pharmacy",
        "Sick note needed after my operation; the wound pain and swelling are settling",
        "Can the pharmacy have my prescription for amoxicillin capsules, dose as before",
        "Letter for school: my son's asthma and his inhaler doses during PE",
        "Please update my records: allergic to penicillin, rash and breathing trouble",
    ),
    RequestCategory.ASK_QUESTION: (
        "Is it safe to take ibuprofen with my blood pressure tablets?",
        "What dose of paracetamol can my daughter have for a fever?",
        "Are these side effects normal with my new medicine? Dizzy and sick",
        "Do I stop the pill before surgery? Bleeding and headaches lately",
        "Can I get the flu jab while on steroids for my chest?",
    ),
    RequestCategory.FOLLOW_UP: (
        "Following up my repeat prescription request: still no tablets at the chemist",
        "Further to my last request: the rash is worse and the cream did nothing",
        "Update: the new dose of sertraline gives me side effects",
        "Still waiting about my referral letter; the pain in my knee is the same",
    ),
    RequestCategory.CLINICAL_REQUEST: (
        "Appointment please for a review. Also need a form signed for work",
        "Please call back to book: registration paperwork done, now my ear hurts",
        "Insurance form question, but mainly my ankle is swollen after a fall",
        "I need to see someone about my blood test letter, I feel tired all the time",
        "Booking a smear test and a change of address",
    ),
    RequestCategory.DESCRIBE_SYMPTOMS: (
        "My prescription ran out and now I feel dizzy and shaky",
        "Cough for three weeks; my inhaler is not helping",
        "Rash on both arms since starting the new tablets",
        "Headache every morning, taking two pills a day",
        "Need an appointment: chest pain when climbing stairs",
    ),
    RequestCategory.SEEK_HEALTH_ADVICE: (
        "Advice on my medication doses while fasting for Ramadan",
        "Should I get the flu vaccine with my asthma and inhalers?",
        "How much vitamin D should I take in winter? 1000 units or more?",
        "Is my son's temperature of 38.5 with calpol ok to wait?",
        "Advice about my change of address for the diabetic eye screening letters",
    ),
}
"""Per category, texts that sound like another request type (medicines and symptoms in admin)."""

ATTACHMENT_SIZES: tuple[tuple[int, ...], ...] = (
    (),
    (0,),
    (1,),
    (2_400_000,),
    (0, 0),
    (0, 350_000),
    (45_000, 1, 0),
)
"""Photos per request, by size in bytes: none, one of any size from 0, and several."""

_EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def phrase(category: RequestCategory, n: int) -> str:
    """The `n`th text for `category`, cycling through its phrases."""
    texts = PHRASES[category]
    return texts[n % len(texts)]


def attachments(
    media_type: str | None, sizes: tuple[int, ...], salt: int
) -> tuple[Attachment, ...]:
    """Photos of `sizes` bytes of `media_type` (none when the tool takes no photos).

    A 0-byte photo carries the SHA-256 of no bytes, as a client computes it; the
    others a digest of their own (the tool does not see the bytes).
    """
    if media_type is None:
        return ()
    return tuple(
        Attachment(
            media_type=media_type,
            size_bytes=size,
            sha256=_EMPTY_SHA256
            if size == 0
            else hashlib.sha256(f"{salt}-{i}-{size}".encode()).hexdigest(),
        )
        for i, size in enumerate(sizes)
    )
