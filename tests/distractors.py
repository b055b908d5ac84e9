"""Deterministic news-like articles on unrelated subjects, sharing news vocabulary with the sample."""

from __future__ import annotations

import json
import random
from pathlib import Path

PLACES = ["Kenya", "Peru", "Norway", "Vietnam", "Ghana", "Chile", "Poland", "Egypt", "Canada", "Nepal"]
ORGS = ["Orion Energy", "BlueRiver Bank", "Nordic Rail", "Sunfield Farms", "Atlas Mining", "Metro Water"]
NOUNS = [
    "wind turbines",
    "schools",
    "hospitals",
    "railway stations",
    "fishing boats",
    "water pumps",
    "solar panels",
    "bus routes",
    "clinics",
    "charging stations",
    "bridges",
    "libraries",
]
TEMPLATES = [
    "{org} said it had installed {n:,} new {noun} across {place} since {year}.",
    "The government of {place} signed {k} contracts worth USD {m} million with {org} in {month} {year}.",
    "Officials in {place} expect {pct} percent of households to benefit from the {noun} programme.",
    "More than {n:,} people attended the opening of the {noun} project in {place} on {month} {day}.",
    "{org} reported revenue of USD {m} million for {year}, up {pct} percent from a year earlier.",
    "A memorandum between {org} and the city of {place} covers maintenance of {k} {noun}.",
    "Critics in {place} said the {noun} plan would take {k} years to complete.",
    "The ministry of {place} delivered {n:,} tons of grain to rural districts in {month}.",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]


def article(rng: random.Random, i: int) -> dict[str, str]:
    """One article of 6–12 sentences built from the templates."""
    place = rng.choice(PLACES)
    sentences = []
    for _ in range(rng.randint(6, 12)):
        sentences.append(
            rng.choice(TEMPLATES).format(
                org=rng.choice(ORGS),
                place=place,
                noun=rng.choice(NOUNS),
                n=rng.randint(20, 90_000),
                k=rng.randint(2, 40),
                m=rng.randint(2, 900),
                pct=rng.randint(2, 95),
                year=rng.randint(2001, 2024),
                month=rng.choice(MONTHS),
                day=rng.randint(1, 28),
            )
        )
    return {"id": f"d{i}", "title": f"{place} news {i}", "text": " ".join(sentences), "date": "2024-05-01"}


def write_jsonl(path: Path, n: int, seed: int = 7) -> Path:
    """Write n distractor articles as one JSONL file."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps(article(rng, i)) + "\n")
    return path
