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
pages = [st.Page(path, title=ui.t(key), icon=icon, default=default) for path, key, icon, default in PAGES]
present = st.Page("pages/present.py", title=ui.t("page.present"), icon="📽️", visibility="hidden")
presenting = ui.presenting()
if presenting:
    ui.presenter_style()
navigation = st.navigation([*pages, present], position="hidden" if presenting else "sidebar")
if presenting != (navigation.url_path == present.url_path):  # entering or leaving presenter mode
    st.switch_page(present if presenting else pages[0], query_params=st.query_params.to_dict())
ui.language_switcher()
ui.presenter_toggle()
ui.show_url_warnings()
navigation.run()
ui.sync_url()
