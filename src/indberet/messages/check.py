"""Messages of the `check` area: key -> (English, Danish). Merged into indberet.i18n.MESSAGES."""

# ruff: noqa: E501 - each sentence stays on one line, so it can be read and grepped.

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- policy findings ------------------------------------------------------------------
    "check.IND201": (
        "{field} names no consumer: no used_by and no row in a usage log",
        "{field} nævner ingen bruger: intet used_by og ingen række i en anvendelseslog",
    ),
    "check.IND201.hint": (
        "add a used_by entry saying who uses the field and for what, or leave the field out",
        "tilføj et used_by-punkt, der siger, hvem der bruger feltet og til hvad, eller udelad feltet",
    ),
    "check.IND202": (
        "{field} has no legal basis: no mandated_by, and the set {set} has no legal_basis",
        "{field} har intet lovgrundlag: intet mandated_by, og kravsættet {set} har intet legal_basis",
    ),
    "check.IND202.hint": (
        "give the set its legal_basis, or the field the provision that names it (mandated_by)",
        "angiv legal_basis for kravsættet, eller angiv for feltet den bestemmelse, der nævner det (mandated_by)",
    ),
    "check.IND202.field": (
        "{field} has no legal basis of its own (mandated_by)",
        "{field} har ikke sit eget lovgrundlag (mandated_by)",
    ),
    "check.IND202.field.hint": (
        "the profile asks every new or changed field for the provision that names it: add mandated_by",
        "profilen kræver den bestemmelse, der nævner feltet, for hvert nyt eller ændret felt: tilføj mandated_by",
    ),
    "check.IND203": (
        "{field} is held by a register: {registers}",
        "{field} findes allerede i et register: {registers}",
    ),
    "check.IND203.hint": (
        "take the information from the register instead of asking caseworkers to type it in again",
        "hent oplysningen fra registret i stedet for at bede sagsbehandlerne taste den igen",
    ),
    "check.IND204": (
        "{field} near-duplicates {twin} (similar {basis}, {score})",
        "{field} er en næsten-dublet af {twin} (lighed i {basis}: {score})",
    ),
    "check.IND204.hint": (
        "use {twin} instead, or make the difference clear in the name and description",
        "brug {twin} i stedet, eller gør forskellen tydelig i navn og beskrivelse",
    ),
    "check.IND205": (
        "{field} is removed, but the law names it ({law})",
        "{field} er fjernet, men loven nævner det ({law})",
    ),
    "check.IND205.hint": (
        "a field the law names stays until the law changes: keep it, or remove it together with the change of law",
        "et felt, som loven nævner, bevares, indtil loven ændres: behold det, eller fjern det sammen med lovændringen",
    ),
    "check.IND206": (
        "the change adds {added} {added:hour|hours} a year ({added_dkk}) and removes {removed}; with a budget of {budget} {budget:hour|hours} and {ratio} {ratio:hour|hours} to remove for each added hour, {missing} {missing:hour is|hours are} not offset",
        "ændringen tilføjer {added} {added:time|timer} om året ({added_dkk}) og fjerner {removed}; med et budget på {budget} {budget:time|timer} og {ratio} {ratio:time|timer} fjernet for hver tilføjet time mangler {missing} {missing:time|timer} at blive opvejet",
    ),
    "check.IND206.hint": (
        "offset the burden: remove or shorten fields worth {missing} {missing:hour|hours} a year, or change the budget in the profile (check.burden_budget_hours)",
        "opvej byrden: fjern eller forkort felter svarende til {missing} {missing:time|timer} om året, eller ændr budgettet i profilen (check.burden_budget_hours)",
    ),
    "check.IND207": (
        "the exemption of {field} from {rule} expired on {expires} (owner: {owner})",
        "undtagelsen af {field} fra {rule} udløb den {expires} (ansvarlig: {owner})",
    ),
    "check.IND207.hint": (
        "renew it with a new date and a reason, or fix what {rule} finds and remove the exemption",
        "forny den med en ny dato og en begrundelse, eller ret det, {rule} finder, og fjern undtagelsen",
    ),
    "check.IND208": (
        "the exemption of {field} from {rule} suppresses nothing (owner: {owner})",
        "undtagelsen af {field} fra {rule} undertrykker intet (ansvarlig: {owner})",
    ),
    "check.IND208.hint": (
        "remove the exemption; only {exemptable_rules} and IND201-IND204 can be exempted, and only when they fire",
        "fjern undtagelsen; kun {exemptable_rules} og IND201-IND204 kan undtages, og kun når de slår til",
    ),
    "check.IND209": (
        "the baseline entry {fingerprint} matches no finding any more",
        "punktet {fingerprint} i basislinjen svarer ikke længere til noget fund",
    ),
    "check.IND209.hint": (
        "write the baseline again (indberet baseline PATH... -o {baseline}) or delete the entry",
        "skriv basislinjen igen (indberet baseline STI... -o {baseline}), eller slet punktet",
    ),
    "check.audit": (
        "audit: {verdict} — {reason}",
        "gennemgang: {verdict} — {reason}",
    ),
    "check.audit.hint": (
        "see why: indberet explain {field}",
        "se hvorfor: indberet explain {field}",
    ),
    "exemption.applied": (
        "exempted until {expires} ({owner}: {reason}); otherwise {finding}",
        "undtaget til og med {expires} ({owner}: {reason}); ellers {finding}",
    ),
    # --- names and documentation of the policy codes ----------------------------------------
    "policy.name.IND201": ("no consumer", "ingen bruger"),
    "policy.name.IND202": ("no legal basis", "intet lovgrundlag"),
    "policy.name.IND203": ("held by a register", "findes i et register"),
    "policy.name.IND204": ("near-duplicate", "næsten-dublet"),
    "policy.name.IND205": ("field named by law removed", "lovbestemt felt fjernet"),
    "policy.name.IND206": ("burden budget exceeded", "byrdebudget overskredet"),
    "policy.name.IND207": ("exemption expired", "undtagelse udløbet"),
    "policy.name.IND208": ("exemption suppresses nothing", "undtagelse undertrykker intet"),
    "policy.name.IND209": ("stale baseline entry", "forældet punkt i basislinjen"),
    "policy.doc.IND201": (
        "A new or changed field must name at least one consumer: an entry in used_by or a row in a usage log (--usage). A field nobody uses is pure burden.",
        "Et nyt eller ændret felt skal nævne mindst én bruger: et punkt i used_by eller en række i en anvendelseslog (--usage). Et felt, ingen bruger, er ren byrde.",
    ),
    "policy.doc.IND202": (
        "A new or changed field must rest on law: its own mandated_by or, with check.legal_basis: field-or-set (the default), its set's legal_basis. With check.legal_basis: field only mandated_by counts. Also checked for every field of a set whose legal_basis changed.",
        "Et nyt eller ændret felt skal have hjemmel: sit eget mandated_by eller, med check.legal_basis: field-or-set (standard), kravsættets legal_basis. Med check.legal_basis: field tæller kun mandated_by. Kontrolleres også for alle felter i et kravsæt, hvis legal_basis er ændret.",
    ),
    "policy.doc.IND203": (
        "A new field must not ask for what a national register already holds: registered_in, or derivable_from naming a register. Take it from the register instead (the 2017 criterion: registered elsewhere).",
        "Et nyt felt må ikke spørge om det, et nationalt register allerede har: registered_in, eller derivable_from med et register. Hent det fra registret i stedet (kriteriet fra 2017: registreret andetsteds).",
    ),
    "policy.doc.IND204": (
        "A new field must not near-duplicate another field in any loaded set: names, names with descriptions, or code lists at least check.similarity alike (default: IND105's similarity). The 2017 criterion: register only once.",
        "Et nyt felt må ikke være en næsten-dublet af et andet felt i de indlæste kravsæt: navne, navne med beskrivelser eller kodelister, der er mindst check.similarity ens (standard: IND105's similarity). Kriteriet fra 2017: registrer kun én gang.",
    ),
    "policy.doc.IND205": (
        "A field whose mandated_by names a provision in the base must not be removed: the law asks for it. Reported at the field's place in the base.",
        "Et felt, hvis mandated_by i basen nævner en bestemmelse, må ikke fjernes: loven kræver det. Rapporteres på feltets plads i basen.",
    ),
    "policy.doc.IND206": (
        "The burden budget: the hours a year a change adds (midpoints of the ranges) beyond check.burden_budget_hours must be offset by removals, check.offset_ratio hours removed for each hour added (1: one-in-one-out).",
        "Byrdebudgettet: de timer om året, en ændring tilføjer (midtpunkter af intervallerne) ud over check.burden_budget_hours, skal opvejes af fjernelser, check.offset_ratio timer fjernet for hver tilføjet time (1: én ind, én ud).",
    ),
    "policy.doc.IND207": (
        "An exemption (exemptions: rule, reason, owner, expires) that has passed its expiry date. It no longer suppresses anything, and it counts as new in every run: an expiry is a deadline.",
        "En undtagelse (exemptions: rule, reason, owner, expires), hvis udløbsdato er passeret. Den undertrykker ikke længere noget, og den tæller som ny i hver kørsel: en udløbsdato er en frist.",
    ),
    "policy.doc.IND208": (
        "An unexpired exemption that suppresses nothing: the rule it names does not fire for the field, is off, or cannot be exempted (only {exemptable_rules} and IND201-IND204 can).",
        "En gyldig undtagelse, der ikke undertrykker noget: den regel, den nævner, slår ikke til for feltet, er slået fra eller kan ikke undtages (det kan kun {exemptable_rules} og IND201-IND204).",
    ),
    "policy.doc.IND209": (
        "An entry of the baseline (--baseline) that matches no current finding: what it accepted is gone. Write the baseline again.",
        "Et punkt i basislinjen (--baseline), der ikke svarer til noget nuværende fund: det, punktet accepterede, er væk. Skriv basislinjen igen.",
    ),
    "policy.doc.audit": (
        "Audit verdicts other than KEEP are reported under the code of the rule that decided them ({audit_rules}), at the severity check.audit_findings (default: note).",
        "Gennemgangens anbefalinger ud over BEHOLD rapporteres under koden for den regel, der afgjorde dem ({audit_rules}), med alvorligheden check.audit_findings (standard: note).",
    ),
    "policy.unknown": (
        "no policy code '{code}'; known: {known}",
        "ingen politikkode '{code}'; kendte koder: {known}",
    ),
    "policy.severity_line": (
        "Severity in profile '{profile}': {severity}. Exemptable: {exemptable}.",
        "Alvorlighed i profilen '{profile}': {severity}. Kan undtages: {exemptable}.",
    ),
    "policy.fail_on": (
        "The profile '{profile}' fails a run on findings of severity {fail_on} or worse.",
        "Profilen '{profile}' lader en kørsel fejle ved fund med alvorlighed {fail_on} eller højere.",
    ),
    "word.yes": ("yes", "ja"),
    "word.no": ("no", "nej"),
    "severity.error": ("error", "fejl"),
    "severity.warning": ("warning", "advarsel"),
    "severity.note": ("note", "bemærkning"),
    "severity.off": ("off", "slået fra"),
    "status.fails": ("FAILS", "FEJLER"),
    "status.new": ("new", "ny"),
    "status.existing": ("existing", "findes i basen"),
    "status.baselined": ("in baseline", "i basislinjen"),
    "status.exempted": ("exempted", "undtaget"),
    # --- the text report ----------------------------------------------------------------------
    "check.compared": (
        "Compared with {base} ({commit}).",
        "Sammenlignet med {base} ({commit}).",
    ),
    "check.compared_folder": (
        "Compared with {base}.",
        "Sammenlignet med {base}.",
    ),
    "check.no_base": (
        "No base given: every field is checked as new.",
        "Ingen base angivet: alle felter kontrolleres som nye.",
    ),
    "check.fields": (
        "Fields: {added} added, {removed} removed, {changed} changed.",
        "Felter: {added} tilføjet, {removed} fjernet, {changed} ændret.",
    ),
    "check.no_changes": (
        "No field or set has changed.",
        "Intet felt eller kravsæt er ændret.",
    ),
    "change.added": (
        "+ {field} ({name}): {hours} {hours:hour|hours}, {money} a year",
        "+ {field} ({name}): {hours} {hours:time|timer}, {money} om året",
    ),
    "change.removed": (
        "- {field} ({name}): {hours} {hours:hour|hours}, {money} a year",
        "- {field} ({name}): {hours} {hours:time|timer}, {money} om året",
    ),
    "change.changed": (
        "~ {field} ({name}): {attributes} changed; {hours} {hours:hour|hours}, {money} a year",
        "~ {field} ({name}): {attributes} ændret; {hours} {hours:time|timer}, {money} om året",
    ),
    "change.set_added": ("+ set {set}", "+ kravsæt {set}"),
    "change.set_removed": ("- set {set}", "- kravsæt {set}"),
    "change.set_changed": (
        "~ set {set}: {attributes} changed",
        "~ kravsæt {set}: {attributes} ændret",
    ),
    "attribute.id": ("id", "id"),
    "attribute.name": ("name", "navn"),
    "attribute.set_id": ("set_id", "kravsæt"),
    "attribute.minutes": ("minutes", "minutter"),
    "attribute.description": ("description", "beskrivelse"),
    "attribute.aspect": ("aspect", "aspekt (proces eller indhold)"),
    "attribute.type": ("type", "type"),
    "attribute.codes": ("codes", "koder"),
    "attribute.applies_to": ("applies_to", "andel af indberetningerne"),
    "attribute.mandated_by": ("mandated_by", "lovbestemmelse"),
    "attribute.registered_in": ("registered_in", "registre"),
    "attribute.derivable_from": ("derivable_from", "kilder til udledning"),
    "attribute.derivable_shares": ("derivable_shares", "andele, der kan udledes"),
    "attribute.used_by": ("used_by", "brugere"),
    "attribute.exemptions": ("exemptions", "undtagelser"),
    "attribute.record": ("record", "post"),
    "attribute.subject": ("subject", "hvem oplysningen vedrører"),
    "attribute.role": ("role", "rolle"),
    "attribute.asked_when": ("asked_when", "betingelse for spørgsmålet"),
    "attribute.multiple": ("multiple", "flere svar"),
    "attribute.values_per_report": ("values_per_report", "værdier pr. indberetning"),
    "attribute.code_entries": ("code_entries", "koder med tekst eller datoer"),
    "attribute.code_list": ("code_list", "kodeliste"),
    "attribute.source": ("source", "kilde"),
    "attribute.assumed": ("assumed", "antagelser"),
    "attribute.uses_researched": ("uses_researched", "om brugen er undersøgt"),
    "attribute.receiver": ("receiver", "modtager"),
    "attribute.legal_basis": ("legal_basis", "hjemmel"),
    "attribute.reporters": ("reporters", "antal indberettere"),
    "attribute.reports_per_year": ("reports_per_year", "indberetninger pr. år"),
    "attribute.tariff_dkk": ("tariff_dkk", "takst"),
    "check.burden": (
        "Burden: {before} → {after} {after:hour|hours} a year, a change of {delta} {delta:hour|hours} and {delta_dkk}",
        "Byrde: {before} → {after} {after:time|timer} om året, en ændring på {delta} {delta:time|timer} og {delta_dkk}",
    ),
    "check.budget": (
        "Added {added} {added:hour|hours} a year, removed {removed}; budget {budget} {budget:hour|hours}, {ratio} {ratio:hour|hours} to remove for each added hour.",
        "Tilføjet {added} {added:time|timer} om året, fjernet {removed}; budget {budget} {budget:time|timer}, {ratio} {ratio:time|timer} at fjerne for hver tilføjet time.",
    ),
    "check.findings": ("Findings:", "Fund:"),
    "check.no_findings": ("No findings.", "Ingen fund."),
    "check.counts": (
        "{total} {total:finding|findings}: {new} new, {existing} existing, {baselined} in the baseline, {exempted} exempted.",
        "{total} fund: {new} {new:nyt|nye}, {existing} fra basen, {baselined} i basislinjen, {exempted} undtaget.",
    ),
    "check.not_listed": (
        "{count} {count:finding that is|findings that are} not new, in the baseline or exempted {count:is|are} not listed; --format json lists every finding.",
        "{count} fund, der ikke er {count:nyt|nye} (fra basen, i basislinjen eller undtaget), vises ikke; --format json viser alle fund.",
    ),
    "check.failed": (
        "check failed: {failing} {failing:finding fails|findings fail} (severity {fail_on} or worse, {scope}).",
        "kontrol ikke bestået: {failing} fund med alvorlighed {fail_on} eller højere ({scope}).",
    ),
    "check.passed": (
        "check passed: no finding fails (severity {fail_on} or worse, {scope}).",
        "kontrol bestået: ingen fund med alvorlighed {fail_on} eller højere ({scope}).",
    ),
    "check.scope_new": ("new findings only", "kun nye fund"),
    "check.scope_all": ("all findings", "alle fund"),
    "check.assumptions": (
        "As of {as_of}; profile '{profile}'.",
        "Opgjort pr. {as_of}; profil '{profile}'.",
    ),
    "check.in_base": ("in {base}", "i {base}"),
    "check.base_invalid": (
        "the definitions at {base} cannot be loaded, so the change cannot be compared",
        "definitionerne i {base} kan ikke indlæses, så ændringen kan ikke sammenlignes",
    ),
    "check.base_invalid.hint": (
        "compare with another revision (--base), or check it with indberet validate",
        "sammenlign med en anden revision (--base), eller kontroller definitionerne med indberet validate",
    ),
    "check.output_error": (
        "cannot write the output: {reason}",
        "resultatet kan ikke skrives: {reason}",
    ),
    "check.summary_file_error": (
        "cannot append the summary to $GITHUB_STEP_SUMMARY ({path}): {reason}",
        "resuméet kan ikke føjes til $GITHUB_STEP_SUMMARY ({path}): {reason}",
    ),
    # --- CI formats ------------------------------------------------------------------------------
    "ci.title_passed": ("indberet check: passed", "indberet check: bestået"),
    "ci.title_failed": ("indberet check: failed", "indberet check: ikke bestået"),
    "ci.col.status": ("Status", "Status"),
    "ci.col.severity": ("Severity", "Alvorlighed"),
    "ci.col.code": ("Code", "Kode"),
    "ci.col.where": ("Where", "Hvor"),
    "ci.col.message": ("Message", "Meddelelse"),
    "ci.col.field": ("Field", "Felt"),
    "ci.col.change": ("Change", "Ændring"),
    "ci.col.hours": ("Hours a year", "Timer om året"),
    "ci.col.dkk": ("{unit} a year", "{unit} om året"),
    "ci.capped": (
        "GitHub shows only the first annotations of each kind; this summary lists all {count} {count:finding|findings}.",
        "GitHub viser kun de første annoteringer af hver slags; dette resumé viser alle {count} fund.",
    ),
    "ci.changes": ("Changes", "Ændringer"),
    "ci.findings": ("Findings", "Fund"),
    "ci.kind.added": ("added", "tilføjet"),
    "ci.kind.removed": ("removed", "fjernet"),
    "ci.kind.changed": ("changed", "ændret"),
    "ci.suppressed_baseline": (
        "accepted in the baseline {baseline}",
        "accepteret i basislinjen {baseline}",
    ),
    "ci.not_failing": (
        "reported, but does not fail the check ({status})",
        "rapporteret, men får ikke kontrollen til at fejle ({status})",
    ),
    "ci.no_findings_case": (
        "every policy check passed",
        "alle politikkontroller bestået",
    ),
    # --- git ------------------------------------------------------------------------------------
    "git.missing": (
        "git is not installed or not on PATH; --base and git revisions need it",
        "git er ikke installeret eller ikke på PATH; --base og git-revisioner kræver det",
    ),
    "git.not_repository": (
        "{path} is not inside a git repository ({detail})",
        "{path} ligger ikke i et git-repository ({detail})",
    ),
    "git.unknown_ref": (
        "unknown git revision '{ref}'",
        "ukendt git-revision '{ref}'",
    ),
    "git.outside": (
        "{path} lies outside the git repository at {root}",
        "{path} ligger uden for git-repositoriet i {root}",
    ),
    "git.failed": ("git failed: {detail}", "git fejlede: {detail}"),
    "git.timeout": (
        "git did not answer in time: {command}",
        "git svarede ikke i tide: {command}",
    ),
    "git.revision_hint": (
        "give --base a branch, tag or commit of the repository that holds the paths, e.g. origin/main or HEAD~1",
        "angiv med --base en gren, et tag eller et commit i det repository, der rummer stierne, f.eks. origin/main eller HEAD~1",
    ),
    "git.revision_hint_shallow": (
        "give --base a branch, tag or commit of the repository that holds the paths, e.g. origin/main or HEAD~1; this clone is shallow, so fetch the history that holds it (in CI: fetch-depth: 0)",
        "angiv med --base en gren, et tag eller et commit i det repository, der rummer stierne, f.eks. origin/main eller HEAD~1; denne klon er overfladisk (shallow), så hent den historik, der rummer det (i CI: fetch-depth: 0)",
    ),
    "git.unborn": (
        "{ref} has no commit yet (the branch '{branch}' is new), so the comparison starts from nothing: every field counts as added",
        "{ref} har endnu intet commit (grenen '{branch}' er ny), så sammenligningen begynder fra ingenting: alle felter tæller som tilføjet",
    ),
    "git.skipped": (
        "git cannot read these at {ref}, so they are left out of both sides of the comparison: {paths}",
        "git kan ikke læse følgende i {ref}, så det er udeladt på begge sider af sammenligningen: {paths}",
    ),
    "git.skipped.outside": (
        "{path} (a symbolic link out of the repository, to {detail})",
        "{path} (et symbolsk link ud af repositoriet, til {detail})",
    ),
    "git.skipped.submodule": (
        "{path} (a submodule whose commit {detail} is not here; git submodule update --init fetches it)",
        "{path} (et submodul, hvis commit {detail} ikke findes her; git submodule update --init henter det)",
    ),
    "diff.side": (
        "'{side}' is neither an existing file or folder nor a git revision",
        "'{side}' er hverken en eksisterende fil eller mappe eller en git-revision",
    ),
    # --- baseline -------------------------------------------------------------------------------
    "baseline.missing": (
        "the baseline {path} does not exist",
        "basislinjen {path} findes ikke",
    ),
    "baseline.missing.hint": (
        "write it first: indberet baseline PATH... -o {path}",
        "skriv den først: indberet baseline STI... -o {path}",
    ),
    "baseline.unreadable": (
        "cannot read the baseline {path}: {reason}",
        "basislinjen {path} kan ikke læses: {reason}",
    ),
    "baseline.too_large": (
        "the baseline {path} is larger than {limit} MiB",
        "basislinjen {path} er større end {limit} MiB",
    ),
    "baseline.not_json": (
        "the baseline {path} is not JSON: {detail} (line {line}, column {column})",
        "basislinjen {path} er ikke JSON: {detail} (linje {line}, kolonne {column})",
    ),
    "baseline.not_utf8": (
        "the baseline {path} is not UTF-8 text",
        "basislinjen {path} er ikke UTF-8-tekst",
    ),
    "baseline.too_deep": (
        "the baseline {path} is nested too deeply to be a baseline",
        "basislinjen {path} er for dybt indlejret til at være en basislinje",
    ),
    "baseline.invalid": (
        "the baseline {path} is not a valid baseline at {where}: {detail}",
        "basislinjen {path} er ikke en gyldig basislinje ved {where}: {detail}",
    ),
    "baseline.written": (
        "wrote {count} {count:finding|findings} to the baseline {path}",
        "skrev {count} fund til basislinjen {path}",
    ),
}
