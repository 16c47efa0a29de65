"""The Streamlit server is configured safely: upload limit, XSRF protection, no error details."""

from __future__ import annotations

import tomllib
from pathlib import Path

CONFIG = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit/config.toml").read_text())


def test_uploads_are_limited_to_20_mb():
    assert CONFIG["server"]["maxUploadSize"] == 20


def test_xsrf_protection_is_on():
    assert CONFIG["server"]["enableXsrfProtection"] is True


def test_users_see_no_tracebacks():
    assert CONFIG["client"]["showErrorDetails"] == "none"


def test_static_serving_is_on_for_the_offline_map():
    assert CONFIG["server"]["enableStaticServing"] is True
