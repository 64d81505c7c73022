"""Reading an acknowledgement for NHS 111: a pointer to it, and a hand-over versus a safety net.

AV-111-01 forbids sending a need within general practice's scope to NHS 111 in core
hours. It does not forbid the advice clinicians give every day: "if you get worse
before we call you, ring 111". So the checks ask two questions of a message: does it
point to NHS 111 at all (`mentions_111`), and does any sentence that does so send the
patient there instead of the practice (`sends_to_111`)? A sentence is a safety net
when 111 is offered on a condition of worsening, urgency or not being able to wait,
and it neither says "instead" nor refuses the request. (2.11.0) Sentences in Welsh are
read too (its words for NHS 111, a condition and "instead"): the suite sends Welsh, and a
bilingual acknowledgement's Welsh line is as binding as its English one.
"""

from __future__ import annotations

import re

__all__ = ["mentions_111", "sends_to_111", "sentences"]

# A pointer to NHS 111, not any "111" in the text: "NHS 111", "111 online", "call 111" (or
# dial, ring, phone, contact, use, try), "111.nhs.uk". A reference such as REF-111, a time,
# an amount or a phone number such as 0113 111 2222 is no redirect: 111 standing alone
# (no digit, letter, hyphen or slash touching it, no digits following as a number's next
# group) is needed, with one of those words beside it.
_AFTER = r"(?![\w/-]|[ .]?\d)"
_ALONE = rf"(?<![\w/-])111{_AFTER}"
_MENTIONS_111 = re.compile(
    rf"\bNHS[\s:-]*111{_AFTER}"
    r"|\b(?:call|calling|dial|ring|phone|contact|use|try)(?:\s+(?:us\s+)?on)?\s+(?:NHS\s+)?"
    rf"{_ALONE}"
    rf"|{_ALONE}\s+(?:online|service)\b"
    r"|(?<![\w.-])111\.nhs\.uk\b"
    # (2.11.0) In Welsh, the other language of NHS services in England and Wales (the
    # suite's own choice of a second language to read): "GIG 111" (NHS 111), "111 ar-lein"
    # (online), "ffoniwch 111" (call), "defnyddiwch 111" (use), "111.wales.nhs.uk".
    rf"|\bGIG[\s:-]*111{_AFTER}"
    rf"|{_ALONE}\s+ar-lein\b"
    r"|\b(?:ffoniwch|ffonio|defnyddiwch|defnyddio|cysylltwch â)\s+(?:GIG\s+)?"
    rf"{_ALONE}"
    r"|(?<![\w.-])111\.wales\.nhs\.uk\b",
    re.IGNORECASE,
)
# Sentences end at . ! ? followed by space or the end: "111.nhs.uk" stays whole. (2.12.0) Not
# after an abbreviation's full stop ("e.g. a high fever", "etc.", "Dr."): a safety net
# written with one is one sentence, its condition and its 111 together.
_ABBREVIATIONS = ("e.g.", "i.e.", "eg.", "ie.", "etc.", "approx.", "Dr.", "Mr.", "Mrs.", "Ms.")
_NOT_AFTER = "".join(rf"(?<!\b{re.escape(a)})" for a in _ABBREVIATIONS)
_SENTENCES = re.compile(rf"(?<=[.!?]){_NOT_AFTER}\s+|\n+", re.IGNORECASE)


def sentences(text: str) -> list[str]:
    """`text` cut into sentences (at . ! ? and a space, or a line break; not after "e.g.")."""
    return _SENTENCES.split(text)


# A condition of worsening or urgency: "if you get worse", "if your symptoms worsen",
# "should things change", "if it becomes urgent", "if you cannot wait", "in an emergency",
# "if you need help before then", "while you wait, if ...".
_CONDITION = re.compile(
    r"\b(?:if|should|in case|whilst?|until)\b[^.!?]{0,60}?"
    r"(?:\bworse\b|\bworsen\w*|\bdeteriorat\w*|more unwell|\burgent\w*|\bemergenc\w*"
    r"|\b(?:can ?not|can't|cannot|unable to)\s+wait\b|\bbefore (?:then|we|the practice|you hear)\b"
    r"|\bnew symptoms\b|\b(?:things|symptoms|condition|it) changes?\b|\bsooner\b"
    r"|\bout of hours\b|\bovernight\b)"
    r"|\bin an? (?:medical )?emergency\b"
    # Welsh: "os" (if) with "na allwch aros" (you cannot wait), "gwaethygu" (worsen), "brys"
    # (urgent), "argyfwng" (emergency), "cyn hynny" (before then); "mewn argyfwng".
    r"|\bos\b[^.!?]{0,60}?(?:\bna allwch aros\b|\bgwaeth\w*|\bbrys\w*|\bargyfwng\b"
    r"|\bcyn hynny\b)"
    r"|\bmewn argyfwng\b",
    re.IGNORECASE,
)
# Words that make even a conditional sentence a hand-over or a refusal; a condition that
# is NOT urgent ("if it is not urgent", "non-urgent", "isn't an emergency") sends away the
# very needs the practice must take.
_SENDS_AWAY = re.compile(
    r"\binstead\b|\brather than\b|\bnot (?:able|suitable|appropriate)\b"
    r"|\bnon[\s-]?(?:urgent|emergency)\b"
    r"|\b(?:not|isn't|is not|aren't|are not)\s+(?:an?\s+)?(?:urgent|emergency)\b"
    r"|\bunable to (?:help|deal|take|accept)\b"
    r"|\b(?:can ?not|can't|cannot|do not|don't|will not|won't)"
    r" (?:help|deal|take|accept|handle|process)\b"
    r"|\bpassed (?:on|your request) to\b|\bforwarded\b|\btransferred\b"
    # Welsh: "yn lle (hynny)" (instead), "yn hytrach" (rather).
    r"|\byn lle\b|\byn hytrach\b",
    re.IGNORECASE,
)


def mentions_111(text: str) -> bool:
    """Whether `text` points the reader to NHS 111 (not merely contains the digits 111)."""
    return _MENTIONS_111.search(text) is not None


def sends_to_111(text: str) -> bool:
    """Whether `text` sends the patient to NHS 111 rather than offering it as a safety net.

    True when some sentence points to NHS 111 without a condition of worsening or
    urgency, or with words that hand the need over ("instead", "we cannot deal with").
    """
    for sentence in sentences(text):
        if not mentions_111(sentence):
            continue
        if _SENDS_AWAY.search(sentence) or not _CONDITION.search(sentence):
            return True
    return False
