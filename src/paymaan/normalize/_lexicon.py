"""The name lexicon: Persian spelling -> canonical Latin spelling, and compound components.

Two layers: a small built-in list (below) so that romanization works from a bare
install, and the synthetic-data engineers' ``data/names/given_names.csv`` (columns
``fa,latin,sex,weight``) and ``data/names/surnames.csv`` (``fa,latin,weight``) when they
ship. Files override the built-in list; for a Persian spelling listed twice the heaviest
row wins. Everything is loaded on first use and cached.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from paymaan.normalize.text import fold

__all__ = ["AFFIXES", "COMPONENTS", "HONORIFICS", "Lexicon", "default_lexicon"]

# Parts that Persian compound names are built from, with the Latin spellings met in
# monitors' files (canonical first). Used to split joined compounds in both scripts:
# محمدرضا / Mohammadreza / Mohamadreza -> محمد + رضا / mohammad + reza.
COMPONENTS: dict[str, tuple[str, ...]] = {
    "محمد": ("mohammad", "mohamad", "muhammad", "mohammed", "mohamed", "muhamad", "mohammd"),
    "علی": ("ali",),
    "رضا": ("reza", "rida"),
    "حسین": ("hossein", "hosein", "hossain", "husain", "hussein", "hosain", "hussain", "hoseyn"),
    "حسن": ("hassan", "hasan"),
    "مهدی": ("mehdi", "mahdi"),
    "امیر": ("amir",),
    "اکبر": ("akbar",),
    "اصغر": ("asghar", "asgar", "asqar"),
    "غلام": ("gholam", "golam", "qolam", "gholaam"),
    "ابوالفضل": ("abolfazl", "abolfazel", "abulfazl", "abolfazi"),
    "جواد": ("javad", "jawad"),
    "جعفر": ("jafar", "jaafar", "jafer"),
    "صادق": ("sadegh", "sadeq", "sadiq"),
    "باقر": ("bagher", "baqer", "baqir"),
    "تقی": ("taghi", "taqi"),
    "نقی": ("naghi", "naqi"),
    "هادی": ("hadi",),
    "کاظم": ("kazem", "kazim"),
    "ابراهیم": ("ebrahim", "ibrahim"),
    "اسماعیل": ("esmaeil", "esmail", "ismail", "esmaiel"),
    "یوسف": ("yousef", "yusef", "yousof", "yosef", "yusuf"),
    "محمود": ("mahmoud", "mahmood", "mahmud"),
    "مصطفی": ("mostafa", "mustafa"),
    "مرتضی": ("morteza", "mortaza", "murtaza"),
    "مجتبی": ("mojtaba",),
    "حمید": ("hamid",),
    "مجید": ("majid",),
    "سعید": ("saeed", "saeid", "said"),
    "امین": ("amin",),
    "عباس": ("abbas", "abas"),
    "کریم": ("karim",),
    "رحیم": ("rahim",),
    "میر": ("mir",),
    "فاطمه": ("fatemeh", "fateme", "fatima", "fatemah"),
    "زهرا": ("zahra",),
    "زاده": ("zadeh", "zade"),
    "پور": ("pour", "poor", "pur"),
    "نژاد": ("nejad", "nezhad", "nejhad"),
    "نیا": ("nia",),
}

# Components that are parts of names but not given names on their own.
AFFIXES: frozenset[str] = frozenset({"میر", "زاده", "پور", "نژاد", "نیا"})

# Titles that some sources put in the name and others leave out.
HONORIFICS: frozenset[str] = frozenset(
    {
        "سید",
        "سیده",
        "حاج",
        "حاجی",
        "seyed",
        "seyyed",
        "sayed",
        "sayyed",
        "sayyid",
        "seyd",
        "seied",
        "seyedeh",
        "seyyedeh",
        "sayyedeh",
        "haj",
        "hajj",
        "haji",
        "hajji",
    }
)

# Common names outside COMPONENTS: "persian latin" per line.
_BUILTIN_GIVEN = """
احمد ahmad
مرتضی morteza
وحید vahid
امید omid
نوید navid
یعقوب yaghoub
یونس younes
موسی mousa
عیسی isa
داوود davoud
سلیمان soleiman
اسحاق eshagh
یحیی yahya
عبدالله abdollah
عبدالرحمن abdolrahman
عبدالحمید abdolhamid
عبدالرضا abdolreza
روحالله rouhollah
حبیب habib
نصرالله nasrollah
فتحالله fathollah
ذبیحالله zabihollah
اسدالله asadollah
جلال jalal
کمال kamal
جمال jamal
ناصر naser
منصور mansour
محسن mohsen
مسعود masoud
طاها taha
یاسین yasin
سجاد sajjad
میلاد milad
بهروز behrouz
بهزاد behzad
فرهاد farhad
فرشید farshid
کوروش kourosh
داریوش dariush
بابک babak
بیژن bijan
هوشنگ houshang
پرویز parviz
جمشید jamshid
شهرام shahram
کیوان keyvan
آرش arash
آرمان arman
پیمان peyman
پژمان pejman
سامان saman
نیما nima
پویا pouya
پوریا pouria
سینا sina
خسرو khosrow
رامین ramin
کامران kamran
بهمن bahman
صالح saleh
فرزاد farzad
مهرداد mehrdad
قاسم ghasem
هاشم hashem
زانیار zaniar
سهیل soheil
ژیلا jila
شیرین shirin
ژینا jina
مهسا mahsa
نرگس narges
نسرین nasrin
مریم maryam
زینب zeinab
معصومه masoumeh
طاهره tahereh
سکینه sakineh
لیلا leila
سارا sara
نازنین nazanin
نیلوفر niloufar
مهناز mahnaz
شهلا shahla
پروین parvin
فریبا fariba
سمیرا samira
الهام elham
آزاده azadeh
نگار negar
مژگان mozhgan
منیژه manijeh
ژاله zhaleh
زهره zohreh
سمیه somayeh
رقیه roghayeh
ریحانه reyhaneh
سپیده sepideh
نسیم nasim
ناهید nahid
"""

_BUILTIN_SURNAMES = """
حسینی hosseini
محمدی mohammadi
احمدی ahmadi
رضایی rezaei
کریمی karimi
موسوی mousavi
جعفری jafari
رحیمی rahimi
قاسمی ghasemi
صادقی sadeghi
کاظمی kazemi
هاشمی hashemi
رجایی rajaei
روحانی rouhani
خسروی khosravi
عباسی abbasi
نوری nouri
اکبری akbari
حیدری heydari
مرادی moradi
ابراهیمی ebrahimi
سلیمانی soleimani
امینی amini
بهرامی bahrami
نجفی najafi
قربانی ghorbani
یوسفی yousefi
شریفی sharifi
عزیزی azizi
طاهری taheri
باقری bagheri
زارعی zarei
رستمی rostami
نظری nazari
میرزایی mirzaei
صالحی salehi
قادری ghaderi
اسدی asadi
محمودی mahmoudi
پناهی panahi
زمانی zamani
ملکی maleki
نادری naderi
منصوری mansouri
جلالی jalali
اسماعیلی esmaeili
حسینزاده hosseinzadeh
علیزاده alizadeh
حسنزاده hassanzadeh
علیپور alipour
رحمانی rahmani
غلامی gholami
بابایی babaei
امیری amiri
عسگری asgari
خامنهای khamenei
رییسی raisi
مقدم moghadam
ریگی rigi
بلوچ baluch
شهبخش shahbakhsh
نارویی narouei
"""


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Known names: folded Persian spelling -> lower-case Latin, and the known Latin forms.

    Attributes:
        given: given names, Persian -> Latin.
        surnames: surnames, Persian -> Latin.
        given_latin: every known Latin given name (canonical spellings and variants).
        surname_latin: every known Latin surname.
        known_fa: every known Persian spelling (given names and surnames).
    """

    given: dict[str, str]
    surnames: dict[str, str]
    given_latin: frozenset[str]
    surname_latin: frozenset[str]
    known_fa: frozenset[str]

    def latin_of(self, folded_persian: str) -> str | None:
        """The Latin spelling of a folded Persian name, given names first; ``None`` if unknown."""
        found = self.given.get(folded_persian)
        return found if found is not None else self.surnames.get(folded_persian)


def _parse_builtin(block: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for line in block.strip().splitlines():
        fa, latin = line.rsplit(" ", 1)
        pairs[fold(fa) or fa] = latin
    return pairs


def _read_csv(name: str) -> list[dict[str, str]]:
    path = resources.files("paymaan").joinpath("data", "names", name)
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _heaviest(rows: list[dict[str, str]]) -> dict[str, str]:
    """Folded Persian -> lower-case Latin, keeping the heaviest row per Persian spelling."""
    best: dict[str, tuple[float, str]] = {}
    for row in rows:
        fa = fold(row.get("fa") or "") or ""
        latin = (fold(row.get("latin") or "") or "").replace("-", " ")
        if not fa or not latin:
            continue
        try:
            weight = float(row.get("weight") or 0)
        except ValueError:
            weight = 0.0
        if fa not in best or weight > best[fa][0]:
            best[fa] = (weight, latin)
    return {fa: latin for fa, (_, latin) in best.items()}


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """Built-in names plus ``data/names/*.csv`` when present (loaded once, cached).

    Returns:
        The lexicon used by :mod:`paymaan.normalize.names`.

    Example:
        >>> default_lexicon().latin_of("محمد")
        'mohammad'
    """
    given = {fa: variants[0] for fa, variants in COMPONENTS.items() if fa not in AFFIXES}
    given |= _parse_builtin(_BUILTIN_GIVEN)
    given |= _heaviest(_read_csv("given_names.csv"))
    surnames = _parse_builtin(_BUILTIN_SURNAMES)
    surnames |= _heaviest(_read_csv("surnames.csv"))
    given_latin = set(given.values())
    for fa, variants in COMPONENTS.items():
        if fa not in AFFIXES:
            given_latin.update(variants)
    return Lexicon(
        given=given,
        surnames=surnames,
        given_latin=frozenset(given_latin),
        surname_latin=frozenset(surnames.values()),
        known_fa=frozenset(given) | frozenset(surnames),
    )
