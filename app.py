"""Smart City Readiness dashboard: the router. Every page reads the one shared scenario."""

import streamlit as st

from smartcity import ui

PAGES = (
    ("pages/map.py", "page.map", "🗺️", True),
    ("pages/profile.py", "page.profile", "🏙️", False),
    ("pages/radar.py", "page.radar", "🕸️", False),
    ("pages/what_if.py", "page.what_if", "🎚️", False),
    ("pages/stakeholders.py", "page.stakeholders", "🤝", False),
    ("pages/governance.py", "page.governance", "🏛️", False),
    ("pages/uncertainty.py", "page.uncertainty", "🎲", False),
    ("pages/data.py", "page.data", "📥", False),
    ("pages/scenarios.py", "page.scenarios", "💾", False),
)

st.set_page_config(page_title="Smart City Readiness", page_icon="🏙️", layout="wide")
ui.scenario()
navigation = st.navigation(
    [st.Page(path, title=ui.t(key), icon=icon, default=default) for path, key, icon, default in PAGES]
)
ui.language_switcher()
ui.show_url_warnings()
navigation.run()
ui.sync_url()
