"""Real-looking made-up abstracts on three topics, generated from word lists (for the ranking
tests and the ranking benchmark). Every paper shares the generic words of ML writing, so
only the topic words tell the topics apart, as in a real inbox."""

from __future__ import annotations

import random

from papercli.model import Entry

TOPICS = {
    "rl": (
        "reinforcement policy reward agent environment exploration robot manipulation "
        "locomotion trajectory value actor critic offline planning control simulator "
        "episode return grasping navigation sparse-reward curriculum"
    ).split(),
    "bio": (
        "protein folding molecule drug binding ligand genome sequence cell enzyme "
        "antibody structure docking chemical assay mutation biology residue peptide "
        "gene expression clinical"
    ).split(),
    "nlp": (
        "language translation token summarization question answering dialogue corpus "
        "sentence parsing multilingual grammar retrieval tokenizer prompt reading "
        "comprehension lexical syntax entailment speech"
    ).split(),
}
GENERIC = (
    "we propose novel method model learning neural network results show experiments "
    "demonstrate approach performance state-of-the-art benchmark training data efficient "
    "framework scalable robust outperform baseline analysis evaluate large improve "
    "generalization representation architecture theoretical empirical study task"
).split()
SURNAMES = (
    "Abernathy Brightwater Castellan Dunmore Everhart Fairweather Goldring Hollowell "
    "Inglesby Jessup Kettering Larkspur Merriweather Northcott Oakridge Pemberton "
    "Quimby Ravenscroft Stirling Thistlewood Underhill Vantongeren Whitlock Yardley"
).split()
GIVEN = "Ada Ben Cleo Dario Elin Farid Greta Hugo Iris Jonas Kira Luca Mira Nils Oona".split()


def abstract(rng: random.Random, topic: str) -> tuple[str, str]:
    """(title, abstract) of a paper on ``topic``: 10% topic words, 5% from the other topics."""
    words = TOPICS[topic]
    others = [w for t, ws in TOPICS.items() if t != topic for w in ws]

    def sentence(length: int) -> str:
        picks = []
        for _ in range(length):
            roll = rng.random()
            pool = words if roll < 0.1 else others if roll < 0.15 else GENERIC
            picks.append(rng.choice(pool))
        return " ".join(picks).capitalize() + "."

    title = " ".join(rng.choice(words if rng.random() < 0.5 else GENERIC) for _ in range(7))
    return title.title(), " ".join(sentence(rng.randint(12, 20)) for _ in range(5))


def paper(rng: random.Random, n: int, topic: str, added: str) -> Entry:
    """Paper number ``n`` on ``topic``."""
    title, text = abstract(rng, topic)
    authors = [f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}" for _ in range(rng.randint(1, 4))]
    return Entry(
        key=f"p{n:06d}",
        title=f"{title} {n}",
        authors=authors,
        author_count=len(authors),
        date=f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}",
        abstract=text,
        source="test",
        added=added,
        status="new",
    )


def topic_library(
    papers: int = 300,
    decided: int = 60,
    favoured: str = "rl",
    flipped: float = 0.0,
    seed: int = 7,
) -> tuple[list[Entry], dict[str, str]]:
    """Papers on the topics in turn, the first ``decided`` of them decided: the favoured
    topic's kept (``read``), the others ``skipped``, a ``flipped`` share the other way.
    Returns the entries and each key's topic; the rest stay ``new`` with shuffled dates."""
    rng = random.Random(seed)
    names = list(TOPICS)
    entries: list[Entry] = []
    topic_of: dict[str, str] = {}
    for n in range(papers):
        topic = names[n % len(names)]
        added = f"2026-06-{1 + rng.randrange(28):02d}T{rng.randrange(24):02d}:00:00+00:00"
        entry = paper(rng, n, topic, added)
        topic_of[entry.key] = topic
        if n < decided:
            keep = topic == favoured
            if rng.random() < flipped:
                keep = not keep
            entry.status = "read" if keep else "skipped"
        entries.append(entry)
    return entries, topic_of
