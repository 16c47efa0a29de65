"""Test-wide settings."""

from __future__ import annotations

import os

from smartcity.i18n.catalog import STRICT_ENV

# A message key missing from every catalogue raises KeyError in tests (and in the servers and
# processes they start) instead of showing the bare key.
os.environ[STRICT_ENV] = "1"
