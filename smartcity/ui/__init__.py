"""The only Streamlit-aware package: one small module per job; pages import the modules they use.

state (session, URL <-> Scenario, language, selection, the store), text (t(), escaping, markdown),
chrome (page set-up, sidebar), presenter (its CSS), map (st_folium, legend, the served Leaflet),
widgets (bound to the scenario), pickers, whatif (the what-if editor), panels (results, charts,
summaries), cache (cached analyses), uploads (a session's survey file); the data page's
survey_import and town_entry; the scenarios page's saved, compare, downloads and flash; the
uncertainty page's uncertainty_settings and planner.
"""
