"""smartcity: smart city readiness of small towns, after Turdanova, Muzdybayeva & Dogan (2025).

The core is pure Python: load the paper's data (:mod:`smartcity.data`), describe what a user
changed as a :class:`~smartcity.scenario.Scenario`, score it (:mod:`smartcity.scoring`) and
read the findings (:mod:`smartcity.analysis.narrative`). Only :mod:`smartcity.ui` imports Streamlit.
"""

from smartcity.data import load_dataset
from smartcity.errors import SmartCityError
from smartcity.scenario import Scenario
from smartcity.scoring import score

__all__ = ["Scenario", "SmartCityError", "load_dataset", "score"]
