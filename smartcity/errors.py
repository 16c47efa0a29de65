"""The one exception type of the smartcity API, with a translatable message."""

from __future__ import annotations

from typing import Any


class SmartCityError(ValueError):
    """Bad input to the smartcity API: an unknown id, an out-of-range value, a bad file.

    ``key`` names a message in the ``errors`` catalogue and ``params`` fills it, so the
    app can show the message in the user's language; ``str(error)`` is the English text.
    """

    def __init__(self, key: str, /, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(self.message("en"))

    def message(self, language: str) -> str:
        """Return the message in ``language`` (en, ru or kk), with known ids shown by their names."""
        from smartcity.i18n.catalog import has_message, translate, translate_count
        from smartcity.i18n.labels import named_ids

        key, params = f"error.{self.key}", named_ids(self.params, language)
        if has_message(f"{key}.other", language):
            return translate_count(key, params.pop("count"), language, **params)
        return translate(key, language, **params)
