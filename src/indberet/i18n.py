"""Every word the tool writes, in English and Danish.

Messages are looked up by key and formatted with named parameters. A test checks that
every key has both languages and the same placeholders in each.

Singular and plural: a placeholder written ``{name:one|other}`` is replaced by ``one``
when the value of ``name`` is one, else by ``other`` — ``{files} {files:file|files}``
writes "1 file" and "2 files", ``{new} {new:nyt|nye}`` "1 nyt" and "3 nye". A value is
one when it is the number 1 (or -1), or text whose last figure is written "1" (``+1``,
``about 1``); ``1,0`` and ``1.5`` are plural, as both languages say them. A test finds
a count written next to a plural noun without such a choice.
"""

from __future__ import annotations

import functools
import locale
import math
import os
import re
import string
from collections.abc import Mapping
from dataclasses import field
from typing import Any, Final

from indberet.records import record

LANGUAGES: Final = ("en", "da")
DEFAULT_LANGUAGE: Final = "en"

# key -> (english, danish)
MESSAGES: Final[dict[str, tuple[str, str]]] = {
    # --- input problems: the file could not be read as text --------------------------
    "input.missing": (
        "no such file or directory",
        "filen eller mappen findes ikke",
    ),
    "input.missing.hint": (
        "check the path; give a file or a directory of *.yaml files",
        "tjek stien; angiv en fil eller en mappe med *.yaml-filer",
    ),
    "input.unreadable": (
        "cannot read the file: {reason}",
        "filen kan ikke læses: {reason}",
    ),
    "input.unreadable.hint": (
        "check that the file exists and that you may read it",
        "tjek, at filen findes, og at du har læseadgang",
    ),
    "input.encoding": (
        "the file is not UTF-8 (invalid byte {byte} here){guess}",
        "filen er ikke UTF-8 (ugyldig byte {byte} her){guess}",
    ),
    "input.encoding.guess": (
        "; it looks like {encoding}",
        "; den ligner {encoding}",
    ),
    "input.encoding.hint": (
        "convert it to UTF-8, e.g. iconv -f {encoding} -t UTF-8 FILE > NEW-FILE",
        "konverter den til UTF-8, f.eks. iconv -f {encoding} -t UTF-8 FIL > NY-FIL",
    ),
    "input.binary": (
        "the file is binary, not YAML text",
        "filen er binær, ikke YAML-tekst",
    ),
    "input.binary.hint": (
        "give the path of a requirement definition in YAML",
        "angiv stien til en kravdefinition i YAML",
    ),
    "input.empty": (
        "the file is empty",
        "filen er tom",
    ),
    "input.empty.hint": (
        "write a requirement set (indberet: 1, id, name, fields) or remove the file",
        "skriv et kravsæt (indberet: 1, id, name, fields), eller fjern filen",
    ),
    "output.suffix_contradicts": (
        "{file}: the suffix {suffix} does not hold the format {format}; choose a file name that fits it, or leave out --format",
        "{file}: endelsen {suffix} passer ikke til formatet {format}; vælg et filnavn, der passer, eller udelad --format",
    ),
    "output.suffix_unwritable": (
        "{file}: '{command}' cannot write a {suffix} file (it writes {formats}); for a spreadsheet or web page use 'indberet report -o FILE.xlsx' or '.html'",
        "{file}: '{command}' kan ikke skrive en {suffix}-fil (den skriver {formats}); brug 'indberet report -o FIL.xlsx' eller '.html' til et regneark eller en webside",
    ),
    "input.not_indberet": (
        "passed over: not an indberet file (no top-level 'indberet:' key)",
        "sprunget over: ikke en indberet-fil (ingen 'indberet:' øverst i filen)",
    ),
    "input.not_indberet.hint": (
        "an indberet file starts with 'indberet: 1'; name the file itself to have it checked anyway",
        "en indberet-fil begynder med 'indberet: 1'; angiv selve filen for at få den kontrolleret alligevel",
    ),
    "input.not_indberet_many": (
        "passed over {count} YAML {count:file that is not an indberet file|files that are not indberet files} (no top-level 'indberet:' key): {files}",
        "sprunget over: {count} {count:YAML-fil, der ikke er en indberet-fil|YAML-filer, der ikke er indberet-filer} (ingen 'indberet:' øverst): {files}",
    ),
    "input.not_indberet_many.hint": (
        "an indberet file starts with 'indberet: 1'; name a file itself to have it checked anyway",
        "en indberet-fil begynder med 'indberet: 1'; angiv selve filen for at få den kontrolleret alligevel",
    ),
    "cli.no_paths": (
        "no PATH given: name the folders or files of requirement definitions, or set 'paths' in indberet.toml ([indberet]) or pyproject.toml ([tool.indberet])",
        "ingen STI angivet: angiv mapperne eller filerne med indberetningskrav, eller sæt 'paths' i indberet.toml ([indberet]) eller pyproject.toml ([tool.indberet])",
    ),
    "input.own_catalogue": (
        "passed over: {folder} is a catalogue of its own (it holds {mark})",
        "sprunget over: {folder} er et katalog for sig (mappen indeholder en {mark})",
    ),
    "input.own_catalogue.hint": (
        "audit it on its own: indberet audit {folder}",
        "gennemgå det for sig: indberet audit {folder}",
    ),
    "input.no_files": (
        "no *.yaml or *.yml files in this directory",
        "ingen *.yaml- eller *.yml-filer i mappen",
    ),
    "input.no_files.hint": (
        "point to the directory that holds the requirement definitions",
        "peg på mappen med kravdefinitionerne",
    ),
    "input.too_large": (
        "the file is {size} MB; the limit is {limit} MB",
        "filen fylder {size} MB; grænsen er {limit} MB",
    ),
    "input.too_large.hint": (
        "split the requirement sets into one file per statistic",
        "del kravsættene op i én fil pr. statistik",
    ),
    "profile.unknown": (
        "no rule profile named '{name}'",
        "ingen regelprofil med navnet '{name}'",
    ),
    "profile.unknown.hint": (
        "use one of the shipped profiles ({known}) or the path of a profile file",
        "brug en af de medfølgende profiler ({known}) eller stien til en profilfil",
    ),
    # --- YAML problems ------------------------------------------------------------------
    "yaml.syntax": (
        "YAML syntax error: {problem}{context}",
        "YAML-syntaksfejl: {problem}{context}",
    ),
    "yaml.syntax.hint": (
        "check indentation, colons and quotes on this line and the one before",
        "tjek indrykning, koloner og anførselstegn i denne og forrige linje",
    ),
    "yaml.multiple_documents": (
        "the file holds more than one YAML document",
        "filen indeholder mere end ét YAML-dokument",
    ),
    "yaml.multiple_documents.hint": (
        "put each requirement set in a file of its own and remove the '---' separator",
        "læg hvert kravsæt i sin egen fil, og fjern skillelinjen '---'",
    ),
    "yaml.duplicate_key": (
        "duplicate key '{key}' (first at line {first_line}); YAML would silently keep only the last",
        "nøglen '{key}' står to gange (først i linje {first_line}); YAML ville uden varsel kun beholde den sidste",
    ),
    "yaml.duplicate_key.hint": (
        "remove one of them or merge their contents",
        "fjern den ene, eller saml indholdet",
    ),
    "yaml.tag": (
        "the tag '{tag}' is not allowed",
        "YAML-mærket '{tag}' er ikke tilladt",
    ),
    "yaml.tag.hint": (
        "requirement definitions are plain data: remove the tag; indberet never constructs objects or runs code from YAML",
        "kravdefinitioner er rene data: fjern mærket; indberet opretter aldrig objekter eller kører kode fra YAML",
    ),
    "yaml.complex_key": (
        "a mapping key must be a plain scalar",
        "en nøgle skal være en simpel værdi",
    ),
    "yaml.complex_key.hint": (
        "write the key as a plain word, e.g. name:",
        "skriv nøglen som et ord, f.eks. name:",
    ),
    "yaml.merge_key": (
        "merge keys ('<<') are not supported",
        "flettenøgler ('<<') understøttes ikke",
    ),
    "yaml.merge_key.hint": (
        "write the keys out in full, so that each field can be read on its own",
        "skriv nøglerne helt ud, så hvert felt kan læses for sig",
    ),
    "yaml.alias_budget": (
        "aliases expand to more than {limit} {limit:value|values} (an 'alias bomb')",
        "aliaser udfoldes til mere end {limit} {limit:værdi|værdier} (en 'aliasbombe')",
    ),
    "yaml.alias_budget.hint": (
        "write the values out instead of repeating anchors (&name / *name)",
        "skriv værdierne ud i stedet for at gentage ankre (&navn / *navn)",
    ),
    "yaml.too_deep": (
        "the document is nested more than {limit} {limit:level|levels} deep",
        "dokumentet er indlejret i mere end {limit} {limit:niveau|niveauer}",
    ),
    "yaml.too_deep.hint": (
        "a requirement set is at most a few levels deep; check for runaway brackets",
        "et kravsæt har kun få niveauer; tjek for parenteser, der ikke bliver lukket",
    ),
    "yaml.non_finite": (
        "'{text}' is read by YAML as {value}, not a usable number",
        "'{text}' læses af YAML som {value}, ikke et brugbart tal",
    ),
    "yaml.non_finite.hint": (
        "write a finite number, or quote it if you meant text",
        "skriv et endeligt tal, eller sæt det i anførselstegn, hvis det er tekst",
    ),
    # --- schema problems ----------------------------------------------------------------
    "schema.not_mapping": (
        "the document must be a mapping of keys to values, found {found}",
        "dokumentet skal være en samling af nøgler og værdier, men er {found}",
    ),
    "schema.not_mapping.hint": (
        "start with 'indberet: 1' and 'id:' for a requirement set, or 'registers:' for a register catalogue",
        "begynd med 'indberet: 1' og 'id:' for et kravsæt eller 'registers:' for et registerkatalog",
    ),
    "schema.unknown_key": (
        "unknown key '{key}' in {where}",
        "ukendt nøgle '{key}' i {where}",
    ),
    "schema.unknown_key.hint": (
        "did you mean '{suggestion}'?",
        "mente du '{suggestion}'?",
    ),
    "schema.unknown_key.hint_list": (
        "allowed keys here: {allowed}",
        "tilladte nøgler her: {allowed}",
    ),
    "schema.missing_key": (
        "{where} lacks the required key '{key}'",
        "{where} mangler den påkrævede nøgle '{key}'",
    ),
    "schema.missing_key.hint": (
        "add '{key}:' {what}",
        "tilføj '{key}:' {what}",
    ),
    "schema.missing_one_of": (
        "{where} needs one of the keys {keys}",
        "{where} skal have en af nøglerne {keys}",
    ),
    "schema.missing_one_of.hint": (
        "add one of them, e.g. 'type: date' or a 'codes:' list",
        "tilføj en af dem, f.eks. 'type: date' eller en 'codes:'-liste",
    ),
    "schema.type": (
        "'{key}' must be {expected}, found {found}",
        "'{key}' skal være {expected}, men er {found}",
    ),
    "schema.type.hint": (
        "write {expected}",
        "skriv {expected}",
    ),
    "schema.type.hint_quote": (
        'if you meant the text, write it in quotes: "{text}"',
        'hvis du mente teksten, så skriv den i anførselstegn: "{text}"',
    ),
    "schema.enum": (
        "'{key}' must be one of {allowed}, found {found}",
        "'{key}' skal være en af {allowed}, men er {found}",
    ),
    "schema.enum.hint": (
        "did you mean {suggestion}?",
        "mente du {suggestion}?",
    ),
    "schema.enum.hint_list": (
        "use one of {allowed}",
        "brug en af {allowed}",
    ),
    "schema.const": (
        "'{key}' must be {expected}, found {found}",
        "'{key}' skal være {expected}, men er {found}",
    ),
    "schema.const.hint": (
        "this version of indberet reads format version {expected}; write '{key}: {expected}'",
        "denne version af indberet læser formatversion {expected}; skriv '{key}: {expected}'",
    ),
    "schema.pattern": (
        "'{key}' is {found}, which is not a valid {what}",
        "'{key}' er {found}, som ikke er {what}",
    ),
    "schema.pattern.hint_identifier": (
        "use lowercase letters a-z, digits, '_' and '-' (write æ, ø, å as ae, oe, aa), e.g. {suggestion}",
        "brug små bogstaver a-z, tal, '_' og '-' (skriv æ, ø, å som ae, oe, aa), f.eks. {suggestion}",
    ),
    "schema.pattern.hint_date": (
        "write the date as YYYY-MM-DD, e.g. 2016-11-30",
        "skriv datoen som ÅÅÅÅ-MM-DD, f.eks. 2016-11-30",
    ),
    "schema.pattern.hint_reference": (
        "name a field id in this set, 'set.field' in another set, or a register id",
        "angiv et felt-id i kravsættet, 'sæt.felt' i et andet kravsæt eller et register-id",
    ),
    "schema.range": (
        "'{key}' is {found}, which is {relation} {limit}",
        "'{key}' er {found}, som {relation} {limit}",
    ),
    "schema.range.hint": (
        "use a value {allowed}",
        "brug en værdi {allowed}",
    ),
    "schema.length": (
        "'{key}' {problem}",
        "'{key}' {problem}",
    ),
    "schema.length.hint": (
        "{fix}",
        "{fix}",
    ),
    "schema.unique": (
        "'{key}' lists {item} more than once",
        "'{key}' nævner {item} mere end én gang",
    ),
    "schema.unique.hint": (
        "remove the repeated entry",
        "fjern gentagelsen",
    ),
    "schema.format": (
        "'{key}' is {found}, which is not a valid {format}",
        "'{key}' er {found}, som ikke er {format}",
    ),
    "schema.format.hint": (
        "write a real calendar date as YYYY-MM-DD",
        "skriv en rigtig dato som ÅÅÅÅ-MM-DD",
    ),
    "schema.one_of": (
        "'{key}' must be {expected}, found {found}",
        "'{key}' skal være {expected}, men er {found}",
    ),
    "schema.one_of.hint": (
        "write {expected}",
        "skriv {expected}",
    ),
    "schema.other": (
        "'{key}' is not valid: {detail}",
        "'{key}' er ikke gyldig: {detail}",
    ),
    "schema.other.hint": (
        "see 'indberet schema {kind}' for the allowed form",
        "se 'indberet schema {kind}' for den tilladte form",
    ),
    # --- references and identity across files -------------------------------------------
    "ref.duplicate_field": (
        "field id '{id}' is used twice in set '{set}' (first at line {first_line})",
        "felt-id'et '{id}' bruges to gange i kravsættet '{set}' (først i linje {first_line})",
    ),
    "ref.duplicate_field.hint": (
        "give each field its own id; if it asks the same thing twice, remove one",
        "giv hvert felt sit eget id; spørger de om det samme, så fjern det ene",
    ),
    "ref.duplicate_set": (
        "set id '{id}' is also defined in {first}",
        "kravsæt-id'et '{id}' er også defineret i {first}",
    ),
    "ref.duplicate_set.hint": (
        "each statistic needs its own id; rename one or remove the copy",
        "hver statistik skal have sit eget id; omdøb den ene, eller fjern kopien",
    ),
    "ref.duplicate_register": (
        "register id '{id}' is also defined in {first}",
        "register-id'et '{id}' er også defineret i {first}",
    ),
    "ref.duplicate_register.hint": (
        "keep one definition of each register",
        "behold én definition af hvert register",
    ),
    "ref.unknown_register": (
        "'registered_in' names the unknown register '{id}'",
        "'registered_in' nævner det ukendte register '{id}'",
    ),
    "ref.unknown_register.hint": (
        "did you mean '{suggestion}'? Known registers: {known}",
        "mente du '{suggestion}'? Kendte registre: {known}",
    ),
    "ref.unknown_register.hint_list": (
        "add it to a register catalogue (a file with 'registers:'); known registers: {known}",
        "tilføj det til et registerkatalog (en fil med 'registers:'); kendte registre: {known}",
    ),
    "ref.unknown_source": (
        "'derivable_from' names '{id}', which is neither a field in set '{set}', a 'set.field' elsewhere, nor a register",
        "'derivable_from' nævner '{id}', som hverken er et felt i kravsættet '{set}', et 'sæt.felt' andetsteds eller et register",
    ),
    "ref.unknown_source.hint": (
        "did you mean '{suggestion}'?",
        "mente du '{suggestion}'?",
    ),
    "ref.unknown_source.hint_list": (
        "name a field id of this set, 'set.field', or a register id",
        "angiv et felt-id i kravsættet, 'sæt.felt' eller et register-id",
    ),
    "ref.self": (
        "field '{id}' is said to be derivable from itself",
        "feltet '{id}' angives at kunne udledes af sig selv",
    ),
    "ref.self.hint": (
        "remove '{id}' from its own 'derivable_from'",
        "fjern '{id}' fra feltets 'derivable_from'",
    ),
    "ref.minutes_order": (
        "the minutes range [{low}, {high}] has its low end above its high end",
        "intervallet for minutter [{low}, {high}] har den lave ende over den høje",
    ),
    "ref.minutes_order.hint": (
        "write the range as [low, high], e.g. [{high}, {low}]",
        "skriv intervallet som [lav, høj], f.eks. [{high}, {low}]",
    ),
    "ref.tariff_dkk_currency": (
        "'tariff_dkk' is in DKK, but this set's figures are in {currency}",
        "'tariff_dkk' er i kroner, men kravsættets tal er i {currency}",
    ),
    "ref.tariff_dkk_currency.hint": (
        "write the hourly tariff in {currency} as 'tariff:'",
        "skriv timetaksten i {currency} som 'tariff:'",
    ),
    "ref.tariff_missing": (
        "a set in {currency} needs its own hourly tariff: the profile's tariff is in DKK",
        "et kravsæt i {currency} skal have sin egen timetakst: profilens takst er i kroner",
    ),
    "ref.tariff_missing.hint": (
        "add 'tariff:' with the hourly cost of a caseworker in {currency}",
        "tilføj 'tariff:' med en sagsbehandlers timetakst i {currency}",
    ),
    "ref.duplicate_record": (
        "record id '{id}' is used twice in set '{set}'",
        "post-id'et '{id}' bruges to gange i kravsættet '{set}'",
    ),
    "ref.duplicate_record.hint": (
        "give each record of 'records' its own id",
        "giv hver post under 'records' sit eget id",
    ),
    "ref.unknown_record": (
        "'record' names '{id}', which is not a record of set '{set}'",
        "'record' nævner '{id}', som ikke er en post i kravsættet '{set}'",
    ),
    "ref.unknown_record.hint": (
        "did you mean '{suggestion}'?",
        "mente du '{suggestion}'?",
    ),
    "ref.unknown_record.hint_list": (
        "list the record under the set's 'records:'; known records: {known}",
        "angiv posten under kravsættets 'records:'; kendte poster: {known}",
    ),
    "ref.asked_when_self": (
        "field '{id}' is said to be asked when it has a value itself",
        "feltet '{id}' angives kun at skulle udfyldes, når det selv er udfyldt",
    ),
    "ref.asked_when_self.hint": (
        "name the field whose answer decides whether '{id}' is asked",
        "angiv det felt, hvis svar afgør, om der spørges om '{id}'",
    ),
    "ref.unknown_gate": (
        "'asked_when' names '{id}', which is not a field of set '{set}'",
        "'asked_when' nævner '{id}', som ikke er et felt i kravsættet '{set}'",
    ),
    "ref.unknown_gate.hint": (
        "did you mean '{suggestion}'?",
        "mente du '{suggestion}'?",
    ),
    "ref.unknown_gate.hint_list": (
        "name a field of the same set; known fields: {known}",
        "angiv et felt i samme kravsæt; kendte felter: {known}",
    ),
    # --- words used inside messages -------------------------------------------------------
    "where.document": ("the document", "dokumentet"),
    "where.set": ("requirement set '{id}'", "kravsættet '{id}'"),
    "where.field": ("field '{id}'", "feltet '{id}'"),
    "where.field_n": ("field #{n}", "felt nr. {n}"),
    "where.use": ("use #{n} of field '{id}'", "anvendelse nr. {n} af feltet '{id}'"),
    "where.register": ("register '{id}'", "registret '{id}'"),
    "where.register_n": ("register #{n}", "register nr. {n}"),
    "where.value": ("'{key}'", "'{key}'"),
    "type.string": ("text", "tekst"),
    "type.integer": ("a whole number", "et helt tal"),
    "type.number": ("a number", "et tal"),
    "type.boolean": ("true or false", "true eller false"),
    "type.null": ("nothing (null)", "ingenting (null)"),
    "type.array": ("a list", "en liste"),
    "type.object": ("a mapping of keys to values", "en samling af nøgler og værdier"),
    "found.bool": ("the value {value}", "værdien {value}"),
    "found.yaml_read": (
        "the unquoted {text}, which YAML reads as {value}",
        "{text} uden anførselstegn, som YAML læser som {value}",
    ),
    "found.null": ("nothing (null)", "ingenting (null)"),
    "found.number": ("the number {value}", "tallet {value}"),
    "found.string": ('the text "{value}"', 'teksten "{value}"'),
    "found.list": ("a list", "en liste"),
    "found.mapping": ("a mapping", "en samling af nøgler og værdier"),
    "relation.min": ("below the minimum", "er under minimum"),
    "relation.max": ("above the maximum", "er over maksimum"),
    "relation.xmin": ("not above", "ikke er over"),
    "relation.xmax": ("not below", "ikke er under"),
    "allowed.between": ("between {low} and {high}", "mellem {low} og {high}"),
    "allowed.at_least": ("of at least {low}", "på mindst {low}"),
    "allowed.above": ("above {low}", "over {low}"),
    "allowed.at_most": ("of at most {high}", "på højst {high}"),
    "length.empty_list": ("is an empty list", "er en tom liste"),
    "length.empty_list.fix": (
        "add at least one entry, or remove the key",
        "tilføj mindst ét punkt, eller fjern nøglen",
    ),
    "length.empty_text": ("is empty", "er tom"),
    "length.empty_text.fix": (
        "write the text, or remove the key",
        "skriv teksten, eller fjern nøglen",
    ),
    "length.too_long": (
        "is longer than {limit} {limit:character|characters}",
        "er længere end {limit} tegn",
    ),
    "length.too_long.fix": ("shorten it", "gør den kortere"),
    "length.range_size": (
        "must hold exactly two numbers [low, high]",
        "skal have præcis to tal [lav, høj]",
    ),
    "length.range_size.fix": ("write e.g. [0.5, 2]", "skriv f.eks. [0.5, 2]"),
    "what.identifier": ("identifier", "et gyldigt id"),
    "what.date": ("date", "en gyldig dato"),
    "what.reference": ("reference", "en gyldig henvisning"),
    "what.value": ("value", "en gyldig værdi"),
    "what.text": ("text", "en gyldig tekst"),
    "expected.minutes": (
        "a number of minutes (0-600) or a range [low, high]",
        "et antal minutter (0-600) eller et interval [lav, høj]",
    ),
    "expected.text_or_null": ("text or null", "tekst eller null"),
    "missing.what": ("with a value", "med en værdi"),
    # --- audit rules and verdicts ------------------------------------------------------
    "rule.unresearched": (
        "no recorded use, and its uses were not researched (uses_researched: false): find out who uses it before deciding",
        "ingen registreret brug, og brugen er ikke undersøgt (uses_researched: false): find ud af, hvem der bruger feltet, før der træffes en beslutning",
    ),
    "resolve.source_kept": (
        "stays: {field} is derived from it",
        "bevares: {field} udledes af det",
    ),
    "resolve.gate_kept": (
        "stays: it decides when {field} is asked",
        "bevares: det afgør, hvornår der spørges om {field}",
    ),
    "resolve.twin_leaves": (
        "near-duplicate of {twin}, which leaves too ({verdict}), so it is not merged",
        "næsten-dublet af {twin}, som også udgår ({verdict}), så de lægges ikke sammen",
    ),
    "verdict.revision_rank": (
        "priority {rank} of {of} for the next revision (least use, then most hours, first)",
        "prioritet {rank} af {of} ved næste revision af loven (mindst brug og derefter flest timer først)",
    ),
    "verdict.revision": (
        "for the next revision of the provision: {verdict}",
        "ved næste revision af bestemmelsen: {verdict}",
    ),
    "basis.name": ("name", "navnene"),
    "basis.text": ("text", "navn og beskrivelse"),
    "basis.codes": ("code list", "kodelisterne"),
    "verdict.keep": ("in use (usage {usage})", "anvendes (brug {usage})"),
    "verdict.mandated_review": (
        "named by law ({law}), so it cannot simply be removed",
        "nævnt i loven ({law}) og kan derfor ikke bare fjernes",
    ),
    "verdict.KEEP": ("KEEP", "BEHOLD"),
    "verdict.REMOVE": ("REMOVE", "FJERN"),
    "verdict.DERIVE": ("DERIVE", "UDLED"),
    "verdict.MERGE": ("MERGE", "SAML"),
    "verdict.REVIEW": ("REVIEW", "VURDER"),
    # --- audit output --------------------------------------------------------------------
    "col.field": ("Field", "Felt"),
    "col.name": ("Name", "Navn"),
    "col.set": ("Set", "Statistik"),
    "col.verdict": ("Verdict", "Anbefaling"),
    "col.usage": ("Usage", "Brug"),
    "col.duplication": ("Dup.", "Dobbeltreg."),
    "col.hours": ("Hours/yr", "Timer/år"),
    "col.dkk": ("{unit}/yr", "{unit}/år"),
    "col.rules": ("Rules", "Regler"),
    "col.reason": ("Reason", "Begrundelse"),
    "col.fields_before": ("Fields", "Felter"),
    "col.fields_after": ("After", "Efter"),
    "col.removed": ("Removed", "Fjernet"),
    "col.hours_before": ("Hours/yr", "Timer/år"),
    "col.hours_after": ("After", "Efter"),
    "col.hours_saved": ("Hours saved", "Timer sparet"),
    "col.dkk_saved": ("{unit} saved/yr", "{unit} sparet/år"),
    "summary.title": ("Reduction", "Reduktion"),
    "summary.total": ("All sets", "I alt"),
    "audit.heading": (
        "{set} — {name}: {fields} {fields:field|fields}",
        "{set} — {name}: {fields} {fields:felt|felter}",
    ),
    "audit.assumptions": (
        "As of {as_of}; profile '{profile}'; {tariff}; burden = minutes × share of reports × reports per year (Standard Cost Model).",
        "Opgjort pr. {as_of}; profil '{profile}'; {tariff}; byrde = minutter × andel af indberetninger × indberetninger pr. år (standardomkostningsmodellen).",
    ),
    "audit.result": (
        "{removed} of {before} {before:field|fields} ({share}) can leave the forms, saving {hours} {hours:hour|hours} and {money} a year ({burden_share} of the burden).",
        "{removed} af {before} {before:felt|felter} ({share}) kan fjernes fra skemaerne, hvilket sparer {hours} {hours:time|timer} og {money} om året ({burden_share} af byrden).",
    ),
    "audit.illustrative": (
        "Note: the figures for {sets} are illustrative, not official.",
        "Bemærk: tallene for {sets} er illustrative og ikke officielle.",
    ),
    "audit.twin": ("twin: {twin}", "samles med: {twin}"),
    "audit.group": (
        "one of {size} {size:field|fields} asking the same, in {sets} {sets:set|sets}; {kept} stays",
        "et af {size} {size:felt|felter}, der spørger om det samme, i {sets} kravsæt; {kept} bevares",
    ),
    "audit.group_kept": (
        "one of {size} {size:field|fields} asking the same, in {sets} {sets:set|sets}; this one stays",
        "et af {size} {size:felt|felter}, der spørger om det samme, i {sets} kravsæt; dette felt bevares",
    ),
    "explain.title": ("{field} — {name}", "{field} — {name}"),
    "explain.verdict": ("Verdict: {verdict}. {reason}.", "Anbefaling: {verdict}. {reason}."),
    "explain.scores": (
        "Usage {usage}, duplication {duplication}; burden {hours} {hours:hour|hours} and {money} a year.",
        "Brug {usage}, dobbeltregistrering {duplication}; byrde {hours} {hours:time|timer} og {money} om året.",
    ),
    "explain.rules": ("Rules, in order:", "Reglerne i rækkefølge:"),
    "explain.fired": ("fired", "slog til"),
    "explain.not_fired": ("did not fire", "slog ikke til"),
    "explain.threshold": ("threshold {threshold}", "grænse {threshold}"),
    "explain.off": ("off in profile '{profile}'", "slået fra i profilen '{profile}'"),
    "explain.inputs": ("inputs", "inddata"),
    "explain.uses": ("Uses:", "Anvendelser:"),
    "explain.use": (
        "{kind} by {consumer}{product}, {when}",
        "{consumer}{product}: {kind}, {when}",
    ),
    "explain.use_current": ("current", "løbende"),
    "explain.use_last": ("last {date}", "senest {date}"),
    "explain.no_uses": ("Uses: none recorded", "Anvendelser: ingen registreret"),
    "use.kind.publication": ("publication", "offentliggørelse"),
    "use.kind.analysis": ("analysis", "analyse"),
    "use.kind.legal": ("legal", "lovpligtig brug"),
    "use.kind.operational": ("operational", "administrativ brug"),
    "use.kind.request": ("request", "forespørgsel"),
    # --- usage log ----------------------------------------------------------------------
    "usagelog.input_hint": (
        "give the path of a usage-log CSV file with the header {header}",
        "angiv stien til en CSV-fil med anvendelser og overskriften {header}",
    ),
    "usagelog.binary": (
        "the file is binary, not CSV text",
        "filen er binær, ikke CSV-tekst",
    ),
    "usagelog.binary.hint": (
        "give the usage log as UTF-8 CSV text with the header {header}",
        "angiv anvendelsesloggen som UTF-8 CSV-tekst med overskriften {header}",
    ),
    "usagelog.no_header": (
        "the usage log does not start with the header line {header}",
        "anvendelsesloggen begynder ikke med overskriftslinjen {header}",
    ),
    "usagelog.no_header.hint": (
        "write the header {header} as the first line; the columns may come in any order,"
        " separated by commas or semicolons",
        "skriv overskriften {header} som første linje; kolonnerne må stå i vilkårlig rækkefølge,"
        " adskilt af kommaer eller semikoloner",
    ),
    "usagelog.header_unknown": (
        "the header names the unknown column '{column}'",
        "overskriften nævner den ukendte kolonne '{column}'",
    ),
    "usagelog.header_unknown.hint": (
        "did you mean '{suggestion}'? The columns are {header}",
        "mente du '{suggestion}'? Kolonnerne er {header}",
    ),
    "usagelog.header_unknown.hint_list": (
        "remove the column; the columns are {header}",
        "fjern kolonnen; kolonnerne er {header}",
    ),
    "usagelog.header_duplicate": (
        "the header names the column '{column}' twice",
        "overskriften nævner kolonnen '{column}' to gange",
    ),
    "usagelog.header_duplicate.hint": (
        "keep one '{column}' column",
        "behold én kolonne '{column}'",
    ),
    "usagelog.header_missing": (
        "the header lacks the column '{column}'",
        "overskriften mangler kolonnen '{column}'",
    ),
    "usagelog.header_missing.hint": (
        "add the column '{column}'; the header is {header} ('product' may be left out)",
        "tilføj kolonnen '{column}'; overskriften er {header} ('product' kan udelades)",
    ),
    "usagelog.columns": (
        "the row has {found} {found:value|values}, the header {expected}",
        "rækken har {found} {found:værdi|værdier}, overskriften {expected}",
    ),
    "usagelog.columns.hint": (
        'put a value that holds a comma in double quotes, e.g. "Kontor 3, analyse"',
        'sæt en værdi med komma i dobbelte anførselstegn, f.eks. "Kontor 3, analyse"',
    ),
    "usagelog.columns.hint_semicolon": (
        'put a value that holds a semicolon in double quotes, e.g. "Kontor 3; analyse"',
        'sæt en værdi med semikolon i dobbelte anførselstegn, f.eks. "Kontor 3; analyse"',
    ),
    "usagelog.empty": (
        "'{column}' is empty",
        "'{column}' er tom",
    ),
    "usagelog.empty.hint": (
        "every row needs a set, field, consumer, kind and date; only 'product' may be empty",
        "hver række skal have set, field, consumer, kind og date; kun 'product' må være tom",
    ),
    "usagelog.identifier": (
        "'{column}' is '{value}', which is not a valid identifier",
        "'{column}' er '{value}', som ikke er et gyldigt id",
    ),
    "usagelog.identifier.hint": (
        "write the id as in the requirement definitions: lowercase a-z, digits, '_' and '-'",
        "skriv id'et som i kravdefinitionerne: små bogstaver a-z, tal, '_' og '-'",
    ),
    "usagelog.kind": (
        "'kind' is '{value}'; it must be one of {allowed}",
        "'kind' er '{value}'; den skal være en af {allowed}",
    ),
    "usagelog.kind.hint": (
        "did you mean '{suggestion}'?",
        "mente du '{suggestion}'?",
    ),
    "usagelog.kind.hint_list": (
        "use one of {allowed}",
        "brug en af {allowed}",
    ),
    "usagelog.date": (
        "'date' is '{value}', which is not a date written YYYY-MM-DD",
        "'date' er '{value}', som ikke er en dato på formen ÅÅÅÅ-MM-DD",
    ),
    "usagelog.date.hint": (
        "write a real calendar date as YYYY-MM-DD, e.g. 2024-03-31",
        "skriv en rigtig dato som ÅÅÅÅ-MM-DD, f.eks. 2024-03-31",
    ),
    "usagelog.bare_cr": (
        "the row holds a carriage return (CR) outside quotes",
        "rækken indeholder et vognreturtegn (CR) uden for anførselstegn",
    ),
    "usagelog.bare_cr.hint": (
        "end lines with LF or CRLF, and put line breaks inside a value in double quotes",
        "afslut linjer med LF eller CRLF, og sæt linjeskift i en værdi i dobbelte anførselstegn",
    ),
    "usagelog.unclosed_quote": (
        "a quoted value is not closed before the end of the file",
        "en værdi i anførselstegn lukkes ikke før filens slutning",
    ),
    "usagelog.unclosed_quote.hint": (
        'close the quote; write a quote inside a quoted value as two quotes ("")',
        'luk anførselstegnet; skriv et anførselstegn inde i en værdi som to ("")',
    ),
    "usagelog.after_quote": (
        "text follows the closing quote of a value",
        "der står tekst efter det afsluttende anførselstegn i en værdi",
    ),
    "usagelog.after_quote.hint": (
        'quote the whole value, and write a quote inside it as two quotes ("")',
        'sæt hele værdien i anførselstegn, og skriv et anførselstegn inde i den som to ("")',
    ),
    "usagelog.malformed": (
        "the row cannot be read as CSV: {detail}",
        "rækken kan ikke læses som CSV: {detail}",
    ),
    "usagelog.malformed.hint": (
        "check the quotes and commas on this line",
        "tjek anførselstegn og kommaer i denne linje",
    ),
    "usagelog.line_too_long": (
        "the line is longer than {limit} bytes; it is skipped",
        "linjen er længere end {limit} byte; den springes over",
    ),
    "usagelog.line_too_long.hint": (
        "check that the file is a usage log with one use per line",
        "tjek, at filen er en anvendelseslog med én anvendelse pr. linje",
    ),
    "usagelog.unknown_set": (
        "the requirement set '{set}' is not in the catalogue",
        "kravsættet '{set}' findes ikke i kataloget",
    ),
    "usagelog.unknown_set.hint": (
        "did you mean '{suggestion}'?",
        "mente du '{suggestion}'?",
    ),
    "usagelog.unknown_set.hint_list": (
        "known sets: {known}",
        "kendte kravsæt: {known}",
    ),
    "usagelog.unknown_field": (
        "the requirement set '{set}' has no field '{field}'",
        "kravsættet '{set}' har intet felt '{field}'",
    ),
    "usagelog.unknown_field.hint": (
        "did you mean '{suggestion}'?",
        "mente du '{suggestion}'?",
    ),
    "usagelog.unknown_field.hint_list": (
        "fields of '{set}': {known}",
        "felter i '{set}': {known}",
    ),
    "usagelog.future": (
        "the row is dated {date}, after the audit date {as_of}; it is not counted",
        "rækken er dateret {date}, efter opgørelsesdatoen {as_of}; den tælles ikke med",
    ),
    "usagelog.future.hint": (
        "check the date, or audit as of a later date (--as-of)",
        "tjek datoen, eller opgør pr. en senere dato (--as-of)",
    ),
    "usagelog.suppressed": (
        "{count} more {count:row|rows} with problem {code} from here on {count:is|are} not shown",
        "yderligere {count} {count:række|rækker} med problem {code} vises ikke",
    ),
    "usagelog.suppressed.hint": (
        "fix the problems shown and run again to see the rest",
        "ret de viste problemer, og kør igen for at se resten",
    ),
    # --- command output -------------------------------------------------------------------
    "validate.ok": (
        "ok: {sets} requirement {sets:set|sets} with {fields} {fields:field|fields}, {registers} {registers:register|registers}, in {files} {files:file|files}",
        "ok: {sets} kravsæt med {fields} {fields:felt|felter}, {registers} {registers:register|registre}, i {files} {files:fil|filer}",
    ),
    "validate.ok_files": (
        "ok: no problems in {files} {files:file|files}",
        "ok: ingen problemer i {files} {files:fil|filer}",
    ),
    "validate.usage_log": (
        "{path}: a CSV file, checked as a usage log ({rows} {rows:row|rows}): header, rows, kinds, dates, and set and field names",
        "{path}: en CSV-fil, tjekket som anvendelseslog ({rows} {rows:række|rækker}): overskrift, rækker, anvendelsestyper, datoer samt kravsæt og felter",
    ),
    "validate.usage_log_alone": (
        "{path}: a CSV file, checked as a usage log ({rows} {rows:row|rows}): header, rows, kinds and dates; its set and field names are checked when valid requirement definitions are given with it (indberet validate DIR {path})",
        "{path}: en CSV-fil, tjekket som anvendelseslog ({rows} {rows:række|rækker}): overskrift, rækker, anvendelsestyper og datoer; kravsæt og felter tjekkes, når gyldige kravdefinitioner angives sammen med den (indberet validate MAPPE {path})",
    ),
    "validate.problems": (
        "{errors} {errors:problem|problems} in {files} of {total} {total:file|files}",
        "{errors} {errors:problem|problemer} i {files} af {total} {total:fil|filer}",
    ),
    "hint.label": ("hint", "råd"),
    "cli.error": ("error", "fejl"),
    "cli.interrupted": ("indberet: interrupted", "indberet: afbrudt"),
    "cli.bad_date": (
        "'{value}' is not a date; write YYYY-MM-DD, e.g. 2017-01-01",
        "'{value}' er ikke en dato; skriv ÅÅÅÅ-MM-DD, f.eks. 2017-01-01",
    ),
    "cli.no_rule": (
        "no rule '{code}'; known: {known}",
        "ingen regel '{code}'; kendte regler: {known}",
    ),
    "cli.no_field": (
        "no field '{field}' in the loaded sets; {hint}",
        "intet felt '{field}' i de indlæste kravsæt; {hint}",
    ),
    "cli.no_field.close": ("did you mean {close}?", "mente du {close}?"),
    "cli.no_field.form": ("write it as set.field", "skriv det som sæt.felt"),
    "cli.internal": (
        "internal error: {error}. This is a bug in indberet; run again with INDBERET_DEBUG=1 for details and report it.",
        "intern fejl: {error}. Det er en fejl i indberet; kør igen med INDBERET_DEBUG=1 for detaljer, og rapporter den.",
    ),
    # --- outputs, signals, memory ----------------------------------------------------------
    "output.empty": (
        "the output path is empty; name a file, or leave out -o to write to standard output",
        "outputstien er tom; angiv en fil, eller udelad -o for at skrive til standardoutput",
    ),
    "output.is_input": (
        "{path} is one of the inputs; choose another output file",
        "{path} er en af inddatafilerne; vælg en anden outputfil",
    ),
    "output.no_directory": ("{folder}: no such directory", "{folder}: mappen findes ikke"),
    "output.cannot_write": ("cannot write {path}: {reason}", "kan ikke skrive {path}: {reason}"),
    "output.stdout": ("standard output", "standardoutput"),
    "cli.stopped": (
        "indberet: stopped by {signal}",
        "indberet: stoppet af {signal}",
    ),
    "cli.out_of_memory": (
        "out of memory; the run was stopped. Allow more memory (ulimit -v), or run on fewer files at a time",
        "hukommelsen slap op; kørslen blev stoppet. Tillad mere hukommelse (ulimit -v), eller kør på færre filer ad gangen",
    ),
    "cli.memory_limit": (
        "this run needs about {needed} MB of memory, but the memory limit is {limit} MB (ulimit -v or -d); nothing was written. Raise the limit, or run on fewer files at a time",
        "kørslen kræver ca. {needed} MB hukommelse, men grænsen er {limit} MB (ulimit -v eller -d); intet blev skrevet. Hæv grænsen, eller kør på færre filer ad gangen",
    ),
    "cli.background": (
        "remembering the result in the cache failed ({error}); the output is complete",
        "resultatet kunne ikke gemmes i cachen ({error}); outputtet er komplet",
    ),
    "rules.on": ("on", "til"),
    "rules.off": ("off", "fra"),
    "cli.schema_unknown": (
        "unknown schema kind '{kind}'; choose one of {kinds}",
        "ukendt skematype '{kind}'; vælg en af {kinds}",
    ),
}


def _merge_catalogues() -> None:
    import importlib

    from indberet.messages import CATALOGUES

    for name in CATALOGUES:
        module = importlib.import_module(f"indberet.messages.{name}")
        catalogue: dict[str, tuple[str, str]] = module.MESSAGES
        clash = sorted(set(catalogue) & set(MESSAGES))
        if clash:
            raise RuntimeError(f"message keys defined twice: {', '.join(clash)}")
        MESSAGES.update(catalogue)


_merge_catalogues()


def add_messages(catalogue: Mapping[str, tuple[str, str]], owner: str) -> None:
    """Add the messages a part of the tool declares itself (each audit rule its own, see
    :mod:`indberet.core.rules`); a key already defined is refused, naming ``owner``."""
    clash = sorted(key for key in catalogue if key in MESSAGES and MESSAGES[key] != catalogue[key])
    if clash:
        raise RuntimeError(f"{owner}: message keys defined twice: {', '.join(clash)}")
    MESSAGES.update(catalogue)


def chosen_language(option: str | None, environ: Mapping[str, str]) -> str | None:
    """The language the option, else INDBERET_LANG, asks for; None if neither names one."""
    for candidate in (option, environ.get("INDBERET_LANG")):
        if candidate:
            code = candidate.strip().lower()[:2]
            if code in LANGUAGES:
                return code
    return None


def resolve_language(option: str | None, environ: Mapping[str, str] | None = None) -> str:
    """Return the language to write in: the option, then INDBERET_LANG, then the locale."""
    env = os.environ if environ is None else environ
    chosen = chosen_language(option, env)
    if chosen is not None:
        return chosen
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            return "da" if value.lower().startswith("da") else DEFAULT_LANGUAGE
    if environ is None:
        try:
            loc = locale.getlocale()[0] or ""
        except ValueError:
            loc = ""
        if loc.lower().startswith("da"):
            return "da"
    return DEFAULT_LANGUAGE


@record
class Text:
    """A message that is rendered later, in whatever language is asked for."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)


_NUMBER_SPECS: Final = {digits: f",.{digits}f" for digits in range(7)}
_PLAIN_SPECS: Final = {digits: f".{digits}f" for digits in range(7)}


@record
class Num:
    """A number written the way the language writes it (0.15 / 0,15)."""

    value: float
    digits: int = 2

    def render(self, lang: str) -> str:
        """The number with ``digits`` decimals and the language's separators."""
        value = self.value
        if -100.0 < value < 100.0:  # no thousands, even rounded: the quicker plain spec
            written = format(value, _PLAIN_SPECS.get(self.digits) or f".{self.digits}f")
            return written.replace(".", ",") if lang == "da" else written
        written = format(value, _NUMBER_SPECS.get(self.digits) or f",.{self.digits}f")
        if lang == "da":
            written = written.replace(",", "_").replace(".", ",").replace("_", ".")
        return written


def compared(value: float, bound: float) -> dict[str, Num]:
    """``usage`` and ``below`` for a sentence that compares a value with a threshold: with
    as many decimals (2 to 4) as it takes for unequal figures to be written unequal, so that
    0.1497 against 0.15 reads "0.1497 < 0.15", not "0.15 < 0.15"."""
    digits = 2
    while digits < 4 and value != bound and round(value, digits) == round(bound, digits):
        digits += 1
    return {"usage": Num(value, digits), "below": Num(bound, 2 if digits == 2 else digits)}


# compared_text's memo: (key, value, bound and their types) -> the Text. A catalogue's
# fields share a few thousand usage figures, and every field has a sentence comparing its
# usage with two or three thresholds.
_COMPARED: Final[dict[tuple[Any, ...], Text]] = {}
_COMPARED_MAX: Final = 65_536  # forgotten all at once beyond this: memory stays bounded


def compared_text(key: str, value: float, bound: float) -> Text:
    """``text(key, **compared(value, bound))``: the same :class:`Text`, equal in every way,
    and for figures met before the very same one (a Text is not changed once made)."""
    if (not value and _negative_zero(value)) or (not bound and _negative_zero(bound)):
        return Text(key, compared(value, bound))  # -0.0 == 0.0 as a key, but reads "-0.00"
    memo_key = (key, value, type(value), bound, type(bound))
    found = _COMPARED.get(memo_key)
    if found is None:
        if len(_COMPARED) >= _COMPARED_MAX:
            _COMPARED.clear()
        found = _COMPARED[memo_key] = Text(key, compared(value, bound))
    return found


def _negative_zero(value: float) -> bool:
    return math.copysign(1.0, value) < 0


@record
class Joined:
    """Several messages written as one sentence, separated by semicolons."""

    parts: tuple[Text, ...]


def _render_value(value: Any, lang: str) -> Any:
    kind = type(value)  # the usual kinds first, by their exact type: the quicker test
    if kind is Text:
        return _message(value.key, lang, value.params)
    if kind is Num:
        return value.render(lang)
    if kind is str:
        return value
    if isinstance(value, Num):
        return value.render(lang)
    if isinstance(value, Text):
        return _message(value.key, lang, value.params)
    if isinstance(value, Joined):
        return "; ".join([_render_value(part, lang) for part in value.parts])
    return value


def text(key: str, /, **params: Any) -> Text:
    """A deferred message; parameters may themselves be :class:`Text`."""
    return Text(key, params)


def has_message(key: str) -> bool:
    """Whether a message key exists."""
    return key in MESSAGES


def message(key: str, lang: str, /, **params: Any) -> str:
    """The message for ``key`` in ``lang``, formatted with ``params``."""
    return _message(key, lang, params)


def _message(key: str, lang: str, params: Mapping[str, Any]) -> str:
    english, danish = MESSAGES[key]
    template = danish if lang == "da" else english
    if not params:  # a fixed sentence: its words the same every time
        return _fixed(template)
    values = {name: _render_value(value, lang) for name, value in params.items()}
    if _counts(template):
        values = {name: _Counted(value) for name, value in values.items()}
    return template.format_map(values)


@functools.lru_cache(maxsize=4096)
def _fixed(template: str) -> str:
    """A template without parameters, formatted (``{{`` written ``{``); a template that
    names one raises KeyError, as formatting it with none does."""
    return template.format_map({})


_LAST_FIGURE: Final = re.compile(r"[0-9][0-9.,]*(?=\W*$)")


def is_one(value: Any) -> bool:
    """Whether ``value`` takes the singular: the number 1 or -1, or text whose last figure
    is written "1" (``+1``, ``about 1``; not ``1,0``)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return value in (1, -1)
    found = _LAST_FIGURE.search(str(value))
    return found is not None and found.group() == "1"


@functools.cache
def _counts(template: str) -> bool:
    """Whether the template chooses a word by a count (``{name:one|other}``)."""
    return any(spec and "|" in spec for _, _, spec, _ in string.Formatter().parse(template))


class _Counted:
    """A rendered value that also answers ``{name:one|other}`` with the word that fits it."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __format__(self, spec: str) -> str:
        if "|" in spec:
            one, other = spec.split("|", 1)
            return one if is_one(self.value) else other
        return format(self.value, spec)


def plural_forms(template: str) -> dict[str, tuple[str, str]]:
    """The ``{name:one|other}`` choices of a template: name -> (singular, plural)."""
    found = {}
    for _, name, spec, _ in string.Formatter().parse(template):
        if name and spec and "|" in spec:
            one, other = spec.split("|", 1)
            found[name] = (one, other)
    return found


def render(value: Text | Joined, lang: str) -> str:
    """Render a deferred message, or several joined into one sentence."""
    rendered = _render_value(value, lang)
    assert isinstance(rendered, str)
    return rendered


def placeholders(template: str) -> set[str]:
    """The named placeholders of a format template."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
