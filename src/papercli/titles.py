"""A title's identity: the one rule that says two titles name the same paper.

``title_identity`` is pure and cheap. It folds, in order:

- TeX: ``{B}ayesian`` -> ``Bayesian``, ``\\'e`` -> ``é``, ``$\\mathcal{O}(n)$`` -> ``𝒪(n)``
  (only titles holding ``\\`` or ``$`` go through the TeX reader; braces alone are dropped);
- Unicode: NFKC (``𝒪`` -> ``O``, ligatures, full-width forms), accents stripped, case folded;
- punctuation, dashes, quotes and spacing: every run of non-word characters is one space,
  and ``&`` is ``and``;
- spelling: British forms become American, word by word (``optimisation`` ->
  ``optimization``, ``behaviour`` -> ``behavior``, ``modelling`` -> ``modeling``,
  ``centre`` -> ``center``, ``analyse`` -> ``analyze``). The ``-ise`` rule spares words that
  are spelled ``-ise`` everywhere (``rise``, ``precise``, ``noise``, ``paradise``,
  ``otherwise``...): see ``_ISE_KEPT``.

The result is for comparing, never for showing. The index stores it (``title_norm``), import
and ``add`` match records by it, and ``doctor`` groups likely duplicates by it.
"""

from __future__ import annotations

import re
import unicodedata

_BRACES = re.compile(r"[{}]")
_NON_WORD = re.compile(r"[\W_]+")
_ASCII_PUNCTUATION = str.maketrans({c: " " for c in map(chr, range(128)) if not c.isalnum()})

# Word stems spelled -our in Britain and -or in America (prefix of the word).
_OUR = (
    "ardour behaviour candour clamour colour demeanour endeavour favour fervour flavour "
    "harbour honour humour labour neighbour odour parlour rancour rigour rumour saviour "
    "savour splendour tumour valour vapour vigour"
).split()
# Whole words (and their plurals, via _WORDS below) with one British and one American form.
_PAIRS = {
    "centre": "center",
    "centred": "centered",
    "centring": "centering",
    "fibre": "fiber",
    "metre": "meter",
    "litre": "liter",
    "theatre": "theater",
    "calibre": "caliber",
    "spectre": "specter",
    "lustre": "luster",
    "sombre": "somber",
    "meagre": "meager",
    "manoeuvre": "maneuver",
    "grey": "gray",
    "programme": "program",
    "catalogue": "catalog",
    "analogue": "analog",
    "dialogue": "dialog",
    "defence": "defense",
    "offence": "offense",
    "licence": "license",
    "ageing": "aging",
    "judgement": "judgment",
    "acknowledgement": "acknowledgment",
    "sceptical": "skeptical",
    "aluminium": "aluminum",
    "enrol": "enroll",
    "fulfil": "fulfill",
    "tumour": "tumor",
}
# Word starts spelled ae/oe in Britain (haemoglobin, paediatric, oestrogen...).
_AE = {
    "haem": "hem",
    "paed": "ped",
    "anaest": "anest",
    "oestr": "estr",
    "leukaem": "leukem",
    "anaem": "anem",
    "foet": "fet",
    "encyclopaed": "encycloped",
    "orthopaed": "orthoped",
    "oesophag": "esophag",
}
# -ise / -isation / -yse endings and what they become.
_ISE = re.compile(r"^(.{3,}?)is(e|es|ed|ing|er|ers|ation|ations|ational|able)$")
_YSE = re.compile(r"^(.*ly)s(e|es|ed|ing|er|ers)$")
# Words spelled -ise on both sides of the Atlantic (checked on the -ise form of the word).
_ISE_KEPT = frozenset(
    (
        "advertise advise apprise arise chastise circumcise comprise compromise concise "
        "demise despise devise disguise enterprise excise exercise expertise franchise "
        "improvise incise merchandise mortise paradise precise imprecise premise promise "
        "reprise revise supervise surmise surprise televise treatise valise sunrise uprise "
        "chemise anise"
    ).split()
)
_ISE_KEPT_ENDINGS = ("wise", "oise", "uise", "aise")
# -elled / -alling... : the doubled l of British inflections (modelled, signalling).
_DOUBLE_L = re.compile(r"^([a-z]{3,}[ea])ll(ing|ed|er|ers)$")


def _american(word: str) -> str:
    """One folded word with its British spelling made American (unchanged otherwise)."""
    if word in _PAIRS:
        return _PAIRS[word]
    if word.endswith("s") and word[:-1] in _PAIRS:
        return _PAIRS[word[:-1]] + "s"
    for stem in _OUR:
        if word.startswith(stem):
            word = stem[:-2] + "r" + word[len(stem) :]
            break
    for start, american in _AE.items():
        if word.startswith(start):
            word = american + word[len(start) :]
            break
    if match := _ISE.match(word):
        base = match.group(1) + "ise"
        if base not in _ISE_KEPT and not base.endswith(_ISE_KEPT_ENDINGS):
            return match.group(1) + "iz" + match.group(2)
    elif match := _YSE.match(word):
        return match.group(1) + "z" + match.group(2)
    elif match := _DOUBLE_L.match(word):
        return match.group(1) + "l" + match.group(2)
    return word


# Titles share most words: each word's American form is worked out once per process.
_SPELLED: dict[str, str] = {}
_SPELLED_MAX = 200_000


def _spelled(word: str) -> str:
    known = _SPELLED.get(word)
    if known is None:
        known = _american(word)
        if len(_SPELLED) < _SPELLED_MAX:
            _SPELLED[word] = known
    return known


def _fold_tex(title: str) -> str:
    if "\\" in title or "$" in title:
        from papercli.latex.readable import readable

        title = readable(title)
    if "{" in title or "}" in title:
        title = _BRACES.sub("", title)
    return title


def title_identity(title: str) -> str:
    """``title`` reduced to what identifies a paper (module docstring); '' for no words."""
    text = _fold_tex(title)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold().replace("&", " and ")
    words = text.translate(_ASCII_PUNCTUATION) if text.isascii() else _NON_WORD.sub(" ", text)
    known = _SPELLED.get
    return " ".join([known(w) or _spelled(w) for w in words.split()])


_BRITISH_PAIRS = {american: british for british, american in _PAIRS.items()}
_IZE = re.compile(r"^(.{3,}?)iz(e|es|ed|ing|er|ers|ation|ations|ational|able)$")
_YZE = re.compile(r"^(.*ly)z(e|es|ed|ing|er|ers)$")
_OR = {stem[:-2] + "r": stem for stem in _OUR}


def _british(word: str) -> str:
    """One folded word with its American spelling made British (unchanged otherwise)."""
    if word in _BRITISH_PAIRS:
        return _BRITISH_PAIRS[word]
    if word.endswith("s") and word[:-1] in _BRITISH_PAIRS:
        return _BRITISH_PAIRS[word[:-1]] + "s"
    for american, british in _OR.items():
        if word.startswith(american) and _american(british + word[len(american) :]) == word:
            return british + word[len(american) :]
    if match := _IZE.match(word):
        return match.group(1) + "is" + match.group(2)
    if match := _YZE.match(word):
        return match.group(1) + "s" + match.group(2)
    return word


def other_spellings(title: str) -> list[str]:
    """The title's words (folded) spelled the American and the British way, where either
    differs from how the title spells them: what a title search also asks for, so a
    digest's ``Optimisation`` finds arXiv's ``Optimization`` and the other way round."""
    decomposed = unicodedata.normalize("NFKD", title)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = _NON_WORD.sub(" ", plain.casefold()).split()
    as_written = " ".join(words)
    variants = (" ".join(_spelled(w) for w in words), " ".join(_british(w) for w in words))
    return [v for v in dict.fromkeys(variants) if v != as_written]
