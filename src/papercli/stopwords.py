"""English stop words, shared by citation keys and search."""

from __future__ import annotations

# Words a search ignores (unless a query has nothing else): never what a reader looks for.
QUERY_STOP_WORDS = frozenset(
    """a an the of on in for to and or with via from by at as is are be we our its it this
    that""".split()
)
# Words a citation key skips: the query ones plus question words and other title filler,
# so ``How Transformers Learn`` gives ``transformers``, as Google Scholar does.
TITLE_STOP_WORDS = QUERY_STOP_WORDS | frozenset(
    """without do does can us these those how what why when where which who into onto using
    towards toward beyond about not no new""".split()
)
