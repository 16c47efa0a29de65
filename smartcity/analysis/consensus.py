"""Results of an assessment round: progress against targets, per-indicator statistics and consensus,
Kendall's W, the two weightings, rounds over time (the 3:2:1 rolling blend, change between rounds).

Every function is pure, over the long responses frame of smartcity.files.survey (respondent_id,
stakeholder_group, city, instrument, indicator, score; score NaN for "don't know"), as a round's
store and a survey file both give it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import chi2, rankdata

from smartcity.files.survey import DEFAULT_MIN_ANSWERS, aggregate, to_layer
from smartcity.i18n.catalog import translate_count
from smartcity.i18n.labels import group_name
from smartcity.model import Dataset, ScoreKey
from smartcity.scenario import Scenario, ScoreLayer
from smartcity.scoring import score
from smartcity.store.rounds import Round

QUESTION = ["city", "instrument", "indicator"]
MIN_GROUP_ANSWERS = 3
"""A group with fewer respondents in a town than this gets a warning under the target weighting."""
BLEND_WEIGHTS = (3, 2, 1)
"""IMD's Smart City Index rule: the latest round counts 3, the one before 2, the one before that 1."""


@dataclass(frozen=True)
class SmallGroup:
    """A stakeholder group with too few respondents in a town for its target weight to be reliable."""

    city: str
    group: str
    count: int

    def message(self, language: str = "en") -> str:
        """The warning in ``language``."""
        return translate_count(
            "rounds.warning_small_group",
            self.count,
            language,
            city=self.city,
            group=group_name(self.group, language),
            minimum=MIN_GROUP_ANSWERS,
        )


def group_progress(responses: pd.DataFrame, round_: Round) -> pd.DataFrame:
    """Respondents per stakeholder group against the round's targets: group, responses, target, share."""
    people = responses.drop_duplicates("respondent_id")
    counts = people["stakeholder_group"].astype(str).value_counts()
    rows = [(group.id, int(counts.get(group.id, 0)), group.target) for group in round_.groups]
    table = pd.DataFrame(rows, columns=["group", "responses", "target"])
    with np.errstate(divide="ignore", invalid="ignore"):
        table["share"] = np.where(table["target"] > 0, table["responses"] / table["target"], np.nan)
    return table


def indicator_statistics(responses: pd.DataFrame, min_answers: int = DEFAULT_MIN_ANSWERS) -> pd.DataFrame:
    """Per city x indicator: survey.aggregate's n, mean, sd and t-based 95% CI, plus consensus.

    Consensus: the median, the quartiles (linear interpolation) and their IQR, and ``within_one``,
    the share of answers no more than 1 point from the median. "Don't know" is left out of all of them.
    """
    table = aggregate(responses, min_answers).overall
    answered = responses.loc[responses["score"].notna(), [*QUESTION, "score"]]
    grouped = answered.groupby(QUESTION, observed=True, sort=True)["score"]
    quartiles = grouped.quantile(np.array([0.25, 0.5, 0.75])).unstack()
    quartiles.columns = ["q1", "median", "q3"]
    median_of_row = grouped.transform("median")
    near = (answered["score"] - median_of_row).abs() <= 1
    within = near.groupby([answered[key] for key in QUESTION], observed=True, sort=True).mean()
    consensus = quartiles.assign(iqr=quartiles["q3"] - quartiles["q1"], within_one=within).reset_index()
    for key in QUESTION:
        consensus[key] = consensus[key].astype(str)
    return table.merge(consensus, on=QUESTION, how="left")


def kendall_w(ratings: np.ndarray) -> float:
    """Kendall's W of a raters x items matrix (rows rank the items), with the tie correction.

    W = 12 S / (m^2 (n^3 - n) - m sum T), S the squared deviations of the items' rank sums from their
    mean, T = sum (t^3 - t) over each rater's groups of t tied items. NaN when undefined (fewer than
    2 raters or items, or every rater ties every item).
    """
    raters, items = ratings.shape
    if raters < 2 or items < 2:
        return float("nan")
    ranks = rankdata(ratings, axis=1)
    rank_sums = ranks.sum(axis=0)
    spread = float(((rank_sums - rank_sums.mean()) ** 2).sum())
    tied_with = (ratings[:, :, None] == ratings[:, None, :]).sum(axis=2)  # per item: its group's t
    ties = float((tied_with**2 - 1).sum())  # sum over groups of t * t^2, minus sum of t: sum (t^3 - t)
    denominator = raters**2 * (items**3 - items) - raters * ties
    return float("nan") if denominator <= 0 else 12 * spread / denominator


def kendall_table(responses: pd.DataFrame) -> pd.DataFrame:
    """Kendall's W per city x instrument: respondents who answered every indicator rank the indicators.

    Columns city, instrument, raters, items, w, chi2 (m (n - 1) W) and p_value (chi-squared, n - 1 df).
    """
    rows = []
    for (city, instrument), answers in responses.groupby(["city", "instrument"], observed=True, sort=True):
        respondents, _ = pd.factorize(answers["respondent_id"])
        indicators, indicator_ids = pd.factorize(answers["indicator"].astype(str))
        matrix = np.full((respondents.max() + 1, len(indicator_ids)), np.nan)
        matrix[respondents, indicators] = answers["score"].to_numpy(dtype=np.float64)
        complete = matrix[~np.isnan(matrix).any(axis=1)]
        w = kendall_w(complete)
        statistic = len(complete) * (len(indicator_ids) - 1) * w
        p_value = chi2.sf(statistic, len(indicator_ids) - 1) if np.isfinite(w) else float("nan")
        rows.append((str(city), str(instrument), len(complete), len(indicator_ids), w, statistic, p_value))
    return pd.DataFrame(rows, columns=["city", "instrument", "raters", "items", "w", "chi2", "p_value"])


def weighted_means(responses: pd.DataFrame, round_: Round) -> tuple[pd.DataFrame, list[SmallGroup]]:
    """The two weightings side by side, and the groups too small to carry their weight.

    ``per_respondent`` is the paper's plain mean of every answer; ``group_weighted`` weights each
    group's mean by its target share (renormalised over the groups that answered the indicator).
    A warning names each of the round's groups with fewer than MIN_GROUP_ANSWERS respondents in a town.
    """
    answered = responses.loc[responses["score"].notna()]
    shares = pd.Series(round_.target_shares())
    group_means = (
        answered.groupby([*QUESTION, "stakeholder_group"], observed=True, sort=True)["score"]
        .mean()
        .reset_index()
    )
    group_means["share"] = group_means["stakeholder_group"].astype(str).map(shares).fillna(0.0)
    group_means["weighted"] = group_means["score"] * group_means["share"]
    sums = group_means.groupby(QUESTION, observed=True, sort=True)[["weighted", "share"]].sum()
    plain = answered.groupby(QUESTION, observed=True, sort=True)["score"].mean()
    with np.errstate(divide="ignore", invalid="ignore"):
        weighted = np.where(sums["share"] > 0, sums["weighted"] / sums["share"], np.nan)
    table = pd.DataFrame({"per_respondent": plain, "group_weighted": weighted}).reset_index()
    for key in QUESTION:
        table[key] = table[key].astype(str)
    people = responses.drop_duplicates(["city", "respondent_id"])
    counts = people.groupby(["city", "stakeholder_group"], observed=False).size()
    warnings = [
        SmallGroup(str(city), group, int(counts.get((city, group), 0)))
        for city in people["city"].astype(str).unique()
        for group in round_.group_ids
        if counts.get((city, group), 0) < MIN_GROUP_ANSWERS
    ]
    return table, warnings


def round_scores(responses: pd.DataFrame) -> dict[ScoreKey, float]:
    """A round's indicator scores: the plain mean of each answered question."""
    means = responses.groupby(QUESTION, observed=True, sort=True)["score"].mean().dropna()
    return {
        (str(city), str(instrument), str(indicator)): float(mean)
        for city, instrument, indicator, mean in means.reset_index().itertuples(index=False)
    }


def paper_scores(dataset: Dataset) -> dict[ScoreKey, float]:
    """The paper's round: its published indicator scores."""
    return {key: value.value for key, value in dataset.baseline.items()}


def round_layer(round_: Round, responses: pd.DataFrame) -> ScoreLayer:
    """A round's means as a scenario layer ("Use these results"), its origin the title and date."""
    moment = round_.closed_at or round_.created_at
    return to_layer(
        aggregate(responses), f"round-{round_.id}", f"{round_.title} ({moment.date().isoformat()})"
    )


def rolling_blend(newest_first: Sequence[Mapping[ScoreKey, float]]) -> dict[ScoreKey, float]:
    """IMD's 3:2:1 blend of the last three rounds' scores (newest first); a question missing from a
    round is blended over the rounds that have it, with their weights renormalised."""
    totals: dict[ScoreKey, float] = {}
    weights: dict[ScoreKey, float] = {}
    for weight, scores in zip(BLEND_WEIGHTS, newest_first, strict=False):
        for key, value in scores.items():
            totals[key] = totals.get(key, 0.0) + weight * value
            weights[key] = weights.get(key, 0.0) + weight
    return {key: totals[key] / weights[key] for key in totals}


def round_change(
    dataset: Dataset,
    before: Mapping[ScoreKey, float],
    after: Mapping[ScoreKey, float],
    scenario: Scenario | None = None,
) -> pd.DataFrame:
    """Per town and instrument (and the composite), the percent in each round and the change in points.

    Each round's scores go over ``scenario`` (default the paper's) as a layer, so weights and method
    apply; towns that are not in both rounds are left out.
    """
    base = scenario or Scenario()
    tables = [
        score(dataset, base.with_layer(ScoreLayer("round-change", "round", tuple(scores.items()))))
        for scores in (before, after)
    ]
    towns = {key[0] for key in before} & {key[0] for key in after}
    rows = []
    for old in tables[0].results:
        new = tables[1].get(old.city_id, old.instrument_id)
        if old.city_id in towns and new is not None:
            rows.append((old.city_id, old.instrument_id, old.percent, new.percent, new.percent - old.percent))
    return pd.DataFrame(
        rows, columns=["city", "instrument", "before_percent", "after_percent", "delta_points"]
    )
