"""Messages of the Statistikbanken usage evidence (read/statbank.py). Key -> (English, Danish)."""

# ruff: noqa: E501 - each sentence stays on one line, so it can be read and grepped.

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- a saved tableinfo response ---------------------------------------------------------
    "statbank.json_syntax": (
        "not a saved tableinfo response: the JSON is malformed ({detail})",
        "ikke et gemt tableinfo-svar: JSON'en er fejlformet ({detail})",
    ),
    "statbank.json_syntax.hint": (
        'save the response of https://api.statbank.dk/v1/tableinfo as it came, e.g. curl -X POST -H \'Content-Type: application/json\' -d \'{{"table": "UND1", "format": "JSON"}}\' -o UND1.json https://api.statbank.dk/v1/tableinfo',
        'gem svaret fra https://api.statbank.dk/v1/tableinfo, som det kom, f.eks. curl -X POST -H \'Content-Type: application/json\' -d \'{{"table": "UND1", "format": "JSON"}}\' -o UND1.json https://api.statbank.dk/v1/tableinfo',
    ),
    "statbank.json_deep": (
        "not a saved tableinfo response: the JSON is nested too deeply",
        "ikke et gemt tableinfo-svar: JSON'en er indlejret for dybt",
    ),
    "statbank.json_type": (
        "{where} should be {expected}, not {found}",
        "{where} skal være {expected}, ikke {found}",
    ),
    "statbank.json_type.hint": (
        "a tableinfo response has id, text, unit, updated and variables (each with id, text and values of id and text); save the response again",
        "et tableinfo-svar har id, text, unit, updated og variables (hver med id, text og values med id og text); gem svaret igen",
    ),
    "statbank.json.object": ("an object", "et objekt"),
    "statbank.json.list": ("a list", "en liste"),
    "statbank.json.text": ("text", "tekst"),
    "statbank.json.empty": ("empty text", "tom tekst"),
    "statbank.json.number": ("a number", "et tal"),
    "statbank.json.bool": ("true or false", "true eller false"),
    "statbank.json_missing": (
        "{where} has no '{key}'",
        "{where} har ingen '{key}'",
    ),
    "statbank.json_missing.hint": (
        "a tableinfo response has id, text, unit, updated and variables (each with id, text and values of id and text); save the response again",
        "et tableinfo-svar har id, text, unit, updated og variables (hver med id, text og values med id og text); gem svaret igen",
    ),
    "statbank.json_error": (
        "the file holds the API's error answer, not a table: {message}",
        "filen indeholder API'ets fejlsvar, ikke en tabel: {message}",
    ),
    "statbank.json_error.hint": (
        "check the table id and fetch the response again",
        "tjek tabel-id'et, og hent svaret igen",
    ),
    "statbank.json_updated": (
        "$.updated is '{value}', not a date and time such as 2025-08-11T08:00:00",
        "$.updated er '{value}', ikke et tidspunkt som 2025-08-11T08:00:00",
    ),
    "statbank.json_updated.hint": (
        "the date of the table's last update dates its uses; save the response again",
        "datoen for tabellens seneste opdatering daterer dens anvendelser; gem svaret igen",
    ),
    "statbank.json_duplicate": (
        "{where}: the variable {variable} is listed twice",
        "{where}: variablen {variable} står der to gange",
    ),
    # --- the mapping ----------------------------------------------------------------------------
    "statbank.missing": (
        "the tableinfo file {file} does not exist",
        "tableinfo-filen {file} findes ikke",
    ),
    "statbank.missing.hint": (
        "tableinfo names files relative to the mapping file; check the name, or save the table's response there",
        "tableinfo angiver filer i forhold til mappingfilen; tjek navnet, eller gem tabellens svar der",
    ),
    "statbank.table_twice": (
        "{file} describes the table {table}, which {other} describes already",
        "{file} beskriver tabellen {table}, som {other} allerede beskriver",
    ),
    "statbank.table_twice.hint": (
        "keep one saved response per table",
        "behold ét gemt svar pr. tabel",
    ),
    "statbank.no_table": (
        "no tableinfo file describes the table {table}",
        "ingen tableinfo-fil beskriver tabellen {table}",
    ),
    "statbank.no_table.hint": (
        "did you mean '{suggestion}'?",
        "mente du '{suggestion}'?",
    ),
    "statbank.no_table.hint_list": (
        "tables of the tableinfo files: {known}; add the table's saved response to tableinfo",
        "tabeller i tableinfo-filerne: {known}; tilføj tabellens gemte svar under tableinfo",
    ),
    "statbank.table_unmapped": (
        "note: the table {table} ({file}) is in tableinfo but not under tables; it gives no uses",
        "bemærk: tabellen {table} ({file}) står under tableinfo, men ikke under tables; den giver ingen anvendelser",
    ),
    "statbank.no_variable": (
        "the table {table} has no variable {variable}",
        "tabellen {table} har ingen variabel {variable}",
    ),
    "statbank.no_variable.hint": (
        "did you mean '{suggestion}'? (variable ids are written as the response has them, e.g. Tid)",
        "mente du '{suggestion}'? (variabel-id'er skrives, som svaret har dem, f.eks. Tid)",
    ),
    "statbank.no_variable.hint_list": (
        "variables of {table}: {known}",
        "variabler i {table}: {known}",
    ),
    "statbank.variable_unmapped": (
        "note: the variable {variable} ({text}) of {table} is mapped to no field; it gives no use",
        "bemærk: variablen {variable} ({text}) i {table} er ikke knyttet til et felt; den giver ingen anvendelse",
    ),
    "statbank.variable_unmapped.hint": (
        "name the field it comes from ({variable}: set.field), or write {variable}: [] if it comes from none",
        "angiv det felt, den kommer fra ({variable}: kravsæt.felt), eller skriv {variable}: [], hvis den ikke kommer fra noget",
    ),
    "statbank.unknown_set": (
        "the catalogue has no requirement set '{set}'",
        "kataloget har intet kravsæt '{set}'",
    ),
    "statbank.unknown_set.hint": (
        "did you mean '{suggestion}'?",
        "mente du '{suggestion}'?",
    ),
    "statbank.unknown_set.hint_list": (
        "requirement sets: {known}",
        "kravsæt: {known}",
    ),
    "statbank.unknown_field": (
        "the requirement set '{set}' has no field '{field}'",
        "kravsættet '{set}' har intet felt '{field}'",
    ),
    "statbank.unknown_field.hint": (
        "did you mean '{suggestion}'?",
        "mente du '{suggestion}'?",
    ),
    "statbank.unknown_field.hint_list": (
        "fields of '{set}': {known}",
        "felter i '{set}': {known}",
    ),
    "statbank.future": (
        "the table {table} was updated {date}, after the audit date {as_of}; its uses are not counted",
        "tabellen {table} er opdateret {date}, efter opgørelsesdatoen {as_of}; dens anvendelser tælles ikke med",
    ),
    "statbank.future.hint": (
        "audit as of a later date (--as-of), or use a response saved before the audit date",
        "opgør pr. en senere dato (--as-of), eller brug et svar, der er gemt før opgørelsesdatoen",
    ),
    # --- the command line and the library --------------------------------------------------------
    "api.statbank": (
        "the Statistikbanken evidence {path} cannot be used: {count} {count:problem|problems}; see the diagnostics",
        "Statistikbanken-evidensen {path} kan ikke bruges: {count} {count:problem|problemer}; se diagnoserne",
    ),
    "validate.statbank": (
        "{path}: a Statistikbanken mapping, checked with its {tables} tableinfo {tables:file|files}: {uses} {uses:use|uses} of {fields} {fields:field|fields}",
        "{path}: en Statistikbanken-mapping, tjekket med {tables:sin|sine} {tables} tableinfo-{tables:fil|filer}: {uses} {uses:anvendelse|anvendelser} af {fields} {fields:felt|felter}",
    ),
    "validate.statbank_alone": (
        "{path}: a Statistikbanken mapping, checked with its {tables} tableinfo {tables:file|files}: {uses} {uses:use|uses} of {fields} {fields:field|fields}; the fields are checked when valid requirement definitions are given with it (indberet validate DIR {path})",
        "{path}: en Statistikbanken-mapping, tjekket med {tables:sin|sine} {tables} tableinfo-{tables:fil|filer}: {uses} {uses:anvendelse|anvendelser} af {fields} {fields:felt|felter}; felterne tjekkes, når gyldige kravdefinitioner angives sammen med den (indberet validate MAPPE {path})",
    ),
}
