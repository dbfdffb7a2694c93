"""Messages of the `report` area: key -> (English, Danish). Merged into indberet.i18n.MESSAGES."""
# ruff: noqa: E501  (each sentence stays on one line, so it can be read and grepped)

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- the report document ------------------------------------------------------------
    "report.title": (
        "Pruning report: national reporting requirements",
        "Saneringsrapport: nationale indberetningskrav",
    ),
    "report.subtitle": ("Statistics covered: {sets}", "Statistikker i rapporten: {sets}"),
    "report.generated": (
        "Made by indberet {version}; figures as of {as_of}.",
        "Udarbejdet med indberet {version}; tal opgjort pr. {as_of}.",
    ),
    "report.illustrative": (
        "Illustrative data: the figures for {sets} are illustrative. Names, volumes, minutes and usages are assumptions, not official figures.",
        "Illustrative tal: tallene for {sets} er illustrative. Navne, mængder, minutter og brug er antagelser, ikke officielle tal.",
    ),
    "report.section.contents": ("Contents", "Indhold"),
    "report.section.summary": ("Result", "Resultat"),
    "report.section.assumptions": ("Assumptions", "Forudsætninger"),
    "report.section.charts": (
        "Burden and verdicts per statistic",
        "Byrde og anbefalinger pr. statistik",
    ),
    "report.section.by_set": ("Reduction per statistic", "Reduktion pr. statistik"),
    "report.section.plan": ("Plan", "Plan"),
    "report.section.fields": ("Field by field", "Felt for felt"),
    "report.fields_intro": (
        "Every field with its verdict, the reason in plain words, the evidence behind it and what it costs {reporters} a year. Fields that leave the forms (REMOVE, DERIVE, MERGE) are shaded.",
        "Alle felter med anbefaling, begrundelse i klart sprog, grundlaget for anbefalingen og hvad feltet koster {reporters} om året. Felter, der forsvinder fra skemaerne (FJERN, UDLED, SAML), er fremhævet med farve.",
    ),
    "report.fields_intro_markdown": (
        "Every field with its verdict, the reason in plain words, the evidence behind it and what it costs {reporters} a year. Fields that leave the forms (REMOVE, DERIVE, MERGE) have their verdict in bold.",
        "Alle felter med anbefaling, begrundelse i klart sprog, grundlaget for anbefalingen og hvad feltet koster {reporters} om året. Felter, der forsvinder fra skemaerne (FJERN, UDLED, SAML), har anbefalingen med fed skrift.",
    ),
    "report.kpi.fields_before": ("Fields today", "Felter i dag"),
    "report.kpi.sets": (
        "in {sets} {sets:statistic|statistics}",
        "i {sets} {sets:statistik|statistikker}",
    ),
    "report.kpi.fields_removed": ("Fields that can go", "Felter, der kan fjernes"),
    "report.kpi.hours_saved": ("Hours saved a year", "Timer sparet om året"),
    "report.kpi.dkk_saved": ("{unit} saved a year", "{unit} sparet om året"),
    "report.kpi.range": ("range {range}", "interval {range}"),
    "report.kpi.share": ("{share} of the burden", "{share} af byrden"),
    "report.assume.as_of": (
        "Usage is measured as of {as_of}: a use counts half after each half-life of the profile.",
        "Brug er opgjort pr. {as_of}: en anvendelse tæller det halve efter hver af profilens halveringstider.",
    ),
    "report.assume.profile": (
        "Rule profile '{profile}': weights, thresholds and half-life as shown by 'indberet rules --profile {profile}'.",
        "Regelprofil '{profile}': vægte, grænser og halveringstid som vist af 'indberet rules --profile {profile}'.",
    ),
    "report.assume.tariff": (
        "Tariff: {tariff} per caseworker hour including overhead, from the profile.",
        "Takst: {tariff} pr. sagsbehandlertime inklusive overhead, fra profilen.",
    ),
    "report.assume.own_tariff": (
        "Statistics with a tariff of their own ({unit} per hour): {sets}.",
        "Statistikker med egen takst ({unit} pr. time): {sets}.",
    ),
    "report.assume.scm": (
        "Burden follows the Standard Cost Model: minutes to register a field once × share of reports where it is asked × reports per year, times the tariff.",
        "Byrden følger standardomkostningsmodellen: minutter til at registrere et felt én gang × andel af indberetningerne, hvor det udfyldes × indberetninger pr. år, gange taksten.",
    ),
    "report.assume.midpoints": (
        "Where the minutes are a range, hours and {money} are ranges too; headline figures and charts use the midpoint.",
        "Hvor minutterne er et interval, er timer og {money} det også; nøgletal og figurer bruger midtpunktet.",
    ),
    "report.assume.verdicts": (
        "A field leaves the forms when its verdict is REMOVE, DERIVE (taken from a register or another field) or MERGE (asked once, with its twin); KEEP and REVIEW stay. A field named by law is never removed.",
        "Et felt forsvinder fra skemaerne, når anbefalingen er FJERN, UDLED (hentes fra et register eller et andet felt) eller SAML (lægges sammen med det felt, der spørger om det samme); BEHOLD og VURDER bliver. Et felt, der er nævnt i loven, fjernes aldrig.",
    ),
    "report.assume.running": (
        "Running costs only: one-off costs of changing case systems are not included.",
        "Kun løbende omkostninger: engangsomkostninger til ændring af fagsystemer er ikke medregnet.",
    ),
    "report.assume.usage_log": (
        "Uses come from the definitions (used_by) and the usage log {files}.",
        "Brugen kommer fra definitionerne (used_by) og anvendelsesloggen {files}.",
    ),
    "report.assume.no_usage_log": (
        "Uses come from the definitions (used_by) only; no usage log was given.",
        "Brugen kommer alene fra definitionerne (used_by); der er ikke angivet en anvendelseslog.",
    ),
    "report.assume.files": ("Definitions read: {files}.", "Indlæste definitioner: {files}."),
    "report.set.receiver": ("Receiver: {receiver}", "Modtager: {receiver}"),
    "report.set.legal_basis": ("Legal basis: {law}", "Hjemmel: {law}"),
    "report.set.volume": (
        "{reports} {reports:report|reports} a year from {reporters} {called}; tariff {tariff} {unit} per hour",
        "{reports} {reports:indberetning|indberetninger} om året fra {reporters} {called}; takst {tariff} {unit} pr. time",
    ),
    "report.set.source": ("Source of the figures: {source}", "Kilde til tallene: {source}"),
    "report.set.outcome": (
        "{removed} of {before} {before:field|fields} ({share}) can go, saving {hours} {hours:hour|hours} and {money} a year.",
        "{removed} af {before} {before:felt|felter} ({share}) kan fjernes, hvilket sparer {hours} {hours:time|timer} og {money} om året.",
    ),
    "report.col.evidence": ("Evidence", "Grundlag"),
    "report.evidence.scores": (
        "usage {usage}, duplication {duplication}",
        "brug {usage}, dobbeltregistrering {duplication}",
    ),
    "report.evidence.rules": ("rules: {rules}", "regler: {rules}"),
    "report.evidence.no_rules": ("no rule fired", "ingen regel slog til"),
    "report.evidence.process": (
        "process data about case handling",
        "procesdata om sagsbehandlingen",
    ),
    "report.evidence.registered": ("held by: {registers}", "findes i: {registers}"),
    "report.evidence.derivable": ("derivable from: {sources}", "kan udledes af: {sources}"),
    "report.evidence.mandated": ("named by law: {law}", "nævnt i loven: {law}"),
    "report.chart.burden": (
        "Burden per statistic, hours a year, before and after",
        "Byrde pr. statistik, timer om året, før og efter",
    ),
    "report.chart.burden_caption": (
        "Hours a year {reporters} spend on each statistic today and after the fields that can go are gone (midpoints).",
        "Timer om året, {reporters} bruger på hver statistik i dag og efter at de felter, der kan fjernes, er fjernet (midtpunkter).",
    ),
    "report.chart.before": ("Today", "I dag"),
    "report.chart.after": ("After", "Efter"),
    "report.chart.verdicts": (
        "Verdicts per statistic, number of fields",
        "Anbefalinger pr. statistik, antal felter",
    ),
    "report.chart.verdicts_caption": (
        "Share of each statistic's fields by verdict; the numbers are fields.",
        "Andel af hver statistiks felter efter anbefaling; tallene er antal felter.",
    ),
    # --- spreadsheet column titles and sheets -------------------------------------------
    "report.xlsx.sheet.summary": ("Summary", "Oversigt"),
    "report.xlsx.sheet.plan": ("Plan", "Plan"),
    "report.xlsx.removed_share": ("Removed (share)", "Fjernet (andel)"),
    "report.xlsx.hours_before_low": ("Hours/yr low", "Timer/år lav"),
    "report.xlsx.hours_before_high": ("Hours/yr high", "Timer/år høj"),
    "report.xlsx.hours_after_low": ("Hours after low", "Timer efter lav"),
    "report.xlsx.hours_after_high": ("Hours after high", "Timer efter høj"),
    "report.xlsx.hours_saved_low": ("Hours saved low", "Timer sparet lav"),
    "report.xlsx.hours_saved_high": ("Hours saved high", "Timer sparet høj"),
    "report.xlsx.burden_share": ("Burden saved (share)", "Byrde sparet (andel)"),
    "report.xlsx.dkk_before_low": ("{unit}/yr low", "{unit}/år lav"),
    "report.xlsx.dkk_before_high": ("{unit}/yr high", "{unit}/år høj"),
    "report.xlsx.dkk_saved_low": ("{unit} saved low", "{unit} sparet lav"),
    "report.xlsx.dkk_saved_high": ("{unit} saved high", "{unit} sparet høj"),
    "report.xlsx.hours_low": ("Hours/yr low", "Timer/år lav"),
    "report.xlsx.hours_high": ("Hours/yr high", "Timer/år høj"),
    "report.xlsx.dkk_low": ("{unit}/yr low", "{unit}/år lav"),
    "report.xlsx.dkk_high": ("{unit}/yr high", "{unit}/år høj"),
    "report.xlsx.twin": ("Twin", "Samles med"),
    "report.xlsx.mandated_by": ("Named by law", "Nævnt i loven"),
    "report.xlsx.cum_share": ("Fields off (cum. share)", "Felter fjernet (akk. andel)"),
    "report.xlsx.cum_burden_share": ("Burden saved (cum. share)", "Byrde sparet (akk. andel)"),
    # --- the command ----------------------------------------------------------------------
    "report.written": ("wrote {file} ({kb} kB)", "skrev {file} ({kb} kB)"),
    "report.error.no_output": (
        "name the report file with -o FILE (.html, .md, .xlsx or .json), or give --format to write to standard output",
        "angiv rapportfilen med -o FIL (.html, .md, .xlsx eller .json), eller angiv --format for at skrive til standardoutput",
    ),
    "report.error.suffix": (
        "cannot tell the format of '{file}' from its suffix; use one of {suffixes}, or give --format",
        "formatet af '{file}' fremgår ikke af endelsen; brug en af {suffixes}, eller angiv --format",
    ),
    "report.error.xlsx_stdout": (
        "an Excel workbook is binary; write it to a file with -o FILE.xlsx",
        "en Excel-projektmappe er binær; skriv den til en fil med -o FIL.xlsx",
    ),
    "report.error.plan_target": (
        "--plan needs a target: --target 44% (share of fields by count), --target-hours N or --target-dkk N",
        "--plan kræver et mål: --target 44% (andel af felterne efter antal), --target-hours N eller --target-dkk N",
    ),
    # --- plans ----------------------------------------------------------------------------
    "plan.title": ("Plan: {target}", "Plan: {target}"),
    "plan.target.count": (
        "take {share} of the fields off the forms (by count)",
        "fjern {share} af felterne fra skemaerne (efter antal)",
    ),
    "plan.target.hours": (
        "save {hours} {hours:hour|hours} a year",
        "spar {hours} {hours:time|timer} om året",
    ),
    "plan.target.dkk": ("save {money} a year", "spar {money} om året"),
    "plan.col.rank": ("#", "Nr."),
    "plan.col.action": ("Action", "Handling"),
    "plan.col.usage_lost": ("Usage lost", "Tabt brug"),
    "plan.col.per_hours": ("Lost per 1,000 h", "Tab pr. 1.000 t"),
    "plan.col.cum_fields": ("Fields off (cum.)", "Felter fjernet (akk.)"),
    "plan.col.cum_hours": ("Hours saved (cum.)", "Timer sparet (akk.)"),
    "plan.col.cum_dkk": ("{unit} saved (cum.)", "{unit} sparet (akk.)"),
    "plan.already": (
        "The target is met without taking any field off the forms.",
        "Målet er nået uden at fjerne noget felt fra skemaerne.",
    ),
    "plan.reached": (
        "Target reached: {removed} of {before} {before:field|fields} ({share}) leave the forms, saving {hours} {hours:hour|hours} and {money} a year ({burden_share} of the burden).",
        "Målet nås: {removed} af {before} {before:felt|felter} ({share}) forsvinder fra skemaerne, hvilket sparer {hours} {hours:time|timer} og {money} om året ({burden_share} af byrden).",
    ),
    "plan.unreachable": (
        "The target cannot be reached. Taking every candidate off the forms gets to {removed} of {before} {before:field|fields} ({share}), saving {hours} {hours:hour|hours} and {money} a year ({burden_share} of the burden); {mandated} {mandated:field is|fields are} named by law and {identifiers} {identifiers:is an identifier|are identifiers}, and they are never cut.",
        "Målet kan ikke nås. Fjernes alle kandidater fra skemaerne, når planen {removed} af {before} {before:felt|felter} ({share}) og sparer {hours} {hours:time|timer} og {money} om året ({burden_share} af byrden); {mandated} {mandated:felt er|felter er} nævnt i loven og {identifiers} {identifiers:er en identifikator|er identifikatorer}, og de fjernes aldrig.",
    ),
    "plan.method": (
        "How the plan chooses: the candidates are the audit's own proposals (REMOVE, DERIVE, MERGE){extra}; within each group, the least usage lost per hour of burden saved first (ties: more hours first). Derived and merged fields lose no usage, as the information still comes from a register, another field or the twin; a field derivable in only a share of the cases saves that share and does not count as off the forms. A question that decides whether others are asked goes only together with them. Fields named by law ({mandated}) and identifiers ({identifiers}) are never cut. A share target is compared as written, rounded like the headline (44% is met from 43.5%). 'Lost per 1,000 h' is usage lost per {per} {per:hour|hours} saved; cumulative hours and {money} are midpoints of ranges.",
        "Sådan vælger planen: kandidaterne er gennemgangens egne forslag (FJERN, UDLED, SAML){extra}; inden for hver gruppe det felt, der taber mindst brug pr. sparet byrdetime, først (ved samme værdi: flest timer først). Udledte og sammenlagte felter taber ingen brug, fordi oplysningen stadig kommer fra et register, et andet felt eller det felt, det samles med; et felt, der kun kan udledes i en andel af sagerne, sparer den andel og tæller ikke som fjernet. Et spørgsmål, der afgør, om andre stilles, fjernes kun sammen med dem. Felter, der er nævnt i loven ({mandated}), og identifikatorer ({identifiers}) fjernes aldrig. Et mål i procent sammenlignes, som det er skrevet, afrundet som i resultatet (44 % er nået fra 43,5 %). 'Tab pr. 1.000 t' er tabt brug pr. {per} {per:sparet time|sparede timer}; akkumulerede timer og {money} er midtpunkter af intervallerne.",
    ),
    "plan.method.review": (
        ", then the fields it flags for REVIEW (--include-review)",
        ", dernæst de felter, den beder en person vurdere (--include-review)",
    ),
    "plan.method.keep": (
        ", then the fields it would KEEP (--include-keep), each marked as against the audit",
        ", dernæst de felter, den ville beholde (--include-keep), hver markeret som imod gennemgangen",
    ),
    "plan.col.note": ("Note", "Bemærkning"),
    "plan.note.against_audit": (
        "AGAINST THE AUDIT: it would KEEP {fields}",
        "IMOD GENNEMGANGEN: den anbefaler BEHOLD for {fields}",
    ),
    "plan.note.partly": (
        "derivable in {share} of the cases and still asked for the rest: saves {share} of its burden and does not count as off the forms",
        "kan udledes i {share} af sagerne og spørges stadig om resten: sparer {share} af byrden og tæller ikke som fjernet",
    ),
    "plan.note.follow_ups": (
        "decides whether other questions are asked: cut together with them ({fields})",
        "afgør, om andre spørgsmål stilles: fjernes sammen med dem ({fields})",
    ),
    "plan.note.still_asked": (
        "decides whether other questions are asked; they stay, asked on its derived or merged value ({fields})",
        "afgør, om andre spørgsmål stilles; de bliver og stilles ud fra den udledte eller sammenlagte værdi ({fields})",
    ),
    "plan.against_audit": (
        "{count} of the fields cut {count:is a field|are fields} the audit would KEEP (--include-keep): {fields}.",
        "{count} af de fjernede felter {count:er et felt|er felter}, som gennemgangen anbefaler at beholde (BEHOLD; --include-keep): {fields}.",
    ),
    "plan.rounded": (
        "{share} is the target {target} rounded to {precision}, as the target is written and as the headline rounds; it is {short} percentage {short:point|points} short of {target} exactly.",
        "{share} er målet {target} afrundet til {precision}, som målet er skrevet, og som resultatet afrundes; det er {short} procentpoint under præcis {target}.",
    ),
    "plan.precision.whole": ("whole per cent", "hele procent"),
    "plan.precision.decimals": (
        "{decimals} {decimals:decimal|decimals}",
        "{decimals} {decimals:decimal|decimaler}",
    ),
    "plan.held": (
        "Not cut: {field}. It decides whether other questions are asked, and these cannot go: {fields}.",
        "Fjernes ikke: {field}. Feltet afgør, om andre spørgsmål stilles, og de kan ikke fjernes: {fields}.",
    ),
    "plan.blocked.mandated": ("named by law", "nævnt i loven"),
    "plan.blocked.identifier": ("an identifier", "en identifikator"),
    "plan.blocked.review": ("REVIEW; --include-review", "VURDER; --include-review"),
    "plan.blocked.keep": ("KEEP; --include-keep", "BEHOLD; --include-keep"),
    "plan.hint.reaches": (
        "With {options} (candidates: +{adds}) the target would be reached.",
        "Med {options} (kandidater: +{adds}) ville målet blive nået.",
    ),
    "plan.hint.short": (
        "Even with {options} (candidates: +{adds}) the target would not be reached.",
        "Selv med {options} (kandidater: +{adds}) ville målet ikke blive nået.",
    ),
    "plan.hint.none": (
        "No option adds candidates: fields named by law and identifiers are never cut.",
        "Ingen indstilling giver flere kandidater: felter nævnt i loven og identifikatorer fjernes aldrig.",
    ),
    "plan.error.target_format": (
        "'{value}' is not a target; write a share of the fields by count, e.g. --target 44%",
        "'{value}' er ikke et mål; skriv en andel af felterne efter antal, f.eks. --target 44%",
    ),
    "plan.error.target_ambiguous": (
        "'{value}' is ambiguous: a share ({percent}%) or {value}%? Write the percentage with its sign, e.g. --target {percent}%",
        "'{value}' er tvetydigt: en andel ({percent} %) eller {value} %? Skriv procenten med tegnet, f.eks. --target {percent}%",
    ),
    "plan.error.amount_ambiguous": (
        "'{value}' is ambiguous: {thousands}, or a number with decimals? Write {thousands} without a separator, or group every thousand and write decimals with the other sign (5.000.000 or 5.000,00)",
        "'{value}' er tvetydigt: {thousands} eller et tal med decimaler? Skriv {thousands} uden skilletegn, eller adskil alle tusinder og skriv decimaler med det andet tegn (5.000.000 eller 5.000,00)",
    ),
    "plan.error.amount_format": (
        "'{value}' is not an amount; write e.g. 5000000, 5.000.000, 5 000 000 or 5,000,000",
        "'{value}' er ikke et beløb; skriv f.eks. 5000000, 5.000.000, 5 000 000 eller 5,000,000",
    ),
    "plan.error.options_target": (
        "--include-review and --include-keep are options of the plan; give a target too: --target 44%, --target-hours N or --target-dkk N",
        "--include-review og --include-keep hører til planen; angiv også et mål: --target 44%, --target-hours N eller --target-dkk N",
    ),
    "plan.error.target_range": (
        "the target '{value}' is outside 0-100%",
        "målet '{value}' ligger uden for 0-100 %",
    ),
    "plan.error.target_several": (
        "give one target only: --target, --target-hours or --target-dkk",
        "angiv kun ét mål: --target, --target-hours eller --target-dkk",
    ),
    "plan.error.target_negative": (
        "the target {value} must be a number of at least 0",
        "målet {value} skal være et tal på mindst 0",
    ),
    "plan.error.target_missing": (
        "give a target: --target 44% (share of fields by count), --target-hours N or --target-dkk N",
        "angiv et mål: --target 44% (andel af felterne efter antal), --target-hours N eller --target-dkk N",
    ),
}
