"""Words, numbers and dates of a report in English and Persian.

The Persian edition writes numbers with Persian digits (۰–۹), the Arabic thousands
separator (٬, U+066C) and decimal separator (٫, U+066B), and gives every date in the
Solar Hijri (Jalali) calendar with the Gregorian date beside it. Nothing here reads the
clock or the locale: every date comes from the caller (the run's timestamp), so the
same input always gives the same text.

Example:
    >>> format_number(1234, "fa")
    '۱٬۲۳۴'
    >>> format_date(date(2025, 4, 18), "fa")
    '۲۹ فروردین ۱۴۰۴ (۲۰۲۵/۰۴/۱۸)'
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Final, Literal

import jdatetime

from paymaan.normalize.dates import JALALI_MONTH_NAMES_FA

__all__ = [
    "LANGS",
    "Lang",
    "format_date",
    "format_datetime",
    "format_interval",
    "format_number",
    "format_percent",
    "jalali_date",
    "label",
    "label_keys",
    "to_persian_digits",
]

Lang = Literal["en", "fa"]
LANGS: Final[tuple[Lang, ...]] = ("en", "fa")

_PERSIAN_DIGITS: Final = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_JALALI_MONTHS_FA: Final = JALALI_MONTH_NAMES_FA
_JALALI_MONTHS_EN: Final = (
    "Farvardin",
    "Ordibehesht",
    "Khordad",
    "Tir",
    "Mordad",
    "Shahrivar",
    "Mehr",
    "Aban",
    "Azar",
    "Dey",
    "Bahman",
    "Esfand",
)

# Every word a report prints that does not come from the input. Keys are stable; a
# test checks both languages carry the same keys.
_LABELS: Final[dict[str, dict[Lang, str]]] = {
    "report_title": {"en": "Verification report", "fa": "گزارش راستی‌آزمایی"},
    "agreement": {"en": "Agreement", "fa": "توافق"},
    "effective": {"en": "In force since", "fa": "لازم‌الاجرا از"},
    "run": {"en": "Run", "fa": "اجرا"},
    "as_of": {"en": "Data as of", "fa": "داده‌ها تا"},
    "software": {"en": "Software", "fa": "نرم‌افزار"},
    "edition_public": {
        "en": "Public edition: no identifying details except for cases marked public; "
        "small counts are suppressed in the data package.",
        "fa": "نسخهٔ عمومی: هیچ جزئیات هویتی جز برای پرونده‌های علامت‌خورده به‌عنوان عمومی "
        "منتشر نمی‌شود؛ شمارهای کوچک در بستهٔ داده پنهان شده‌اند.",
    },
    "edition_internal": {
        "en": "Internal edition: lists case identifiers. Do not publish.",
        "fa": "نسخهٔ داخلی: شناسهٔ پرونده‌ها را فهرست می‌کند. منتشر نکنید.",
    },
    "summary": {"en": "Summary", "fa": "خلاصه"},
    "commitment": {"en": "Commitment", "fa": "تعهد"},
    "indicator": {"en": "Indicator", "fa": "شاخص"},
    "latest_period": {"en": "Latest period", "fa": "آخرین دوره"},
    "status": {"en": "Status", "fa": "وضعیت"},
    "periods_by_status": {"en": "Periods by status", "fa": "دوره‌ها بر پایهٔ وضعیت"},
    "summary_rule": {
        "en": "A commitment is met only when every indicator is met in its latest period; "
        "it is not met when any indicator is not met; otherwise it cannot be verified "
        "when any indicator cannot be verified, and is pending when any is pending.",
        "fa": "یک تعهد تنها زمانی محقق شده است که همهٔ شاخص‌هایش در آخرین دوره محقق شده "
        "باشند؛ اگر یکی محقق نشده باشد، تعهد محقق نشده است؛ وگرنه اگر یکی قابل "
        "راستی‌آزمایی نباشد، تعهد قابل راستی‌آزمایی نیست، و اگر یکی در انتظار باشد، "
        "تعهد در انتظار است.",
    },
    "met": {"en": "met", "fa": "محقق شده"},
    "not_met": {"en": "not met", "fa": "محقق نشده"},
    "cannot_verify": {"en": "cannot verify", "fa": "قابل راستی‌آزمایی نیست"},
    "pending": {"en": "pending", "fa": "در انتظار"},
    "findings": {"en": "Findings by commitment", "fa": "یافته‌ها بر پایهٔ تعهد"},
    "period": {"en": "Period", "fa": "دوره"},
    "documented": {"en": "Documented (at least)", "fa": "مستند (دست‌کم)"},
    "estimate": {"en": "Estimate", "fa": "برآورد"},
    "interval": {"en": "95% interval", "fa": "بازهٔ ۹۵٪"},
    "coverage": {"en": "Coverage", "fa": "پوشش"},
    "reason": {"en": "Reason", "fa": "دلیل"},
    "target": {"en": "Target", "fa": "هدف"},
    "legend_bars": {
        "en": "Bars: cases documented by the sources (a lower bound).",
        "fa": "ستون‌ها: پرونده‌های مستند منابع (کران پایین).",
    },
    "legend_band": {
        "en": "Band and line: estimated total and its 95% interval, where one can be made.",
        "fa": "نوار و خط: برآورد کل و بازهٔ ۹۵٪ آن، هر جا برآورد ممکن بود.",
    },
    "not_verified": {"en": "What could not be verified", "fa": "آنچه راستی‌آزمایی نشد"},
    "nothing_unverified": {
        "en": "Nothing: every figure above rests on the documented cases shown.",
        "fa": "هیچ: هر رقم بالا بر پرونده‌های مستند نشان‌داده‌شده استوار است.",
    },
    "gap_pending_cases": {
        "en": "{n} case(s) await a reviewer's decision and are not counted.",
        "fa": "{n} پرونده در انتظار تصمیم بازبین است و شمرده نشده است.",
    },
    "gap_no_estimate": {
        "en": "No estimate of the undocumented total could be made for this period.",
        "fa": "برای این دوره برآوردی از موارد مستندنشده ممکن نبود.",
    },
    "gap_low_coverage": {
        "en": "The sources cover only {pct} of what this indicator is about in this period.",
        "fa": "منابع تنها {pct} از قلمرو این شاخص را در این دوره پوشش می‌دهند.",
    },
    "named_cases": {"en": "Cases named with consent", "fa": "پرونده‌های نام‌برده با رضایت"},
    "case_ids": {"en": "Case identifiers behind the count", "fa": "شناسهٔ پرونده‌های شمرده‌شده"},
    "no_assessment": {
        "en": "No assessment for this indicator in this run.",
        "fa": "در این اجرا ارزیابی‌ای برای این شاخص نیست.",
    },
    "methodology": {"en": "Methodology of this run", "fa": "روش‌شناسی این اجرا"},
    "sources": {"en": "Sources", "fa": "منابع"},
    "source": {"en": "Source", "fa": "منبع"},
    "rows_accepted": {"en": "Rows accepted", "fa": "ردیف‌های پذیرفته"},
    "rows_quarantined": {"en": "Rows quarantined", "fa": "ردیف‌های قرنطینه‌شده"},
    "submissions": {"en": "Submissions", "fa": "ارسال‌ها"},
    "anonymous_note": {
        "en": "Sources that asked for anonymity appear under an alias.",
        "fa": "منابعی که خواستار ناشناس ماندن بودند با نام مستعار آمده‌اند.",
    },
    "linkage": {"en": "Record linkage and its measured quality", "fa": "پیوند سوابق و کیفیت آن"},
    "no_linkage_quality": {
        "en": "No measurement of linkage quality was recorded for this run.",
        "fa": "برای این اجرا سنجشی از کیفیت پیوند ثبت نشده است.",
    },
    "estimation": {"en": "Estimation methods and diagnostics", "fa": "روش‌های برآورد و تشخیص"},
    "no_estimation": {
        "en": "No estimates were made in this run.",
        "fa": "در این اجرا برآوردی انجام نشد.",
    },
    "evidence_rules": {"en": "Evidence rules", "fa": "قواعد شواهد"},
    "metric": {"en": "Measure", "fa": "سنجه"},
    "value": {"en": "Value", "fa": "مقدار"},
    "changes": {"en": "Changes since the previous report", "fa": "تغییرات از گزارش پیشین"},
    "no_previous": {
        "en": "This is the first report: there is nothing to compare with.",
        "fa": "این نخستین گزارش است: چیزی برای مقایسه نیست.",
    },
    "no_changes": {
        "en": "No figure or status changed.",
        "fa": "هیچ رقم یا وضعیتی تغییر نکرد.",
    },
    "previous_report": {"en": "Previous report", "fa": "گزارش پیشین"},
    "change_new": {"en": "new", "fa": "تازه"},
    "change_removed": {"en": "no longer assessed", "fa": "دیگر ارزیابی نشده"},
    "change_status": {"en": "status", "fa": "وضعیت"},
    "change_documented": {"en": "documented", "fa": "مستند"},
    "change_estimate": {"en": "estimate", "fa": "برآورد"},
    "what_changed": {"en": "What changed", "fa": "چه تغییر کرد"},
    "verify_heading": {"en": "Checking this report", "fa": "وارسی این گزارش"},
    "verify_text": {
        "en": "This report, its PDF and its data package are listed with their SHA-256 "
        "hashes in manifest.json, signed with the publisher's Ed25519 key (manifest.sig). "
        "Anyone can check them: paymaan report verify DIR --public-key KEY.pem, with the "
        "key the publisher announces (fingerprint below).",
        "fa": "این گزارش، PDF آن و بستهٔ داده‌اش با چکیدهٔ SHA-256 در manifest.json "
        "فهرست و با کلید Ed25519 ناشر امضا شده‌اند (manifest.sig). هر کسی می‌تواند آن‌ها را "
        "وارسی کند: paymaan report verify DIR --public-key KEY.pem، با کلیدی که ناشر اعلام "
        "می‌کند (اثر انگشت در زیر).",
    },
    "key_fingerprint": {"en": "Key fingerprint", "fa": "اثر انگشت کلید"},
    "audit_head": {"en": "Audit log head", "fa": "سر زنجیرهٔ گزارش ممیزی"},
    "agreement_hash": {"en": "Agreement file SHA-256", "fa": "SHA-256 پروندهٔ توافق"},
    "unsigned": {"en": "unsigned draft", "fa": "پیش‌نویس امضانشده"},
    "other_edition": {"en": "فارسی", "fa": "English"},
    "data_package": {"en": "Data package", "fa": "بستهٔ داده"},
    "data_package_text": {
        "en": "Every figure can be recomputed from the CSV tables in data/, described by "
        "data/datapackage.json.",
        "fa": "هر رقم را می‌توان از جدول‌های CSV در پوشهٔ data/ دوباره محاسبه کرد؛ "
        "data/datapackage.json آن‌ها را توصیف می‌کند.",
    },
    "dash": {"en": "–", "fa": "–"},
}


def label(key: str, lang: Lang) -> str:
    """Return the report's word for *key* in *lang*.

    Args:
        key: a label key (see ``_LABELS``), e.g. ``"met"``.
        lang: ``"en"`` or ``"fa"``.

    Returns:
        The label text.

    Raises:
        KeyError: for an unknown key (a bug, not a user mistake).

    Example:
        >>> label("not_met", "fa")
        'محقق نشده'
    """
    return _LABELS[key][lang]


def label_keys() -> frozenset[str]:
    """Every label key (for tests that check both languages are complete)."""
    return frozenset(_LABELS)


def to_persian_digits(text: str) -> str:
    """Replace ASCII digits in *text* by Persian digits; other characters are kept.

    Example:
        >>> to_persian_digits("2025-Q2")
        '۲۰۲۵-Q۲'
    """
    return text.translate(_PERSIAN_DIGITS)


def _localize_digits(text: str, lang: Lang) -> str:
    return to_persian_digits(text) if lang == "fa" else text


def format_number(value: float | int | None, lang: Lang, *, decimals: int = 0) -> str:
    """Format a count or figure with grouping, in the edition's digits.

    Args:
        value: the number; ``None`` gives a dash.
        lang: ``"en"`` (``1,234.5``) or ``"fa"`` (``۱٬۲۳۴٫۵``).
        decimals: digits after the decimal point (fixed, so output never depends on
            float noise).

    Returns:
        The formatted number.

    Example:
        >>> format_number(1234.56, "en", decimals=1)
        '1,234.6'
    """
    if value is None:
        return label("dash", lang)
    text = f"{value:,.{decimals}f}"
    if lang == "fa":
        # Swap separators through a placeholder so "," and "." do not collide.
        text = text.replace(",", "\0").replace(".", "٫").replace("\0", "٬")
        text = to_persian_digits(text)
    return text


def format_percent(fraction: float | None, lang: Lang) -> str:
    """Format a share in [0, 1] as a whole percentage (``62%`` / ``۶۲٪``)."""
    if fraction is None:
        return label("dash", lang)
    number = format_number(round(fraction * 100), lang)
    return f"{number}٪" if lang == "fa" else f"{number}%"


def format_interval(lower: float | None, upper: float | None, lang: Lang) -> str:
    """Format an interval ``[lower, upper]``; a dash when either bound is missing."""
    if lower is None or upper is None:
        return label("dash", lang)
    return f"{format_number(lower, lang)}–{format_number(upper, lang)}"


def jalali_date(value: date, lang: Lang) -> str:
    """The Jalali date of a Gregorian *value*: ``29 Farvardin 1404`` / ``۲۹ فروردین ۱۴۰۴``."""
    jalali = jdatetime.date.fromgregorian(date=value)
    months = _JALALI_MONTHS_FA if lang == "fa" else _JALALI_MONTHS_EN
    text = f"{jalali.day} {months[jalali.month - 1]} {jalali.year}"
    return _localize_digits(text, lang)


def format_date(value: date, lang: Lang) -> str:
    """A date in both calendars, the edition's own first.

    English: ``2025-04-18 (29 Farvardin 1404)``; Persian:
    ``۲۹ فروردین ۱۴۰۴ (۲۰۲۵/۰۴/۱۸)``.

    Example:
        >>> format_date(date(2025, 4, 18), "en")
        '2025-04-18 (29 Farvardin 1404)'
    """
    gregorian = value.isoformat()
    if lang == "fa":
        # Slashes, not hyphens: after Arabic letters, Persian digits are "Arabic numbers"
        # to the Unicode bidi algorithm, which keeps "2025/04/18" together but reverses
        # the parts of "2025-04-18" in a right-to-left line.
        return f"{jalali_date(value, 'fa')} ({to_persian_digits(gregorian.replace('-', '/'))})"
    return f"{gregorian} ({jalali_date(value, 'en')})"


def format_datetime(value: datetime, lang: Lang) -> str:
    """A timestamp (UTC) as the date in both calendars and the time of day.

    Example:
        >>> from datetime import timezone
        >>> format_datetime(datetime(2025, 6, 1, 9, 30, tzinfo=timezone.utc), "en")
        '2025-06-01 (11 Khordad 1404) 09:30 UTC'
    """
    clock = _localize_digits(value.strftime("%H:%M"), lang)
    return f"{format_date(value.date(), lang)} {clock} UTC"
