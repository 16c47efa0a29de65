"""The only Streamlit-aware module: session state and the URL <-> the shared Scenario.

Every page calls :func:`scenario` to read what the user changed and :func:`set_scenario`
to change it; the scenario is mirrored into the address bar so a link restores it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

import streamlit as st
from streamlit_folium import st_folium

from smartcity import scenario as scenarios
from smartcity import scoring
from smartcity.analysis import insights, uncertainty
from smartcity.data import load_dataset
from smartcity.errors import SmartCityError
from smartcity.i18n.catalog import (
    LANGUAGE_NAMES,
    LANGUAGES,
    format_percent,
    format_score,
    translate,
    translate_count,
)
from smartcity.i18n.labels import (
    city_name,
    indicator_description,
    indicator_name,
    instrument_name,
    method_name,
    scale_legend,
)
from smartcity.model import Dataset
from smartcity.scenario import Scenario
from smartcity.views import charts, mapview, presenter, uncertainty_charts
from smartcity.views.colors import css_gradient, legend_stops

if TYPE_CHECKING:
    import pandas as pd

SCENARIO_KEY = "scenario"
CITY_KEY = "selected_city"
WARNINGS_KEY = "url_warnings"
UI_PARAMS = ("present",)
"""Query parameters that belong to the view, not the scenario; kept as they are.
(``city`` is view state too, but it is written from the selection, which may have been cleared.)"""


@st.cache_resource
def dataset() -> Dataset:
    """The paper's dataset, loaded once per process (immutable, so safe to share)."""
    return load_dataset()


def scenario() -> Scenario:
    """The session's scenario; on a session's first run, read from the URL."""
    if SCENARIO_KEY not in st.session_state:
        params = {key: st.query_params.get(key, "") for key in st.query_params}
        restored, warnings = scenarios.from_query(dataset(), params)
        st.session_state[SCENARIO_KEY] = restored
        st.session_state[WARNINGS_KEY] = warnings
        if params.get("city"):
            st.session_state[CITY_KEY] = params["city"]
    return st.session_state[SCENARIO_KEY]


def set_scenario(new: Scenario) -> None:
    """Replace the session's scenario (validated) and mirror it into the URL."""
    scenarios.validate(dataset(), new)
    st.session_state[SCENARIO_KEY] = new
    sync_url()


def sync_url() -> None:
    """Write the scenario (and the selected city) into the address bar, compactly."""
    wanted = scenarios.to_query(dataset(), scenario())
    for key in UI_PARAMS:
        if key in st.query_params:
            wanted[key] = st.query_params[key]
    city = selected_city()
    if city:
        wanted["city"] = city
    current = {key: st.query_params[key] for key in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)


def language() -> str:
    """The interface language of the session's scenario."""
    return scenario().language


def t(key: str, /, **params: Any) -> str:
    """Translate ``key`` into the session's language."""
    return translate(key, language(), **params)


def selected_city() -> str | None:
    """The city the user selected on the map or a page, if it still exists."""
    city_id = st.session_state.get(CITY_KEY)
    known = {city.id for city in scenario().cities(dataset())}
    return city_id if city_id in known else None


def select_city(city_id: str | None) -> None:
    """Select a city for every page (None clears the selection)."""
    st.session_state[CITY_KEY] = city_id
    sync_url()


SURVEY_RESPONSES_KEY = "survey_responses"
"""Survey layer id -> its respondent-level responses (a pandas DataFrame, see smartcity.files.survey)."""


def set_survey_responses(layer_id: str, responses: pd.DataFrame) -> None:
    """Keep the responses behind a survey layer, for analyses that resample respondents."""
    stored = st.session_state.get(SURVEY_RESPONSES_KEY, {})
    st.session_state[SURVEY_RESPONSES_KEY] = {**stored, layer_id: responses}


def survey_responses() -> pd.DataFrame | None:
    """The responses of the newest survey layer in the scenario that has them (None if none has)."""
    stored = st.session_state.get(SURVEY_RESPONSES_KEY, {})
    for layer in reversed(scenario().layers):
        if layer.id in stored:
            return stored[layer.id]
    return None


def show_url_warnings() -> None:
    """Show, once, what was wrong in the link the session was opened with."""
    for warning in st.session_state.pop(WARNINGS_KEY, []):
        problem = escape_markdown(warning.message(language()))  # it quotes the link's (untrusted) text
        st.warning(t("ui.link_warning", problem=problem), icon="⚠️")


def show_error(error: SmartCityError) -> None:
    """Show a SmartCityError in the user's language, without a traceback (escaped: it may quote user text)."""
    st.error(escape_markdown(error.message(language())), icon="🚫")


PAGES: tuple[tuple[str, str, str], ...] = (
    ("app.py", "page.map", ":material/map:"),
    ("pages/profile.py", "page.profile", ":material/location_city:"),
    ("pages/radar.py", "page.radar", ":material/radar:"),
    ("pages/what_if.py", "page.what_if", ":material/tune:"),
    ("pages/stakeholders.py", "page.stakeholders", ":material/groups:"),
    ("pages/governance.py", "page.governance", ":material/account_balance:"),
    ("pages/uncertainty.py", "page.uncertainty", ":material/ssid_chart:"),
    ("pages/data.py", "page.data", ":material/upload_file:"),
    ("pages/scenarios.py", "page.scenarios", ":material/bookmarks:"),
)
"""(script, title key, icon) of every page, in sidebar order; app.py is the home page (the map)."""
PRESENTER_PAGE = "pages/present.py"


def page_setup(presenter_view: bool = False) -> None:
    """Start every page: page config, the session's scenario, presenter mode, sidebar and URL.

    Each page script calls this first, so a page opened directly (or rerun alone) is complete.
    """
    st.set_page_config(page_title=t("app.title"), page_icon="🏙️", layout="wide")
    if presenting() != presenter_view:  # entering or leaving presenter mode
        target = PRESENTER_PAGE if presenting() else PAGES[0][0]
        st.switch_page(target, query_params=st.query_params.to_dict())
    if presenter_view:
        presenter_style()
    for path, title_key, icon in PAGES:
        st.sidebar.page_link(path, label=t(title_key), icon=icon)
    language_switcher()
    presenter_toggle()
    show_url_warnings()
    sync_url()


def language_switcher() -> None:
    """A sidebar control that sets the scenario's language."""
    current = language()
    chosen = st.sidebar.selectbox(
        translate("ui.language", current),
        LANGUAGES,
        index=LANGUAGES.index(current),
        format_func=LANGUAGE_NAMES.__getitem__,
        key="language_select",
    )
    if chosen != current:
        set_scenario(scenarios.replace_language(scenario(), chosen))
        st.rerun()


def presenting() -> bool:
    """Whether the session is in presenter mode (``?present=1`` or the sidebar toggle)."""
    return presenter.is_on(st.query_params.get(presenter.PRESENT_PARAM))


def set_presenting(on: bool) -> None:
    """Switch presenter mode on or off (it lives in the address bar, so a link can open in it)."""
    if on:
        st.query_params[presenter.PRESENT_PARAM] = "1"
    elif presenter.PRESENT_PARAM in st.query_params:
        del st.query_params[presenter.PRESENT_PARAM]


def presenter_style() -> None:
    """Large type, and the sidebar, header and toolbar hidden (constant CSS, no user text)."""
    st.markdown(presenter.CSS, unsafe_allow_html=True)


def presenter_toggle() -> None:
    """A sidebar toggle that starts presenter mode (the presenter view has the way back)."""
    st.sidebar.toggle(
        t("present.toggle"),
        key=PRESENTER_TOGGLE_KEY,
        help=t("present.toggle_help"),
        on_change=_start_presenting,
    )


PRESENTER_TOGGLE_KEY = "presenter_toggle"


def _start_presenting() -> None:
    if st.session_state[PRESENTER_TOGGLE_KEY]:
        st.session_state[PRESENTER_TOGGLE_KEY] = False  # off again when the session leaves presenter mode
        set_presenting(True)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$])")


def escape_markdown(text: str) -> str:
    """Escape user text for st.markdown, so names like ``<img ...>`` or ``[x](javascript:)`` show as text."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def colour_legend(title: str, stops: int = 5) -> None:
    """Draw the readiness colour scale (fixed 0-100%) as a labelled bar, without branca."""
    percents = [percent for percent, _ in legend_stops(stops)]
    labels = "".join(f"<span>{html.escape(format_percent(p, language()))}</span>" for p in percents)
    st.html(
        f'<div style="font-size:0.85rem">{html.escape(title)}</div>'
        f'<div style="height:0.8rem;border-radius:2px;background:{css_gradient()}"></div>'
        f'<div style="display:flex;justify-content:space-between;font-size:0.8rem">{labels}</div>'
    )


def readiness_map(
    markers: Sequence[mapview.CityMarker],
    label: str,
    *,
    key: str,
    height: int,
    legend: str,
    tiles: bool = False,
    selected: str | None = None,
    returned_objects: Sequence[str] = (),
    on_change: Callable[[], None] | None = None,
) -> None:
    """The regions and the towns coloured by readiness (``label`` in tooltips), with the legend below.

    The base map is rebuilt identically each run, so st_folium keeps its iframe (zoom and pan);
    only the marker layer changes.
    """
    assessed = frozenset(m.region_iso for m in markers if m.region_iso)
    st_folium(
        mapview.base_map(language(), tiles, assessed),
        key=key,
        height=height,
        use_container_width=True,
        returned_objects=list(returned_objects),
        feature_group_to_add=mapview.marker_layer(markers, label, language(), selected),
        on_change=on_change,
    )
    colour_legend(legend)


# --- analysis pages: widgets bound to the scenario, charts with their data -------------

MAX_RATING = 5
"""Importance ratings (weights) run from 0 to 5, as in the OECD Better Life Index."""
PENDING_EDITS_KEY = "pending_edits"
"""Widget key -> (edit, value) of moves not stored because the scenario would be invalid."""
WEIGHTS_VIEW = "weights and method"
"""The scenario editor's option beside the cities (a city id never contains a space)."""

ScenarioEdit = Callable[[Scenario, Any], Scenario]
"""How a widget's new value changes the scenario, e.g. ``lambda s, v: s.with_override(key, v)``."""


def bound_slider(
    key: str,
    label: str,
    value: float | None,
    edit: ScenarioEdit,
    *,
    min_value: float,
    max_value: float,
    step: float,
    help: str | None = None,
) -> None:
    """A slider showing ``value`` from the scenario; moving it stores ``edit(scenario, new value)``.

    The widget is set from the scenario on every run, so resets and scenarios loaded on other
    pages show at once. A move that would make the scenario invalid stays on the widget,
    is not stored, and is reported by :func:`pending_problem`.
    """
    pending = st.session_state.get(PENDING_EDITS_KEY, {})
    shown = pending[key][1] if key in pending else value
    default = None if shown is None else float(shown)
    if default is not None and st.session_state.get(key) != default:
        st.session_state[key] = default
        default = None  # the value comes from the state just set; a default as well would conflict
    st.slider(
        label,
        float(min_value),
        float(max_value),
        default,
        step=float(step),
        format="plain",
        key=key,
        help=help,
        on_change=_apply_edit,
        args=(key, edit),
    )


def bound_choice(
    key: str,
    label: str,
    options: Sequence[str],
    value: str,
    edit: ScenarioEdit,
    format_func: Callable[[str], str],
) -> None:
    """A segmented control showing ``value`` from the scenario; a choice stores ``edit(scenario, choice)``."""
    if st.session_state.get(key) != value:
        st.session_state[key] = value
    st.segmented_control(
        label,
        options,
        key=key,
        required=True,
        format_func=_escaped(format_func),
        on_change=_apply_edit,
        args=(key, edit),
    )


def change_scenario(change: Callable[[Scenario], Scenario]) -> None:
    """Apply a whole-scenario change (a reset), dropping moves that were held back as invalid."""
    st.session_state[PENDING_EDITS_KEY] = {}
    set_scenario(scenarios.compact(dataset(), change(scenario())))


def pending_problem() -> SmartCityError | None:
    """Why the held-back moves could not be stored (e.g. all weights zero), or None."""
    pending = st.session_state.get(PENDING_EDITS_KEY)
    if not pending:
        return None
    found = scenarios.problems(dataset(), _with_edits(scenario(), pending))
    return found[0] if found else None


def _apply_edit(key: str, edit: ScenarioEdit) -> None:
    """Store a widget's move; if the scenario would be invalid, hold the move back instead."""
    pending = {**st.session_state.get(PENDING_EDITS_KEY, {}), key: (edit, st.session_state[key])}
    data, current = dataset(), scenario()
    # First with every held-back move (the new one may repair them), then the new move alone.
    for edits in (pending, {key: pending[key]}):
        candidate = scenarios.compact(data, _with_edits(current, edits))
        if not scenarios.problems(data, candidate):
            set_scenario(candidate)
            pending = {k: v for k, v in pending.items() if k not in edits}
            break
    st.session_state[PENDING_EDITS_KEY] = pending


def _with_edits(start: Scenario, edits: dict[str, tuple[ScenarioEdit, Any]]) -> Scenario:
    for edit, value in edits.values():
        start = edit(start, value)
    return start


def pick(key: str, label: str, options: Sequence[str], format_func: Callable[[str], str] = str) -> str:
    """A segmented control choosing one option (view state, kept for the session).

    A stale choice, such as a city that no longer exists, falls back to the first option.
    Option labels render markdown, so they are escaped here (town names are user text).
    """
    if st.session_state.get(key) not in options:
        st.session_state[key] = options[0]
    return st.segmented_control(
        label, options, key=key, required=True, persist_state="session", format_func=_escaped(format_func)
    )


def _escaped(format_func: Callable[[str], str]) -> Callable[[str], str]:
    return lambda option: escape_markdown(format_func(option))


def pick_instrument(key: str, *, composite: bool = False) -> str:
    """Choose an instrument (or the composite) by its short name."""
    data, lang = dataset(), language()
    options = [*data.instrument_ids, *([scoring.COMPOSITE] if composite else [])]
    names = {option: instrument_name(data, option, lang, short=True) for option in options}
    return pick(key, translate("analysis.instrument", lang), options, names.__getitem__)


def pick_cities(key: str) -> tuple[str, ...]:
    """A multiselect of the scenario's cities (all of them at first); cities that no longer exist drop out."""
    data, current, lang = dataset(), scenario(), language()
    names = {city.id: city.name(lang) for city in current.cities(data)}
    chosen = st.session_state.get(key)
    if chosen is None or any(city_id not in names for city_id in chosen):
        st.session_state[key] = list(names) if chosen is None else [c for c in chosen if c in names]
    return tuple(
        st.multiselect(
            translate("analysis.cities", lang),
            list(names),
            key=key,
            persist_state="session",
            format_func=names.__getitem__,
        )
    )


def pick_selected_city(key: str) -> str:
    """A selectbox bound to the city selected on the map or any page; a stale selection falls back."""
    data, current, lang = dataset(), scenario(), language()
    names = {city.id: city.name(lang) for city in current.cities(data)}
    city_id = selected_city() or next(iter(names))
    if st.session_state.get(key) != city_id:
        st.session_state[key] = city_id
    st.selectbox(
        translate("analysis.city", lang),
        list(names),
        key=key,
        format_func=names.__getitem__,
        on_change=lambda: select_city(st.session_state[key]),
    )
    return city_id


def scenario_editor(instrument_id: str, prefix: str) -> None:
    """The what-if controls: a city's sliders on the instrument, or the weights and the method.

    Only the chosen city's (or the weights') widgets are drawn, which keeps a rerun light.
    """
    data, current, lang = dataset(), scenario(), language()
    names = {city.id: city.name(lang) for city in current.cities(data)}
    names[WEIGHTS_VIEW] = translate("whatif.weights", lang)
    shown = pick(f"{prefix}.edit", translate("whatif.edit", lang), list(names), names.__getitem__)
    problem = pending_problem()
    if problem:
        show_error(problem)
        st.caption(translate("whatif.last_valid", lang))
    if shown == WEIGHTS_VIEW:
        _weights_editor(data, current, lang, instrument_id)
    else:
        fine = st.toggle(translate("whatif.fine_step", lang), key=f"{prefix}.fine", persist_state="session")
        city_sliders(instrument_id, shown, step=0.1 if fine else 1.0)
    st.button(
        translate("whatif.reset_all", lang),
        key="reset_all",
        type="primary",
        disabled=_paper_again(current) == current,
        on_click=change_scenario,
        args=(_paper_again,),
    )


def city_sliders(instrument_id: str, city_id: str, step: float = 1.0) -> None:
    """A slider per indicator of a city on the instrument, and the button that resets the city."""
    data, current, lang = dataset(), scenario(), language()
    _score_sliders(data, current, lang, instrument_id, city_id, step)
    _reset_city_button(data, current, lang, city_id)


def _score_sliders(
    data: Dataset, current: Scenario, lang: str, instrument_id: str, city_id: str, step: float
) -> None:
    """A slider per indicator of a city on an instrument; a value off the paper's says so in its label."""
    instrument = data.instrument(instrument_id)
    values = scoring.score(data, current).values
    for indicator_id in instrument.indicator_ids:
        key = (city_id, instrument_id, indicator_id)
        value, paper = values.get(key), data.baseline.get(key)
        label = indicator_name(data, instrument_id, indicator_id, lang)
        if value is None:
            label += " · :orange[" + translate("whatif.not_scored", lang) + "]"
        elif paper is not None and value.value != paper.value:
            paper_text = format_score(paper.value, lang)
            label += " · :orange[" + translate("whatif.paper_value", lang, value=paper_text) + "]"
        bound_slider(
            f"score.{city_id}.{instrument_id}.{indicator_id}",
            label,
            value.value if value else None,
            partial(_set_score, key=key),
            min_value=instrument.scale_min,
            max_value=instrument.scale_max,
            step=step,
            help=indicator_description(data, instrument_id, indicator_id, lang) + "\n\n" + scale_legend(lang),
        )


def _reset_city_button(data: Dataset, current: Scenario, lang: str, city_id: str) -> None:
    """ "Reset <city> to the paper"; an added city, which has no paper scores, gets a note instead."""
    if not any(key[0] == city_id for key in data.baseline):
        st.caption(translate("whatif.added_city", lang))
        return
    st.button(
        translate("whatif.reset_city", lang, city=escape_markdown(city_name(data, current, city_id, lang))),
        key="reset_city",
        disabled=not any(key[0] == city_id for key, _ in current.overrides),
        on_click=change_scenario,
        args=(lambda changed: changed.reset_city(city_id),),
    )


def _weights_editor(data: Dataset, current: Scenario, lang: str, instrument_id: str) -> None:
    """The method, importance ratings 0-5 of the instrument's indicators, the composite's weights."""
    bound_choice(
        "method",
        translate("whatif.method", lang),
        scenarios.METHODS,
        current.method,
        scenarios.replace_method,
        lambda method: method_name(method, lang),
    )
    st.caption(translate("whatif.weights_help", lang))
    instrument = data.instrument(instrument_id)
    ratings = [current.indicator_weight(instrument_id, i) for i in instrument.indicator_ids]
    for indicator_id, rating in zip(instrument.indicator_ids, ratings, strict=True):
        share = format_percent(rating / sum(ratings) * 100, lang)
        bound_slider(
            f"weight.{instrument_id}.{indicator_id}",
            f"{indicator_name(data, instrument_id, indicator_id, lang)} · {share}",
            rating,
            partial(_set_indicator_weight, instrument_id=instrument_id, indicator_id=indicator_id),
            min_value=0,
            max_value=MAX_RATING,
            step=1,
        )
    st.markdown("**" + translate("whatif.instrument_weights", lang) + "**")
    for other in data.instrument_ids:
        bound_slider(
            f"instrument_weight.{other}",
            instrument_name(data, other, lang),
            current.instrument_weight(other),
            partial(_set_instrument_weight, instrument_id=other),
            min_value=0,
            max_value=MAX_RATING,
            step=1,
        )
    st.button(
        translate("whatif.reset_weights", lang),
        key="reset_weights",
        disabled=not (current.indicator_weights or current.instrument_weights),
        on_click=change_scenario,
        args=(lambda changed: replace(changed, indicator_weights=(), instrument_weights=()),),
    )


def _paper_again(current: Scenario) -> Scenario:
    """The paper's scores, weights and method; added cities keep the scores entered for them."""
    added = {city.id for city in current.added_cities}
    return replace(
        current,
        overrides=tuple(pair for pair in current.overrides if pair[0][0] in added),
        indicator_weights=(),
        instrument_weights=(),
        method=scenarios.DEFAULT_METHOD,
    )


def _set_score(current: Scenario, value: float, key: tuple[str, str, str]) -> Scenario:
    return current.with_override(key, round(value, 2))


def _set_indicator_weight(current: Scenario, value: float, instrument_id: str, indicator_id: str) -> Scenario:
    return current.with_indicator_weight(instrument_id, indicator_id, value)


def _set_instrument_weight(current: Scenario, value: float, instrument_id: str) -> Scenario:
    return current.with_instrument_weight(instrument_id, value)


def results_panel(instrument_ids: Sequence[str]) -> None:
    """The live results of each instrument (a table, then the story), drawn as one markdown element."""
    data, current, lang = dataset(), scenario(), language()
    parts = []
    for instrument_id in instrument_ids:
        title = translate("whatif.results", lang, instrument=instrument_name(data, instrument_id, lang))
        parts += [
            "#### " + escape_markdown(title),
            markdown_table(insights.results_table(data, current, instrument_id, lang)),
            markdown_list(insights.story(data, current, instrument_id, lang)),
        ]
    st.markdown("\n\n".join(parts))


def markdown_table(rows: Sequence[Sequence[str]], *, numbers: bool = True) -> str:
    """A small table (a header row, then rows) as markdown, far lighter to draw than a dataframe.

    Every cell is escaped; with ``numbers``, every column but the first is aligned right.
    """
    header, *body = rows
    lines = [
        "| " + " | ".join(escape_markdown(cell) for cell in header) + " |",
        "|:--" + ("|--:" if numbers else "|:--") * (len(header) - 1) + "|",
        *("| " + " | ".join(escape_markdown(cell) for cell in row) + " |" for row in body),
    ]
    return "\n".join(lines)


def markdown_list(sentences: Sequence[str]) -> str:
    """Sentences as a markdown bullet list, each escaped."""
    return "\n".join("- " + escape_markdown(sentence) for sentence in sentences)


def chart(figure_and_data: charts.Chart, key: str) -> None:
    """Draw a plotly chart with its table under "show data", the chart's text alternative."""
    st.plotly_chart(figure_and_data.figure, key=key, config={"displaylogo": False})
    with st.expander(t("analysis.show_data")):
        st.dataframe(figure_and_data.data, hide_index=True)


def instrument_overview(instrument_id: str) -> None:
    """An instrument's table (as in the paper) as a heat table with its data, then what it says."""
    data, current, lang = dataset(), scenario(), language()
    changed = sum(
        1
        for key, value in scoring.score(data, current).values.items()
        if key[1] == instrument_id and (key not in data.baseline or data.baseline[key].value != value.value)
    )
    if changed:
        st.caption(translate_count("analysis.scenario_differs", changed, lang))
    chart(charts.heat_table(data, current, instrument_id, lang), key=f"heat.{instrument_id}")
    st.markdown(markdown_list(insights.instrument_insights(data, current, instrument_id, lang)))


def city_profile_table(city_id: str) -> None:
    """A town's Table 1 profile and priorities as a two-column table (user text escaped)."""
    facts = insights.city_facts(dataset(), scenario(), city_id, language())
    if facts:
        st.markdown(markdown_table([(t("profile.field"), t("profile.value")), *facts], numbers=False))


def city_standing(city_id: str, *, composite: bool, side_by_side: bool) -> None:
    """A town's percent, change, rank, band, strengths and weaknesses on each instrument."""
    summaries = insights.city_summaries(dataset(), scenario(), city_id, language())
    if not composite:
        summaries = summaries[: len(dataset().instruments)]
    places = st.columns(len(summaries)) if side_by_side else [st.container() for _ in summaries]
    for place, summary in zip(places, summaries, strict=True):
        with place:
            instrument_summary(summary)


def instrument_summary(summary: insights.InstrumentSummary | str) -> None:
    """A city's standing on one instrument: percent and change, rank and band, strengths and weaknesses."""
    if isinstance(summary, str):
        st.caption(escape_markdown(summary))
        return
    st.metric(summary.name, summary.percent, delta=summary.delta)
    st.caption(escape_markdown(f"{summary.rank} · {summary.band}"))
    if summary.notes:
        st.markdown(markdown_list(summary.notes))


# --- uncertainty beside the results --------------------------------------------------------


@st.cache_data(max_entries=32, show_spinner=False)
def _cached_uncertainty(
    scenario_json: str,
    instrument_id: str,
    settings: uncertainty.UncertaintySettings,
    responses: pd.DataFrame | None,
) -> uncertainty.UncertaintySummary:
    data = dataset()
    respondents = uncertainty.responses_from_survey(data, responses)
    return uncertainty.uncertainty_summary(
        data, scenarios.from_json(data, scenario_json), instrument_id, settings, respondents
    )


def uncertainty_summary(
    instrument_id: str, settings: uncertainty.UncertaintySettings | None = None
) -> uncertainty.UncertaintySummary:
    """The Monte Carlo summary of the session's scenario, cached per scenario, settings and survey."""
    chosen = settings or uncertainty.UncertaintySettings()
    return _cached_uncertainty(scenario_cache_key(), instrument_id, chosen, survey_responses())


def scenario_cache_key() -> str:
    """The session's scenario as language-free JSON: the key of cached results that need no language."""
    return scenarios.to_json(scenarios.replace_language(scenario(), scenarios.DEFAULT_LANGUAGE))


def intervals_panel(instrument_id: str) -> None:
    """A switch that shows the results' 5-95% Monte Carlo intervals as error bars (default settings)."""
    if not st.toggle(t("whatif.intervals"), key="whatif.intervals", help=t("whatif.intervals_help")):
        return
    with st.spinner(t("uncertainty.computing")):
        summary = uncertainty_summary(instrument_id)
    data, current, lang = dataset(), scenario(), language()
    chart(uncertainty_charts.interval_chart(data, current, summary, lang), "whatif.intervals_chart")
    settings = uncertainty.UncertaintySettings()
    st.caption(uncertainty_charts.settings_caption(settings, (current.method,), lang))
