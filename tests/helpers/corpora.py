"""The plain-language check measured on two corpora kept as test data (tests/data/).

``civilian_sentences.txt``: business sentences (cover letters, follow-ups, thank-you notes,
signatures with US addresses) that must give no finding. ``military_sentences.txt``: sentences
written around the listed military terms; each must give a jargon finding, and together they
must find every listed term.

Print the figures: ``.venv/bin/python -m tests.helpers.corpora``.
"""

from dataclasses import dataclass
from pathlib import Path

from plans.checks import TERMS, plain_language_findings

DATA = Path(__file__).resolve().parent.parent / "data"


def sentences(name: str) -> list[str]:
    """The corpus's sentences: one a line; blank lines and # comments left out."""
    lines = (DATA / f"{name}_sentences.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


@dataclass
class Measure:
    civilian: int  # sentences
    military: int
    false_positives: list[tuple[str, str]]  # (sentence, what was found) in the civilian corpus
    true_positives: int  # jargon findings in the military corpus
    missed_sentences: list[str]  # military sentences with no jargon finding
    terms_found: set[str]
    terms_missed: list[str]  # listed terms found nowhere in the military corpus

    @property
    def precision(self) -> float:
        found = self.true_positives + len(self.false_positives)
        return self.true_positives / found if found else 1.0

    @property
    def sentence_recall(self) -> float:
        return (self.military - len(self.missed_sentences)) / self.military

    @property
    def term_recall(self) -> float:
        return (len(TERMS) - len(self.terms_missed)) / len(TERMS)

    def report(self) -> str:
        return (
            f"plain-language check: {len(TERMS)} listed terms; "
            f"civilian corpus {self.civilian} sentences, {len(self.false_positives)} false positives; "
            f"military corpus {self.military} sentences, {self.true_positives} findings.\n"
            f"precision {self.precision:.1%} (military-corpus findings over all jargon findings); "
            f"recall {self.term_recall:.1%} of listed terms found, "
            f"{self.sentence_recall:.1%} of military sentences flagged."
        )


def measure() -> Measure:
    civilian, military = sentences("civilian"), sentences("military")
    false_positives = [
        (sentence, finding.text)
        for sentence in civilian
        for finding in plain_language_findings(sentence)
        if finding.kind == "jargon"
    ]
    true_positives, missed, found = 0, [], set()
    for sentence in military:
        jargon = [f for f in plain_language_findings(sentence) if f.kind == "jargon"]
        true_positives += len(jargon)
        found |= {f.term for f in jargon}
        if not jargon:
            missed.append(sentence)
    return Measure(
        civilian=len(civilian),
        military=len(military),
        false_positives=false_positives,
        true_positives=true_positives,
        missed_sentences=missed,
        terms_found=found,
        terms_missed=[term.name for term in TERMS if term.name not in found],
    )


if __name__ == "__main__":
    print(measure().report())
