"""Assessment rounds: a questionnaire's definition, its respondents' answers, and who may see them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class RoundGroup:
    """A stakeholder group a round asks, with how many answers the organiser aims for."""

    id: str
    target: int


@dataclass(frozen=True)
class Round:
    """One assessment round: what it asks of whom, when; the paper's survey is the first."""

    id: str
    title: str
    city_ids: tuple[str, ...]
    instrument_ids: tuple[str, ...]
    groups: tuple[RoundGroup, ...]
    opens: date
    closes: date | None
    languages: tuple[str, ...]
    created_at: datetime
    closed_at: datetime | None = None
    published: bool = False

    @property
    def group_ids(self) -> tuple[str, ...]:
        """Ids of the round's stakeholder groups, in the round's order."""
        return tuple(group.id for group in self.groups)

    @property
    def is_closed(self) -> bool:
        """True once the organiser closed the round (it is then frozen)."""
        return self.closed_at is not None

    def target_shares(self) -> dict[str, float]:
        """Each group's share of the total target (equal shares when every target is 0)."""
        total = sum(group.target for group in self.groups)
        if total == 0:
            return {group.id: 1 / len(self.groups) for group in self.groups}
        return {group.id: group.target / total for group in self.groups}
