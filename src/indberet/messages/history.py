"""Messages of `indberet history`: key -> (English, Danish). Merged into indberet.i18n.MESSAGES."""
# ruff: noqa: E501  (each sentence stays on one line, so it can be read and grepped)

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "history.title": (
        "How the requirements grew: {paths}",
        "Sådan voksede indberetningskravene: {paths}",
    ),
    "history.range": (
        "{commits} {commits:commit|commits} changed the definitions, {first} to {last}",
        "{commits} {commits:commit|commits} ændrede definitionerne, {first} til {last}",
    ),
    "history.none": (
        "No commit in the range changed the definitions under {paths}.",
        "Intet commit i perioden ændrede definitionerne under {paths}.",
    ),
    "history.trend": (
        "Fields: {first} to {last} ({delta}). Burden: {hours_first} to {hours_last} {hours_last:hour|hours} a year ({hours_delta}); {money}.",
        "Felter: {first} til {last} ({delta}). Byrde: {hours_first} til {hours_last} {hours_last:time|timer} om året ({hours_delta}); {money}.",
    ),
    "history.money_trend": (
        "{first} to {last} a year",
        "{first} til {last} om året",
    ),
    "history.chart.fields": ("fields", "felter"),
    "history.chart.hours": ("hours", "timer"),
    "history.chart.title": (
        "Burden in hours a year after each commit that changed the definitions",
        "Byrde i timer om året efter hvert commit, der ændrede definitionerne",
    ),
    "history.chart.fields_title": (
        "Number of fields after each commit that changed the definitions",
        "Antal felter efter hvert commit, der ændrede definitionerne",
    ),
    "history.top": (
        "Commits that added the most burden",
        "Commits, der tilføjede mest byrde",
    ),
    "history.top_none": (
        "No commit added burden.",
        "Intet commit tilføjede byrde.",
    ),
    "history.commits": ("Commit by commit", "Commit for commit"),
    "history.added": ("added", "tilføjet"),
    "history.removed": ("removed", "fjernet"),
    "history.changed": ("burden changed", "byrde ændret"),
    "history.more": ("and {count} more", "og {count} mere"),
    "history.col.commit": ("Commit", "Commit"),
    "history.col.date": ("Date", "Dato"),
    "history.col.subject": ("Message", "Besked"),
    "history.col.author": ("Author", "Forfatter"),
    "history.col.fields": ("Fields", "Felter"),
    "history.col.fields_delta": ("± fields", "± felter"),
    "history.col.hours": ("Hours a year", "Timer om året"),
    "history.col.hours_delta": ("± hours", "± timer"),
    "history.col.money": ("Money a year", "Beløb om året"),
    "history.col.money_delta": ("± money", "± beløb"),
    "history.col.field": ("Field", "Felt"),
    "history.col.change": ("Change", "Ændring"),
    "history.start_row": ("(start)", "(start)"),
    "history.note.start": (
        "The history starts from the definitions as they were at {commit} ({date}); its fields are not counted as added.",
        "Historikken begynder med definitionerne, som de var i {commit} ({date}); deres felter tælles ikke som tilføjet.",
    ),
    "history.note.shallow": (
        "This clone is shallow: the history starts at its boundary, {commit}; earlier commits are not here (git fetch --unshallow fetches them).",
        "Denne klon er overfladisk (shallow): historikken begynder ved dens grænse, {commit}; tidligere commits findes ikke her (git fetch --unshallow henter dem).",
    ),
    "history.note.merges": (
        "Merges are followed along their first parent: what a merge brought in counts at the merge ({count} {count:merge|merges}).",
        "Sammenfletninger (merges) følges ad deres første forælder: det, en sammenfletning bragte ind, tælles ved sammenfletningen ({count} {count:sammenfletning|sammenfletninger}).",
    ),
    "history.note.renamed": (
        "{old} was renamed {new} at {commit}; its fields are compared, not removed and added.",
        "{old} blev omdøbt til {new} i {commit}; dens felter sammenlignes og tælles ikke som fjernet og tilføjet.",
    ),
    "history.note.skipped": (
        "{path} is not valid at {commit} and was passed over there ({problem}); it is counted as at its last valid version before.",
        "{path} er ikke gyldig i {commit} og er sprunget over i det commit ({problem}); den tælles, som den var i sin seneste gyldige udgave før.",
    ),
    "history.note.files": (
        "Each file is read on its own at each commit (YAML, schema, the set itself); references between files are not checked. Burden uses the profile {profile}.",
        "Hver fil læses for sig i hvert commit (YAML, skema, selve kravsættet); henvisninger mellem filer kontrolleres ikke. Byrden beregnes med profilen {profile}.",
    ),
    "history.notes": ("Notes", "Bemærkninger"),
    "history.revision_hint": (
        "give --since and --until a branch, tag or commit of the repository that holds the paths, e.g. HEAD~20 or v1.0",
        "angiv med --since og --until en gren, et tag eller et commit i det repository, der rummer stierne, f.eks. HEAD~20 eller v1.0",
    ),
    "history.revision_hint_shallow": (
        "give --since and --until a branch, tag or commit of the repository that holds the paths; this clone is shallow, so fetch the history that holds it (git fetch --unshallow; in CI: fetch-depth: 0)",
        "angiv med --since og --until en gren, et tag eller et commit i det repository, der rummer stierne; denne klon er overfladisk (shallow), så hent den historik, der rummer det (git fetch --unshallow; i CI: fetch-depth: 0)",
    ),
    "history.repository_hint": (
        "indberet history reads the history of the definitions from git: run it inside the repository that holds them, or give their path there",
        "indberet history læser definitionernes historik fra git: kør kommandoen i det repository, der rummer dem, eller angiv stien til dem i repositoriet",
    ),
    "history.bad_top": (
        "top must be a whole number of 0 or more, not {value}",
        "top skal være et helt tal på 0 eller mere, ikke {value}",
    ),
}
