"""Dense catalogues of another make: questions drawn from a pool of prototypes, written by
a program as programs write YAML (a benchmark input, deterministic by seed).

``benchmarks/generate_dense.py`` was written with the audit in mind. This generator was
written in session 19 as an outsider would write one, from the README's format alone, to
meet shapes the other does not: it found a file read twice, and the precise YAML reader
taking every file a program had written (benchmarks/README.md, "Session 19").

* Every set starts with the questions every statistic asks: the child's CPR number (an
  identifier), the acting and the paying municipality with the 98 municipalities as
  labelled codes, the decision, start and end dates, a reason with 20 labelled codes and
  consent (as many as a quarter of the set's size allows).
* The other fields are drawn from ``prototypes`` questions (default 3,000) by a Zipf law
  (exponent ``zipf``, default 1.1): a few stand in thousands of sets, most in a handful.
  A prototype has a name of two to five words from ``vocabulary`` made-up words (default
  150), a description of 8 to 20 words from twice as many, and a type or a code list
  (the municipalities, yes/no/unknown, or codes of its own). A share ``varied`` (default
  0.3) of the fields asked again shuffle the name's words or add one, and as many get a
  description of their own.
* Sets hold 20 to 180 fields; field ids are made from the names, so that one question has
  one id wherever it stands. Some fields are named by law (8%), derivable from an earlier
  field of the set (4%) or asked only when an earlier coded field has a value (3%); each
  has up to three recorded uses.
* ``writer``: ``"pyyaml"`` (the default) writes each set with PyYAML's ``safe_dump``, as a
  program would: long text runs onto the next lines and letters beyond ASCII (æ, ø, å)
  are escaped in double quotes. ``"text"`` writes the README's style by hand: flow
  mappings for ``asked_when`` and for labelled codes. Both give the same catalogue.

Run ``python benchmarks/generate_prototypes.py DIR --fields 100000 [--writer text]``.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

SEED = 20261205
SYLLABLES = (  # noqa: SIM905 (syllables read better as one text)
    "ba ke lo mi nu sa te vo ri da ge fo hu ja ly pe sk st tr gr an er in ing else hed skab "
    "dom æl øv år bø gå"
).split()
ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})  # ids are written in a-z
COMMON_PER_SET = 8  # the questions every set starts with (fewer in a small set)


@dataclass
class Made:
    """What was written."""

    directory: Path
    sets: int = 0
    fields: int = 0
    bytes: int = 0
    set_files: list[Path] = field(default_factory=list)


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def _words(rng: random.Random, count: int) -> list[str]:
    found: dict[str, None] = {}
    while len(found) < count:
        found[_word(rng)] = None
    return sorted(found)


def _sentence(rng: random.Random, words: list[str]) -> str:
    return " ".join(rng.choice(words) for _ in range(rng.randint(8, 20))).capitalize() + "."


def _common(rng: random.Random, words: list[str]) -> list[dict[str, Any]]:
    municipalities = [
        {"code": str(101 + 4 * n), "label": f"{_word(rng).capitalize()} Kommune"} for n in range(98)
    ]
    reasons = [{"code": f"R{n}", "label": " ".join(rng.sample(words, 4))} for n in range(20)]
    return [
        {"id": "cpr", "name": "CPR-nummer", "type": "cpr", "description": "Barnets CPR-nummer."},
        {
            "id": "handlekommune",
            "name": "Handlekommune",
            "codes": municipalities,
            "description": "Den kommune, der har handleforpligtelsen.",
        },
        {
            "id": "betalingskommune",
            "name": "Betalingskommune",
            "codes": municipalities,
            "description": "Den kommune, der betaler for foranstaltningen.",
        },
        {"id": "afgoerelsesdato", "name": "Afgørelsesdato", "type": "date"},
        {"id": "startdato", "name": "Startdato", "type": "date"},
        {"id": "slutdato", "name": "Slutdato", "type": "date"},
        {"id": "aarsag", "name": "Årsag", "codes": reasons},
        {"id": "samtykke", "name": "Samtykke", "type": "bool"},
    ]


def _prototypes(
    rng: random.Random, count: int, names: list[str], texts: list[str]
) -> list[dict[str, Any]]:
    municipalities = [str(101 + 4 * n) for n in range(98)]
    found = []
    for _ in range(count):
        prototype: dict[str, Any] = {
            "name": " ".join(rng.choice(names) for _ in range(rng.randint(2, 5))).capitalize(),
            "description": _sentence(rng, texts),
        }
        kind = rng.random()
        if kind < 0.15:
            prototype["codes"] = municipalities
        elif kind < 0.3:
            prototype["codes"] = ["ja", "nej", "uoplyst"]
        elif kind < 0.4:
            prototype["codes"] = [f"{rng.choice(names)}_{n}" for n in range(rng.randint(3, 10))]
        else:
            prototype["type"] = rng.choice(["date", "number", "text", "bool"])
        found.append(prototype)
    return found


def _use(rng: random.Random) -> dict[str, Any]:
    use: dict[str, Any] = {
        "consumer": rng.choice(["Danmarks Statistik", "KL", "VIVE", "Ankestyrelsen"]),
        "kind": rng.choice(["publication", "analysis", "request", "legal"]),
    }
    if rng.random() < 0.3:
        use["last_used"] = f"20{rng.randint(10, 26)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
    return use


def _set(
    rng: random.Random,
    number: int,
    size: int,
    common: list[dict[str, Any]],
    prototypes: list[dict[str, Any]],
    weights: list[float],
    names: list[str],
    texts: list[str],
    varied: float,
) -> dict[str, Any]:
    chosen = [dict(item) for item in common[: min(COMMON_PER_SET, size // 4)]]
    while len(chosen) < size:
        prototype = dict(rng.choices(prototypes, weights)[0])
        if rng.random() < varied:
            parts = prototype["name"].split()
            rng.shuffle(parts)
            if rng.random() < 0.5:
                parts.append(rng.choice(names))
            prototype["name"] = " ".join(parts).capitalize()
        if rng.random() < varied:
            prototype["description"] = _sentence(rng, texts)
        words = prototype["name"].casefold().translate(ASCII).split()
        prototype["id"] = "f_" + "_".join(words)[:40]
        chosen.append(prototype)
    fields: list[dict[str, Any]] = []
    taken: set[str] = set()
    coded: list[str] = []
    for index, item in enumerate(chosen):
        base = field_id = item["id"]
        copy = 2
        while field_id in taken:
            field_id = f"{base}_{copy}"
            copy += 1
        taken.add(field_id)
        entry: dict[str, Any] = {"id": field_id, "name": item["name"]}
        if "description" in item:
            entry["description"] = item["description"]
        entry["aspect"] = rng.choice(["substance", "process"])
        if "type" in item:
            entry["type"] = item["type"]
        if "codes" in item:
            entry["codes"] = item["codes"]
        entry["minutes"] = rng.choice([0.1, 0.2, 0.5, 1, 2, 5])
        if rng.random() < 0.5:
            entry["applies_to"] = rng.randint(1, 100) / 100
        if rng.random() < 0.08:
            entry["mandated_by"] = f"Barnets lov § {rng.randint(1, 200)}"
        if index > 10 and rng.random() < 0.04:
            entry["derivable_from"] = [fields[rng.randrange(index)]["id"]]
        if coded and rng.random() < 0.03:
            entry["asked_when"] = {"field": coded[-1]}
        uses = rng.randint(0, 3)
        if uses:
            entry["used_by"] = [_use(rng) for _ in range(uses)]
        if "codes" in item:
            coded.append(field_id)
        fields.append(entry)
    return {
        "indberet": 1,
        "id": f"s{number:05d}",
        "name": f"Statistik {number}",
        "receiver": "Danmarks Statistik",
        "reporters": rng.randint(5, 98),
        "reports_per_year": rng.randint(100, 200_000),
        "illustrative": True,
        "fields": fields,
    }


HEADER = "# Synthetic requirement set (benchmarks/generate_prototypes.py): not real data.\n"


def _text(data: dict[str, Any]) -> str:
    """The set in the README's style, written by hand (flow mappings for conditions and
    labelled codes)."""
    lines = [f"{key}: {data[key]}" for key in data if key != "fields"]
    lines[lines.index("illustrative: True")] = "illustrative: true"
    lines.append("fields:")
    for item in data["fields"]:
        lines.append(f"  - id: {item['id']}")
        for key, value in item.items():
            if key == "id":
                continue
            if key == "codes" and isinstance(value[0], dict):
                lines.append("    codes:")
                lines += [f"      - {{code: '{c['code']}', label: {c['label']}}}" for c in value]
            elif key == "codes":
                lines.append(f"    codes: [{', '.join(repr(code) for code in value)}]")
            elif key == "derivable_from":
                lines.append(f"    derivable_from: [{', '.join(value)}]")
            elif key == "asked_when":
                lines.append(f"    asked_when: {{field: {value['field']}}}")
            elif key == "used_by":
                lines.append("    used_by:")
                for use in value:
                    lines.append(f"      - consumer: {use['consumer']}")
                    lines += [f"        {k}: {v}" for k, v in use.items() if k != "consumer"]
            else:
                lines.append(f"    {key}: {value}")
    return HEADER + "\n".join(lines) + "\n"


def generate_prototypes(
    directory: Path | str,
    *,
    fields: int,
    prototypes: int = 3000,
    zipf: float = 1.1,
    varied: float = 0.3,
    vocabulary: int = 150,
    seed: int = SEED,
    writer: str = "pyyaml",
) -> Made:
    """Write a catalogue of ``fields`` fields under ``directory`` (see the module)."""
    if writer not in ("pyyaml", "text") or prototypes < 1 or not 0.0 <= varied <= 1.0:
        raise ValueError("writer pyyaml or text, prototypes >= 1, varied in [0, 1]")
    rng = random.Random(seed)
    names = _words(rng, vocabulary)
    texts = _words(rng, 2 * vocabulary)
    common = _common(rng, texts)
    pool = _prototypes(rng, prototypes, names, texts)
    weights = [1 / (rank + 1) ** zipf for rank in range(prototypes)]
    root = Path(directory)
    (root / "sets").mkdir(parents=True, exist_ok=True)
    made = Made(root)
    while made.fields < fields:
        size = min(fields - made.fields, rng.randint(20, 180))
        data = _set(rng, made.sets, size, common, pool, weights, names, texts, varied)
        text = HEADER + yaml.safe_dump(data, sort_keys=False) if writer == "pyyaml" else _text(data)
        path = root / "sets" / f"{data['id']}.yaml"
        path.write_text(text, encoding="utf-8")
        made.set_files.append(path)
        made.bytes += len(text.encode("utf-8"))
        made.fields += size
        made.sets += 1
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory")
    parser.add_argument("--fields", type=int, default=10_000)
    parser.add_argument("--prototypes", type=int, default=3000)
    parser.add_argument("--zipf", type=float, default=1.1)
    parser.add_argument("--varied", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--writer", choices=("pyyaml", "text"), default="pyyaml")
    options = parser.parse_args()
    made = generate_prototypes(
        options.directory,
        fields=options.fields,
        prototypes=options.prototypes,
        zipf=options.zipf,
        varied=options.varied,
        seed=options.seed,
        writer=options.writer,
    )
    print(f"{made.sets} sets, {made.fields} fields, {made.bytes / 1e6:.1f} MB in {made.directory}")


if __name__ == "__main__":
    main()
