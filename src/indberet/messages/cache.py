"""Messages of the caches: why a cache is not used, and what to do. Key -> (English, Danish).

The keys are ``cache.<reason>`` and ``cache.<reason>.hint`` for each reason of
:data:`indberet.run.cache.Reason`.
"""

# ruff: noqa: E501 - each sentence stays on one line, so it can be read and grepped.

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "cache.foreign": (
        "the cache directory {path} belongs to another user; indberet uses no cache it did not write itself, and runs without it",
        "cachemappen {path} tilhører en anden bruger; indberet bruger ingen cache, den ikke selv har skrevet, og kører derfor uden cache",
    ),
    "cache.foreign.hint": (
        "choose a directory of your own with --cache-dir or $INDBERET_CACHE_DIR, or turn the cache off with --no-cache",
        "vælg en mappe, der er din egen, med --cache-dir eller $INDBERET_CACHE_DIR, eller slå cachen fra med --no-cache",
    ),
    "cache.writable": (
        "other users can write in the cache directory {path} and could plant entries there; running without the cache",
        "andre brugere kan skrive i cachemappen {path} og kunne lægge poster der; kører uden cachen",
    ),
    "cache.writable.hint": (
        "make it yours alone: chmod -R go-w {path} (or choose another with --cache-dir)",
        "gør den til din alene: chmod -R go-w {path} (eller vælg en anden med --cache-dir)",
    ),
    "cache.symlink": (
        "{path} in the cache is a symbolic link, which indberet does not follow; running without the cache",
        "{path} i cachen er et symbolsk link, som indberet ikke følger; kører uden cachen",
    ),
    "cache.symlink.hint": (
        "remove the link (rm {path}); indberet makes the folder again",
        "fjern linket (rm {path}); indberet opretter mappen igen",
    ),
    "cache.not-directory": (
        "the cache directory {path} is not a directory; running without the cache",
        "cachemappen {path} er ikke en mappe; kører uden cachen",
    ),
    "cache.not-directory.hint": (
        "choose a directory with --cache-dir or $INDBERET_CACHE_DIR, or turn the cache off with --no-cache",
        "vælg en mappe med --cache-dir eller $INDBERET_CACHE_DIR, eller slå cachen fra med --no-cache",
    ),
    "cache.cannot-create": (
        "cannot make the cache directory {path} ({detail}); running without the cache",
        "kan ikke oprette cachemappen {path} ({detail}); kører uden cachen",
    ),
    "cache.cannot-create.hint": (
        "choose a directory you can write with --cache-dir or $INDBERET_CACHE_DIR, or turn the cache off with --no-cache",
        "vælg en mappe, du kan skrive i, med --cache-dir eller $INDBERET_CACHE_DIR, eller slå cachen fra med --no-cache",
    ),
    "cache.key-short": (
        "$INDBERET_CACHE_KEY is shorter than 32 characters, too easy to guess; running without the cache",
        "$INDBERET_CACHE_KEY er kortere end 32 tegn og for let at gætte; kører uden cachen",
    ),
    "cache.key-short.hint": (
        "set it to a long random secret, e.g. what `openssl rand -hex 32` prints, or unset it to use the key file",
        "sæt den til en lang, tilfældig hemmelighed, f.eks. det, `openssl rand -hex 32` skriver, eller fjern den for at bruge nøglefilen",
    ),
    "cache.key-unsafe": (
        "the cache key {path} is not a private file of yours (owned by you, mode 600, at least 32 characters); running without the cache",
        "cachenøglen {path} er ikke en privat fil, der tilhører dig (ejet af dig, rettigheder 600, mindst 32 tegn); kører uden cachen",
    ),
    "cache.key-unsafe.hint": (
        "remove it (rm {path}): the next run makes a new key and fills the cache again",
        "fjern den (rm {path}): næste kørsel opretter en ny nøgle og fylder cachen igen",
    ),
    "cache.key-unreadable": (
        "cannot read or make the cache key {path} ({detail}); running without the cache",
        "kan ikke læse eller oprette cachenøglen {path} ({detail}); kører uden cachen",
    ),
    "cache.key-unreadable.hint": (
        "set $INDBERET_CACHE_KEY to a long random secret, or $XDG_CONFIG_HOME to a directory you can write, or turn the cache off with --no-cache",
        "sæt $INDBERET_CACHE_KEY til en lang, tilfældig hemmelighed eller $XDG_CONFIG_HOME til en mappe, du kan skrive i, eller slå cachen fra med --no-cache",
    ),
}
