"""Online metadata sources: the arXiv API and Crossref, behind one polite HTTP client.

- ``identifiers``: what a user types -> ``PaperId`` (arXiv id or DOI);
- ``http``: GET with timeouts, retries, per-host pauses, size caps and an on-disk cache;
- ``settings``: endpoints, the arXiv pause and the contact e-mail (``SourceSettings``);
- ``arxiv`` / ``crossref``: lookups and title searches returning Entry records;
- ``matching``: whether a title-search candidate is surely the paper held;
- ``enrich``: which empty fields of an entry a found record fills (pure).

Nothing here reads or writes the library; callers hand entries in and take entries out.
"""
