"""Survey files uploaded in a session: read and checked once, then held by that session only.

Only the latest file is held, in the session's state, so its memory goes when the session ends
or another file replaces it (no process-wide cache keeps files of sessions that have closed).
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from smartcity.files import survey
from smartcity.ui import state

UPLOAD_KEY = "survey_upload"
"""(file id, sheet, towns matched against) -> the SurveyFile read from it, for the latest upload."""


def read_upload(uploaded: UploadedFile, content: bytes, sheet: str | None) -> survey.SurveyFile:
    """The checked survey file of an upload, read once per file, sheet and list of towns."""
    known = state.scenario().cities(state.dataset())
    wanted = (uploaded.file_id, sheet, known)
    held = st.session_state.get(UPLOAD_KEY)
    if held is not None and held[0] == wanted:
        return held[1]
    forget_upload()  # the previous file's memory goes before the next one is read
    survey_file = survey.read_survey(content, uploaded.name, state.dataset(), known, sheet)
    st.session_state[UPLOAD_KEY] = (wanted, survey_file)
    return survey_file


def forget_upload() -> None:
    """Drop the session's read survey file (the upload was removed or replaced)."""
    st.session_state.pop(UPLOAD_KEY, None)
