"""The files of a new catalogue repository (``indberet init``): names and contents, no I/O.

Every file works as written: the requirement set and the register catalogue validate and
audit (they are illustrative and say so), ``indberet.toml`` names them and the profile,
the profile is a copy of the shipped default, and the pre-commit configuration and the
GitHub Actions workflow run the indberet of this repository's settings. Where CI must
install indberet from is ``source`` (a pip requirement); without one, the workflow reads
it from the repository variable ``INDBERET_SOURCE`` and stops with a clear error while it
is not set, and the pre-commit hooks run the ``indberet`` on the committer's PATH.
"""

from __future__ import annotations

import re
from typing import Final

from indberet.i18n import message

DEFINITIONS: Final = "requirements"
PROFILE: Final = "policy/profile.yaml"
SET_FILE: Final = f"{DEFINITIONS}/eksempel.yaml"
REGISTERS_FILE: Final = f"{DEFINITIONS}/registers.yaml"
WORKFLOW: Final = ".github/workflows/indberet.yml"
PRE_COMMIT: Final = ".pre-commit-config.yaml"
SETTINGS: Final = "indberet.toml"
SOURCE_VARIABLE: Final = "INDBERET_SOURCE"  # the repository variable CI installs from


def scaffold_files(default_profile: str, source: str | None, lang: str) -> list[tuple[str, str]]:
    """(path relative to the new folder, content) of every file, in the order written."""
    return [
        (SETTINGS, _settings(lang)),
        (REGISTERS_FILE, _registers(lang)),
        (SET_FILE, _requirement_set(lang)),
        (PROFILE, _profile(default_profile, lang)),
        (PRE_COMMIT, _pre_commit(source, lang)),
        (WORKFLOW, _workflow(source, lang)),
    ]


def _comment(key: str, lang: str, **params: str) -> str:
    """A message as comment lines (one per line of the message)."""
    return "".join(f"# {line}".rstrip() + "\n" for line in message(key, lang, **params).split("\n"))


def _settings(lang: str) -> str:
    return (
        _comment("init.file.settings", lang)
        + "[indberet]\n"
        + f'paths = ["{DEFINITIONS}"]\n'
        + f'profile = "{PROFILE}"\n'
    )


def _registers(lang: str) -> str:
    return _comment("init.file.registers", lang) + (
        "indberet: 1\n"
        "registers:\n"
        "  - id: sagssystem\n"
        "    name: Kommunens sagssystem (eksempel)\n"
        "    owner: Kommunen\n"
        "    holds:\n"
        "      - sagens åbningsdato\n"
        "      - sagsbehandlerens enhed\n"
    )


def _requirement_set(lang: str) -> str:
    return _comment("init.file.set", lang) + (
        "indberet: 1\n"
        "id: eksempel\n"
        "name: Eksempel på et kravsæt\n"
        "receiver: Danmarks Statistik\n"
        "legal_basis: Eksempel - skriv lovgrundlaget for indberetningen her\n"
        "reporters: 98\n"
        "reports_per_year: 10000\n"
        "illustrative: true\n"
        "source: Illustrative figures written by indberet init\n"
        "assumed: [reporters, reports_per_year, minutes, used_by]\n"
        "fields:\n"
        "  - id: cpr\n"
        "    name: Barnets CPR-nummer\n"
        "    type: cpr\n"
        "    minutes: 0.2\n"
        "    used_by:\n"
        "      - {consumer: Danmarks Statistik, product: Statistikbanken, kind: publication}\n"
        "  - id: dato\n"
        "    name: Dato for henvendelsen\n"
        "    type: date\n"
        "    minutes: 0.3\n"
        "    used_by:\n"
        "      - {consumer: Danmarks Statistik, product: Statistikbanken, kind: publication}\n"
        "  - id: henvender\n"
        "    name: Hvem henvendelsen kommer fra\n"
        "    codes: [skole, dagtilbud, sundhed, politi, andet]\n"
        "    minutes: 0.5\n"
        "    used_by:\n"
        "      - {consumer: Danmarks Statistik, product: Statistikbanken, kind: publication}\n"
        "  - id: alder\n"
        "    name: Barnets alder\n"
        "    type: number\n"
        "    minutes: 0.3\n"
        "    registered_in: [cpr]\n"
        "  - id: sag_aabnet\n"
        "    name: Dato sagen blev åbnet\n"
        "    type: date\n"
        "    aspect: process\n"
        "    minutes: 0.5\n"
        "    registered_in: [sagssystem]\n"
        "  - id: tidsforbrug\n"
        "    name: Sagsbehandlerens tidsforbrug på sagen\n"
        "    type: number\n"
        "    aspect: process\n"
        "    minutes: 2\n"
    )


def _profile(default_profile: str, lang: str) -> str:
    body = re.sub(r"(?m)^profile: default\b", "profile: catalogue", default_profile, count=1)
    lines = body.splitlines(keepends=True)
    while lines and lines[0].startswith("#"):  # the default's own header: this is the copy
        lines.pop(0)
    return _comment("init.file.profile", lang) + "".join(lines)


def _pre_commit(source: str | None, lang: str) -> str:
    if source is not None:
        how = f"        language: python\n        additional_dependencies: [{_quoted(source)}]\n"
        intro = _comment("init.file.pre_commit_source", lang)
    else:
        how = "        language: system\n"
        intro = _comment("init.file.pre_commit_system", lang)
    hooks = ""
    for hook_id, entry in (
        ("indberet-validate", "indberet validate"),
        ("indberet-check", "indberet check --base HEAD"),
    ):
        hooks += (
            f"      - id: {hook_id}\n"
            f"        name: {entry.split(' --')[0]}\n"
            f"        entry: {entry}\n" + how + "        files: \\.(ya?ml|csv|toml)$\n"
            "        pass_filenames: false\n"
            "        require_serial: true\n"
        )
    return intro + "repos:\n  - repo: local\n    hooks:\n" + hooks


def _workflow(source: str | None, lang: str) -> str:
    if source is not None:
        where = _quoted(source)
        intro = _comment("init.file.workflow_source", lang)
    else:
        where = "${{ vars." + SOURCE_VARIABLE + " }}"
        intro = _comment("init.file.workflow_variable", lang, variable=SOURCE_VARIABLE)
    missing = message("init.workflow.no_source", "en", variable=SOURCE_VARIABLE)
    return intro + (
        "name: indberet\n"
        "on:\n"
        "  pull_request:\n"
        "  push:\n"
        "    branches: [main]\n"
        "permissions:\n"
        "  contents: read\n"
        "jobs:\n"
        "  indberet:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "        with:\n"
        "          fetch-depth: 0                # the base branch, for indberet check\n"
        "      - uses: actions/setup-python@v5\n"
        "        with:\n"
        '          python-version: "3.12"\n'
        "      - name: Install indberet\n"
        "        env:\n"
        f"          {SOURCE_VARIABLE}: {where}\n"
        "        run: |\n"
        f'          if [ -z "${SOURCE_VARIABLE}" ]; then\n'
        f'            echo "::error::{missing}"\n'
        "            exit 2\n"
        "          fi\n"
        "          python -m pip install --disable-pip-version-check --quiet"
        f' "${SOURCE_VARIABLE}"\n'
        "      - name: indberet validate\n"
        "        run: indberet validate\n"
        "      - name: indberet audit\n"
        '        run: indberet audit --format markdown >> "$GITHUB_STEP_SUMMARY"\n'
        "      - name: indberet check\n"
        "        if: github.event_name == 'pull_request'\n"
        "        env:\n"
        "          BASE_REF: ${{ github.base_ref }}\n"
        '        run: indberet check --base "origin/$BASE_REF" --format github\n'
    )


def _quoted(words: str) -> str:
    """Text as a double-quoted YAML scalar (a pip requirement holds ':' and '@')."""
    import json

    return json.dumps(words, ensure_ascii=False)
