"""IND105 asked-twice — a near-duplicate of another field, in this set or another.

The third criterion of 2017: a caseworker should register the same information only once.
Two fields are near-duplicates when their normalised names, names with descriptions, or
code lists are at least ``similarity`` alike (Jaccard over Danish-aware tokens; profile;
default 0.75). Near-duplicates form groups (:mod:`indberet.core.grouping`): fields with
the same name, text or code list one group, found by hashing; a group near another is
claimed by the stronger, never further. In a group the strongest field not named by law
stays (the one with the highest usage, then the one listed first) and the others merge
into it: the rule fires on each of them and proposes **MERGE** with the field that stays.
A field named by law never merges and is never a merge target: a field that asks the same
as one named by law is REVIEW instead (a person decides whether it is still needed). Only
fields that may be the same question are compared at all: never identifiers, fields
holding different kinds of value, fields about different subjects, names that differ by an
opposing word, or names whose numbers or codes differ ("Forælder 1", "Forælder 2"; "§ 52,
stk. 3, nr. 7" and "nr. 8"; the data elements "E13" and "E14"; a name with a number and one
without: :mod:`indberet.core.pairing`);
alike only by description or code list, two fields must also share two thirds of the words
of their names (stop words aside): names that each have a word the other lacks ("Barnets
bopælskommune", "Barnets opholdskommune") ask about different things, however alike their
descriptions. A word that stands in nine of ten descriptions of a set (of at least ten
described fields) is the set's boilerplate ("Angiv ... for barnet, som det fremgår af
sagen"): descriptions are compared without it, as without stop words, for it tells no
field of the set from another. So are the words a template adds to a field's name when at
least five of the set's descriptions, and a tenth of them, add the same ("Oplys <name> ved
afgørelsen" beside "Angiv <name> for barnet"). If the field that stays leaves after all,
the field merges into the strongest member of its group that stays, or not at all
(:mod:`indberet.core.resolve`).

Inputs: the twins found, their similarity and on what it rests (name, text, codes).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from indberet.audit_model import RuleResult, Verdict
from indberet.core.profile import Profile
from indberet.core.rules.base import Evidence, Fires
from indberet.i18n import Num, text

CODE = "IND105"
NAME = "asked-twice"
DOC_DA = """IND105 spørges to gange — næsten-dublet af et felt i denne eller en anden statistik.

Det tredje kriterium fra 2017: en sagsbehandler skal kun registrere den samme oplysning én
gang. To felter er næsten-dubletter, når deres normaliserede navne, navne med beskrivelser
eller kodelister er mindst ``similarity`` ens (Jaccard-lighed over ord, normaliseret med
hensyn til dansk; profilen; standard 0,75). Næsten-dubletter danner grupper: felter med
samme navn, tekst eller kodeliste er én gruppe, fundet ved hashing; en gruppe, der ligner
en anden, tages af den stærkeste, aldrig videre. I en gruppe bevares det stærkeste felt,
der ikke er nævnt i loven (det med mest brug, dernæst det, der står først), og de øvrige
samles med det: reglen slår til på hvert af dem og foreslår **SAML** med det felt, der
bevares. Et felt, der er nævnt i loven, samles aldrig og er aldrig det felt, et andet
samles med: et felt, der spørger om det samme som et felt nævnt i loven, får i stedet
VURDER (en person afgør, om det stadig er nødvendigt). Kun felter, der kan være det samme
spørgsmål, sammenlignes overhovedet: aldrig identifikatorer, felter med forskellige slags
værdier, felter om forskellige personer, navne, der adskiller sig ved et modsat ord, eller
navne med forskellige tal eller koder ("Forælder 1", "Forælder 2"; "§ 52, stk. 3, nr. 7"
og "nr. 8"; dataelementerne "E13" og "E14"; et navn med et tal og et uden:
:mod:`indberet.core.pairing`); ligner to felter kun
hinanden i beskrivelse eller kodeliste, skal deres navne også have to tredjedele af deres
ord til fælles (småord som "for" og "af" fraregnet): navne, der hver har et ord, det andet
mangler ("Barnets bopælskommune", "Barnets opholdskommune"), spørger om noget forskelligt,
hvor ens beskrivelserne end er. Et ord, der står i ni af ti beskrivelser i en statistik
(med mindst ti beskrevne felter), er statistikkens standardtekst ("Angiv ... for barnet,
som det fremgår af sagen"): beskrivelserne sammenlignes uden det, som uden småord, for det
skiller ingen af statistikkens felter fra de andre. Det samme gælder de ord, en skabelon
føjer til et felts navn, når mindst fem af statistikkens beskrivelser, og en tiendedel af
dem, føjer de samme ord til ("Oplys <navn> ved afgørelsen" ved siden af "Angiv <navn> for
barnet"). Forsvinder det felt, der bevares, alligevel, samles feltet med det stærkeste
felt i gruppen, der bliver, eller slet ikke (:mod:`indberet.core.resolve`).

Inddata: de fundne næsten-dubletter, deres lighed, og hvad den bygger på (navn, tekst,
koder).
"""
"""The documentation in Danish (``indberet rules CODE --lang da``); the docstring is English."""
TITLE = ("asked twice", "spørges to gange")
SUMMARY = (
    "a near-duplicate of another field, in this set or another",
    "en næsten-dublet af et andet felt i samme eller en anden statistik",
)
DEFAULTS = {"similarity": 0.75}
PARAMETERS: dict[str, Mapping[str, Any]] = {
    "similarity": {"type": "number", "exclusiveMinimum": 0, "maximum": 1}
}
PROPOSES: tuple[Verdict, ...] = ("MERGE", "REVIEW")
PRECEDENCE: int | None = 30
MESSAGES = {
    "ok": ("no near-duplicate", "ingen næsten-dublet"),
    "keeps": (
        "near-duplicate {twin} merges into this field",
        "næsten-dubletten {twin} lægges sammen med dette felt",
    ),
    "fired_same": (
        "asked twice in the set: near-duplicate of {twin} ({basis} similarity {score})",
        "spørges to gange i samme kravsæt: næsten-dublet af {twin} (lighed i {basis}: {score})",
    ),
    "fired_other": (
        "also asked in another statistic: near-duplicate of {twin} ({basis} similarity {score})",
        "spørges også i en anden statistik: næsten-dublet af {twin} (lighed i {basis}: {score})",
    ),
    "fired_group": (
        "near-duplicate of {twin}, the field of its group of {size} that stays",
        "næsten-dublet af {twin}, det felt i gruppen på {size}, der bevares",
    ),
    "by_law": (
        "asks the same as {twin}, which is named by law: decide whether this one is still needed",
        "spørger om det samme som {twin}, som er nævnt i loven: tag stilling til, om dette felt stadig er nødvendigt",  # noqa: E501
    ),
}
_OK = text("rule.IND105.ok")  # the same words for every field
_NO_TWINS: dict[str, Any] = {"twins": []}  # shared by every field without twins (read only)
NEEDS_TWINS = True  # runs once the near-duplicates are known (see rules.base.Rule)


def fires(profile: Profile) -> Fires:
    """Whether :func:`evaluate` fires: a twin this field merges into, or one named by law."""
    return lambda evidence: any(t.this_is_weaker or t.other_by_law for t in evidence.twins)


def evaluate(evidence: Evidence, profile: Profile) -> RuleResult:
    """Fire on a field of a group of near-duplicates that merges into the one that stays."""
    threshold = profile.rule_param(CODE, "similarity", DEFAULTS["similarity"])
    if not evidence.twins:  # most fields: one shared result's inputs, never changed
        return RuleResult(CODE, False, _NO_TWINS, _OK, None, threshold)
    inputs = {
        "twins": [
            {"field": t.qualified_id, "similarity": round(t.score, 4), "basis": t.basis}
            for t in evidence.twins
        ]
    }
    weaker_of = [t for t in evidence.twins if t.this_is_weaker]
    by_law = [t for t in evidence.twins if t.other_by_law]
    if not weaker_of and by_law:
        reason = text("rule.IND105.by_law", twin=by_law[0].qualified_id)
        return RuleResult(CODE, True, inputs, reason, "REVIEW", threshold)
    if not weaker_of:
        if evidence.twins:
            strongest = evidence.twins[0]
            reason = text("rule.IND105.keeps", twin=strongest.qualified_id)
        else:
            reason = _OK
        return RuleResult(CODE, False, inputs, reason, None, threshold)
    twin = weaker_of[0]
    key = "rule.IND105.fired_same" if twin.same_set else "rule.IND105.fired_other"
    reason = text(
        key, twin=twin.qualified_id, basis=text("basis." + twin.basis), score=Num(twin.score)
    )
    return RuleResult(CODE, True, inputs, reason, "MERGE", threshold)
