"""Frozen value types of the assessment: instruments, indicators, cities, bands, notes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

ScoreKey = tuple[str, str, str]
"""(city id, instrument id, indicator id)."""

PAPER_ORIGIN = "paper"
USER_ORIGIN = "user"


@dataclass(frozen=True)
class Indicator:
    """One criterion of an instrument, scored on the instrument's scale."""

    id: str
    name: str
    description: str


@dataclass(frozen=True)
class Instrument:
    """A set of indicators scored on a common scale, such as the paper's SCRI (Table 2)."""

    id: str
    name: str
    short_name: str
    source: str
    scale_min: float
    scale_max: float
    indicators: tuple[Indicator, ...]

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
    """One stakeholder group of the paper's sample (Figure 1)."""

    id: str
    count: int
    share_printed_percent: float


@dataclass(frozen=True)
class ScoreValue:
    """An indicator score and where it comes from (the paper, a survey layer, the user)."""

    value: float
    origin: str


@dataclass(frozen=True)
class Dataset:
    """The paper's assessment as loaded from ``data/``; never mutated."""

    instruments: tuple[Instrument, ...]
    cities: tuple[City, ...]
    baseline: Mapping[ScoreKey, ScoreValue]
    bands: tuple[Band, ...]
    stakeholder_sample: tuple[StakeholderGroup, ...]
    notes: tuple[DataNote, ...]
    scale_labels: Mapping[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "baseline", MappingProxyType(dict(self.baseline)))
        object.__setattr__(self, "scale_labels", MappingProxyType(dict(self.scale_labels)))

    def __hash__(self) -> int:
        return id(self)

    @property
    def instrument_ids(self) -> tuple[str, ...]:
        """Ids of the instruments, in the paper's order."""
        return tuple(instrument.id for instrument in self.instruments)

    @property
    def city_ids(self) -> tuple[str, ...]:
        """Ids of the paper's cities."""
        return tuple(city.id for city in self.cities)

    def instrument(self, instrument_id: str) -> Instrument:
        """Return the instrument with this id (KeyError when absent)."""
        for instrument in self.instruments:
            if instrument.id == instrument_id:
                return instrument
        raise KeyError(instrument_id)

    def notes_about(self, subject_prefix: str) -> tuple[DataNote, ...]:
        """Data notes whose subject starts with ``subject_prefix``."""
        return tuple(note for note in self.notes if note.subject.startswith(subject_prefix))
