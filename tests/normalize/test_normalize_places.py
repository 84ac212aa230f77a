"""Places: provinces by name/variant/code, cities, prisons with aliases and renames."""

from __future__ import annotations

import pytest

from paymaan.normalize.places import city, place_table, prison, province, province_code


def test_tables_are_complete_and_consistent() -> None:
    provinces = place_table("province")
    assert sorted(provinces) == [f"IR-{i:02d}" for i in range(31)]
    cities = place_table("city")
    assert 60 <= len(cities) <= 120
    assert {c.province for c in cities.values()} == set(provinces)  # every province has a city
    for prison_ in place_table("prison").values():
        assert prison_.city in cities, prison_.id
        assert cities[prison_.city].province == prison_.province, prison_.id


@pytest.mark.parametrize("kind", ["province", "city", "prison"])
def test_every_listed_name_finds_its_own_place(kind: str) -> None:
    lookup = {"province": province, "city": city, "prison": prison}[kind]
    for place in place_table(kind).values():  # type: ignore[arg-type]
        for label in (place.en, place.fa, *place.aliases):
            found = lookup(label)
            assert found is not None and found.id == place.id, (label, found)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Tehran", "IR-23"),
        ("تهران", "IR-23"),
        ("استان تهران", "IR-23"),
        ("Tehran Province", "IR-23"),
        ("IR-23", "IR-23"),
        ("ir 30", "IR-30"),
        ("Alborz", "IR-30"),
        ("Sistan and Baluchestan", "IR-11"),
        ("Sistan-Baluchestan", "IR-11"),
        ("سیستان و بلوچستان", "IR-11"),
        ("سيستان وبلوچستان", "IR-11"),  # Arabic yeh, no space after و
        ("Kurdistan", "IR-12"),
        ("كردستان", "IR-12"),  # Arabic kaf
        ("West Azerbaijan", "IR-04"),
        ("آذربايجان غربي", "IR-04"),
        ("آذربایجان‌غربی", "IR-04"),
        ("Khorāsān-e Raẕavī", "IR-09"),  # ISO 3166-2 name (pycountry)
        ("Chahar Mahal & Bakhtiari", "IR-14"),
        ("Kohgiluyeh va Boyer-Ahmad", "IR-17"),
        ("Mazendaran", "IR-02"),
        ("Atlantis", None),
        ("IR-31", None),
        ("", None),
        (None, None),
    ],
)
def test_province_code(text: str | None, code: str | None) -> None:
    assert province_code(text) == code


@pytest.mark.parametrize(
    ("text", "city_id", "code"),
    [
        ("Karaj", "karaj", "IR-30"),
        ("كرج", "karaj", "IR-30"),
        ("Orumiyeh", "urmia", "IR-04"),
        ("ارومیه", "urmia", "IR-04"),
        ("Bandar-e Abbas", "bandar_abbas", "IR-22"),
        ("بندر عباس", "bandar_abbas", "IR-22"),
        ("Saqez", "saqqez", "IR-12"),
        ("خرم آباد", "khorramabad", "IR-15"),
    ],
)
def test_city(text: str, city_id: str, code: str) -> None:
    found = city(text)
    assert found is not None and (found.id, found.province) == (city_id, code)


def test_unknown_places_are_not_guessed() -> None:
    assert city("Paris") is None
    assert city("Springfield") is None
    assert prison("Lakan prison in Rasht") is None
    assert prison("Ghezel Ozan") is None
    assert prison("زندان") is None


@pytest.mark.parametrize(
    ("text", "prison_id"),
    [
        ("Gohardasht", "rajaei_shahr"),
        ("Gohardasht Prison", "rajaei_shahr"),
        ("زندان گوهردشت", "rajaei_shahr"),
        ("Rajaei Shahr prison", "rajaei_shahr"),
        ("Rajai Shahr", "rajaei_shahr"),
        ("زندان رجائی شهر", "rajaei_shahr"),
        ("زندان رجايي‌شهر", "rajaei_shahr"),
        ("Qezel Hesar", "qezel_hesar"),
        ("Ghezel Hesar Prison", "qezel_hesar"),
        ("قزل‌حصار", "qezel_hesar"),
        ("Ghezel Hessar", "qezel_hesar"),
        ("Evin", "evin"),
        ("زندان اوين", "evin"),
        ("Fashafouyeh", "great_tehran"),
        ("Great Tehran Prison", "great_tehran"),
        ("Qarchak Women's Prison", "qarchak"),
        ("Vakil-Abad", "vakilabad"),
        ("Adelabad prison of Shiraz", "adelabad"),
        ("Isfahan Central Prison", "dastgerd"),
        ("Central Prison of Isfahan", "dastgerd"),
        ("Dastgerd", "dastgerd"),
        ("Urmia Central Prison", "urmia_central"),
        ("زندان مرکزی زاهدان", "zahedan_central"),
        ("Dizel Abad", "dizelabad"),
        ("Lakan", "lakan"),
        ("Sepidar", "sepidar"),
    ],
)
def test_prison_aliases_and_renames(text: str, prison_id: str) -> None:
    found = prison(text)
    assert found is not None and found.id == prison_id


def test_prison_records_renames_and_closures() -> None:
    rajaei = prison("Gohardasht")
    assert rajaei is not None
    assert rajaei.renamed_from == ("Gohardasht",) and rajaei.status is not None
    assert rajaei.city == "karaj" and rajaei.province == "IR-30"
    assert prison("Qezel Hesar") != rajaei  # the prison its inmates were moved to is another place
