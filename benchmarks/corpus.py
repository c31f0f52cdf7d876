"""Deterministic articles and libraries: headings, French paragraphs, lists, code, tables.

The same seed gives the same bytes on every machine, so timings compare across runs.

* :func:`make_article` / :func:`write_article`: one article of a given size (10 KB to 5 MB),
  opening with ``FIRST-PARAGRAPH-MARKER`` and ending with ``LAST-PARAGRAPH-MARKER``, so a
  benchmark can wait for the first screen and for the end (``G``).
* :func:`write_library`: a library of N articles of about 5 KB each (10,000 make about 50 MB)
  over a vocabulary of a few thousand words drawn with a Zipf law, as in real prose: a few
  words are in every article, most are rare, so search benchmarks see realistic posting lists.
  Article ``i`` depends only on ``i``, so the 100-article library is the start of the 1,000 one.
  The two newest articles are titled ``LIBRARY-MARKER-1`` and ``-2``: the sidebar's first lines;
  the first one scanned is ``LIBRARY-FIRST-SCANNED`` (libraries of more than 500 articles;
  in smaller ones it is a marker), the newest of a cold scan's first batch.
"""

from __future__ import annotations

import itertools
import math
import random
from pathlib import Path

WORDS = [
    "société",
    "transparence",
    "diversité",
    "logiciel",
    "libre",
    "modèle",
    "données",
    "confiance",
    "numérique",
    "avenir",
    "durable",
    "communauté",
    "recherche",
    "calcul",
    "ouvert",
    "européen",
    "initiative",
    "éthique",
    "langue",
    "culture",
    "innovation",
    "projet",
    "entreprise",
    "réseau",
    "souveraineté",
    "public",
    "outil",
]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 20))]
    return " ".join(words).capitalize() + rng.choice([".", " !", " ?", " :"])


def _block(rng: random.Random, index: int) -> str:
    kind = rng.random()
    if kind < 0.55:
        return " ".join(_sentence(rng) for _ in range(rng.randint(3, 7)))
    if kind < 0.7:
        return "\n".join(f"- {_sentence(rng)}" for _ in range(rng.randint(2, 6)))
    if kind < 0.8:
        body = "\n".join(f"    value_{i} = compute({i}, '{rng.choice(WORDS)}')" for i in range(5))
        return f"```python\ndef step_{index}():\n{body}\n    return value_0\n```"
    if kind < 0.9:
        rows = "\n".join(
            f"| {rng.choice(WORDS)} | {rng.randint(1, 999)} | {rng.choice(WORDS)} |"
            for _ in range(rng.randint(2, 6))
        )
        return f"| Nom | Valeur | Note |\n| --- | ---: | --- |\n{rows}"
    return "> " + _sentence(rng) + " « " + rng.choice(WORDS) + "\u00a0»"


def make_article(size: int, seed: int = 7, title: str = "Benchmark") -> str:
    """Return a Markdown article of about *size* bytes (UTF-8)."""
    rng = random.Random(seed)
    parts = [
        f"---\ntitle: {title}\nauthor: Bench\ndate: 2024-07-10\nlang: fr\n---\n",
        "FIRST-PARAGRAPH-MARKER " + _sentence(rng),
    ]
    total, index = sum(len(p.encode()) for p in parts), 0
    while total < size:
        index += 1
        block = f"## Section {index}" if index % 12 == 1 else _block(rng, index)
        parts.append(block)
        total += len(block.encode()) + 2
    parts.append("LAST-PARAGRAPH-MARKER " + _sentence(rng))
    return "\n\n".join(parts) + "\n"


def write_article(folder: Path, size: int) -> Path:
    """Write the article of *size* bytes in *folder* and return its path."""
    path = folder / f"article-{size}.md"
    path.write_text(make_article(size, title=f"Article of {size} bytes"), encoding="utf-8")
    return path


def _words(text: str) -> list[str]:
    return text.split()


# Real French words first (the common ones), then invented ones for the long tail.
_COMMON = _words(
    "de la le et les des en un une du dans pour que qui est sur par au plus pas avec ce "
    "se son sa ses il elle nous vous leur leurs mais ou donc comme tout tous aussi bien très "
    "entre sans sous après avant depuis encore déjà toujours jamais ici là"
)
_TOPICAL = [
    *WORDS,
    *_words(
        "été hiver printemps automne école université hôpital médecin élève étudiant "
        "bibliothèque théâtre cinéma musique peinture littérature poésie roman histoire "
        "géographie économie politique élection député sénat ministère région département "
        "commune village forêt rivière montagne océan île désert climat énergie électricité "
        "éolienne nucléaire pétrole charbon hydrogène batterie voiture vélo train avion "
        "métro tramway autoroute chantier bâtiment maison immeuble quartier marché "
        "boulangerie fromage vin café thé chocolat pâtisserie cuisine recette déjeuner dîner "
        "santé sport football rugby tennis natation marathon équipe championnat victoire "
        "défaite arbitre stade serveur navigateur compilateur noyau pilote mémoire processeur "
        "algorithme sécurité chiffrement protocole réseau internet courriel messagerie "
        "agenda contrat licence brevet juridique tribunal avocat procès témoin enquête"
    ),
]
_SYLLABLES = "ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo la le li lo lu ma me mi mo "
_SYLLABLES += (
    "na ne ni no pa pe pi po ra re ri ro sa se si so ta te ti to va ve vi vo za zé rè tion"
)
_AUTHORS = [
    f"{first} {last}"
    for first, last in itertools.product(
        ["Camille", "Léa", "Hugo", "Inès", "Jules", "Zoé", "Éric", "Noémie"],
        ["Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Girard"],
    )
]
_TAGS = [*_TOPICAL[:40]]


def _vocabulary(size: int = 6000) -> tuple[list[str], list[float]]:
    """Return words and cumulative Zipf weights (rank r has weight 1/r**1.1)."""
    rng = random.Random(1)
    syllables = _SYLLABLES.split()
    invented: list[str] = []
    seen = set(_COMMON) | set(_TOPICAL)
    while len(_COMMON) + len(_TOPICAL) + len(invented) < size:
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            invented.append(word)
    words = [*_COMMON, *_TOPICAL, *invented]
    cumulative = list(itertools.accumulate(1 / (rank**1.1) for rank in range(1, len(words) + 1)))
    return words, cumulative


_VOCAB = _vocabulary()


def _prose(rng: random.Random, count: int) -> str:
    words, weights = _VOCAB
    chosen = rng.choices(words, cum_weights=weights, k=count)
    sentences, start = [], 0
    while start < count:
        end = min(count, start + rng.randint(8, 22))
        sentences.append(" ".join(chosen[start:end]).capitalize() + ".")
        start = end
    return " ".join(sentences)


def first_scanned(count: int) -> int:
    """The index of the article a scan reads first: the library walks each folder's names
    in reverse order, so it is the last of the first folder of 500."""
    return min(count, 500) - 1


def make_library_article(index: int, count: int) -> str:
    """Return article *index* of a library of *count* articles (about 5 KB on average)."""
    rng = random.Random(1_000_003 * index + 17)
    size = min(40_000, max(800, int(rng.lognormvariate(math.log(4000), 0.6))))
    if index >= count - 2:  # the two newest: the first entries of the sidebar
        title, date = f"LIBRARY-MARKER-{count - index}", f"2031-01-0{count - index}"
    elif index == first_scanned(count):  # the top entry while a cold scan has found little
        title, date = "LIBRARY-FIRST-SCANNED", "2030-01-01"
    else:
        title = _prose(rng, rng.randint(3, 7)).rstrip(".")
        date = f"{rng.randint(2000, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    tags = ", ".join(rng.sample(_TAGS, rng.randint(1, 4)))
    parts = [
        f'---\ntitle: "{title}"\nauthor: {rng.choice(_AUTHORS)}\ndate: {date}\n'
        f"lang: fr\ntags: [{tags}]\n---\n",
        _prose(rng, 40),
    ]
    total, block = sum(len(p.encode()) for p in parts), 0
    while total < size:
        block += 1
        kind = rng.random()
        if block % 6 == 1:
            text = f"## {_prose(rng, rng.randint(2, 5)).rstrip('.')}"
        elif kind < 0.75:
            text = _prose(rng, rng.randint(30, 120))
        elif kind < 0.9:
            text = "\n".join(f"- {_prose(rng, rng.randint(5, 15))}" for _ in range(3))
        else:
            text = f"```python\nresult_{block} = compute({block}, '{rng.choice(WORDS)}')\n```"
        parts.append(text)
        total += len(text.encode()) + 2
    return "\n\n".join(parts) + "\n"


def write_library(folder: Path, count: int) -> Path:
    """Write a library of *count* articles under *folder* (500 per subfolder); return it."""
    for index in range(count):
        sub = folder / f"part-{index // 500:03d}"
        if index % 500 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        text = make_library_article(index, count)
        (sub / f"article-{index:05d}.md").write_text(text, encoding="utf-8")
    return folder
