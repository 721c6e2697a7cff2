"""The tone and plain-language checks, as tables, and the plain-language check measured on
two corpora (tests/data/; figures: ``pytest tests/test_checks.py -s -k corpora``)."""

import pytest

from plans.checks import (
    CLEARANCE_TERMS,
    JARGON_TERMS,
    TERMS,
    clearance_findings,
    jargon_findings,
    plain_language_findings,
    tone_findings,
)
from tests.helpers.corpora import measure, sentences


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("I submitted an application and it was buried.", "blaming", "buried"),
        ("I never heard back after my interview.", "blaming", "never heard back"),
        ("I haven't heard anything since we spoke.", "blaming", "haven't heard anything"),
        ("It seems my emails were ignored.", "blaming", "ignored"),
        ("You said you would call me by Friday.", "blaming", "You said you would"),
        ("This process has been unprofessional.", "angry", "unprofessional"),
        ("Frankly this is ridiculous.", "angry", "ridiculous"),
        ("I'm frustrated by the delay.", "angry", "frustrated"),
        ("I demand an answer.", "demanding", "I demand"),
        ("Please reply ASAP.", "demanding", "ASAP"),
        ("You need to let me know by Monday.", "demanding", "You need to let"),
        ("I really need this job.", "desperate", "I really need this job"),
        ("I'll do anything to join your team.", "desperate", "I'll do anything"),
        ("Please, please get back to me.", "desperate", "Please, please"),
        ("I deserve this position.", "entitled", "I deserve"),
        ("I am obviously the best candidate.", "entitled", "obviously the best candidate"),
        ("You owe me a reply.", "entitled", "You owe me"),
        ("PLEASE respond to me.", "shouting", "PLEASE"),
        ("CALL ME BACK today.", "shouting", "CALL ME BACK"),
        ("I am so excited!!!", "shouting", "!!!"),
    ],
)
def test_tone_check_flags_what_would_hurt(text, kind, found):
    findings = tone_findings(text)
    assert (kind, found.lower()) in {(f.kind, f.text.lower()) for f in findings}
    assert all(f.suggestion for f in findings)


@pytest.mark.parametrize(
    "text",
    [
        "I look forward to hearing from you.",
        "Thank you again for your time on Tuesday. I remain very interested in the role.",
        "I know this is a busy time; I'd welcome any news on the timeline.",
        "I hold an OSHA 30 card and an HVAC certification.",
        "Could you let me know whether there is anything else I can send?",
        "I led a team of 12 and kept a $4M inventory accurate to 99.8%.",
        "Great to meet you!",
    ],
)
def test_tone_check_leaves_courteous_text_alone(text):
    assert tone_findings(text) == []


def found(text):
    """{text as written: (listed term, suggestion)} for the jargon found in text."""
    return {f.text: (f.term, f.suggestion) for f in jargon_findings(text)}


@pytest.mark.parametrize(
    ("text", "written", "term", "plain"),
    [
        ("I served as NCOIC of the motor pool.", "NCOIC", "NCOIC", "supervisor in charge"),
        ("My MOS was 92Y, unit supply.", "MOS", "MOS", "job specialty"),
        ("My MOS was 92Y, unit supply.", "92Y", "92Y", "supply specialist"),
        ("After my PCS to Texas I kept the same role.", "PCS", "PCS", "relocation"),
        ("I completed a TDY at Fort Moore.", "TDY", "TDY", "temporary work assignment"),
        ("I spent two years OCONUS.", "OCONUS", "OCONUS", "overseas"),
        (
            "I handled mission-essential equipment.",
            "mission-essential",
            "mission essential",
            "critical to operations",
        ),
        ("I rewrote the battalion SOP for convoys.", "SOP", "SOP", "standard procedure"),
        ("I led a platoon of 30.", "platoon", "platoon", "team of about 30"),
        (
            "I briefed the battalion staff weekly.",
            "battalion",
            "battalion",
            "organization of about 500 people",
        ),
        ("Our ops tempo was high.", "ops tempo", "ops tempo", "workload"),
        ("My NCOER ratings were top block.", "NCOER", "NCOER", "performance review"),
        ("BLUF: I can start in June.", "BLUF", "BLUF", "in short"),
        ("Report at 0800.", "0800", "0800", "8 a.m."),
        ("Attached is my DD-214.", "DD-214", "DD 214", "discharge record"),
        ("I was the company CO.", "CO", "CO", "senior manager"),
        ("I ran the S-3 shop.", "S-3", "S-3", "operations department"),
        ("I worked in the battalion S3.", "S3", "S-3", "operations department"),
        ("I worked in the BN S4 shop.", "BN", "BN", "organization of about 500 people"),
        ("I planned for the whole BDE.", "BDE", "BDE", "organization of several thousand people"),
        ("I led the PLT on the range.", "PLT", "PLT", "team of about 30"),
        ("I supervised PMCS daily.", "PMCS", "PMCS", "preventive maintenance checks"),
        ("I signed a hand receipt for $2M.", "hand receipt", "hand receipt", "signed equipment record"),
        ("I sent a SITREP hourly.", "SITREP", "SITREP", "status update"),
        ("I enforced OPSEC.", "OPSEC", "OPSEC", "information security"),
        ("As an E-5 I led four people.", "E-5", "E-5", "not a pay grade"),
        ("As an O-3 I led 150 people.", "O-3", "O-3", "not a pay grade"),
        ("I was promoted to SFC.", "SFC", "SFC", "senior team supervisor"),
        ("As a GySgt I trained recruits.", "GySgt", "GySgt", "senior supervisor"),
        ("As a PO1 I led the watch.", "PO1", "PO1", "petty officer"),
        ("I retired as an LTC.", "LTC", "LTC", "senior manager"),
        ("As a CPT I led a company.", "CPT", "CPT", "manager"),
        ("I was an 11B.", "11B", "11B", "infantry"),
        ("My AFSC was 3D0X2.", "3D0X2", "3D0X2", "network and systems administrator"),
        ("I worked as a 1N0X1.", "1N0X1", "1N0X1", "intelligence analyst"),
        ("I was an IT2 on a cruiser.", "IT2", "IT1-3", "IT technician"),
        ("I worked on a remote FOB.", "FOB", "FOB", "base"),
        ("I ran POV inspections.", "POV", "POV", "personal vehicle"),
        ("We briefed the ROE daily.", "ROE", "ROE", "rules"),
        ("While in-theater I ran supply.", "in-theater", "theater", "overseas"),
        ("I took roll at morning muster.", "morning muster", "muster", "gather"),
        ("I ran the intel shop.", "intel", "intel", "intelligence"),
    ],
)
def test_plain_language_check_spots_military_terms(text, written, term, plain):
    findings = found(text)
    assert written in findings, findings
    assert findings[written][0] == term
    assert plain in findings[written][1]


@pytest.mark.parametrize(
    ("text", "written"),
    [
        # Plurals and spellings.
        ("I wrote the battalion SOPs.", "SOPs"),
        ("As NCOIC I wrote the SOP for my platoon.", "SOP"),
        ("I led six NCOs.", "NCOs"),
        ("I can send my DD 214.", "DD 214"),
        ("I can send my DD-214.", "DD-214"),
        ("I can send my DD214.", "DD214"),
        ("I can send my DD Form 214.", "DD Form 214"),
        ("I served in the S-3 section.", "S-3"),
        ("I served in the S3 section.", "S3"),
        ("I worked in the G-3 shop.", "G-3"),
        ("I worked in the J4 section.", "J4"),
        ("As an E5 I ran a team.", "E5"),
        ("I led five 68Ws.", "68Ws"),
        ("I trained new BM3s.", "BM3s"),
        ("I PCS'd three times.", "PCS'd"),
        ("I sent sitreps daily.", "sitreps"),
        ("I wrote OPORDs and FRAGOs.", "OPORDs"),
        ("I wrote OPORDs and FRAGOs.", "FRAGOs"),
        ("I managed three sub-hand receipts.", "sub-hand receipts"),
        ("We started at oh-dark-thirty.", "oh-dark-thirty"),
        ("The shift ended at 1700 hours.", "1700 hours"),
        ("I was a 92Y30.", "92Y30"),
    ],
)
def test_plurals_and_variants_are_found(text, written):
    assert written in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "I look forward to hearing from you.",
        "I managed a team of 12 and the budget for our warehouse.",
        "Your company's mission resonates with me.",
        "I have a commercial driver's license and forklift certification.",
        "Thank you for the conversation about the role.",
        # Colorado and carbon monoxide are not a commanding officer.
        "Dana Brooks\nDenver, CO 80202",
        "I live in Colorado Springs, CO.",
        "I installed CO detectors in every unit.",
        # Civilian words and homonyms.
        "The plan will pass muster with the auditors.",
        "We saw a play at the community theater.",
        "My laptop has an Intel Core i7.",
        "I updated our lab SOPs to meet FDA requirements.",
        "I wrote the SOP for my team's new scanner.",
        "All prices are quoted FOB destination.",
        "From my POV, the new layout saves time.",
        "The company's ROE improved to 15% last year.",
        "Our mission-critical systems stayed online.",
        "I stored the backups in Amazon S3.",
        "I set up an S3 bucket for the team.",
        "I tested it on a Galaxy S6.",
        "I worked as a W-2 employee.",
        "She moved here on an O-1 visa.",
        "As a CSM I kept 80 accounts happy.",
        "I used CPT codes to bill each visit.",
        "I managed an LTC facility.",
        "I built the site with an SSG like Hugo.",
        "Our CPL fell by 30%.",
        "We shipped 500 PCS of each part.",
        "I took the GRE through ETS in 2015.",
        "I worked there from 1999 to 2004.",
        "By 2020 we had doubled our client base.",
        "Call me at (303) 555 0142.",
        "Our unit is in Apt 12B.",
        "We raised $80K and grew revenue to $12B.",
        "The fire brigade visited our school.",
        "I configured Intel Xeon E5 servers.",
        # A rank written as a title before a name is a name: the greeting's business, not jargon.
        "SGM (Ret) Dana Brooks",
        "I worked for CPT Jones for two years.",
    ],
)
def test_plain_language_check_has_no_false_alarms_on_civilian_text(text):
    assert plain_language_findings(text) == []


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("I hold an active TS/SCI.", "TS/SCI"),
        ("I hold a TS/SCI with CI poly.", "TS/SCI with CI poly"),
        ("I hold a Top Secret clearance.", "Top Secret clearance"),
        ("I hold an active Secret clearance.", "active Secret clearance"),
        ("I passed a full-scope polygraph.", "full-scope polygraph"),
        ("I hold an active Public Trust.", "Public Trust"),
        ("I held a security clearance for ten years.", "security clearance"),
        ("My SF-86 is current.", "SF-86"),
    ],
)
def test_clearance_terms_are_a_note_to_keep_never_jargon(text, written):
    assert jargon_findings(text) == []
    notes = {f.text: f for f in clearance_findings(text)}
    assert written in notes, notes
    assert notes[written].kind == "clearance"
    assert "defense and government employers" in notes[written].suggestion
    assert "Try" not in notes[written].suggestion


def test_the_term_list_is_long_and_every_term_has_a_civilian_alternative():
    assert len(TERMS) >= 150
    assert len({term.name for term in TERMS}) == len(TERMS), "each term is listed once"
    assert all(term.alternative.strip() for term in TERMS)
    assert {term.name: term.alternative for term in TERMS} == JARGON_TERMS
    assert not {term.name for term in TERMS} & {term.name for term in CLEARANCE_TERMS}


def test_a_longer_phrase_is_reported_once_not_in_pieces():
    findings = jargon_findings("mission-essential work")
    assert [f.text for f in findings] == ["mission-essential"]


def test_corpora_civilian_gives_no_finding_and_military_finds_every_listed_term():
    figures = measure()
    print("\n" + figures.report())
    assert figures.civilian >= 300 and figures.military >= 300
    assert figures.false_positives == [], figures.false_positives
    assert figures.terms_missed == [], f"listed terms no military sentence finds: {figures.terms_missed}"
    assert figures.missed_sentences == [], figures.missed_sentences
    assert figures.precision == 1.0 and figures.term_recall == 1.0


def test_corpora_civilian_sentences_give_no_note_of_any_kind():
    noted = [(s, [f.text for f in plain_language_findings(s)]) for s in sentences("civilian")]
    assert [item for item in noted if item[1]] == []


def test_corpora_measurement_can_fail():
    # Guards the measurement: a civilian line with a listed term would be counted against the check.
    assert jargon_findings(sentences("military")[0]), "the first military sentence is found"
    assert not jargon_findings(sentences("civilian")[0])
