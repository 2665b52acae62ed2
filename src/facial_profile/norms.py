"""Published norms, read from versioned data (``data/norms-v1.json``).

Clinical numbers live in the data file with their source, never in code. A norm has a mean and,
where the source published one, a standard deviation; otherwise a range. Sex-specific variants
are chosen when the sex is known; the ``any`` variant otherwise.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from facial_profile.types import InvalidInputError

Sex = Literal["female", "male"]

NORMS_FILE = "norms-v1.json"
#: Shipped data files (plain files next to the code, so a namespace install reads them too).
DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Norm:
    """One published figure for one measure."""

    measure: str
    unit: str
    mean: float
    sd: float | None
    range: tuple[float, float] | None
    sex: str
    population: str
    source: str
    source_name: str
    citation: str
    note: str

    def deviation_sd(self, value: float) -> float | None:
        """How many SDs ``value`` lies from the mean; ``None`` where no SD was published."""
        if self.sd is None or self.sd <= 0:
            return None
        return (value - self.mean) / self.sd

    def usual_range(self) -> tuple[float, float] | None:
        """The published range, or mean +/- 1 SD; ``None`` when the source gave only a value."""
        if self.range is not None:
            return self.range
        if self.sd is not None:
            return (self.mean - self.sd, self.mean + self.sd)
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "mean": self.mean,
            "sd": self.sd,
            "range": list(self.range) if self.range is not None else None,
            "unit": self.unit,
            "sex": self.sex,
            "population": self.population,
            "source": self.source,
            "source_name": self.source_name,
            "citation": self.citation,
            "note": self.note,
        }


@dataclass(frozen=True)
class NormTable:
    version: str
    raw: dict[str, Any]

    @property
    def citations(self) -> dict[str, str]:
        sources: dict[str, str] = self.raw["sources"]
        return sources

    def get(self, measure: str, sex: Sex | None = None) -> Norm | None:
        """The norm for ``measure`` matching ``sex`` if published, else the ``any`` variant."""
        entry = self.raw["measures"].get(measure)
        if entry is None:
            return None
        variant = _pick(entry["variants"], sex)
        if variant is None:
            return None
        rng = variant.get("range")
        return Norm(
            measure=measure,
            unit=str(entry["unit"]),
            mean=float(variant["mean"]),
            sd=float(variant["sd"]) if variant.get("sd") is not None else None,
            range=(float(rng[0]), float(rng[1])) if rng is not None else None,
            sex=str(variant["sex"]),
            population=str(variant.get("population", "not stated")),
            source=str(variant["source"]),
            source_name=str(self.raw["source_names"][variant["source"]]),
            citation=self.citations[variant["source"]],
            note=str(variant.get("note", "")),
        )

    def reference_length_mm(self, sex: Sex | None = None) -> tuple[float, str]:
        """Typical N'-Me' in millimetres (for estimates without a scale) and its citation."""
        variant = _pick(self.raw["reference_length"]["variants"], sex)
        assert variant is not None
        return float(variant["mean"]), self.citations[variant["source"]]


def _pick(variants: list[dict[str, Any]], sex: Sex | None) -> dict[str, Any] | None:
    if sex is not None:
        for v in variants:
            if v["sex"] == sex:
                return v
    for v in variants:
        if v["sex"] == "any":
            return v
    return None


@lru_cache(maxsize=4)
def load_norms(name: str = NORMS_FILE) -> NormTable:
    """Load a norms table shipped in ``facial_profile/data``."""
    try:
        text = (DATA_DIR / name).read_text("utf-8")
    except FileNotFoundError as exc:
        raise InvalidInputError(f"No norms table called {name!r} is installed.") from exc
    raw = json.loads(text)
    return NormTable(version=str(raw["version"]), raw=raw)
