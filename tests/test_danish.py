"""Danish for a Danish public-sector reader (issue 17): the catalogue keeps the glossary,
and what the commands write in Danish reads as Danish, with no English left in it.

The phrases that did not pass are named in the tests; each test runs the real CLI.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import indberet.core.rules  # noqa: F401 - each rule registers its messages
from indberet.i18n import MESSAGES
from tests.conftest import ROOT, run_cli

AS_OF = "2026-11-26"

# Phrases of the right sense of "revision" (a law's, or a git revision); any other is the
# audit, which is a "gennemgang" (a "revision" is a financial audit).
REVISION_ALLOWED = (
    "revision af bestemmelsen",
    "revision af loven",
    "git-revision",
    "anden revision (--base)",
)
NOT_DANISH = {
    "dublering": re.compile(r"dubler", re.IGNORECASE),
    "tvilling for the field merged with": re.compile(r"tvilling", re.IGNORECASE),
    "an accent on an imperative (VURDÉR, kontrollér)": re.compile(r"\wér\b", re.IGNORECASE),
    "'kinds', an English word": re.compile(r"\bkinds\b"),
    "'sæt' as a heading": re.compile(r"^(Alle )?[Ss]æt$|Alle sæt"),
}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_the_danish_catalogue_keeps_the_glossary(key: str) -> None:
    danish = re.sub(r"\{[^{}]*\}", "", MESSAGES[key][1])  # the words, not the placeholders
    for what, pattern in NOT_DANISH.items():
        assert not pattern.search(danish), (key, what, danish)
    rest = danish
    for allowed in REVISION_ALLOWED:
        rest = rest.replace(allowed, "")
    assert not re.search(r"revi[sd]", rest, re.IGNORECASE), (key, "revision: use gennemgang")


def test_the_danish_words_for_the_kinds_of_use_are_danish() -> None:
    for kind in ("publication", "analysis", "legal", "operational", "request"):
        english, danish = MESSAGES[f"use.kind.{kind}"]
        assert english == kind and danish != kind


# English words that never occur in Danish output; the data of the examples is Danish.
ENGLISH = re.compile(
    r"\b(the|and|of|is|are|not|with|figures|example|modelled|about|assumption|fields?|"
    r"describe|themselves|legal|publication|analysis|operational|request|minutes|twin)\b"
)


def _english_in(text: str) -> list[str]:
    # keys of the format and options are quoted or flagged; leave them out
    prose = re.sub(r"'[^']*'|\([a-z_]+\)|--[a-z-]+|\b[a-z]+_[a-z_]+\b", "", text)
    return sorted(set(ENGLISH.findall(prose)))


def test_the_danish_audit_reads_as_danish() -> None:
    run = run_cli("audit", "examples", "--as-of", AS_OF, "--lang", "da", cwd=ROOT)
    assert run.code == 0, run.stderr
    text = run.stdout
    assert (
        "\nBemærk: tallene for anbringelser, forebyggende, handicap-voksne, underretninger"
        " er illustrative og ikke officielle.\n"
    ) in text
    assert "\nStatistik " in text and "\nI alt " in text  # the summary's headings
    assert "Alle sæt" not in text and "\nSæt " not in text
    assert "Anvendes (brug 1,00)" in text and "I brug (brug" not in text
    assert " VURDER " in text and "VURDÉR" not in text
    assert " Dobbeltreg. " in text
    assert _english_in(text) == []


def test_the_danish_report_has_no_english_in_it(tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    run = run_cli("report", "examples", "--as-of", AS_OF, "--lang", "da", "-o", str(out), cwd=ROOT)
    assert run.code == 0, run.stderr
    text = out.read_text(encoding="utf-8")
    assert "Kilde til tallene: Illustrativt eksempel bygget over saneringen i 2017" in text
    assert "Illustrative example" not in text
    assert "SAML (lægges sammen med det felt, der spørger om det samme)" in text
    assert "tvilling" not in text.lower() and "dublering" not in text
    assert "samles med: anbringelser.anbringelsesdato" in text
    assert _english_in(text) == []


def test_explain_names_the_kind_of_use_in_danish() -> None:
    run = run_cli("explain", "anbringelser.handlekommune", "examples", "--lang", "da", cwd=ROOT)
    assert run.code == 0, run.stderr
    assert "Anvendelser:" in run.stdout
    assert (
        "  - Danmarks Statistik (Statistikbanken: anbragte børn og unge efter kommune):"
        " offentliggørelse, løbende" in run.stdout
    )
    assert "publication" not in run.stdout and "hos Danmarks Statistik" not in run.stdout


# --- check in Danish ------------------------------------------------------------------------

NEW_FIELD = """
  - id: ny_oplysning
    name: Ny oplysning om barnet
    type: text
    minutes: 0.1
"""


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=indberet tests", "-c", "user.email=tests@indberet.invalid",
         "-c", "commit.gpgsign=false", *args],
        cwd=repo, capture_output=True, text=True, check=True,
    )  # fmt: skip


@pytest.fixture
def changed(tmp_path: Path) -> Path:
    """A field's minutes cut (which offsets the burden), a new field nobody uses."""
    reqs = tmp_path / "reqs"
    reqs.mkdir()
    for name in ("anbringelser.yaml", "registers.yaml"):
        shutil.copy(ROOT / "examples" / name, reqs / name)
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "base")
    target = reqs / "anbringelser.yaml"
    text = target.read_text(encoding="utf-8")
    old = "      - andet_anbringelsessted\n    minutes: 0.5\n"
    assert old in text
    text = text.replace(old, "      - andet_anbringelsessted\n    minutes: 0.3\n")
    target.write_text(text.rstrip("\n") + "\n" + NEW_FIELD, encoding="utf-8")
    _git(tmp_path, "commit", "-q", "-am", "change")
    return tmp_path


def test_check_in_danish(changed: Path) -> None:
    run = run_cli(
        "check", "reqs", "--base", "HEAD~1", "--as-of", AS_OF, "--lang", "da", cwd=changed
    )
    assert run.code == 1, run.stderr
    text = run.stdout
    assert "Felter: 1 tilføjet, 0 fjernet, 1 ændret." in text
    assert "(Type af anbringelsessted): minutter ændret;" in text and "minutes" not in text
    assert " gennemgang: FJERN — ingen registreret brug" in text and "revision:" not in text
    assert "IND101 bemærkning [ny]" in text
    assert "kontrol ikke bestået: 1 fund med alvorlighed fejl eller højere (kun nye fund)." in text
    assert "kontrol fejlet" not in text


def test_check_in_english_says_one_finding_fails(changed: Path) -> None:
    run = run_cli("check", "reqs", "--base", "HEAD~1", "--as-of", AS_OF, cwd=changed)
    assert run.code == 1, run.stderr
    assert (
        "check failed: 1 finding fails (severity error or worse, new findings only)." in run.stdout
    )
    assert "(Type af anbringelsessted): minutes changed;" in run.stdout
