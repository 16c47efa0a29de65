"""The only Streamlit-aware package: one small module per job; pages import the modules they use.

state (session, URL <-> Scenario, language, selection, store), text (t(), escaping, markdown),
chrome (page set-up, sidebar), map, widgets (bound to the scenario), pickers, whatif, panels,
presenter (presenter styling), cache (cached analyses), uploads (survey files of a session).
"""
