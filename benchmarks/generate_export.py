"""A dense national catalogue as a ministry's requirement database would export it (a
benchmark input, deterministic by seed).

The other generators write one folder of sets of one make. This one writes what an export
of every requirement a country's municipalities report looks like: many sets of every
size, in folders per receiver and theme, each file written by PyYAML in the style the
export job happened to use that year.

* Sets in ``DIR/<receiver>/<theme>/<set-id>.yaml`` and a register catalogue
  ``DIR/registers.yaml`` (a few registers beside the built-in cpr, cvr, dream, lpr and
  tilbudsportalen). Set sizes are lognormal around a median of 50 fields (at least 10),
  and about one set in each 25,000 fields holds 1,000 to 2,000 (a combined survey drawing
  on every theme): some 1,200 sets at 100,000 fields.
* Every set starts with the questions every statistic asks, under the ids and names its
  own owner chose: the person's CPR number (an identifier), the acting municipality and
  the municipality of residence with the 98 municipalities as labelled codes, the
  decision, start and end dates, a reason with 10 to 40 labelled codes and consent.
* The other fields are drawn from themed question banks (placements, notifications of
  concern, preventive measures, adult disability, elderly care, employment), with
  qualifiers ("ved opfølgning", "for mor"). About 39% of all fields have labelled code
  lists: ~6% the 98 municipalities, ~4% some 150 countries, the rest 2 to 40 codes, a few
  with the dates they hold (``valid_from``, ``valid_until``); ~3% have plain code lists of
  numbers ('1', '2', '9').
* The documented optional keys at small rates: ``used_by`` on about half the fields (one
  to three uses with consumer, kind, product and mostly last_used), ``records`` and
  ``record``, ``asked_when`` on ~1% (always an earlier coded field of the set),
  ``derivable_from``, ``registered_in``, ``mandated_by`` (a provision), ``exemptions``
  (their reasons name "KL's" analyses), ``minutes`` on every field (some ranges).
* The style varies by file: a third with ``default_flow_style=None`` (leaf mappings such as
  codes and uses in flow style, long ones wrapped), the rest in block style; 60% with
  ``allow_unicode=True`` and the rest with æ, ø and å escaped; 70% start with an export
  comment. The figures are illustrative, and every set says so.

Run ``python benchmarks/generate_export.py DIR --fields 100000``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

SEED = 20261206
# PyYAML's safe dumper (what ``yaml.safe_dump`` uses), on libyaml when PyYAML has it: the
# same representer and the same text but for where long quoted text breaks, and four times
# as fast (100,000 fields in about half a minute rather than two).
DUMPER: type[yaml.SafeDumper] | type[yaml.CSafeDumper] = getattr(
    yaml, "CSafeDumper", yaml.SafeDumper
)
MEDIAN_SET = 50  # fields in the median set
SIGMA = 0.95  # the spread of the set sizes (lognormal)
SMALLEST_SET = 10
LARGE_EVERY = 25_000  # about one set of 1,000 to 2,000 fields per this many fields
ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u"})

_MUNICIPALITIES = (
    "101 København;147 Frederiksberg;151 Ballerup;153 Brøndby;155 Dragør;157 Gentofte;"
    "159 Gladsaxe;161 Glostrup;163 Herlev;165 Albertslund;167 Hvidovre;"
    "169 Høje-Taastrup;173 Lyngby-Taarbæk;175 Rødovre;183 Ishøj;185 Tårnby;"
    "187 Vallensbæk;190 Furesø;201 Allerød;210 Fredensborg;217 Helsingør;219 Hillerød;"
    "223 Hørsholm;230 Rudersdal;240 Egedal;250 Frederikssund;253 Greve;259 Køge;"
    "260 Halsnæs;265 Roskilde;269 Solrød;270 Gribskov;306 Odsherred;316 Holbæk;"
    "320 Faxe;326 Kalundborg;329 Ringsted;330 Slagelse;336 Stevns;340 Sorø;350 Lejre;"
    "360 Lolland;370 Næstved;376 Guldborgsund;390 Vordingborg;400 Bornholm;"
    "410 Middelfart;420 Assens;430 Faaborg-Midtfyn;440 Kerteminde;450 Nyborg;"
    "461 Odense;479 Svendborg;480 Nordfyns;482 Langeland;492 Ærø;510 Haderslev;"
    "530 Billund;540 Sønderborg;550 Tønder;561 Esbjerg;563 Fanø;573 Varde;575 Vejen;"
    "580 Aabenraa;607 Fredericia;615 Horsens;621 Kolding;630 Vejle;657 Herning;"
    "661 Holstebro;665 Lemvig;671 Struer;706 Syddjurs;707 Norddjurs;710 Favrskov;"
    "727 Odder;730 Randers;740 Silkeborg;741 Samsø;746 Skanderborg;751 Aarhus;"
    "756 Ikast-Brande;760 Ringkøbing-Skjern;766 Hedensted;773 Morsø;779 Skive;"
    "787 Thisted;791 Viborg;810 Brønderslev;813 Frederikshavn;820 Vesthimmerlands;"
    "825 Læsø;840 Rebild;846 Mariagerfjord;849 Jammerbugt;851 Aalborg;860 Hjørring"
)
MUNICIPALITIES: tuple[tuple[str, str], ...] = tuple(
    (item[:3], item[4:]) for item in _MUNICIPALITIES.split(";")
)

_COUNTRIES = (
    "AF Afghanistan;AL Albanien;DZ Algeriet;AD Andorra;AO Angola;AR Argentina;"
    "AM Armenien;AZ Aserbajdsjan;AU Australien;BD Bangladesh;BE Belgien;BJ Benin;"
    "BT Bhutan;BO Bolivia;BA Bosnien-Hercegovina;BW Botswana;BR Brasilien;BG Bulgarien;"
    "BF Burkina Faso;BI Burundi;KH Cambodja;CM Cameroun;CA Canada;CL Chile;CO Colombia;"
    "CR Costa Rica;CU Cuba;CY Cypern;DK Danmark;CD Den Demokratiske Republik Congo;"
    "DO Den Dominikanske Republik;DJ Djibouti;EC Ecuador;EG Egypten;SV El Salvador;"
    "CI Elfenbenskysten;ER Eritrea;EE Estland;SZ Eswatini;ET Etiopien;PH Filippinerne;"
    "FI Finland;AE De Forenede Arabiske Emirater;FR Frankrig;FO Færøerne;GA Gabon;"
    "GM Gambia;GE Georgien;GH Ghana;GR Grækenland;GL Grønland;GT Guatemala;GN Guinea;"
    "GW Guinea-Bissau;HT Haiti;NL Nederlandene;HN Honduras;BY Hviderusland;IN Indien;"
    "ID Indonesien;IQ Irak;IR Iran;IE Irland;IS Island;IL Israel;IT Italien;JM Jamaica;"
    "JP Japan;JO Jordan;KZ Kasakhstan;KE Kenya;CN Kina;KG Kirgisistan;HR Kroatien;"
    "KW Kuwait;LA Laos;LS Lesotho;LV Letland;LB Libanon;LR Liberia;LY Libyen;"
    "LI Liechtenstein;LT Litauen;LU Luxembourg;MG Madagaskar;MW Malawi;MY Malaysia;"
    "ML Mali;MT Malta;MA Marokko;MR Mauretanien;MX Mexico;MD Moldova;MC Monaco;"
    "MN Mongoliet;ME Montenegro;MZ Mozambique;MM Myanmar;NA Namibia;NP Nepal;"
    "NZ New Zealand;NI Nicaragua;NE Niger;NG Nigeria;KP Nordkorea;MK Nordmakedonien;"
    "NO Norge;OM Oman;PK Pakistan;PS Palæstina;PA Panama;PY Paraguay;PE Peru;PL Polen;"
    "PT Portugal;QA Qatar;RO Rumænien;RU Rusland;RW Rwanda;SA Saudi-Arabien;CH Schweiz;"
    "SN Senegal;RS Serbien;SL Sierra Leone;SG Singapore;SK Slovakiet;SI Slovenien;"
    "SO Somalia;ES Spanien;LK Sri Lanka;GB Storbritannien;SD Sudan;SE Sverige;"
    "ZA Sydafrika;KR Sydkorea;SS Sydsudan;SY Syrien;TJ Tadsjikistan;TW Taiwan;"
    "TZ Tanzania;TH Thailand;TG Togo;TD Tchad;CZ Tjekkiet;TN Tunesien;TR Tyrkiet;"
    "DE Tyskland;UG Uganda;UA Ukraine;HU Ungarn;UY Uruguay;US USA;UZ Usbekistan;"
    "VE Venezuela;VN Vietnam;YE Yemen;ZM Zambia;ZW Zimbabwe;AT Østrig;XX Ukendt;"
    "XS Statsløs"
)
COUNTRIES: tuple[tuple[str, str], ...] = tuple(
    (item[:2], item[3:]) for item in _COUNTRIES.split(";")
)

REASONS = (  # a pool the reasons of every set are drawn from
    "Forældrenes misbrug",
    "Forældrenes psykiske lidelse",
    "Vold i hjemmet",
    "Seksuelle overgreb",
    "Omsorgssvigt",
    "Barnets adfærdsproblemer",
    "Barnets psykiske vanskeligheder",
    "Barnets handicap",
    "Kriminalitet",
    "Skolefravær",
    "Misbrug hos barnet eller den unge",
    "Boligproblemer",
    "Økonomiske problemer i familien",
    "Forældrenes manglende forældreevne",
    "Konflikter i familien",
    "Uledsaget flygtning",
    "Æresrelaterede konflikter",
    "Radikalisering",
    "Selvskade",
    "Spiseforstyrrelse",
    "Udviklingsforstyrrelse",
    "Fysisk funktionsnedsættelse",
    "Kognitiv funktionsnedsættelse",
    "Demens",
    "Ensomhed",
    "Faldulykke",
    "Udskrivning fra hospital",
    "Pårørende kan ikke længere hjælpe",
    "Ledighed over 12 måneder",
    "Sygemelding",
    "Ønske fra borgeren",
    "Ønske fra forældrene",
    "Henvendelse fra skole",
    "Henvendelse fra sundhedsplejerske",
    "Henvendelse fra politiet",
    "Revurdering efter opfølgning",
    "Flytning til anden kommune",
    "Ophør af tidligere indsats",
    "Dom eller kendelse",
    "Anden årsag",
    "Ukendt årsag",
    "Ikke oplyst",
)

LAWS = {
    "anbringelser": "Barnets lov",
    "underretninger": "Barnets lov",
    "forebyggende-foranstaltninger": "Barnets lov",
    "handicap-voksne": "Lov om social service",
    "aeldrepleje": "Ældreloven",
    "beskaeftigelse": "Lov om en aktiv beskæftigelsesindsats",
}
TITLES = {
    "anbringelser": "Anbringelser uden for hjemmet",
    "underretninger": "Underretninger",
    "forebyggende-foranstaltninger": "Forebyggende foranstaltninger",
    "handicap-voksne": "Indsatser til voksne med handicap",
    "aeldrepleje": "Hjemmehjælp og pleje til ældre",
    "beskaeftigelse": "Beskæftigelsesindsats",
}
RECEIVERS = (  # folder, name, the themes it receives
    ("danmarks-statistik", "Danmarks Statistik", tuple(LAWS)),
    ("ankestyrelsen", "Ankestyrelsen", ("anbringelser", "underretninger")),
    (
        "social-og-boligstyrelsen",
        "Social- og Boligstyrelsen",
        ("forebyggende-foranstaltninger", "handicap-voksne"),
    ),
    ("sundhedsdatastyrelsen", "Sundhedsdatastyrelsen", ("aeldrepleje",)),
    ("star", "Styrelsen for Arbejdsmarked og Rekruttering", ("beskaeftigelse",)),
)
CHILD_THEMES = ("anbringelser", "underretninger", "forebyggende-foranstaltninger")

# A bank question: its name, its description, and its kind: "labelled" (its own labels),
# "municipality", "country", "numbers" (plain codes '1', '2', '9'), or a type.
Question = tuple[str, str, str, tuple[str, ...]]


def _q(name: str, description: str, kind: str, labels: str = "") -> Question:
    return (name, description, kind, tuple(labels.split(";")) if labels else ())


BANKS: dict[str, tuple[Question, ...]] = {
    "anbringelser": (
        _q(
            "Anbringelsessted",
            "Det sted, barnet er anbragt.",
            "labelled",
            "Plejefamilie;Netværksplejefamilie;Kommunal plejefamilie;Opholdssted;Døgninstitution;"
            "Delvist lukket afdeling;Sikret afdeling;Kostskole;Eget værelse;Efterskole",
        ),
        _q(
            "Anbringelsesgrundlag",
            "Den paragraf, anbringelsen sker efter.",
            "labelled",
            "Med samtykke;Uden samtykke;Akut uden samtykke;Ungdomssanktion;Varetægtssurrogat",
        ),
        _q(
            "Anbringelsesstedets kommune",
            "Kommunen, hvor anbringelsesstedet ligger.",
            "municipality",
        ),
        _q("Barnets fødeland", "Det land, barnet er født i.", "country"),
        _q("Mors fødeland", "Det land, barnets mor er født i.", "country"),
        _q("Fars statsborgerskab", "Statsborgerskab for barnets far.", "country"),
        _q(
            "Antal tidligere anbringelser",
            "Hvor mange gange barnet har været anbragt før.",
            "number",
        ),
        _q("Dato for handleplan", "Datoen for den seneste børneplan.", "date"),
        _q(
            "Skoletilbud",
            "Barnets skoletilbud under anbringelsen.",
            "labelled",
            "Folkeskole;Specialklasse;Specialskole;Intern skole;Friskole;Efterskole;Intet tilbud",
        ),
        _q("Samvær med forældre", "Om der er fastsat samvær med forældrene.", "bool"),
        _q("Søskende anbragt samme sted", "Om søskende er anbragt samme sted.", "numbers"),
        _q(
            "Plejefamiliens godkendende kommune",
            "Kommunen, der godkendte plejefamilien.",
            "municipality",
        ),
        _q("Bemærkning til anbringelsen", "Fritekst om anbringelsen.", "text"),
        _q("Hjemgivelsesdato", "Datoen, barnet kom hjem.", "date"),
        _q(
            "Årsag til ophør",
            "Hvorfor anbringelsen ophørte.",
            "labelled",
            "Hjemgivet;Fyldt 18 år;Efterværn;Adoption;Flyttet til anden kommune;Død;Andet",
        ),
    ),
    "underretninger": (
        _q(
            "Underretters kategori",
            "Hvem underretningen kommer fra.",
            "labelled",
            "Skole;Dagtilbud;Sundhedsplejerske;Læge;Hospital;Politi;Forældre;Barnet selv;"
            "Familie eller netværk;Anonym;Anden kommune;Krisecenter",
        ),
        _q("Modtagelsesdato", "Datoen, underretningen kom ind.", "date"),
        _q(
            "Vurderet inden for 24 timer",
            "Om underretningen blev vurderet inden for et døgn.",
            "bool",
        ),
        _q(
            "Underretningens alvor",
            "Kommunens vurdering af alvoren.",
            "labelled",
            "Akut;Alvorlig;Bekymrende;Ikke bekymrende",
        ),
        _q("Underretterens kommune", "Kommunen, underretteren hører til.", "municipality"),
        _q("Barnets statsborgerskab", "Barnets statsborgerskab.", "country"),
        _q("Antal underretninger i året", "Underretninger om barnet i året.", "number"),
        _q("Børnefaglig undersøgelse iværksat", "Om der blev iværksat en undersøgelse.", "numbers"),
        _q(
            "Opfølgning",
            "Hvad underretningen førte til.",
            "labelled",
            "Ingen opfølgning;Råd og vejledning;Forebyggende indsats;Børnefaglig undersøgelse;"
            "Anbringelse;Videregivet til politiet",
        ),
        _q("Kvittering sendt", "Om underretteren fik kvittering.", "bool"),
        _q("Resumé af underretningen", "Kort resumé.", "text"),
    ),
    "forebyggende-foranstaltninger": (
        _q(
            "Foranstaltningstype",
            "Den forebyggende foranstaltning.",
            "labelled",
            "Konsulentbistand;Praktisk pædagogisk støtte;Familiebehandling;Døgnophold for familien;"
            "Aflastning;Fast kontaktperson;Praktiktilbud;Formidling af praktikophold;"
            "Økonomisk støtte;Netværksrådslagning;Mentor;Støtte til forældre",
        ),
        _q("Leverandørens kommune", "Kommunen, leverandøren ligger i.", "municipality"),
        _q("Leverandørens CVR-nummer", "Leverandørens CVR-nummer.", "number"),
        _q("Timer pr. uge", "Det bevilgede antal timer om ugen.", "number"),
        _q("Mors statsborgerskab", "Statsborgerskab for barnets mor.", "country"),
        _q("Forældremyndighed", "Hvem har forældremyndigheden.", "labelled", "Begge;Mor;Far;Andre"),
        _q("Dato for opfølgning", "Datoen for seneste opfølgning.", "date"),
        _q("Mål opnået", "Om målene i planen er nået.", "numbers"),
        _q("Bevilget af familieafdelingen", "Om bevillingen kom fra familieafdelingen.", "bool"),
        _q("Bemærkning", "Fritekst.", "text"),
    ),
    "handicap-voksne": (
        _q(
            "Primær funktionsnedsættelse",
            "Borgerens primære funktionsnedsættelse.",
            "labelled",
            "Fysisk;Kognitiv;Psykisk;Sansemæssig;Udviklingsforstyrrelse;Hjerneskade;"
            "Autismespektrum;Sjælden diagnose",
        ),
        _q(
            "Ydelse",
            "Den bevilgede ydelse.",
            "labelled",
            "Borgerstyret personlig assistance;Socialpædagogisk støtte;Beskyttet beskæftigelse;"
            "Aktivitets- og samværstilbud;Midlertidigt botilbud;Længerevarende botilbud;"
            "Ledsagelse;Hjælpemiddel;Merudgifter",
        ),
        _q("Botilbuddets kommune", "Kommunen, botilbuddet ligger i.", "municipality"),
        _q("Tilbuddets navn", "Navnet på tilbuddet.", "text"),
        _q("Bevilgede timer pr. måned", "Timer om måneden.", "number"),
        _q("Statsborgerskab", "Borgerens statsborgerskab.", "country"),
        _q("Dato for revurdering", "Hvornår bevillingen revurderes.", "date"),
        _q("Hjælpemiddel bevilget", "Om et hjælpemiddel blev bevilget.", "bool"),
        _q("Funktionsniveau", "Samlet funktionsniveau (0-4).", "numbers"),
    ),
    "aeldrepleje": (
        _q(
            "Ydelsestype",
            "Den visiterede ydelse.",
            "labelled",
            "Personlig pleje;Praktisk hjælp;Madservice;Rehabiliteringsforløb;Træning;"
            "Sygepleje;Nødkald;Plejebolig;Aflastningsplads",
        ),
        _q("Visiterede timer pr. uge", "Timer om ugen.", "number"),
        _q(
            "Leverandørtype",
            "Hvem leverer hjælpen.",
            "labelled",
            "Kommunal;Privat;Fritvalg;Selvudpeget",
        ),
        _q("Plejeboligens kommune", "Kommunen, plejeboligen ligger i.", "municipality"),
        _q("Fødeland", "Borgerens fødeland.", "country"),
        _q("Dato for visitation", "Datoen for visitationen.", "date"),
        _q("Bor alene", "Om borgeren bor alene.", "bool"),
        _q("Funktionsevne", "Funktionsevne i Fælles Sprog III (0-4).", "numbers"),
        _q("Bemærkning til visitationen", "Fritekst.", "text"),
        _q(
            "Hjælpens omfang",
            "Omfanget af hjælpen.",
            "labelled",
            "Under 2 timer;2-5 timer;5-10 timer;10-20 timer;Over 20 timer",
        ),
    ),
    "beskaeftigelse": (
        _q(
            "Målgruppe",
            "Borgerens målgruppe i beskæftigelsesindsatsen.",
            "labelled",
            "Dagpengemodtager;Jobparat kontanthjælpsmodtager;Aktivitetsparat;Uddannelseshjælp;"
            "Sygedagpenge;Ressourceforløb;Jobafklaring;Fleksjob;Ledighedsydelse;Revalidering",
        ),
        _q(
            "Tilbudstype",
            "Det givne tilbud.",
            "labelled",
            "Vejledning og opkvalificering;Virksomhedspraktik;Løntilskud;Mentor;Nytteindsats;"
            "Voksenlærling;Jobrotation",
        ),
        _q("Arbejdsstedets kommune", "Kommunen, arbejdsstedet ligger i.", "municipality"),
        _q("Oprindelsesland", "Borgerens oprindelsesland.", "country"),
        _q("Dato for jobsamtale", "Datoen for seneste jobsamtale.", "date"),
        _q("Antal timer i praktik", "Timer i virksomhedspraktik.", "number"),
        _q("Jobparat", "Om borgeren er jobparat.", "bool"),
        _q("Uddannelsesniveau", "Højeste fuldførte uddannelse.", "numbers"),
        _q("Virksomhedens navn", "Navnet på virksomheden.", "text"),
    ),
}
QUALIFIERS = (
    "",
    "",
    "",
    " ved start",
    " ved ophør",
    " ved opfølgning",
    " ved seneste revurdering",
    " for mor",
    " for far",
    " (seneste)",
    " (tidligere)",
    " i indberetningsperioden",
    " 1. halvår",
    " 2. halvår",
)
# The share of the bank fields of each kind (with the core questions, about 39% of all fields
# get labelled codes, ~6% the municipalities and ~4% the countries).
KINDS = {
    "labelled": 0.305,
    "municipality": 0.037,
    "country": 0.045,
    "numbers": 0.03,
    "date": 0.16,
    "number": 0.16,
    "text": 0.10,
    "bool": 0.163,
}
_EXTRA_LABELS = (  # labels a labelled list of more codes than its own runs on with
    "Andet;Ved ikke;Ikke relevant;Uoplyst;Afventer;Under afklaring;Fortsat;Ophørt;Delvist;"
    "Planlagt;Aflyst;Ny sag;Genoptaget;Overført;Henlagt;Afsluttet;Midlertidig;Varig;"
    "Akut;Visiteret;Afvist;Klaget;Omgjort;Stadfæstet;Hjemvist;Bevilget;Delvis bevilget;"
    "Under behandling;Ikke påbegyndt;Påbegyndt"
)
EXTRA_LABELS = _EXTRA_LABELS.split(";")
USES = (  # consumer, kind, product
    ("Danmarks Statistik", "publication", "Statistikbanken BU{n}"),
    ("Danmarks Statistik", "publication", "Statistikbanken AUK{n}"),
    ("Danmarks Statistik", "request", "Særkørsel nr. {n}"),
    ("Ankestyrelsen", "publication", "Ankestyrelsens årsstatistik"),
    ("Ankestyrelsen", "legal", "Praksisundersøgelse {n}"),
    ("KL", "analysis", "KL's nøgletal for socialområdet"),
    ("KL", "analysis", "Kommunale benchmark {n}"),
    ("VIVE", "analysis", "VIVE-analyse {n}"),
    ("Social- og Boligministeriet", "legal", "Lovforberedelse"),
    ("Børne- og Undervisningsministeriet", "operational", "Tilsyn"),
    ("Rigsrevisionen", "request", "Beretning {n}"),
    ("Sundhedsdatastyrelsen", "publication", "eSundhed"),
)
OWN_REGISTERS: tuple[dict[str, Any], ...] = (
    {
        "id": "dubu",
        "name": "DUBU (Digitalisering af Udsatte Børn og Unge)",
        "owner": "KOMBIT",
        "holds": ["foranstaltninger", "anbringelser", "handleplaner"],
    },
    {
        "id": "bbr",
        "name": "Bygnings- og Boligregistret (BBR)",
        "owner": "Vurderingsstyrelsen",
        "holds": ["boligtype", "adresse"],
    },
    {
        "id": "uddannelsesregistret",
        "name": "Uddannelsesregistret",
        "owner": "Danmarks Statistik",
        "holds": ["højeste fuldførte uddannelse", "igangværende uddannelse"],
    },
    {
        "id": "fasit",
        "name": "Fælles Sprog III-data",
        "owner": "KL",
        "description": "Kommunernes visitationsdata i ældreplejen.",
        "holds": ["funktionsevne", "visiterede ydelser"],
    },
)
REGISTERS = ("cpr", "cvr", "dream", "lpr", "tilbudsportalen", *(r["id"] for r in OWN_REGISTERS))
EXEMPTION_REASONS = (
    "KL's analyse af opfølgningsbehov bruger feltet indtil forhandlingerne i {year}",
    "Bruges i KL's nøgletal, til evalueringen af reformen er færdig i {year}",
    "Afventer KL's og ministeriets fælles forenklingsarbejde ({year})",
)


@dataclass
class Made:
    """What was written."""

    directory: Path
    sets: int = 0
    fields: int = 0
    bytes: int = 0
    set_files: list[Path] = field(default_factory=list)


def _ident(name: str) -> str:
    text = re.sub(r"[^a-z0-9]+", "_", name.casefold().translate(ASCII)).strip("_")
    return text[:60] or "felt"


def _date(rng: random.Random, first: int, last: int) -> dt.date:
    return dt.date(rng.randint(first, last), rng.randint(1, 12), rng.randint(1, 28))


def _labelled(pairs: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """A fresh list of codes, as an export writes every field's list anew."""
    return [{"code": code, "label": label} for code, label in pairs]


def _municipalities() -> list[dict[str, Any]]:
    return _labelled(list(MUNICIPALITIES))


def _own_codes(rng: random.Random, labels: tuple[str, ...]) -> list[dict[str, Any]]:
    """A labelled list of 2 to 40 codes: the question's own labels, sometimes run on."""
    count = rng.randint(2, 40) if rng.random() < 0.4 else min(len(labels), rng.randint(2, 12))
    chosen = list(labels[:count]) + EXTRA_LABELS[: max(0, count - len(labels))]
    numbered = rng.random() < 0.6
    codes = _labelled(
        [(str(n + 1) if numbered else _ident(label)[:12], label) for n, label in enumerate(chosen)]
    )
    if numbered and rng.random() < 0.5:
        codes[-1]["code"] = "9" if len(codes) < 9 else "99"
    if len({c["code"] for c in codes}) < len(codes):  # short ids that collide: number them
        for n, code in enumerate(codes):
            code["code"] = str(n + 1)
    if rng.random() < 0.12:  # a dated list: a code added, one retired
        codes[-1]["valid_from"] = _date(rng, 2015, 2024)
        if len(codes) > 2:
            codes[rng.randrange(len(codes) - 1)]["valid_until"] = _date(rng, 2014, 2023)
    return codes


def _codes(rng: random.Random, kind: str, labels: tuple[str, ...]) -> Any:
    if kind == "municipality":
        return _municipalities()
    if kind == "country":
        return _labelled(list(COUNTRIES))
    if kind == "numbers":
        return rng.choice((["1", "2", "9"], ["0", "1", "2", "3", "4"], ["1", "2", "3", "9"]))
    return _own_codes(rng, labels)


def _core(rng: random.Random, theme: str) -> list[dict[str, Any]]:
    """The questions every statistic asks, under this set's ids and names."""
    child = theme in CHILD_THEMES
    person = "barnets" if child else "borgerens"
    cpr_id, cpr_name = rng.choice(
        (
            ("cpr", "CPR-nummer"),
            ("cpr_nr", "CPR-nr."),
            (f"{person}_cpr", f"{person.capitalize()} CPR-nummer"),
            ("personnummer", "Personnummer"),
        )
    )
    cpr: dict[str, Any] = {"id": cpr_id, "name": cpr_name}
    cpr["description"] = f"{person.capitalize()} CPR-nummer (10 cifre uden bindestreg)."
    if rng.random() < 0.5:
        cpr["type"] = "cpr"
    else:
        cpr["type"] = rng.choice(("text", "id"))
        cpr["role"] = "identifier"
    acting = rng.choice(
        (
            ("handlekommune", "Handlekommune"),
            ("handle_kommune", "Handlekommune (kode)"),
            ("ansvarlig_kommune", "Ansvarlig kommune"),
            ("kommune_handle", "Kommune med handleforpligtelse"),
        )
    )
    home = rng.choice(
        (
            ("bopaelskommune", "Bopælskommune"),
            ("bopael_kommune", "Bopælskommune (kode)"),
            ("opholdskommune", "Opholdskommune"),
            ("kommune_bopael", "Kommune for bopæl"),
        )
    )
    reasons = rng.sample(REASONS, rng.randint(10, 40))
    numbered = rng.random() < 0.5
    consent: dict[str, Any] = {
        "id": rng.choice(("samtykke", "samtykke_givet", "foreligger_samtykke")),
        "name": rng.choice(("Samtykke", "Samtykke givet", "Foreligger der samtykke")),
    }
    roll = rng.random()
    if roll < 0.4:
        consent["type"] = "bool"
    elif roll < 0.7:
        consent["codes"] = ["ja", "nej"]
    else:
        consent["codes"] = _labelled([("1", "Ja"), ("2", "Nej")])
    dates = (
        (("afgoerelsesdato", "Afgørelsesdato"), ("dato_afgoerelse", "Dato for afgørelse")),
        (("startdato", "Startdato"), ("dato_start", "Dato for start")),
        (("slutdato", "Slutdato"), ("ophoersdato", "Ophørsdato")),
    )
    found: list[dict[str, Any]] = [
        cpr,
        {
            "id": acting[0],
            "name": acting[1],
            "description": "Den kommune, der har handleforpligtelsen.",
            "codes": _municipalities(),
        },
        {
            "id": home[0],
            "name": home[1],
            "description": f"Den kommune, hvor {'barnet' if child else 'borgeren'} bor.",
            "codes": _municipalities(),
        },
    ]
    for pair in dates:
        chosen = rng.choice(pair)
        found.append({"id": chosen[0], "name": chosen[1], "type": "date"})
    found.append(
        {
            "id": rng.choice(("aarsag", "aarsag_kode", "begrundelse", "hovedaarsag")),
            "name": rng.choice(("Årsag", "Årsagskode", "Begrundelse", "Hovedårsag")),
            "codes": _labelled(
                [(f"{n + 1:02d}" if numbered else f"A{n + 1}", r) for n, r in enumerate(reasons)]
            ),
        }
    )
    found.append(consent)
    return found


def _bank_field(rng: random.Random, themes: tuple[str, ...]) -> dict[str, Any]:
    kind = rng.choices(list(KINDS), list(KINDS.values()))[0]
    while True:
        question = rng.choice(BANKS[rng.choice(themes)])
        if question[2] == kind or (kind == "labelled" and question[2] == "numbers"):
            break
    name, description, _, labels = question
    qualifier = rng.choice(QUALIFIERS)
    entry: dict[str, Any] = {"id": _ident(name + qualifier), "name": name + qualifier}
    if rng.random() < 0.85:
        entry["description"] = description
    if kind in ("labelled", "municipality", "country", "numbers"):
        entry["codes"] = _codes(rng, kind, labels or tuple(EXTRA_LABELS))
        if rng.random() < 0.05:
            entry["code_list"] = {"name": name, "version": f"{rng.randint(2018, 2026)}-1"}
    else:
        entry["type"] = kind
    return entry


def _use(rng: random.Random) -> dict[str, Any]:
    consumer, kind, product = rng.choice(USES)
    use: dict[str, Any] = {
        "consumer": consumer,
        "kind": kind,
        "product": product.format(n=rng.randint(1, 40)),
    }
    if rng.random() < 0.75:
        use["last_used"] = _date(rng, 2012, 2026)
    return use


def _set(
    rng: random.Random, number: int, size: int, folder: str, receiver: str, theme: str
) -> dict[str, Any]:
    large = size >= 1000
    drawn = tuple(LAWS) if large else (theme,)
    law = LAWS[theme]
    set_id = f"{folder[:3]}-{theme[:12].rstrip('-')}-{number:05d}"
    data: dict[str, Any] = {
        "indberet": 1,
        "id": set_id,
        "name": f"{TITLES[theme]}{' (samlet undersøgelse)' if large else ''}, skema {number}",
        "receiver": receiver,
        "legal_basis": f"{law} §§ {rng.randint(1, 150)}, {rng.randint(151, 300)}",
        "reporters": 98 if rng.random() < 0.8 else rng.randint(5, 97),
        "reports_per_year": rng.randint(50, 250_000),
        "source": f"Eksport fra kravdatabasen {_date(rng, 2025, 2026).isoformat()}",
        "illustrative": True,
    }
    records: list[str] = []
    if rng.random() < 0.1:
        data["records"] = [
            {"id": "forloeb", "name": "Forløb", "per_report": round(rng.uniform(1, 3), 1)},
            {
                "id": "opfoelgning",
                "name": "Opfølgninger",
                "reports_per_year": rng.randint(100, 9000),
            },
        ]
        records = ["forloeb", "opfoelgning"]
    fields: list[dict[str, Any]] = []
    taken: set[str] = set()
    coded: list[dict[str, Any]] = []
    items = _core(rng, theme)[:size]
    while len(items) < size:
        items.append(_bank_field(rng, drawn))
    for index, item in enumerate(items):
        base = field_id = item["id"]
        copy = 2
        while field_id in taken:
            field_id = f"{base}_{copy}"
            copy += 1
        taken.add(field_id)
        entry: dict[str, Any] = {"id": field_id, **{k: v for k, v in item.items() if k != "id"}}
        entry["aspect"] = "substance" if rng.random() < 0.7 else "process"
        roll = rng.random()
        entry["minutes"] = (
            [0.5, rng.choice((1, 2, 3))] if roll < 0.05 else rng.choice((0.1, 0.2, 0.5, 1, 2))
        )
        if index >= 8 and rng.random() < 0.25:
            entry["applies_to"] = rng.randint(5, 100) / 100
        if records and index >= 8 and rng.random() < 0.3:
            entry["record"] = rng.choice(records)
        if rng.random() < 0.07:
            entry["mandated_by"] = f"{law} § {rng.randint(1, 200)}, stk. {rng.randint(1, 5)}"
        if index >= 8 and rng.random() < 0.03:
            entry["registered_in"] = rng.sample(REGISTERS, rng.randint(1, 2))
        if index >= 8 and rng.random() < 0.03:
            if rng.random() < 0.5:
                entry["derivable_from"] = [fields[rng.randrange(index)]["id"]]
            else:
                source = rng.choice(REGISTERS)
                entry["derivable_from"] = [{"source": source, "share": rng.randint(3, 10) / 10}]
        if index >= 8 and coded and rng.random() < 0.011:
            condition = rng.choice(coded)
            entry["asked_when"] = {"field": condition["id"]}
            if rng.random() < 0.5:
                first = condition["codes"][0]
                entry["asked_when"]["values"] = [first if isinstance(first, str) else first["code"]]
        if rng.random() < 0.5:
            entry["used_by"] = [_use(rng) for _ in range(rng.choice((1, 1, 1, 2, 2, 3)))]
        if rng.random() < 0.006:
            owner = rng.choice(("KL, Center for Social", "KL, Center for Beskæftigelse"))
            entry["exemptions"] = [
                {
                    "rule": rng.choice(("IND101", "IND102", "IND103", "IND105")),
                    "reason": rng.choice(EXEMPTION_REASONS).format(year=rng.randint(2026, 2029)),
                    "owner": owner,
                    "expires": _date(rng, 2026, 2029),
                }
            ]
        if "codes" in entry:
            coded.append(entry)
        fields.append(entry)
    data["fields"] = fields
    return data


def _sizes(rng: random.Random, fields: int) -> list[int]:
    """The set sizes, adding up to ``fields``: lognormal around the median, with one large
    set in each ``LARGE_EVERY`` fields (at the middle of its stretch)."""
    sizes: list[int] = []
    total, large_at = 0, LARGE_EVERY // 2
    while total < fields:
        if total >= large_at:
            size = rng.randint(1000, 2000)
            large_at += LARGE_EVERY
        else:
            size = max(SMALLEST_SET, round(rng.lognormvariate(math.log(MEDIAN_SET), SIGMA)))
        if fields - total - size < SMALLEST_SET:
            size = fields - total  # the last set takes what is left
        sizes.append(size)
        total += size
    return sizes


def generate_export(directory: Path | str, *, fields: int = 100_000, seed: int = SEED) -> Made:
    """Write a catalogue of ``fields`` fields under ``directory`` (see the module)."""
    if fields < 1:
        raise ValueError("fields >= 1")
    rng = random.Random(seed)
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    registers = {"indberet": 1, "registers": [dict(r) for r in OWN_REGISTERS]}
    text = yaml.dump(registers, Dumper=DUMPER, sort_keys=False, allow_unicode=True)
    (root / "registers.yaml").write_text(text, encoding="utf-8")
    made = Made(root, bytes=len(text.encode("utf-8")))
    weights = [4.0, 1.0, 1.0, 0.6, 0.6]
    for number, size in enumerate(_sizes(rng, fields), start=1):
        folder, receiver, themes = rng.choices(RECEIVERS, weights)[0]
        theme = rng.choice(themes)
        data = _set(rng, number, size, folder, receiver, theme)
        flow = rng.random() < 1 / 3
        unicode = rng.random() < 0.6
        text = yaml.dump(
            data,
            Dumper=DUMPER,
            sort_keys=False,
            allow_unicode=unicode,
            default_flow_style=None if flow else False,
        )
        if rng.random() < 0.7:
            stamp = _date(rng, 2025, 2026).isoformat()
            text = f"# Eksporteret fra Kravdatabasen {stamp} (syntetiske data)\n" + text
        place = root / folder / theme
        place.mkdir(parents=True, exist_ok=True)
        path = place / f"{data['id']}.yaml"
        path.write_text(text, encoding="utf-8")
        made.set_files.append(path)
        made.bytes += len(text.encode("utf-8"))
        made.fields += size
        made.sets += 1
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory")
    parser.add_argument("--fields", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=SEED)
    options = parser.parse_args()
    made = generate_export(options.directory, fields=options.fields, seed=options.seed)
    print(f"{made.sets} sets, {made.fields} fields, {made.bytes / 1e6:.1f} MB in {made.directory}")


if __name__ == "__main__":
    main()
