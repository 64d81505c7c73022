# ruff: noqa: RUF001 - the patients' own scripts: their letters and punctuation are the point.
"""Non-urgent needs written the way patients in England write them: many scripts and shapes.

Each entry is something general practice handles in core hours (a cough, a rash, a
repeat prescription, a sick note, a question about a result), none of it urgent. The
languages are among those most spoken in England after English (Polish, Romanian,
Punjabi, Urdu, Portuguese, Spanish, Arabic, Bengali, Gujarati, Italian, Chinese,
Turkish, Tamil, Lithuanian, Somali, Russian, Ukrainian, Pashto, Farsi, Tigrinya,
Greek, Hindi), in their own scripts, and English in shapes a keyword or length rule
trips on: one word, capitals only, text speak, emoji, mixed scripts, a long history,
strong words (terrible, awful, can't cope) about something minor.
A tool that judges urgency by the script, the language, the length or a keyword sends
some of them to NHS 111 (AV-111-01).
"""

from __future__ import annotations

from gponline_sdk.models import RequestCategory

__all__ = ["SCRIPTS"]

_S = RequestCategory.DESCRIBE_SYMPTOMS
_A = RequestCategory.SEEK_HEALTH_ADVICE
_C = RequestCategory.CLINICAL_REQUEST

SCRIPTS: tuple[tuple[RequestCategory, str, str], ...] = (
    (_S, "Arabic", "أعاني من سعال خفيف منذ أسبوع، ولا توجد أعراض أخرى. هل يمكن أن يتصل بي الطبيب؟"),
    (_C, "Urdu", "مجھے اپنی بلڈ پریشر کی گولیوں کا دوبارہ نسخہ چاہیے۔ شکریہ"),
    (_S, "Bengali", "আমার হাতে একটা ফুসকুড়ি হয়েছে, চুলকায় না, ছড়াচ্ছেও না। ডাক্তার দেখাতে চাই।"),
    (_A, "Punjabi (Gurmukhi)", "ਮੇਰੇ ਬੇਟੇ ਨੂੰ ਦੋ ਦਿਨਾਂ ਤੋਂ ਹਲਕਾ ਬੁਖਾਰ ਹੈ, ਉਹ ਖਾ ਪੀ ਰਿਹਾ ਹੈ। ਸਲਾਹ ਚਾਹੀਦੀ ਹੈ।"),
    (_C, "Gujarati", "મને મારી ડાયાબિટીસની દવાની સમીક્ષા જોઈએ છે. આભાર."),
    (_S, "Hindi", "सीढ़ियाँ चढ़ते समय एक महीने से घुटने में दर्द है।"),
    (_A, "Tamil", "என் இரத்த பரிசோதனை முடிவுகள் பற்றி கேட்க விரும்புகிறேன்."),
    (_S, "Chinese", "我咳嗽一个星期了，没有发烧，想请医生看一下。"),
    (_C, "Chinese (traditional)", "請問可以開我平常用的哮喘吸入器嗎？謝謝。"),
    (_S, "Russian", "Уже неделю болит поясница после работы в саду. Хочу записаться к врачу."),
    (_A, "Ukrainian", "Чи потрібно мені робити щеплення від грипу цього року? Мені 67 років."),
    (_C, "Greek", "Χρειάζομαι βεβαίωση ασθενείας για την εργασία μου, ήμουν άρρωστος τρεις μέρες."),
    (_S, "Farsi", "چند روز است که گلویم کمی درد می‌کند. تب ندارم."),
    (_A, "Pashto", "زه غواړم د خپلې ماشوم د واکسینونو په اړه پوښتنه وکړم."),
    (_S, "Tigrinya", "ንሓደ ሰሙን ሰዓል ኣለኒ፣ ካልእ ምልክት የብለይን።"),
    (_C, "Polish", "Proszę o receptę na moje leki na tarczycę (Euthyrox 50 µg). Dziękuję."),
    (_S, "Romanian", "Am o erupție pe braț de câteva zile, nu mă mănâncă și nu se extinde."),
    (_S, "Lithuanian", "Jau savaitę kosėju, temperatūros nėra. Norėčiau pasitarti su gydytoju."),
    (_A, "Turkish", "Kızımın kulağı iki gündür hafif ağrıyor, ateşi yok. Ne yapmalıyım?"),
    (_S, "Somali", "Waxaan qabaa qufac yar toddobaad, ma jiro qandho. Dhakhtar ayaan rabaa."),
    (_C, "Portuguese", "Preciso de uma consulta para rever a minha medicação para a tensão."),
    (_S, "one word", "rash"),
    (_S, "capitals", "COUGH FOR 2 WEEKS NOT GETTING BETTER PLEASE CAN SOMEONE CALL ME BACK"),
    (
        _A,
        "text speak and emoji",
        "hi, sore throat 4 days 😷 no temp, eating ok. need 2 see some1? thx",
    ),
    (_S, "mixed scripts", "Doctor, میرے پاؤں میں درد ہے since last Monday, no swelling. شکریہ"),
    (
        _C,
        "strong words about a minor problem",
        (
            "My eczema is terrible this month and the itching is awful, horrible at night, "
            "I can't cope with it. Not urgent: can I have the cream again please?"
        ),
    ),
    # (2.11.0) Welsh, which some patients of practices near the border write in.
    (
        _C,
        "Welsh",
        "Dwi angen presgripsiwn newydd ar gyfer fy anadlydd asthma, os gwelwch yn dda. Diolch.",
    ),
    (_C, "numbers and dates", "BP 142/91, 138/88, 140/90 since 01/11 - nurse said send them in"),
    (
        _S,
        "a long history",
        "I have had tiredness on and off since the summer. " * 60
        + "Nothing sudden, I just want it looked at.",
    ),
)
"""(category, what it is, the patient's words): every one non-urgent, for core hours."""
