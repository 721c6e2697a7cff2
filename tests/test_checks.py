"""The tone and plain-language checks, as tables."""

import pytest

from outreach.checks import JARGON_TERMS, jargon_findings, tone_findings


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


@pytest.mark.parametrize(
    ("text", "term", "plain"),
    [
        ("I served as NCOIC of the motor pool.", "NCOIC", "supervisor in charge"),
        ("My MOS was 92Y, unit supply.", "MOS", "job specialty"),
        ("After my PCS to Texas I kept the same role.", "PCS", "relocation"),
        ("I completed a TDY at Fort Moore.", "TDY", "temporary work assignment"),
        ("I spent two years OCONUS.", "OCONUS", "overseas"),
        ("I handled mission-essential equipment.", "mission-essential", "critical to operations"),
        ("I wrote the SOP for the warehouse.", "SOP", "standard procedure"),
        ("I led a platoon of 30.", "platoon", "team of about 30"),
        ("I briefed the battalion commander weekly.", "battalion", "organization of about 500 people"),
        ("Our ops tempo was high.", "ops tempo", "workload"),
        ("My NCOER ratings were top block.", "NCOER", "performance review"),
        ("BLUF: I can start in June.", "BLUF", "in short"),
        ("Report at 0800.", "0800", "8 a.m."),
        ("Attached is my DD-214.", "DD-214", "discharge record"),
    ],
)
def test_plain_language_check_spots_military_terms(text, term, plain):
    findings = {f.text: f.suggestion for f in jargon_findings(text)}
    assert term in findings
    assert plain in findings[term]


@pytest.mark.parametrize(
    "text",
    [
        "I look forward to hearing from you.",
        "I managed a team of 12 and the budget for our warehouse.",
        "Your company's mission resonates with me.",
        "I have a commercial driver's license and forklift certification.",
        "Thank you for the conversation about the role.",
    ],
)
def test_plain_language_check_has_no_false_alarms_on_civilian_text(text):
    assert jargon_findings(text) == []


def test_the_jargon_list_is_the_projects_own_and_long_enough():
    assert len(JARGON_TERMS) >= 60
    assert all(isinstance(plain, str) for plain in JARGON_TERMS.values())


def test_a_longer_phrase_is_reported_once_not_in_pieces():
    findings = jargon_findings("mission-essential work")
    assert [f.text for f in findings] == ["mission-essential"]
