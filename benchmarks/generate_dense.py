"""Dense synthetic catalogues: fields repeated across hundreds of sets, as a national
catalogue really grows (a benchmark input, deterministic by seed).

:func:`generate` in ``benchmarks/generate.py`` gives nearly every field a name of its own.
A real national catalogue repeats itself: the CPR number, the acting municipality, the
decision and start dates and the same code lists stand in nearly every statistic, and
the other names are drawn from a small vocabulary, so that many fields share their words.
``generate_dense(directory, fields=N)`` writes such a catalogue:

* ``share`` of the fields (default 0.6) belong to *groups*: a group is one question
  (a prototype: a name, a type, maybe a code list) asked in many sets. Group sizes are
  drawn from a heavy-tailed distribution up to ``max_group`` (default 1,000), so that a
  few questions stand in hundreds of sets and many in a handful. Most members carry the
  prototype's name exactly; some an inflected or reordered variant ("Dato for
  afgørelsen" for "Afgørelsesdato"), and descriptions vary, so identical names come with
  different descriptions;
* the other fields get names of 2 to 4 words from a small Danish/English vocabulary
  (``vocabulary`` words, default 60), so that many share most of their words;
* a quarter of the code lists are one of a few shared lists (municipalities, yes/no,
  reasons), which then stand in thousands of fields under different names.

``descriptions`` says what the descriptions look like: ``"few"`` (the default) gives
70% of the group members one of four short boilerplate descriptions and the other fields
none; ``"words"`` gives 80% of all fields 8 to 25 words drawn at random from a vocabulary
of about 50 (word salad: every description shares words with every other);
``"sentences"`` gives 80% of all fields one of 40 whole sentences of such words;
``"template"`` gives 80% of all fields one sentence around the field's own name ("Angiv
<name> for barnet, som det fremgår af sagen."), as a statistic that words every question
alike does; ``"boilerplate"`` gives 80% of all fields one and the same long paragraph
(:data:`BOILERPLATE`); ``"random"`` gives 80% of all fields 40 to 80 words drawn at random
from 500 made-up words (:data:`FILLER_WORDS`: a generator's filler text, no description
sharing much with another; benchmarks/README.md, "Session 15"); ``"random-wide"`` the same
from 5,000 (:data:`WIDE_FILLER_WORDS`: the prefixes of the texts tell them apart, the
names do not; "Session 17"). Only the descriptions differ between the shapes (they are
drawn from a random stream of their own).

``one_name(directory, fields=N)`` writes the extreme case: N fields with one and the same
name. Sets hold 100 fields by default; the same arguments give byte-identical files.

Run ``python benchmarks/generate_dense.py DIR --fields 100000 [--share 0.6]
[--max-group 1000] [--descriptions few|words|sentences|template|boilerplate|random|random-wide]
[--one-name]``.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

SEED = 20260101
FIELDS_PER_SET = 100

# A small vocabulary, Danish and English, of words these catalogues use over and over.
VOCABULARY = (  # noqa: SIM905 (a list of words reads better as one text)
    "barnets forælders plejefamiliens dato afgørelse anbringelse anbringelsens start slut "
    "ophør kommune handlekommune betalingskommune bopæl adresse årsag grundlag lovgrundlag "
    "kode type nummer periode sted foranstaltning indsats underretning sag status kategori "
    "samtykke varighed omfang timer udgift takst bevilling ydelse tilbud leverandør "
    "child placement date start end reason legal basis local authority code type status "
    "category duration cost provider referral assessment plan review outcome episode"
).split()

# Prototypes of questions every statistic asks: name, type, and a shared code list or none.
COMMON = (
    ("Handlekommune", "code", "kommuner"),
    ("Betalingskommune", "code", "kommuner"),
    ("Bopælskommune", "code", "kommuner"),
    ("Afgørelsesdato", "date", ""),
    ("Startdato", "date", ""),
    ("Anbringelsesdato", "date", ""),
    ("Dato for modtagelse", "date", ""),
    ("Lovgrundlag", "code", "paragraffer"),
    ("Årsag til anbringelse", "code", "aarsager"),
    ("Samtykke", "bool", ""),
    ("Local authority", "code", "kommuner"),
    ("Date of decision", "date", ""),
    ("Legal basis", "code", "paragraffer"),
    ("Reason for placement", "code", "aarsager"),
    ("Barnets alder", "number", ""),
    ("Barnets køn", "code", "koen"),
)
# Variants of a name that still ask the same question (a stemmed word, another order).
VARIANTS = {
    "Afgørelsesdato": ("Dato for afgørelsen", "Afgørelsens dato"),
    "Startdato": ("Dato for start", "Startdatoen"),
    "Anbringelsesdato": ("Dato for anbringelsen", "Anbringelsens dato"),
    "Handlekommune": ("Handlekommunen", "Kommunen, der handler"),
    "Årsag til anbringelse": ("Anbringelsens årsag", "Årsag til anbringelsen"),
    "Date of decision": ("Decision date", "Date of the decision"),
}
SHARED_LISTS = {
    "kommuner": [f"{101 + 4 * n} Kommune {n}" for n in range(98)],
    "paragraffer": [f"§ {n} Paragraf {n}" for n in range(40, 60)],
    "aarsager": [f"{n} Årsag {n}" for n in range(1, 16)],
    "koen": ["1 Dreng", "2 Pige"],
    "janej": ["ja", "nej", "ukendt"],
}
# The words of the "words" and "sentences" shapes of descriptions (see the module).
DESCRIPTION_WORDS = (  # noqa: SIM905 (a list of words reads better as one text)
    "oplyses ved hver indberetning som registreret i sagen den seneste afgørelse efter "
    "servicelovens regler for børn og unge med behov særlig støtte angives kommunen skal "
    "oplyse dato ændring af foranstaltning perioden hvis relevant ellers tom værdi fra "
    "sagsbehandlingssystemet jf bekendtgørelse om til danmarks statistik oplysninger"
).split()
# The made-up words of the "random" shape of descriptions: 500 of them (see the module).
FILLER_WORDS = tuple(
    first + middle + end
    for first in ("ka", "le", "mo", "ni", "pu", "ra", "si", "to", "vu", "ne")
    for middle in ("ben", "dal", "fos", "gik", "hum", "jat", "kor", "lun", "mes", "nip")
    for end in ("", "e", "en", "er", "et")
)
# The made-up words of the "random-wide" shape: 5,000 (each of the 500 with a last syllable).
WIDE_FILLER_WORDS = tuple(
    word + last
    for word in FILLER_WORDS
    for last in ("", "sk", "ig", "ol", "um", "ar", "is", "od", "ev", "ut")
)
SHAPES = ("few", "words", "sentences", "template", "boilerplate", "random", "random-wide")
# The sentence of the "template" shape, around each field's own name.
TEMPLATE = "Angiv {name} for barnet, som det fremgår af sagen."
# The one description of the "boilerplate" shape.
BOILERPLATE = (
    "Feltet udfyldes af sagsbehandleren i kommunen på baggrund af oplysningerne i sagen og "
    "skal være i overensstemmelse med den afgørelse, der er truffet efter serviceloven, på "
    "opgørelsestidspunktet for indberetningen til Danmarks Statistik."
)
TYPES = ("date", "number", "text", "bool")
DESCRIPTIONS = (
    "Som registreret i sagen.",
    "Oplyses ved hver indberetning.",
    "Den kommune, der har ansvaret for sagen.",
    "As recorded on the case file.",
)


@dataclass
class Dense:
    """What was written: paths, counts, and the groups planted (sizes, largest first)."""

    directory: Path
    set_files: list[Path] = field(default_factory=list)
    fields: int = 0
    sets: int = 0
    grouped: int = 0  # fields that are members of a planted group
    groups: list[int] = field(default_factory=list)
    bytes: int = 0


@dataclass
class _Spec:
    name: str
    type: str
    codes: str  # a shared list's name, "own" for a list of its own, "" for none
    description: str


def _scalar(text: str) -> str:
    if ": " in text or text[:1] in "-?:,[]{}#&*!|>'\"%@`" or "," in text:
        return json.dumps(text, ensure_ascii=False)
    return text


def _group_sizes(rng: random.Random, total: int, max_group: int) -> list[int]:
    """Sizes adding up to ``total``: heavy-tailed (Pareto), each 2 to ``max_group``."""
    sizes: list[int] = []
    left = total
    while left >= 2:
        size = min(max_group, left, max(2, int(2 * rng.paretovariate(0.8))))
        sizes.append(size)
        left -= size
    return sorted(sizes, reverse=True)


def _own_name(rng: random.Random, words: list[str]) -> str:
    return " ".join(rng.sample(words, rng.randint(2, 4))).capitalize()


def _prototype(rng: random.Random, number: int, words: list[str]) -> tuple[str, str, str]:
    if number < len(COMMON):
        return COMMON[number]
    kind = rng.choice((*TYPES, "code"))
    codes = rng.choice(("own", *SHARED_LISTS)) if kind == "code" else ""
    return _own_name(rng, words), kind, codes


def _specs(
    rng: random.Random, total: int, share: float, max_group: int, vocabulary: int
) -> tuple[list[_Spec], list[int]]:
    words = VOCABULARY[:vocabulary]
    sizes = _group_sizes(rng, int(total * share), max_group)
    specs: list[_Spec] = []
    for number, size in enumerate(sizes):
        name, kind, codes = _prototype(rng, number, words)
        variants = VARIANTS.get(name, ())
        for _ in range(size):
            shown = name
            if variants and rng.random() < 0.15:
                shown = rng.choice(variants)
            description = rng.choice(DESCRIPTIONS) if rng.random() < 0.7 else ""
            specs.append(_Spec(shown, kind, codes, description))
    while len(specs) < total:
        kind = rng.choice((*TYPES, "code"))
        codes = ""
        if kind == "code":
            codes = rng.choice(tuple(SHARED_LISTS)) if rng.random() < 0.25 else "own"
        specs.append(_Spec(_own_name(rng, words), kind, codes, ""))
    rng.shuffle(specs)
    return specs, sizes


def _words(rng: random.Random, low: int, high: int) -> str:
    drawn = " ".join(rng.choice(DESCRIPTION_WORDS) for _ in range(rng.randint(low, high)))
    return drawn.capitalize() + "."


def _describe(specs: list[_Spec], shape: str, seed: int) -> None:
    """Give ``specs`` descriptions of ``shape`` ("words", "sentences", "template",
    "boilerplate", "random" or "random-wide", see the module), drawn from a random stream of
    their own."""
    rng = random.Random(f"{seed} descriptions")
    sentences = [_words(rng, 6, 20) for _ in range(40)]
    for spec in specs:
        if rng.random() >= 0.8:
            spec.description = ""
        elif shape == "words":
            spec.description = _words(rng, 8, 25)
        elif shape == "template":
            spec.description = TEMPLATE.format(name=spec.name.lower())
        elif shape == "boilerplate":
            spec.description = BOILERPLATE
        elif shape in ("random", "random-wide"):
            filler = FILLER_WORDS if shape == "random" else WIDE_FILLER_WORDS
            count = rng.randint(40, 80)
            spec.description = " ".join(rng.choice(filler) for _ in range(count)) + "."
        else:
            spec.description = rng.choice(sentences)


def _field_yaml(rng: random.Random, spec: _Spec, field_id: str, words: list[str]) -> str:
    lines = [f"  - id: {field_id}", f"    name: {_scalar(spec.name)}"]
    if spec.description:
        lines.append(f"    description: {_scalar(spec.description)}")
    lines.append(f"    aspect: {'process' if rng.random() < 0.3 else 'substance'}")
    if spec.codes == "own":
        codes = [f"{n} {w}" for n, w in enumerate(rng.sample(words, 4), start=1)]
    else:
        codes = SHARED_LISTS.get(spec.codes, [])
    if codes:
        lines.append("    codes: [" + ", ".join(_scalar(c) for c in codes) + "]")
    else:
        lines.append(f"    type: {spec.type}")
    lines.append(f"    minutes: {round(rng.uniform(0.1, 5), 1)}")
    if rng.random() < 0.08:
        lines.append(f"    mandated_by: Barnets lov § {rng.randint(1, 200)}")
    uses = rng.choice((0, 1, 1, 2, 3))
    if uses:
        lines.append("    used_by:")
    for _ in range(uses):
        lines.append(f"      - consumer: {rng.choice(('Danmarks Statistik', 'KL', 'VIVE'))}")
        lines.append(f"        kind: {rng.choice(('publication', 'analysis', 'request'))}")
        if rng.random() < 0.6:
            lines.append(f"        last_used: {rng.randint(2010, 2026)}-0{rng.randint(1, 9)}-15")
    return "\n".join(lines) + "\n"


def _write(root: Path, specs: list[_Spec], per_set: int, rng: random.Random, made: Dense) -> None:
    (root / "sets").mkdir(parents=True, exist_ok=True)
    words = list(VOCABULARY)
    for start in range(0, len(specs), per_set):
        set_id = f"statistik_{start // per_set:05d}"
        header = [
            "# Synthetic dense requirement set (benchmarks/generate_dense.py): not real data.",
            "indberet: 1",
            f"id: {set_id}",
            f"name: Statistik {start // per_set}",
            "receiver: Danmarks Statistik",
            f"reporters: {rng.randint(1, 98)}",
            f"reports_per_year: {rng.randint(100, 200_000)}",
            "illustrative: true",
            "fields:",
        ]
        chunk = specs[start : start + per_set]
        body = [
            _field_yaml(rng, spec, f"felt_{index:04d}", words) for index, spec in enumerate(chunk)
        ]
        text = "\n".join(header) + "\n" + "\n".join(body)
        path = root / "sets" / f"{set_id}.yaml"
        path.write_text(text, encoding="utf-8")
        made.set_files.append(path)
        made.bytes += len(text.encode("utf-8"))
        made.fields += len(chunk)
        made.sets += 1


def generate_dense(
    directory: Path | str,
    *,
    fields: int,
    share: float = 0.6,
    max_group: int = 1000,
    vocabulary: int = 60,
    per_set: int = FIELDS_PER_SET,
    seed: int = SEED,
    descriptions: str = "few",
) -> Dense:
    """Write a dense catalogue of ``fields`` fields under ``directory`` (see the module)."""
    if not 0.0 <= share <= 1.0 or max_group < 2 or not 2 <= vocabulary <= len(VOCABULARY):
        raise ValueError(
            f"share must be in [0, 1], max_group ≥ 2, vocabulary 2 to {len(VOCABULARY)} words"
        )
    if descriptions not in SHAPES:
        raise ValueError(f"descriptions must be one of {SHAPES}, got {descriptions!r}")
    rng = random.Random(seed)
    root = Path(directory)
    specs, sizes = _specs(rng, fields, share, max_group, vocabulary)
    if descriptions != "few":
        _describe(specs, descriptions, seed)
    made = Dense(root, grouped=sum(sizes), groups=sizes)
    _write(root, specs, per_set, rng, made)
    return made


def one_name(
    directory: Path | str,
    *,
    fields: int,
    name: str = "Handlekommune",
    per_set: int = FIELDS_PER_SET,
    seed: int = SEED,
    own_descriptions: bool = False,
    numbered_names: bool = False,
) -> Dense:
    """Write ``fields`` fields with one and the same name (and type) under ``directory``;
    with ``own_descriptions``, each with a description of its own (one of
    :data:`DESCRIPTIONS` and the field's number: texts alike pairwise, as when every
    statistic words the same question its own way), else one of :data:`DESCRIPTIONS`.
    With ``numbered_names``, the name is a longer one ending in the field's number: names
    alike pairwise but no two the same. Until session 15 every pair was a near-duplicate
    and the search's work grew with their square; names whose numbers differ are now
    never the same question, so the search compares none of them (benchmarks/README.md,
    "Known limits")."""
    rng = random.Random(seed)
    root = Path(directory)
    specs = [
        _Spec(
            f"{name} ved anbringelsens start efter afgørelse om tilsyn i sagen {number}"
            if numbered_names
            else name,
            "text",
            "",
            f"{rng.choice(DESCRIPTIONS)} (nr. {number})"
            if own_descriptions
            else rng.choice(DESCRIPTIONS),
        )
        for number in range(fields)
    ]
    made = Dense(root, grouped=fields, groups=[fields])
    _write(root, specs, per_set, rng, made)
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory")
    parser.add_argument("--fields", type=int, default=10_000)
    parser.add_argument("--share", type=float, default=0.6)
    parser.add_argument("--max-group", type=int, default=1000)
    parser.add_argument("--vocabulary", type=int, default=60)
    parser.add_argument("--per-set", type=int, default=FIELDS_PER_SET)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--descriptions", choices=SHAPES, default="few")
    parser.add_argument("--one-name", action="store_true", help="every field one name")
    parser.add_argument(
        "--own-descriptions",
        action="store_true",
        help="with --one-name: each field a description of its own",
    )
    parser.add_argument(
        "--numbered-names",
        action="store_true",
        help="with --one-name: names alike but each ending in the field's number",
    )
    options = parser.parse_args()
    common = {"fields": options.fields, "per_set": options.per_set, "seed": options.seed}
    if options.one_name:
        made = one_name(
            options.directory,
            **common,
            own_descriptions=options.own_descriptions,
            numbered_names=options.numbered_names,
        )
    else:
        made = generate_dense(
            options.directory,
            **common,
            share=options.share,
            max_group=options.max_group,
            vocabulary=options.vocabulary,
            descriptions=options.descriptions,
        )
    print(
        f"{made.fields} fields in {made.sets} sets, {made.grouped} in {len(made.groups)} "
        f"groups (largest {max(made.groups, default=0)}), {made.bytes / 1e6:.1f} MB of YAML"
    )


if __name__ == "__main__":
    main()
