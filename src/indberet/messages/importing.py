"""Messages of `indberet import` (a field list from a spreadsheet) and `indberet init` (a new
catalogue repository). Key -> (English, Danish)."""

# ruff: noqa: E501 - each sentence stays on one line, so it can be read and grepped.

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- reading the spreadsheet ---------------------------------------------------------
    "import.read.missing": (
        "{path}: no such file",
        "{path}: filen findes ikke",
    ),
    "import.read.directory": (
        "{path}: is a folder; give the spreadsheet file (.csv or .xlsx)",
        "{path}: er en mappe; angiv regnearksfilen (.csv eller .xlsx)",
    ),
    "import.read.unreadable": (
        "{path}: cannot be read: {reason}",
        "{path}: kan ikke læses: {reason}",
    ),
    "import.read.too_large": (
        "{path}: larger than {mb} MB; that is no field list",
        "{path}: større end {mb} MB; det er ikke en feltliste",
    ),
    "import.read.suffix": (
        "{path}: '{suffix}' is not a spreadsheet indberet reads; save it as .xlsx or as CSV (.csv)",
        "{path}: '{suffix}' er ikke et regneark, indberet kan læse; gem det som .xlsx eller som CSV (.csv)",
    ),
    "import.read.xls": (
        "{path}: the old Excel format (.xls) is not read; open it in Excel and save it as .xlsx or CSV",
        "{path}: det gamle Excel-format (.xls) kan ikke læses; åbn filen i Excel, og gem den som .xlsx eller CSV",
    ),
    "import.read.not_xlsx": (
        "{path}: not an Excel workbook (.xlsx), or a damaged one; open it in Excel and save it again",
        "{path}: ikke en Excel-projektmappe (.xlsx), eller en beskadiget; åbn den i Excel, og gem den igen",
    ),
    "import.read.no_sheet": (
        "{path}: no sheet '{sheet}'; the sheets are: {sheets}",
        "{path}: intet ark '{sheet}'; arkene er: {sheets}",
    ),
    "import.read.sheet_csv": (
        "{path}: --sheet is for workbooks (.xlsx); a CSV file has one sheet",
        "{path}: --sheet gælder projektmapper (.xlsx); en CSV-fil har kun ét ark",
    ),
    "import.read.empty": (
        "{path}: the file is empty",
        "{path}: filen er tom",
    ),
    "import.read.binary": (
        "{path}: not CSV text (binary data); save the spreadsheet as CSV or give the .xlsx file",
        "{path}: ikke CSV-tekst (binære data); gem regnearket som CSV, eller angiv .xlsx-filen",
    ),
    "import.read.csv": (
        "{path}:{line}: the CSV cannot be read: {reason}",
        "{path}:{line}: CSV-filen kan ikke læses: {reason}",
    ),
    # --- refusals ------------------------------------------------------------------------
    "import.error.no_header": (
        "{path}: no row of column headers with a column of field names among the first {rows} {rows:row|rows} (headers recognised: {found}); name that column with --map 'HEADER=name'",
        "{path}: ingen række med kolonneoverskrifter og en kolonne med feltnavne blandt de første {rows} {rows:række|rækker} (genkendte overskrifter: {found}); angiv kolonnen med --map 'OVERSKRIFT=name'",
    ),
    "import.error.no_fields": (
        "{path}: no field below the headers in row {row}; nothing to write",
        "{path}: ingen felter under overskrifterne i række {row}; intet at skrive",
    ),
    "import.error.map_form": (
        "--map '{item}': write it as HEADER=KEY, e.g. --map 'Tid (min.)=minutes'",
        "--map '{item}': skriv den som OVERSKRIFT=NØGLE, f.eks. --map 'Tid (min.)=minutes'",
    ),
    "import.error.map_key": (
        "--map '{item}': '{key}' is not a key; choose one of {keys}",
        "--map '{item}': '{key}' er ikke en nøgle; vælg en af {keys}",
    ),
    "import.error.map_column": (
        "{path}: --map names the column '{column}', which the header row does not have; its columns are: {columns}",
        "{path}: --map nævner kolonnen '{column}', som overskriftsrækken ikke har; dens kolonner er: {columns}",
    ),
    "import.error.invalid": (
        "the requirement set made from the spreadsheet would not be valid ({count} {count:problem|problems}); nothing was written",
        "kravsættet lavet ud fra regnearket ville ikke være gyldigt ({count} {count:problem|problemer}); intet er skrevet",
    ),
    "import.error.bad_id": (
        "--id '{value}': an id is lowercase a-z, 0-9, '_' and '-', starting with a letter or digit",
        "--id '{value}': et id består af små a-z, 0-9, '_' og '-' og begynder med et bogstav eller ciffer",
    ),
    "import.error.bad_currency": (
        "--currency '{value}': give an ISO 4217 code such as DKK, EUR or GBP",
        "--currency '{value}': angiv en ISO 4217-kode som DKK, EUR eller GBP",
    ),
    "import.error.bad_tariff": (
        "--tariff {value}: an hourly tariff above 0 and at most 100000",
        "--tariff {value}: en timetakst over 0 og højst 100000",
    ),
    "import.error.bad_reports_per_year": (
        "--reports-per-year {value}: from 0 to 1000000000",
        "--reports-per-year {value}: fra 0 til 1000000000",
    ),
    "import.error.bad_reporters": (
        "--reporters {value}: from 1 to 1000000",
        "--reporters {value}: fra 1 til 1000000",
    ),
    "import.error.bad_minutes": (
        "--minutes {value}: from 0 to 600",
        "--minutes {value}: fra 0 til 600",
    ),
    "import.error.report_is_output": (
        "--report {file}: that is the file the set is written to (-o); choose another",
        "--report {file}: det er filen, kravsættet skrives til (-o); vælg en anden",
    ),
    "import.error.output_is_input": (
        "-o {file}: that is the spreadsheet being imported; choose another file",
        "-o {file}: det er regnearket, der importeres; vælg en anden fil",
    ),
    # --- notes: what was not carried over as it stood --------------------------------------
    "import.note.column_ignored": (
        "column '{column}': not recognised, left out; to read it, --map '{column}=KEY' (keys: {keys})",
        "kolonnen '{column}': ikke genkendt, udeladt; læs den med --map '{column}=NØGLE' (nøgler: {keys})",
    ),
    "import.note.column_required": (
        "column '{column}' (required or not): the format has no such key; left out",
        "kolonnen '{column}' (obligatorisk eller ej): formatet har ingen sådan nøgle; udeladt",
    ),
    "import.note.column_number": (
        "column '{column}' numbers the rows; left out (ids are made from the names)",
        "kolonnen '{column}' nummererer rækkerne; udeladt (id'er laves af navnene)",
    ),
    "import.note.column_twice": (
        "column '{column}' would also be {key}; '{first}' is read as {key}, this one is left out (--map '{column}=KEY' to read it as another key)",
        "kolonnen '{column}' ville også være {key}; '{first}' læses som {key}, denne udelades (--map '{column}=NØGLE' for at læse den som en anden nøgle)",
    ),
    "import.note.rows_blank": (
        "{count} blank {count:row|rows} skipped: {rows}",
        "{count} {count:tom række|tomme rækker} sprunget over: {rows}",
    ),
    "import.note.row_header_again": (
        "row {row}: the headers again; skipped",
        "række {row}: overskrifterne igen; sprunget over",
    ),
    "import.note.row_no_name": (
        "row {row}: skipped: no field name",
        "række {row}: sprunget over: intet feltnavn",
    ),
    "import.note.id_made": (
        "row {row}: the id '{given}' is written '{id}' (ids are lowercase a-z, 0-9, '_', '-', and unique)",
        "række {row}: id'et '{given}' skrives '{id}' (id'er består af små a-z, 0-9, '_', '-' og er entydige)",
    ),
    "import.note.id_twice": (
        "row {row}: the id '{base}' is taken by an earlier row; this field is '{id}'",
        "række {row}: id'et '{base}' er brugt i en tidligere række; dette felt er '{id}'",
    ),
    "import.note.type_unknown": (
        "row {row}: the type '{value}' is not one of {types}; left out",
        "række {row}: typen '{value}' er ikke en af {types}; udeladt",
    ),
    "import.note.type_missing": (
        "row {row}: no type and no code list; text written and marked assumed",
        "række {row}: ingen type og ingen kodeliste; tekst (text) skrevet og markeret som antaget",
    ),
    "import.note.no_type_column": (
        "no column of types: {count} {count:field|fields} without a code list {count:is|are} written as text, marked assumed for the set",
        "ingen kolonne med typer: {count} {count:felt|felter} uden kodeliste er skrevet som tekst (text), markeret som antaget for kravsættet",
    ),
    "import.note.type_with_codes": (
        "row {row}: the field has a code list, so its type '{type}' is left out",
        "række {row}: feltet har en kodeliste, så typen '{type}' udelades",
    ),
    "import.note.aspect_unknown": (
        "row {row}: the aspect '{value}' is neither substance nor process; left out",
        "række {row}: aspektet '{value}' er hverken indhold (substance) eller proces (process); udeladt",
    ),
    "import.note.code_long": (
        "row {row}: the code '{code}...' is longer than 200 characters; left out",
        "række {row}: koden '{code}...' er længere end 200 tegn; udeladt",
    ),
    "import.note.code_twice": (
        "row {row}: the code '{code}' is listed twice; written once",
        "række {row}: koden '{code}' står to gange; skrevet én gang",
    ),
    "import.note.minutes_in_hours": (
        "column '{column}' gives hours: each figure is written as minutes (times 60)",
        "kolonnen '{column}' angiver timer: hvert tal er skrevet som minutter (gange 60)",
    ),
    "import.note.minutes_in_seconds": (
        "column '{column}' gives seconds: each figure is written as minutes (divided by 60)",
        "kolonnen '{column}' angiver sekunder: hvert tal er skrevet som minutter (divideret med 60)",
    ),
    "import.note.minutes_missing": (
        "row {row}: no minutes given; the default written and marked assumed",
        "række {row}: ingen minutter angivet; standardværdien skrevet og markeret som antaget",
    ),
    "import.note.minutes_unreadable": (
        "row {row}: '{value}' is not a number of minutes (0-600, or a range such as 1-2); the default written and marked assumed",
        "række {row}: '{value}' er ikke et antal minutter (0-600 eller et interval som 1-2); standardværdien skrevet og markeret som antaget",
    ),
    "import.note.share_unreadable": (
        "row {row}: '{value}' is not a share of the reports (0-1 or a per cent); left out",
        "række {row}: '{value}' er ikke en andel af indberetningerne (0-1 eller en procent); udeladt",
    ),
    "import.note.register_unknown": (
        "row {row}: '{value}' is no known register ({known}); left out: add it to a register catalogue and to the field by hand",
        "række {row}: '{value}' er ikke et kendt register ({known}); udeladt: tilføj det i et registerkatalog og på feltet i hånden",
    ),
    "import.note.set_id_made": (
        "--id '{given}' is written '{id}'",
        "--id '{given}' skrives '{id}'",
    ),
    "import.note.name_from_title": (
        "the set's name is the title above the headers: '{name}' (--name to choose another)",
        "kravsættets navn er titlen over overskrifterne: '{name}' (--name for at vælge et andet)",
    ),
    "import.note.name_from_file": (
        "the set's name is the file's: '{name}', marked assumed (--name to give it)",
        "kravsættets navn er filens: '{name}', markeret som antaget (--name for at angive det)",
    ),
    "import.note.reports_per_year": (
        "reports_per_year is not known: 0 written and marked assumed, so the burden is 0 until you give it (--reports-per-year N)",
        "reports_per_year kendes ikke: 0 skrevet og markeret som antaget, så byrden er 0, indtil du angiver den (--reports-per-year N)",
    ),
    "import.note.no_minutes_column": (
        "no column of minutes: every field gets {minutes} {minutes:minute|minutes}, marked assumed for the set (--minutes N for another figure)",
        "ingen kolonne med minutter: hvert felt får {minutes} {minutes:minut|minutter}, markeret som antaget for kravsættet (--minutes N for et andet tal)",
    ),
    # --- the YAML written ----------------------------------------------------------------
    "import.yaml.header": (
        "Imported from {file} by `indberet import`.",
        "Importeret fra {file} med `indberet import`.",
    ),
    "import.yaml.assumed": (
        "Values named under `assumed` were guessed, not read from the spreadsheet: check them.",
        "Værdier nævnt under `assumed` er gættet, ikke læst i regnearket: tjek dem.",
    ),
    "import.yaml.check": (
        "Check the set with `indberet validate` and `indberet audit`.",
        "Tjek kravsættet med `indberet validate` og `indberet audit`.",
    ),
    "import.comment.reports_per_year": (
        "assumed: not in the spreadsheet; write the cases reported a year",
        "antaget: ikke i regnearket; skriv antal indberetninger om året",
    ),
    "import.comment.uses_researched": (
        "the spreadsheet records no uses: no field is removed for want of one",
        "regnearket angiver ingen anvendelser: intet felt fjernes, fordi det mangler en",
    ),
    # --- what the command says -----------------------------------------------------------
    "import.report.header_row": (
        "{path}: headers in row {row}; {fields} {fields:field|fields} from {rows} {rows:row|rows}",
        "{path}: overskrifter i række {row}; {fields} {fields:felt|felter} fra {rows} {rows:række|rækker}",
    ),
    "import.report.column": (
        "column '{column}' -> {key}",
        "kolonnen '{column}' -> {key}",
    ),
    "import.report.written": (
        "wrote {file}: {fields} {fields:field|fields}; it validates",
        "skrev {file}: {fields} {fields:felt|felter}; det er gyldigt",
    ),
    "import.report.written_report": (
        "wrote the import report to {file}",
        "skrev importrapporten til {file}",
    ),
    # --- init ----------------------------------------------------------------------------
    "init.error.not_folder": (
        "{path} exists and is not a folder",
        "{path} findes og er ikke en mappe",
    ),
    "init.error.not_empty": (
        "{path} is not empty; nothing was written",
        "{path} er ikke tom; intet er skrevet",
    ),
    "init.error.not_empty.hint": (
        "choose a new or empty folder, or give --force to add the files that are missing (files that are there are kept)",
        "vælg en ny eller tom mappe, eller angiv --force for at tilføje de filer, der mangler (filer, der findes, bevares)",
    ),
    "init.error.write": (
        "cannot write in {path}: {reason}",
        "kan ikke skrive i {path}: {reason}",
    ),
    "init.written": (
        "wrote {path}",
        "skrev {path}",
    ),
    "init.kept": (
        "kept {path}: it was there already",
        "bevarede {path}: den fandtes i forvejen",
    ),
    "init.next": (
        "Next: cd {folder} && indberet validate && indberet audit",
        "Næste skridt: cd {folder} && indberet validate && indberet audit",
    ),
    "init.next.git": (
        "Put it in git with the first commit outside the check (every field is new then): git init && git add . && SKIP=indberet-check git commit -m 'The catalogue'",
        "Læg det i git med den første commit uden kontrollen (alle felter er nye da): git init && git add . && SKIP=indberet-check git commit -m 'Kataloget'",
    ),
    "init.next.source": (
        "CI installs indberet from {source}",
        "CI installerer indberet fra {source}",
    ),
    "init.next.variable": (
        "CI installs indberet from the repository variable {variable} (GitHub: Settings, Secrets and variables, Actions, Variables); set it to a pip requirement such as git+https://github.com/ORG/indberet@COMMIT, or run init with --source",
        "CI installerer indberet fra repository-variablen {variable} (GitHub: Settings, Secrets and variables, Actions, Variables); sæt den til et pip-krav som git+https://github.com/ORG/indberet@COMMIT, eller kør init med --source",
    ),
    "init.workflow.no_source": (
        "Set the repository variable {variable} to where pip installs indberet from, e.g. git+https://github.com/ORG/indberet@COMMIT",
        "Sæt repository-variablen {variable} til det sted, pip installerer indberet fra, f.eks. git+https://github.com/ORG/indberet@COMMIT",
    ),
    "init.file.settings": (
        "Settings of indberet for this catalogue: where the definitions are, which profile.\nThe commands given no path read these (indberet validate, indberet audit).",
        "Indstillinger for indberet i dette katalog: hvor definitionerne ligger, hvilken profil.\nKommandoerne læser dem, når de ikke får en sti (indberet validate, indberet audit).",
    ),
    "init.file.registers": (
        "The register catalogue: registers that may already hold information.\nILLUSTRATIVE: an example written by indberet init; replace it with your registers.\nThe built-in registers (cpr, cvr, tilbudsportalen, dream, lpr) are always known.",
        "Registerkataloget: registre, der måske allerede har oplysningerne.\nILLUSTRATIVT: et eksempel skrevet af indberet init; erstat det med jeres registre.\nDe indbyggede registre (cpr, cvr, tilbudsportalen, dream, lpr) kendes altid.",
    ),
    "init.file.set": (
        "A requirement set: one statistic's fields (indberet schema requirement-set).\nILLUSTRATIVE: names, volumes, minutes and uses are made up by indberet init.\nReplace it with your own, e.g. from a spreadsheet: indberet import fields.xlsx -o requirements/NAME.yaml",
        "Et kravsæt: én statistiks felter (indberet schema requirement-set).\nILLUSTRATIVT: navne, mængder, minutter og anvendelser er opdigtet af indberet init.\nErstat det med jeres eget, f.eks. fra et regneark: indberet import felter.xlsx -o requirements/NAVN.yaml",
    ),
    "init.file.profile": (
        "The rule profile of this catalogue: a copy of indberet's default profile (indberet.toml names it).\nEvery figure in it is a judgement: change it here, and say why in the commit.",
        "Regelprofilen for dette katalog: en kopi af indberets standardprofil (indberet.toml nævner den).\nHvert tal i den er en vurdering: ret den her, og skriv hvorfor i commit-beskeden.",
    ),
    "init.file.pre_commit_system": (
        "pre-commit (https://pre-commit.com) runs indberet before each commit; `pre-commit install` turns it on.\nThe hooks run the indberet command installed where you commit (on PATH), with indberet.toml.\n(pre-commit 4.4 and later also call `language: system` `unsupported`; both work there.)",
        "pre-commit (https://pre-commit.com) kører indberet før hver commit; `pre-commit install` slår det til.\nHooks kører den indberet-kommando, der er installeret, hvor du committer (på PATH), med indberet.toml.\n(pre-commit 4.4 og senere kalder også `language: system` `unsupported`; begge virker der.)",
    ),
    "init.file.pre_commit_source": (
        "pre-commit (https://pre-commit.com) runs indberet before each commit; `pre-commit install` turns it on.\nThe hooks install indberet from the same place as the CI workflow, and read indberet.toml.",
        "pre-commit (https://pre-commit.com) kører indberet før hver commit; `pre-commit install` slår det til.\nHooks installerer indberet fra samme sted som CI-workflowet og læser indberet.toml.",
    ),
    "init.file.workflow_source": (
        "GitHub Actions: validate and audit the catalogue, and check each pull request against its base branch.",
        "GitHub Actions: validerer og gennemgår kataloget og kontrollerer hver pull request mod dens basisgren.",
    ),
    "init.file.workflow_variable": (
        "GitHub Actions: validate and audit the catalogue, and check each pull request against its base branch.\nindberet is installed from the repository variable {variable} (a pip requirement such as\ngit+https://github.com/ORG/indberet@COMMIT); until it is set, the job stops and says so.",
        "GitHub Actions: validerer og gennemgår kataloget og kontrollerer hver pull request mod dens basisgren.\nindberet installeres fra repository-variablen {variable} (et pip-krav som\ngit+https://github.com/ORG/indberet@COMMIT); indtil den er sat, stopper jobbet og siger det.",
    ),
}
