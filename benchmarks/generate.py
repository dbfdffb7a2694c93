"""Deterministic synthetic catalogues for the benchmarks (and, at tiny size, for a test).

``generate(directory, fields=N)`` writes a catalogue of about N requirement fields spread
over many requirement sets (``sets/*.yaml``, 100 fields per set by default), a register
catalogue (``registers.yaml``) and, when asked, a usage log (``usage.csv``). The same
arguments always give byte-identical files.

Planted on purpose, so that the audit has real work:

* near-duplicates: about 2% of the fields are a reworded twin of a field in another set
  (the same words in another order, one word inflected, or the same code list); the pairs
  are listed in ``planted.json``;
* register overlaps: about 5% of the fields name a register in ``registered_in`` and a few
  are ``derivable_from`` another field;
* a mix of YAML styles seen in real catalogues: folded descriptions (``>-``), quoted
  products with a colon, flow and block code lists, comments and blank lines.

Run ``python benchmarks/generate.py DIR --fields 10000 [--usage-rows 1000000]``.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

SEED = 20170101
FIELDS_PER_SET = 100

# Danish words of the domain; more are made from syllables so that 100k fields do not
# share a handful of names by accident.
WORDS = (  # noqa: SIM905 (a list of words reads better as one text)
    "barn barnets ung unge forælder forældre mor far plejefamilie institution opholdssted "
    "anbringelse anbringelsen underretning underretningen foranstaltning indsats støtte "
    "afgørelse afgørelsen sag sagen kommune handlekommune betalingskommune bopæl adresse "
    "dato startdato slutdato ophør ophørsdato årsag grund grundlag lovgrundlag samtykke "
    "skole skolegang dagtilbud sundhed politi læge psykolog sagsbehandler socialrådgiver "
    "undersøgelse børnefaglig handleplan plan revision opfølgning tilsyn samvær netværk "
    "familie søskende bolig botilbud misbrug behandling diagnose handicap funktionsnedsættelse "
    "hjælpemiddel ledsagelse aflastning efterværn kontaktperson mentor fritid uddannelse "
    "beskæftigelse indkomst ydelse bevilling udgift takst pris varighed omfang timer "
    "kategori type kode nummer periode sted leverandør tilbud godkendelse klage ankestyrelse "
    "visitation vurdering risiko bekymring vold overgreb omsorgssvigt kriminalitet "
    "hjemmebesøg samtale møde høring partshøring journal notat registrering indberetning "
    "statistik opgørelse kvartal måned år alder køn nationalitet herkomst sprog tolk"
).split()
SYLLABLES = "an be da el fo ga hi ka la mo ne pe ra sa ti ul ve yr æg øs ål".split()  # noqa: SIM905
CONSUMERS = (
    "Danmarks Statistik",
    "Social- og Boligministeriet",
    "Social- og Boligstyrelsen",
    "VIVE",
    "KL",
    "Ankestyrelsen",
    "Sundhedsdatastyrelsen",
    "Rigsrevisionen",
)
KINDS = ("publication", "analysis", "legal", "operational", "request")
TYPES = ("date", "cpr", "cvr", "text", "number", "bool", "id")
BUILTIN_REGISTERS = ("cpr", "cvr", "tilbudsportalen", "dream", "lpr")
GENERIC = ("ja", "nej", "ukendt")


@dataclass
class Catalogue:
    """What was written: paths, counts and the planted near-duplicate pairs."""

    directory: Path
    set_files: list[Path] = field(default_factory=list)
    registers_file: Path | None = None
    usage_file: Path | None = None
    fields: int = 0
    sets: int = 0
    planted: list[tuple[str, str]] = field(default_factory=list)
    bytes: int = 0


@dataclass
class _Field:
    set_id: str
    id: str
    name: str
    words: list[str]
    codes: list[str]


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    words = list(WORDS)
    seen = set(words)
    while len(words) < size:
        made = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        made += rng.choice(("ing", "else", "dom", "hed", "skab", "ning", "ant", "ist"))
        if made not in seen:
            seen.add(made)
            words.append(made)
    return words


def _scalar(text: str) -> str:
    """``text`` as a YAML value: plain when that is safe, else double-quoted."""
    risky = ": " in text or " #" in text or text != text.strip()
    risky = risky or text[:1] in "-?:,[]{}#&*!|>'\"%@`"
    if risky or text.lower() in ("yes", "no", "on", "off", "true", "false", "null", "~"):
        return json.dumps(text, ensure_ascii=False)
    return text


def _date(rng: random.Random) -> str:
    return f"{rng.randint(2008, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _name(words: list[str]) -> str:
    return " ".join(words).capitalize()


def _field_yaml(rng: random.Random, item: _Field, known: list[str], registers: list[str]) -> str:
    lines = [f"  - id: {item.id}", f"    name: {_scalar(item.name)}"]
    style = rng.random()
    if style < 0.35:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 12)))
        lines.append(f"    description: {_scalar(sentence.capitalize() + '.')}")
    elif style < 0.75:
        first = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 12)))
        second = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 10)))
        lines += ["    description: >-", f"      {first.capitalize()},", f"      {second}."]
    lines.append(f"    aspect: {'process' if rng.random() < 0.3 else 'substance'}")
    if item.codes:
        if rng.random() < 0.5:
            lines.append("    codes: [" + ", ".join(item.codes) + "]")
        else:
            lines.append("    codes:")
            lines += [f"      - {code}" for code in item.codes]
    else:
        lines.append(f"    type: {rng.choice(TYPES)}")
    if rng.random() < 0.2:
        low = round(rng.uniform(0.1, 2), 1)
        lines.append(f"    minutes: [{low}, {round(low + rng.uniform(0.1, 3), 1)}]")
    else:
        lines.append(f"    minutes: {round(rng.uniform(0.1, 5), 1)}")
    if rng.random() < 0.5:
        lines.append(f"    applies_to: {round(rng.uniform(0.05, 1), 2)}")
    chance = rng.random()
    if chance < 0.1:
        lines.append(f"    mandated_by: Lov om social service § {rng.randint(1, 200)}")
    elif chance < 0.15:
        lines.append("    mandated_by: null")
    if rng.random() < 0.05:
        lines.append(f"    registered_in: [{rng.choice(registers)}]")
    if known and rng.random() < 0.03:
        lines.append(f"    derivable_from: [{rng.choice(known)}]")
    uses = rng.choice((0, 1, 1, 2, 2, 3))
    if uses:
        lines.append("    used_by:")
    for _ in range(uses):
        consumer = rng.choice(CONSUMERS)
        product = f"Statistikbanken: {rng.choice(WORDS)} efter {rng.choice(WORDS)}"
        lines.append(f"      - consumer: {consumer}")
        lines.append(f'        product: "{product}"')
        lines.append(f"        kind: {rng.choice(KINDS)}")
        if rng.random() < 0.6:
            lines.append(f"        last_used: {_date(rng)}")
        if rng.random() < 0.3:
            lines.append(f"        uses_per_year: {rng.randint(1, 12)}")
    if rng.random() < 0.1:
        lines.append("    # reviewed by the data owner")
    return "\n".join(lines) + "\n"


def _twin(rng: random.Random, original: _Field, set_id: str, field_id: str) -> _Field:
    """A reworded copy of ``original``: words reordered, or the same code list under a
    name with a word added (a shared code list alone is a shared domain, not the same
    question: the twin keeps most of the name)."""
    words = list(original.words)
    if original.codes and original.codes != list(GENERIC) and rng.random() < 0.5:
        rng.shuffle(words)
        words = [*words, "kopi"]
        return _Field(set_id, field_id, _name(words), words, list(original.codes))
    rng.shuffle(words)
    return _Field(set_id, field_id, _name(words), words, [])


def _fields(
    rng: random.Random, total: int, per_set: int, vocabulary: list[str]
) -> Iterator[tuple[str, list[_Field], list[tuple[str, str]]]]:
    made: list[_Field] = []
    sets = max(1, -(-total // per_set))
    for number in range(sets):
        set_id = f"statistik_{number:05d}"
        count = min(per_set, total - number * per_set)
        items: list[_Field] = []
        planted: list[tuple[str, str]] = []
        for index in range(count):
            field_id = f"felt_{index:04d}"
            if made and rng.random() < 0.02:
                original = rng.choice(made)
                twin = _twin(rng, original, set_id, field_id)
                items.append(twin)
                planted.append((f"{original.set_id}.{original.id}", f"{set_id}.{field_id}"))
                continue
            words = rng.sample(vocabulary, rng.randint(3, 5))
            codes: list[str] = []
            if rng.random() < 0.5:
                if rng.random() < 0.3:
                    codes = list(GENERIC)
                else:
                    codes = [f"{w}_{n}" for n, w in enumerate(rng.sample(vocabulary, 4))]
            items.append(_Field(set_id, field_id, _name(words), words, codes))
        made.extend(items)
        yield set_id, items, planted


def generate(
    directory: Path | str,
    *,
    fields: int,
    per_set: int = FIELDS_PER_SET,
    usage_rows: int = 0,
    seed: int = SEED,
) -> Catalogue:
    """Write a synthetic catalogue of ``fields`` fields under ``directory``."""
    rng = random.Random(seed)
    root = Path(directory)
    (root / "sets").mkdir(parents=True, exist_ok=True)
    result = Catalogue(root)
    vocabulary = _vocabulary(rng, max(400, fields // 10))
    own_registers = [f"register_{n:03d}" for n in range(40)]
    registers = [*BUILTIN_REGISTERS, *own_registers]
    register_lines = ["# Synthetic register catalogue (benchmarks/generate.py).", "indberet: 1"]
    register_lines.append("registers:")
    for register in own_registers:
        register_lines += [
            f"  - id: {register}",
            f"    name: Register {register[-3:]} over {rng.choice(WORDS)}",
            "    owner: Styrelsen",
            "    holds: [" + ", ".join(rng.sample(WORDS, 3)) + "]",
        ]
    result.registers_file = root / "registers.yaml"
    result.registers_file.write_text("\n".join(register_lines) + "\n", encoding="utf-8")
    written: list[tuple[str, str]] = []
    for set_id, items, planted in _fields(rng, fields, per_set, vocabulary):
        header = [
            "# Synthetic requirement set (benchmarks/generate.py): not real data.",
            "indberet: 1",
            f"id: {set_id}",
            f"name: {_name(rng.sample(WORDS, 3))}",
            "receiver: Danmarks Statistik",
            f"legal_basis: Lov om social service § {rng.randint(1, 200)}",
            f"reporters: {rng.randint(1, 98)}",
            f"reports_per_year: {rng.randint(100, 200_000)}",
            "illustrative: true",
            "fields:",
        ]
        known = [f"{s}.{f}" for s, f in written[-200:]]
        body = [_field_yaml(rng, item, known, registers) for item in items]
        text = "\n".join(header) + "\n" + "\n".join(body)
        path = root / "sets" / f"{set_id}.yaml"
        path.write_text(text, encoding="utf-8")
        result.set_files.append(path)
        result.bytes += len(text.encode("utf-8"))
        result.fields += len(items)
        result.sets += 1
        result.planted.extend(planted)
        written.extend((item.set_id, item.id) for item in items)
    (root / "planted.json").write_text(json.dumps(result.planted, indent=0), encoding="utf-8")
    if usage_rows:
        result.usage_file = root / "usage.csv"
        write_usage_log(result.usage_file, written, usage_rows, rng)
    return result


def write_usage_log(
    path: Path, fields: list[tuple[str, str]], rows: int, rng: random.Random
) -> None:
    """A usage log of ``rows`` rows over ``fields``, written in large chunks."""
    # One group per (field, consumer, product, kind): a product uses a field in one way.
    groups = []
    for set_id, field_id in rng.sample(fields, min(len(fields), 20_000)):
        consumer = rng.choice(CONSUMERS)
        kind = rng.choice(KINDS)
        groups.append(f"{set_id},{field_id},{consumer},Tabel {rng.randint(1, 99)},{kind},")
    # Uses on days of four years, all before the benchmarks' audit date (2026-11-26).
    days = [
        f"20{y}-{m:02d}-{d:02d}" for y in range(22, 26) for m in range(1, 13) for d in range(1, 29)
    ]
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write("set,field,consumer,product,kind,date\n")
        chunk: list[str] = []
        for _ in range(rows):
            chunk.append(f"{rng.choice(groups)}{rng.choice(days)}\n")
            if len(chunk) >= 100_000:
                handle.write("".join(chunk))
                chunk.clear()
        handle.write("".join(chunk))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory")
    parser.add_argument("--fields", type=int, default=1000)
    parser.add_argument("--per-set", type=int, default=FIELDS_PER_SET)
    parser.add_argument("--usage-rows", type=int, default=0)
    parser.add_argument("--seed", type=int, default=SEED)
    options = parser.parse_args()
    made = generate(
        options.directory,
        fields=options.fields,
        per_set=options.per_set,
        usage_rows=options.usage_rows,
        seed=options.seed,
    )
    print(f"{made.fields} fields in {made.sets} sets, {made.bytes / 1e6:.1f} MB of YAML")


if __name__ == "__main__":
    main()


def generate_history(
    directory: Path | str, *, fields: int = 1000, commits: int = 1000, seed: int = SEED
) -> Catalogue:
    """A git repository whose ``sets/`` hold a catalogue of ``fields`` fields, changed by
    ``commits`` commits on one branch (``git fast-import``: the same arguments give the
    same objects). The first commit adds the catalogue; each later one changes one set
    file: the minutes of one field, and every fifth commit also adds a field to it."""
    import subprocess

    root = Path(directory)
    made = generate(root, fields=fields, seed=seed)
    files = {path.relative_to(root).as_posix(): path.read_text("utf-8") for path in made.set_files}
    names = sorted(files)
    stream: list[bytes] = []

    def data(text: str) -> None:
        raw = text.encode("utf-8")
        stream.append(f"data {len(raw)}\n".encode() + raw + b"\n")

    for number in range(commits):
        stream.append(f"commit refs/heads/main\nmark :{number + 1}\n".encode())
        stream.append(f"committer b <b@b> {1_700_000_000 + number * 3600} +0000\n".encode())
        data(f"change {number}" if number else "the catalogue")
        if number:
            stream.append(f"from :{number}\n".encode())
            name = names[number % len(names)]
            files[name] = _changed(files[name], number)
            changed = [name]
        else:
            changed = [*names, "registers.yaml"]
            files["registers.yaml"] = (root / "registers.yaml").read_text("utf-8")
        for name in changed:
            stream.append(f"M 100644 inline {name}\n".encode())
            data(files[name])
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=root, check=True)
    return made


def _changed(text: str, number: int) -> str:
    """``text`` with one field's minutes changed, and every fifth time a field added."""
    lines = text.split("\n")
    places = [n for n, line in enumerate(lines) if line.startswith("    minutes: ")]
    place = places[(number // 7) % len(places)]
    lines[place] = f"    minutes: {1 + number % 40 / 10}"
    changed = "\n".join(lines)
    if number % 5 == 0:
        changed = changed.rstrip("\n") + (
            f"\n  - id: added_{number}\n    name: Tilføjet felt {number}\n"
            f"    type: text\n    minutes: {1 + number % 9 / 10}\n"
        )
    return changed
