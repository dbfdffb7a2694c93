"""Messages of `indberet impact` (who loses what): key -> (English, Danish).

Merged into indberet.i18n.MESSAGES.
"""
# ruff: noqa: E501  (each sentence stays on one line, so it can be read and grepped)

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "impact.title.fields": (
        "Who loses what if {count} named {count:field leaves|fields leave} the forms",
        "Hvem mister hvad, hvis {count} {count:navngivet felt|navngivne felter} forsvinder fra skemaerne",
    ),
    "impact.title.plan": (
        "Who loses what under the plan: {target}",
        "Hvem mister hvad med planen: {target}",
    ),
    "impact.title.audit": (
        "Who loses what if the audit's proposals are followed (REMOVE, DERIVE, MERGE)",
        "Hvem mister hvad, hvis gennemgangens forslag følges (FJERN, UDLED, SAML)",
    ),
    "impact.section": ("Who loses what", "Hvem mister hvad"),
    "impact.summary.fields": (
        "{fields} {fields:field leaves|fields leave} the forms: {lost} {lost:is|are} removed with {lost:its|their} data",
        "{fields} {fields:felt forsvinder|felter forsvinder} fra skemaerne: {lost} fjernes sammen med {lost:sine|deres} data",
    ),
    "impact.summary.kept": (
        "; {kept} {kept:is|are} derived or merged, losing the question but not the data",
        "; {kept} udledes eller samles og mister spørgsmålet, men ikke data",
    ),
    "impact.summary.users": (
        "{losing} of {users} {users:user|users} {losing:loses|lose} data.",
        "{losing} af {users} {users:aftager|aftagere} mister data.",
    ),
    "impact.none": (
        "No field leaves the forms: no one loses anything.",
        "Intet felt forsvinder fra skemaerne: ingen mister noget.",
    ),
    "impact.plain": ("In plain words:", "Kort fortalt:"),
    "impact.loses.publication": (
        "{who} loses the {count:dimension|dimensions} {names} ({recent}).",
        "{who} mister {count:dimensionen|dimensionerne} {names} ({recent}).",
    ),
    "impact.loses.other": (
        "{who} loses {names} ({kind}, {recent}).",
        "{who} mister {names} ({kind}, {recent}).",
    ),
    "impact.keeps": (
        "{who} still gets {names}, no longer asked.",
        "{who} får fortsat {names}, som ikke længere indberettes.",
    ),
    "impact.keeps.derived": ("derived from {source}", "udledes af {source}"),
    "impact.keeps.derived_unnamed": ("derived", "udledes"),
    "impact.keeps.part": (
        "{how} in {share} of the cases, still asked in the rest",
        "{how} i {share} af tilfældene, spørges fortsat i resten",
    ),
    "impact.keeps.merged": ("merged into {source}", "samles med {source}"),
    "impact.quote": ("“{name}”", "»{name}«"),
    "impact.and": ("{items} and {last}", "{items} og {last}"),
    "impact.duty": (
        "{provision} names {names}: {count:it|they} can go only after a revision of the provision.",
        "{provision} nævner {names}: {count:feltet|felterne} kan først fjernes ved en revision af bestemmelsen.",
    ),
    "impact.unused": (
        "No use is recorded of {names}.",
        "Der er ikke registreret nogen anvendelse af {names}.",
    ),
    "impact.fields": ("Fields leaving the forms:", "Felter, der forsvinder fra skemaerne:"),
    "impact.col.consumer": ("Consumer", "Aftager"),
    "impact.col.product": ("Product", "Produkt"),
    "impact.col.kind": ("Kind of use", "Anvendelse"),
    "impact.col.loses": ("Loses (data)", "Mister (data)"),
    "impact.col.keeps": ("Still gets, no longer asked", "Får fortsat, indberettes ikke"),
    "impact.col.last_used": ("Last used", "Senest brugt"),
    "impact.col.effect": ("Effect", "Virkning"),
    "impact.col.users": ("Users", "Aftagere"),
    "impact.col.note": ("Note", "Bemærkning"),
    "impact.effect.lost": ("removed: data lost", "fjernes: data går tabt"),
    "impact.effect.derived": ("derived: data kept", "udledes: data bevares"),
    "impact.effect.merged": ("merged: data kept", "samles: data bevares"),
    "impact.ongoing": ("ongoing", "løbende"),
    "impact.recent.ongoing": ("an ongoing use", "løbende anvendelse"),
    "impact.recent.last": ("last used {date}", "senest brugt {date}"),
    "impact.recent.unknown": ("no date recorded", "ingen dato registreret"),
    "impact.note.follows": (
        "asked only when {gate} has a value: goes with it",
        "spørges kun, når {gate} har en værdi: forsvinder med det",
    ),
    "impact.note.partly": (
        "derivable in {share} of the cases: still asked for the rest",
        "kan udledes i {share} af tilfældene: spørges fortsat i resten",
    ),
    "impact.note.mandated": ("named by law: {provision}", "nævnt i loven: {provision}"),
    "impact.note.identifier": (
        "identifier: joins to other data are lost",
        "identifikator: sammenkobling med andre data går tabt",
    ),
    "impact.method": (
        "A user is a consumer's product (or the consumer, when no product is named), as the fields' uses (used_by) and the usage logs record them; 'last used' is the latest recorded use of a leaving field (ongoing: a use without an end date). A removed field takes its data with it; a derived field still gets its value from a register or another field, and a merged one from its twin, so their users lose the question, not the data. A removed question that decides whether others are asked takes those with it.",
        "En aftager er en modtager af data med sit produkt (eller modtageren alene, når intet produkt er nævnt), som felternes anvendelser (used_by) og anvendelseslogge registrerer dem; 'senest brugt' er den seneste registrerede anvendelse af et felt, der forsvinder (løbende: en anvendelse uden slutdato). Et felt, der fjernes, tager sine data med sig; et felt, der udledes, får fortsat sin værdi fra et register eller et andet felt, og et felt, der samles, fra det felt, det samles med, så deres aftagere mister spørgsmålet, ikke data. Et spørgsmål, der afgør, om andre stilles, tager dem med sig, når det fjernes.",
    ),
    # --- errors -------------------------------------------------------------------------
    "impact.error.unknown_field": (
        "no field '{field}' in the audited sets{hint}",
        "intet felt '{field}' i de gennemgåede statistikker{hint}",
    ),
    "impact.error.close": ("; did you mean {close}?", "; mente du {close}?"),
    "impact.error.form": (
        "; write it as set.field (see indberet audit)",
        "; skriv det som statistik.felt (se indberet audit)",
    ),
    "impact.error.plan_and_fields": (
        "give either --field or --plan with a target, not both",
        "angiv enten --field eller --plan med et mål, ikke begge",
    ),
    "impact.error.plan_target": (
        "--plan needs a target: --target 44%, --target-hours N or --target-dkk N",
        "--plan kræver et mål: --target 44%, --target-hours N eller --target-dkk N",
    ),
    "impact.error.target_without_plan": (
        "a target is for --plan; add --plan, or leave the target out",
        "et mål hører til --plan; tilføj --plan, eller udelad målet",
    ),
}
