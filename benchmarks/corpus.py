"""Deterministic articles of a given size: headings, French paragraphs, lists, code, tables.

The same seed gives the same bytes on every machine, so timings compare across runs.
"""

from __future__ import annotations

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
    return "\n\n".join(parts) + "\n"


def write_article(folder: Path, size: int) -> Path:
    """Write the article of *size* bytes in *folder* and return its path."""
    path = folder / f"article-{size}.md"
    path.write_text(make_article(size, title=f"Article of {size} bytes"), encoding="utf-8")
    return path
