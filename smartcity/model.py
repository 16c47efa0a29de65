"""Frozen value types of an assessment: instruments, scales, indicators, cities, groups, bands, notes."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

ScoreKey = tuple[str, str, str]
"""(city id, instrument id, indicator id)."""

PAPER_ORIGIN = "paper"
USER_ORIGIN = "user"


@dataclass(frozen=True)
class Texts:
    """One text in the app's languages, as the data gives it; English is required, the others fall back."""

    en: str
    kk: str = ""
    ru: str = ""

    def get(self, language: str) -> str:
        """The text in ``language``, else the English text."""
        return str(getattr(self, language, "") or self.en)


@dataclass(frozen=True)
class ScaleLabel:
    """The label of one whole point of a scale, e.g. 3 -> "Medium"."""

    point: int
    names: Texts


@dataclass(frozen=True)
class Scale:
    """The range indicators are scored on, with a label for every whole point, e.g. 1 very low … 5 high."""

    min: float
    max: float
    labels: tuple[ScaleLabel, ...]

    @property
    def points(self) -> tuple[int, ...]:
        """The whole points from min to max, e.g. (1, 2, 3, 4, 5)."""
        return tuple(range(math.ceil(self.min), math.floor(self.max) + 1))

    def label(self, point: int) -> Texts:
        """The label of a whole point of the scale (KeyError when the scale has none)."""
        for label in self.labels:
            if label.point == point:
                return label.names
        raise KeyError(point)


@dataclass(frozen=True)
class Indicator:
    """One criterion of an instrument, scored on the instrument's scale."""

    id: str
    names: Texts
    descriptions: Texts


@dataclass(frozen=True)
class Instrument:
    """A set of indicators scored on a common scale, such as the paper's SCRI (Table 2)."""

    id: str
    names: Texts
    short_names: Texts
    source: str
    scale: Scale
    indicators: tuple[Indicator, ...]

    @property
    def scale_min(self) -> float:
        """The lowest score of the instrument's scale."""
        return self.scale.min

    @property
    def scale_max(self) -> float:
        """The highest score of the instrument's scale."""
        return self.scale.max

    @property
    def indicator_ids(self) -> tuple[str, ...]:
        """Ids of the indicators, in the source's order."""
        return tuple(indicator.id for indicator in self.indicators)

    def indicator(self, indicator_id: str) -> Indicator:
        """Return the indicator with this id (KeyError when absent)."""
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        raise KeyError(indicator_id)


@dataclass(frozen=True)
class City:
    """A town under assessment, with its Table 1 profile where the paper gives one."""

    id: str
    names: Mapping[str, str]
    region_iso: str
    latitude: float | None
    longitude: float | None
    geonameid: int | None = None
    population_geonames: int | None = None
    population_paper: str = ""
    role: str = ""
    location: str = ""
    economy: str = ""
    issues: str = ""
    priorities: str = ""
    origin: str = PAPER_ORIGIN

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", MappingProxyType(dict(self.names)))

    def __hash__(self) -> int:
        return hash(self.id)

    def name(self, language: str = "en") -> str:
        """The city's name in ``language``, falling back to English."""
        return self.names.get(language) or self.names["en"]


@dataclass(frozen=True)
class Band:
    """A named readiness band: percents from ``min_percent`` up to the next band."""

    id: str
    min_percent: float
    name: str


@dataclass(frozen=True)
class DataNote:
    """A provenance note: where a source disagrees with itself, and what was chosen."""

    id: str
    subject: str
    text: str
    source: str


@dataclass(frozen=True)
class StakeholderGroup:
    """One stakeholder group of the survey's sample, with its count and printed share (Figure 1)."""

    id: str
    names: Texts
    count: int
    share_printed_percent: float


@dataclass(frozen=True)
class ScoreValue:
    """An indicator score and where it comes from (the paper, a survey layer, the user)."""

    value: float
    origin: str


@dataclass(frozen=True, eq=False)
class Dataset:
    """An assessment as loaded from its folder (the paper's: ``data/``); never mutated.

    Equality and hash are identity: a dataset is one load, and ``load_dataset`` gives one object
    per folder, so comparing or hashing never walks the baseline.
    """

    instruments: tuple[Instrument, ...]
    cities: tuple[City, ...]
    baseline: Mapping[ScoreKey, ScoreValue]
    bands: tuple[Band, ...]
    stakeholder_sample: tuple[StakeholderGroup, ...]
    notes: tuple[DataNote, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "baseline", MappingProxyType(dict(self.baseline)))

    @property
    def instrument_ids(self) -> tuple[str, ...]:
        """Ids of the instruments, in the paper's order."""
        return tuple(instrument.id for instrument in self.instruments)

    @property
    def city_ids(self) -> tuple[str, ...]:
        """Ids of the paper's cities."""
        return tuple(city.id for city in self.cities)

    @property
    def group_ids(self) -> tuple[str, ...]:
        """Ids of the stakeholder groups of the sample, in the source's order."""
        return tuple(group.id for group in self.stakeholder_sample)

    def instrument(self, instrument_id: str) -> Instrument:
        """Return the instrument with this id (KeyError when absent)."""
        for instrument in self.instruments:
            if instrument.id == instrument_id:
                return instrument
        raise KeyError(instrument_id)

    def group(self, group_id: str) -> StakeholderGroup:
        """Return the stakeholder group with this id (KeyError when absent)."""
        for group in self.stakeholder_sample:
            if group.id == group_id:
                return group
        raise KeyError(group_id)

    def notes_about(self, subject_prefix: str) -> tuple[DataNote, ...]:
        """Data notes whose subject starts with ``subject_prefix``."""
        return tuple(note for note in self.notes if note.subject.startswith(subject_prefix))
