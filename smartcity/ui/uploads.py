"""Uploads: the file uploader, and survey files uploaded in a session, read and checked once, then
held by that session only.

Only the latest file is held, in the session's state, so its memory goes with the session (or
when another file replaces it); no process-wide cache keeps files of sessions that have closed.
Files are read one at a time per server process: reading holds the GIL, so reading several at
once gains little time and multiplies the peak memory.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Sequence

import pyarrow
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from smartcity.files import survey
from smartcity.i18n.catalog import format_number
from smartcity.ui import state
from smartcity.ui.text import t

UPLOAD_KEY = "survey_upload"
"""(file id, sheet, towns matched against) -> the SurveyFile read from it, for the latest upload."""
_READING = threading.Lock()


def file_uploader(label: str, types: Sequence[str], key: str) -> UploadedFile | None:
    """A file uploader whose help tells, in the page's language, what Streamlit's own English says
    (the "Upload" button, "20MB per file"): Streamlit 1.67 has no option to translate its text."""
    limit = format_number(survey.MAX_FILE_BYTES / survey.MEGABYTE, state.language())
    kinds = ", ".join(kind.upper() for kind in types)
    help_text = t("polish2.upload_help", types=kinds, limit=limit)
    return st.file_uploader(label, type=list(types), key=key, help=help_text)


def read_upload(uploaded: UploadedFile, content: bytes, sheet: str | None) -> survey.SurveyFile:
    """The checked survey file of an upload, read once per file, sheet and list of towns."""
    known = state.scenario().cities(state.dataset())
    wanted = (uploaded.file_id, sheet, known)
    held = st.session_state.get(UPLOAD_KEY)
    if held is not None and held[0] == wanted:
        return held[1]
    forget_upload()  # the previous file's memory goes before the next one is read
    with _READING:
        reclaim_memory()
        survey_file = survey.read_survey(content, uploaded.name, state.dataset(), known, sheet)
    st.session_state[UPLOAD_KEY] = (wanted, survey_file)
    return survey_file


def reclaim_memory() -> None:
    """Free what closed sessions held, and give it back to the system, before a file takes its share.

    Sessions Streamlit has dropped are reference cycles, collected only by a full collection
    (runner.postScriptGC is off); Arrow's allocator (pandas' strings) keeps freed memory until asked.
    """
    gc.collect()
    pyarrow.default_memory_pool().release_unused()


def forget_upload() -> None:
    """Drop the session's read survey file (the upload was removed or replaced)."""
    st.session_state.pop(UPLOAD_KEY, None)
