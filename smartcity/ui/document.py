"""The page's document: its <html lang> follows the interface language (Streamlit's is always "en")."""

from pathlib import Path

import streamlit as st

COMPONENT_KEY = "document_language"
SCRIPT = Path(__file__).resolve().parents[2] / "static" / "document.js"

HIDDEN = f"<style>.st-key-{COMPONENT_KEY} {{ display: none; }}</style>"
"""The script draws nothing: hidden, its empty box leaves no gap at the top of the page (a style-only
st.html takes no room itself)."""

_document = st.components.v2.component("smartcity.document", js=SCRIPT.read_text(encoding="utf-8"))


def declare_language(language: str) -> None:
    """Set the page's <html lang> to ``language`` (a BCP 47 code: en, ru, kk)."""
    st.html(HIDDEN)
    _document(key=COMPONENT_KEY, data={"lang": language}, height=0)
