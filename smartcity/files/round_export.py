"""A round's responses as files: the long survey format in CSV or XLSX, formula-safe, re-importable."""

from __future__ import annotations

import io

import pandas as pd

from smartcity.files.export import safe_frame

RESPONSES_SHEET = "responses"
COMMENTS_SHEET = "comments"


def _whole_scores(responses: pd.DataFrame) -> pd.DataFrame:
    """Scores as whole numbers ("3", blank for "don't know"), as the survey template writes them."""
    return safe_frame(responses.astype({"score": "Int64"}))


def responses_csv(responses: pd.DataFrame) -> bytes:
    """The long survey CSV (UTF-8 with a byte-order mark), which smartcity.files.survey reads back."""
    return _whole_scores(responses).to_csv(index=False).encode("utf-8-sig")


def responses_xlsx(responses: pd.DataFrame, comments: pd.DataFrame | None = None) -> bytes:
    """A workbook: the responses in the long survey format first, then the comments when given."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        _whole_scores(responses).to_excel(writer, sheet_name=RESPONSES_SHEET, index=False)
        if comments is not None:
            safe_frame(comments).to_excel(writer, sheet_name=COMMENTS_SHEET, index=False)
    return buffer.getvalue()
