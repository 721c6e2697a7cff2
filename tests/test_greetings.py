"""Greetings handle the names veterans type (issue 13, item 12): a table of names and what a
message to that person should open with, after "Dear" or "Hi"."""

import pytest

from plans.names import suggest_greeting, tidy_greeting

NAMES = [
    # Ranks and retired ranks, every service, with and without periods
    ("SGM (Ret) Dana Brooks", "Dana", "retired-army-sgm"),
    ("LTC Smith", "Colonel Smith", "rank-and-surname-only"),
    ("Lt. Col. Maria Alvarez", "Maria", "lt-col-with-periods"),
    ("Col. (ret.) Maria Alvarez", "Maria", "col-lowercase-retired"),
    ("COL Dana Brooks, USA (Ret.)", "Dana", "service-and-retired-after-comma"),
    ("GySgt Luis Ortega, USMC, Ret.", "Luis", "marine-gunny-retired"),
    ("MSgt Kim Lee", "Kim", "air-force-master-sergeant"),
    ("CMSgt Ray Tran", "Ray", "air-force-chief"),
    ("SrA Jordan Pike", "Jordan", "senior-airman"),
    ("LCpl Eli Park", "Eli", "lance-corporal"),
    ("SgtMaj Aisha Bello", "Aisha", "marine-sergeant-major"),
    ("Sgt. Maj. Aisha Bello", "Aisha", "sergeant-major-with-periods"),
    ("1SG Tom Reyes", "Tom", "first-sergeant"),
    ("CW3 Jin Park", "Jin", "chief-warrant-officer"),
    ("WO1 Park", "Warrant Officer Park", "warrant-officer-and-surname"),
    ("CW4 Park", "Chief Park", "chief-warrant-and-surname"),
    ("PO2 Sam Hill", "Sam", "navy-petty-officer"),
    ("MCPO Rosa Diaz", "Rosa", "master-chief"),
    ("LCDR Shah", "Commander Shah", "lieutenant-commander-and-surname"),
    ("CAPT Anne Cole, USN (Ret.)", "Anne", "navy-captain-retired"),
    ("RADM Grace Hopper", "Grace", "rear-admiral"),
    ("LTJG Ben Ito", "Ben", "navy-ltjg"),
    ("Capt Dev Rao", "Dev", "marine-captain"),
    ("SFC Diaz", "Sergeant Diaz", "sergeant-first-class-and-surname"),
    ("Sergeant Major Brooks", "Sergeant Major Brooks", "spelled-rank-and-surname"),
    ("Master Sgt. Lena Fox", "Lena", "spelled-and-abbreviated"),
    ("E-7 Dana Brooks", "Dana", "pay-grade"),
    ("Dana Brooks SGM", "Dana", "rank-after-the-name"),
    ("Ret. Maj. Omar Haddad", "Omar", "retired-first"),
    ("Maj Gen Smith", "General Smith", "two-word-rank-and-surname"),
    ("PO Chen", "Petty Officer Chen", "capitals-make-it-a-rank"),
    ("ENS Brooks", "Ensign Brooks", "ensign-and-surname"),
    # Honorifics
    ("Mr Smith", "Mr. Smith", "mr-without-period"),
    ("Mrs. Alvarez", "Mrs. Alvarez", "mrs"),
    ("Ms Smith", "Ms. Smith", "ms"),
    ("Miss Chen", "Miss Chen", "miss"),
    ("Mx. Rivera", "Mx. Rivera", "mx"),
    ("Dr. Okafor", "Dr. Okafor", "doctor-and-surname"),
    ("Prof. Lee", "Professor Lee", "professor-and-surname"),
    ("Dr. Amara Okafor", "Amara", "doctor-with-given-name"),
    ("Mr. John Smith", "John", "mr-with-given-name"),
    ("Rev. Brooks", "Reverend Brooks", "reverend-and-surname"),
    ("Hon. Dana Brooks", "Dana", "honorable-dropped"),
    # Suffixes and credentials
    ("Dana Brooks, PMP", "Dana", "credential-after-comma"),
    ("Dana Brooks Jr.", "Dana", "junior"),
    ("Robert Diaz III", "Robert", "roman-numeral"),
    ("Amara Okafor, PhD", "Amara", "phd"),
    ("Lee Park, MD, MBA", "Lee", "two-credentials"),
    ("Jane Doe, Esq.", "Jane", "esquire"),
    ("Dana Brooks, CSSGB, CLTD", "Dana", "credentials-we-do-not-list"),
    # Hyphens, accents, apostrophes
    ("Mary-Kate Smith-Jones", "Mary-Kate", "hyphens"),
    ("José Álvarez", "José", "accent"),
    ("Zoë", "Zoë", "diaeresis-single-name"),
    ("Zoe\u0308 Kim", "Zoë", "combining-accent-normalized"),
    ("Linh Nguyễn", "Linh", "vietnamese-surname"),
    ("D'Angelo O'Brien", "D'Angelo", "apostrophes"),
    ("D\u2019Angelo O\u2019Brien", "D\u2019Angelo", "curly-apostrophes"),
    # Single names, spacing, case, order, empties
    ("Cher", "Cher", "single-given-name"),
    ("Okafor", "Okafor", "single-surname"),
    ("   Dana    Brooks  ", "Dana", "extra-spaces"),
    ("Dana\u00a0Brooks", "Dana", "non-breaking-space"),
    ("DANA BROOKS", "Dana", "all-caps"),
    ("LTC SMITH", "Colonel Smith", "all-caps-rank-and-surname"),
    ("d'angelo o'brien", "D'Angelo", "all-lower-case"),
    ("MARY-KATE O'BRIEN", "Mary-Kate", "all-caps-hyphen"),
    ("JOSÉ", "José", "all-caps-accent"),
    ("Brooks, Dana", "Dana", "surname-first"),
    ('Robert "Bob" Diaz', "Bob", "nickname-in-quotes"),
    ("J. Robert Diaz", "Robert", "leading-initial"),
    ("Dana Brooks (she/her)", "Dana", "pronouns"),
    ("Gen Tanaka", "Gen", "given-name-that-looks-like-a-rank"),
    ("Po Chen", "Po", "another-given-name-like-a-rank"),
    ("A. Diaz", "A. Diaz", "initial-and-surname-kept-whole"),
    ("Dr. A. Diaz", "Dr. Diaz", "title-initial-and-surname"),
    ("", "", "empty"),
    ("   ", "", "blank"),
    ("Mr", "", "title-only"),
    ("SGM (Ret)", "", "rank-only"),
]


@pytest.mark.parametrize(("name", "greeting"), [n[:2] for n in NAMES], ids=[n[2] for n in NAMES])
def test_greeting_suggested_from_the_name(name, greeting):
    assert suggest_greeting(name) == greeting


def test_the_table_is_large_enough_to_mean_something():
    assert len(NAMES) >= 30
    assert len({n[2] for n in NAMES}) == len(NAMES), "each case has its own id"


MILITARY_ABBREVIATIONS = {
    "sgm",
    "ltc",
    "lt",
    "col",
    "cw4",
    "msgt",
    "gysgt",
    "sfc",
    "ret",
    "usmc",
    "usa",
    "e-7",
}
BARE_TITLES = {"mr", "mrs", "ms", "mx", "miss", "dr", "prof"}


@pytest.mark.parametrize("name", [n[0] for n in NAMES], ids=[n[2] for n in NAMES])
def test_no_greeting_holds_an_abbreviated_rank_or_a_bare_title(name):
    """ "Dear SGM," and "Dear Mr," are what the first version wrote."""
    words = suggest_greeting(name).split()
    assert not any(w.strip(".,()").casefold() in MILITARY_ABBREVIATIONS for w in words)
    assert len(words) != 1 or words[0].rstrip(".").casefold() not in BARE_TITLES


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Dear Dana,", "Dana"),
        ("Hi Dana", "Dana"),
        ("  Sergeant Major   Brooks ", "Sergeant Major Brooks"),
        ("Dana", "Dana"),
        ("Dearborn", "Dearborn"),
        ("", ""),
    ],
)
def test_a_typed_greeting_loses_only_the_salutation_the_draft_adds(typed, kept):
    assert tidy_greeting(typed) == kept
