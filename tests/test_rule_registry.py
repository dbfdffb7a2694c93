"""A rule is one file: the registry finds the rule modules, and what follows from the rules
(the verdict, messages, the profile schema and defaults, check's lists, README's table)
follows from them. The last test adds the example rule of docs/rules.md, IND109, to a copy
of indberet and audits with it."""

from __future__ import annotations

import json
import os
import re
import shutil
import string
import subprocess
import sys
import types
from pathlib import Path

import pytest
import yaml
from tools import sync_rules

from indberet.audit_model import RuleResult
from indberet.core import rules
from indberet.core.profile import load_profile
from indberet.core.recommend import recommend
from indberet.core.rules import BY_CODE, RULES, Rule, RuleModuleError
from indberet.i18n import LANGUAGES, MESSAGES, Text, has_message
from indberet.read.schema import schema
from tests.conftest import ROOT, run_cli
from tests.helpers import evidence

AS_OF = "2026-11-26"
DOCS = ROOT / "docs" / "rules.md"


def _code(rule: Rule) -> str:
    return rule.CODE


# --- a rule's proposal can become a verdict ---------------------------------------------


def _only(rule: Rule, proposal: str) -> list[RuleResult]:
    """Every rule's result for a field where only ``rule`` fires, proposing ``proposal``."""
    return [
        RuleResult(
            other.CODE,
            other is rule,
            {},
            Text(f"test.{other.CODE}"),
            proposal if other is rule else None,  # type: ignore[arg-type]
        )
        for other in RULES
    ]


@pytest.mark.parametrize("rule", RULES, ids=_code)
def test_a_field_where_only_this_rule_fires_gets_what_it_proposes(rule: Rule) -> None:
    """A rule left out of the precedence, or placed where recommend ignores it, fires and
    changes nothing: this fails for it."""
    for proposal in rule.PROPOSES:
        verdict, reason, _ = recommend(_only(rule, proposal), usage=0.9)
        assert verdict == proposal, (rule.CODE, proposal)
        assert Text(f"test.{rule.CODE}") in reason.parts, "the reason must say why"


def test_rules_that_decide_together_must_stand_for_the_same_verdict() -> None:
    clash = [
        types.SimpleNamespace(CODE="IND101", PRECEDENCE=10, PROPOSES=("REMOVE",)),
        types.SimpleNamespace(CODE="IND199", PRECEDENCE=10, PROPOSES=("REVIEW",)),
    ]
    with pytest.raises(RuleModuleError, match="share PRECEDENCE 10"):
        rules._check_groups(clash)  # type: ignore[arg-type]


def test_the_precedence_is_the_modules() -> None:
    order = [code for codes, _ in rules.precedence() for code in codes]
    numbers = [BY_CODE[code].PRECEDENCE for code in order]
    assert numbers == sorted(numbers)  # type: ignore[type-var]
    deciding = {rule.CODE for rule in RULES if rule.PRECEDENCE is not None}
    assert set(order) == deciding


# --- every message and document in English and Danish -----------------------------------


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("rule", RULES, ids=_code)
def test_every_message_and_doc_of_a_rule_is_in_english_and_danish(rule: Rule) -> None:
    declared = rules.messages(rule)
    assert f"rule.name.{rule.CODE}" in declared and f"rule.summary.{rule.CODE}" in declared
    for key, words in declared.items():
        assert len(words) == len(LANGUAGES), key
        english, danish = words
        assert english.strip() and danish.strip(), key
        assert english != danish, f"{key}: not translated"
        assert _placeholders(english) == _placeholders(danish), key
        assert MESSAGES[key] == words, f"{key}: not registered"
    assert (rule.__doc__ or "").startswith(f"{rule.CODE} {rule.NAME} — ")
    assert rule.DOC_DA.startswith(f"{rule.CODE} {rule.TITLE[1]} — ")


def _module(**changes: object) -> types.ModuleType:
    """A rule module like IND106, with ``changes``."""
    module = types.ModuleType("indberet.core.rules.ind199_example", "IND199 example — a test.")
    source = BY_CODE["IND106"]
    for name in ("NAME", "TITLE", "SUMMARY", "DEFAULTS", "PARAMETERS", "PROPOSES", "MESSAGES"):
        setattr(module, name, getattr(source, name))
    module.CODE = "IND199"
    module.PRECEDENCE = 55
    module.DOC_DA = "IND199 eksempel — en test."
    module.evaluate = source.evaluate
    for name, value in changes.items():
        if value is None:
            delattr(module, name)
        else:
            setattr(module, name, value)
    return module


def test_a_whole_module_is_a_rule() -> None:
    assert rules.checked(_module()).CODE == "IND199"


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"TITLE": ("example",)}, "TITLE must be (English, Danish)"),
        ({"SUMMARY": ("an example", "")}, "SUMMARY must be (English, Danish)"),
        ({"MESSAGES": {"fired": ("fired", "  ")}}, "MESSAGES['fired'] must be (English, Danish)"),
        ({"DOC_DA": None}, "must declare DOC_DA"),
        ({"DOC_DA": ""}, "DOC_DA must be the documentation"),
        ({"PRECEDENCE": None, "PROPOSES": None}, "must declare PROPOSES, PRECEDENCE"),
        ({"PARAMETERS": {}}, "JSON Schema of each parameter in DEFAULTS (below)"),
        ({"PROPOSES": ("DELETE",)}, "PROPOSES must be a tuple of verdicts"),
        ({"CODE": "IND198"}, "must be named ind198_<name>.py"),
        ({"fires": 0.5}, "fires must be a function of the profile"),
    ],
)
def test_a_module_that_lacks_a_language_or_a_declaration_is_refused(
    changes: dict[str, object], said: str
) -> None:
    with pytest.raises(RuleModuleError, match=re.escape(said)):
        rules.checked(_module(**changes))


def test_every_rule_message_the_code_names_is_declared() -> None:
    used = set()
    for path in (ROOT / "src" / "indberet").rglob("*.py"):
        used |= set(re.findall(r"\"(rule\.IND\d{3}\.\w+)\"", path.read_text("utf-8")))
    assert used, "the scan found nothing"
    assert sorted(key for key in used if not has_message(key)) == []


# --- the profile schema, the profiles, README and check follow --------------------------


def test_the_shipped_profile_schema_holds_the_rules_the_modules_declare() -> None:
    assert schema("profile")["properties"]["rules"] == rules.profile_schema()
    shipped = sync_rules.SCHEMA.read_text("utf-8")
    assert sync_rules.schema_text(shipped) == shipped, "run: python -m tools.sync_rules"


def test_indberet_schema_profile_publishes_every_rule_and_its_parameters() -> None:
    run = run_cli("schema", "profile")
    assert run.code == 0, run.stderr
    section = json.loads(run.stdout)["properties"]["rules"]["properties"]
    assert list(section) == [rule.CODE for rule in RULES]
    for rule in RULES:
        assert set(section[rule.CODE]["properties"]) == {"enabled", *rule.DEFAULTS}


def test_the_readme_rule_table_is_the_registrys() -> None:
    readme = sync_rules.README.read_text("utf-8")
    assert sync_rules.readme_text(readme) == readme, "run: python -m tools.sync_rules"
    block = readme[readme.index(sync_rules.BEGIN) : readme.index(sync_rules.END)]
    rows = re.findall(r"^\| (IND\d{3}) \|", block, flags=re.MULTILINE)
    assert rows == [rule.CODE for rule in RULES]


def test_sync_rules_never_passes_silently(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    readme, profile_schema = tmp_path / "README.md", tmp_path / "profile.schema.json"
    shipped_readme = sync_rules.README.read_text("utf-8")
    shipped_schema = sync_rules.SCHEMA.read_text("utf-8")
    readme.write_text(re.sub(r"^\| IND103 .*\n", "", shipped_readme, flags=re.MULTILINE))
    profile_schema.write_text(shipped_schema.replace('"default": 0.15', '"default": 0.2'))
    monkeypatch.setattr(sync_rules, "ROOT", tmp_path)
    monkeypatch.setattr(sync_rules, "README", readme)
    monkeypatch.setattr(sync_rules, "SCHEMA", profile_schema)
    assert sync_rules.main(["--check"]) == 1  # out of date: named, nothing written
    assert "README.md: out of date" in capsys.readouterr().err
    assert readme.read_text("utf-8") != shipped_readme
    assert sync_rules.main([]) == 1  # rewritten: still a failure, to be reviewed
    assert "profile.schema.json: rewritten" in capsys.readouterr().err
    assert readme.read_text("utf-8") == shipped_readme
    assert profile_schema.read_text("utf-8") == shipped_schema
    assert sync_rules.main([]) == 0
    assert sync_rules.main(["--check"]) == 0


def _profile_without_rules(tmp_path: Path, rules_section: dict[str, object]) -> Path:
    source = ROOT / "src" / "indberet" / "profiles" / "default.yaml"
    data = yaml.safe_load(source.read_text("utf-8"))
    data["profile"] = "few-rules"
    data["rules"] = rules_section
    path = tmp_path / "few-rules.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return path


def test_a_profile_that_omits_a_rule_gets_the_modules_defaults(tmp_path: Path) -> None:
    profile = load_profile(str(_profile_without_rules(tmp_path, {})))
    assert profile.rules == rules.defaults()
    # IND106 reads IND101's threshold; it was 0 for a profile without IND101, so a field
    # IND101 calls unused (usage 0.1 < 0.15) was "little used" as well
    low = BY_CODE["IND106"].evaluate(evidence(usage=0.1), profile)
    assert not low.fired


def test_a_profile_without_a_rules_section_audits_as_the_default(tmp_path: Path) -> None:
    path = _profile_without_rules(tmp_path, {})
    args = ("audit", "examples", "--as-of", AS_OF, "--format", "json")
    ours = json.loads(run_cli(*args, "--profile", str(path), cwd=ROOT).stdout)
    default = json.loads(run_cli(*args, cwd=ROOT).stdout)
    assert ours.pop("profile") == "few-rules" and default.pop("profile") == "default"
    assert ours == default


def test_a_profile_may_set_every_parameter_a_rule_declares(tmp_path: Path) -> None:
    # the schema refused IND104's min_share and any setting of IND108
    path = _profile_without_rules(
        tmp_path, {"IND104": {"min_share": 0.9}, "IND108": {"enabled": False}}
    )
    profile = load_profile(str(path))
    assert profile.rule_param("IND104", "min_share", 0.5) == 0.9
    assert not profile.rule_enabled("IND108")
    run = run_cli("rules", "--profile", str(path))
    assert run.code == 0, run.stderr
    assert "min_share=0.9" in run.stdout and "IND108  off" in run.stdout


def test_check_names_the_rules_the_modules_declare() -> None:
    catalogue = (ROOT / "src" / "indberet" / "messages" / "check.py").read_text("utf-8")
    lists = re.findall(r"IND1\d\d ?[-–,] ?IND1\d\d", catalogue)
    assert lists == [], "a list of rules that will go stale"
    every = rules.code_span([rule.CODE for rule in RULES])
    deciding = rules.code_span(rules.deciding_codes())
    run = run_cli("policy", "IND208")
    assert f"only {every} and IND201-IND204 can" in run.stdout
    run = run_cli("policy")
    assert f"the rule that decided them ({deciding})" in run.stdout


def test_code_span_writes_runs_of_codes() -> None:
    assert rules.code_span(["IND103", "IND101", "IND102", "IND105", "IND109"]) == (
        "IND101-IND103, IND105, IND109"
    )


# --- the scenario: IND109 in a copy of indberet ---------------------------------


def _python_blocks(markdown: str) -> dict[str, str]:
    """The ```python blocks of a document whose first line names their file."""
    blocks = re.findall(r"^```python\n(# (\S+)\n.*?)^```$", markdown, re.MULTILINE | re.DOTALL)
    return {name: body for body, name in blocks}


SELDOM = """\
indberet: 1
id: seldom
name: Sjældne spørgsmål
reports_per_year: 1000
fields:
  - id: tolk
    name: Tolk anvendt ved samtalen
    type: bool
    minutes: 0.5
    applies_to: 0.02
    used_by:
      - {consumer: Danmarks Statistik, product: StatBank ANBAAR, kind: publication}
  - id: alder
    name: Barnets alder ved anbringelsen
    type: number
    minutes: 0.2
    used_by:
      - {consumer: Danmarks Statistik, product: StatBank ANBAAR, kind: publication}
"""


def _run(copy: Path | None, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python ARGS`` with the package of ``copy`` (None: this checkout's)."""
    env = {**os.environ, "INDBERET_LANG": "en"}
    if copy is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(copy / "src"), str(copy)])
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=cwd, env=env, check=False
    )


def _fields(done: subprocess.CompletedProcess[str]) -> dict[str, dict[str, object]]:
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    return {f["id"]: f for s in report["sets"] for f in s["fields"]}


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and ".egg-info" not in str(p)
    }


def test_a_new_rule_is_its_module_and_its_test(tmp_path: Path) -> None:
    """docs/rules.md's IND109, added to a copy of indberet as one file, decides a verdict
    in `indberet audit`; its test passes; tools.sync_rules then writes it into the
    profile schema and README's table, and a profile can set its threshold."""
    blocks = _python_blocks(DOCS.read_text("utf-8"))
    assert set(blocks) == {"src/indberet/core/rules/ind109_rarely_asked.py", "tests/test_ind109.py"}
    # IND109, or the next free code where this checkout has a rule IND109 already
    number = next(n for n in range(109, 200) if f"IND{n}" not in BY_CODE)
    code = f"IND{number}"
    module_name = f"src/indberet/core/rules/ind{number}_rarely_asked.py"
    module_text, test_text = (
        blocks[name].replace("IND109", code).replace("ind109", f"ind{number}")
        for name in ("src/indberet/core/rules/ind109_rarely_asked.py", "tests/test_ind109.py")
    )
    copy = tmp_path / "copy"
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    shutil.copytree(ROOT / "src", copy / "src", ignore=ignore)
    shutil.copytree(ROOT / "tools", copy / "tools", ignore=ignore)
    shutil.copy(ROOT / "README.md", copy / "README.md")
    where = _run(copy, "-c", "import indberet; print(indberet.__file__)", cwd=tmp_path)
    assert Path(where.stdout.strip()).is_relative_to(copy), where.stderr
    definitions = tmp_path / "definitions"
    definitions.mkdir()
    (definitions / "seldom.yaml").write_text(SELDOM, "utf-8")
    audit = ("-m", "indberet", "audit", str(definitions), "--as-of", AS_OF, "--format", "json")
    profile = _profile_without_rules(tmp_path, {code: {"below": 0.01}})
    # before: the rule is not there, and a profile cannot name it
    before = _fields(_run(copy, *audit, cwd=tmp_path))
    assert before["tolk"]["verdict"] == "KEEP" or before["tolk"]["rules"], before["tolk"]
    refused = _run(copy, *audit, "--profile", str(profile), cwd=tmp_path)
    assert refused.returncode == 2 and code in refused.stderr

    (copy / module_name).write_text(module_text, "utf-8")
    (copy / "tests").mkdir()
    (copy / "tests" / f"test_ind{number}.py").write_text(test_text, "utf-8")
    # the copy's package is this one and the new module, nothing else
    package = _files(copy / "src")
    assert set(package) - set(_files(ROOT / "src")) == {module_name.removeprefix("src/")}
    del package[module_name.removeprefix("src/")]
    assert package == _files(ROOT / "src")

    # after: the field is REVIEW, with the new rule's reason (here the only rule that fires)
    fields = _fields(_run(copy, *audit, cwd=tmp_path))
    assert fields["tolk"]["verdict"] == "REVIEW"
    assert fields["tolk"]["rules"] == sorted([*before["tolk"]["rules"], code])
    said = "asked in only 2.0% of the cases (less than 5.0%): is it worth asking?"
    assert said in str(fields["tolk"]["reason"]).lower()
    assert fields["alder"] == before["alder"]
    danish = _fields(_run(copy, *audit, "--lang", "da", cwd=tmp_path))
    assert danish["tolk"]["verdict"] == "REVIEW"
    assert "spørges kun i 2,0 % af sagerne" in str(danish["tolk"]["reason"]).lower()
    listed = _run(copy, "-m", "indberet", "rules", cwd=tmp_path)
    assert f"{code}  on   rarely asked" in listed.stdout, listed.stderr

    test = _run(copy, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests", cwd=copy)
    assert test.returncode == 0, test.stdout + test.stderr
    assert "1 passed" in test.stdout

    sync = _run(copy, "-m", "tools.sync_rules", cwd=copy)
    assert sync.returncode == 1 and "README.md: rewritten" in sync.stderr, sync.stderr
    assert _run(copy, "-m", "tools.sync_rules", cwd=copy).returncode == 0
    table = (copy / "README.md").read_text("utf-8")
    assert re.search(rf"^\| {code} \| rarely asked \|", table, re.MULTILINE)
    fields = _fields(_run(copy, *audit, "--profile", str(profile), cwd=tmp_path))
    assert fields["tolk"]["rules"] == before["tolk"]["rules"]  # 2% is not below 1%
    assert fields["tolk"]["verdict"] == before["tolk"]["verdict"]


def test_the_example_rule_of_the_docs_declares_all_a_rule_must() -> None:
    blocks = _python_blocks(DOCS.read_text("utf-8"))
    module = types.ModuleType("indberet.core.rules.ind109_rarely_asked")
    source = blocks["src/indberet/core/rules/ind109_rarely_asked.py"]
    exec(compile(source, "ind109_rarely_asked.py", "exec"), module.__dict__)
    rule = rules.checked(module)
    assert (rule.CODE, rule.PROPOSES, rule.PRECEDENCE) == ("IND109", ("REVIEW",), 60)
