"""Messages of the Python API (:mod:`indberet.api`): what an IndberetError says as a whole.
Key -> (English, Danish).

The located problems come with it as diagnostics, in words of their own.
"""

# ruff: noqa: E501 - each sentence stays on one line, so it can be read and grepped.

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "api.definitions": (
        "the requirement definitions cannot be used: {count} problem(s) in {files} file(s); see the diagnostics",
        "kravdefinitionerne kan ikke bruges: {count} problem(er) i {files} fil(er); se diagnoserne",
    ),
    "api.usage_log": (
        "the usage log {path} cannot be used: {count} problem(s); see the diagnostics",
        "brugsloggen {path} kan ikke bruges: {count} problem(er); se diagnoserne",
    ),
    "api.profile": (
        "the rule profile {name} cannot be loaded: {count} problem(s); see the diagnostics",
        "regelprofilen {name} kan ikke indlæses: {count} problem(er); se diagnoserne",
    ),
    "api.no_paths": (
        "no paths given: name the folders or files of requirement definitions",
        "ingen stier angivet: angiv mapperne eller filerne med indberetningskrav",
    ),
    "api.bad_lang": (
        "'{value}' is not a language of indberet; choose one of {choices}",
        "'{value}' er ikke et sprog i indberet; vælg et af {choices}",
    ),
    "api.bad_format": (
        "'{format}' is not a report format; choose one of {formats}",
        "'{format}' er ikke et rapportformat; vælg et af {formats}",
    ),
    "api.bad_fail_on": (
        "'{value}' is not a severity; choose one of {choices}",
        "'{value}' er ikke en alvorsgrad; vælg en af {choices}",
    ),
    "api.audit_given": (
        "profile, as_of and usage are for auditing paths; an audit result given was audited with its own",
        "profile, as_of og usage gælder for en gennemgang af stier; et givet resultat af en gennemgang er lavet med sine egne",
    ),
    "api.plan_given": (
        "target, hours, money, include_review and include_keep are for planning; a plan given was made with its own",
        "target, hours, money, include_review og include_keep gælder for en plan; en given plan er lavet med sine egne",
    ),
}
