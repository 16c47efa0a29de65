"""Reading the HTML panels and tables that pages draw with st.html (headings, table rows, list items)."""

from __future__ import annotations

from html.parser import HTMLParser

from streamlit.testing.v1 import AppTest

Block = tuple[str, str | list[list[str]]]
"""("h4", text), ("li", text) or ("table", rows of cell texts, header first)."""


class _Blocks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[Block] = []
        self._text: list[str] | None = None
        self._rows: list[list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._rows = []
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("h4", "li", "td", "th"):
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._rows is not None:
            self.blocks.append(("table", self._rows))
            self._rows = None
        elif tag in ("td", "th") and self._rows is not None and self._text is not None:
            self._rows[-1].append("".join(self._text).strip())
        elif tag in ("h4", "li") and self._text is not None:
            self.blocks.append((tag, "".join(self._text).strip()))
        if tag in ("h4", "li", "td", "th"):
            self._text = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hidden += tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.texts.append(data.strip())


def visible_texts(body: str) -> list[str]:
    """The text pieces a browser shows of an HTML body (not its style sheets or scripts)."""
    parser = _VisibleText()
    parser.feed(body)
    return parser.texts


def blocks(body: str) -> list[Block]:
    """The headings, tables and list items of an HTML body, in order."""
    parser = _Blocks()
    parser.feed(body)
    return parser.blocks


def html_bodies(app: AppTest) -> list[str]:
    """The bodies of the page's st.html elements, style-only ones left out."""
    return [element.proto.body for element in app.get("html") if not element.proto.body.startswith("<style>")]


def text_of(body: str) -> str:
    """The visible text of an HTML body's headings, cells and list items, one per line."""
    lines = []
    for kind, content in blocks(body):
        lines += [" | ".join(row) for row in content] if kind == "table" else [str(content)]
    return "\n".join(lines)


def tables(app: AppTest) -> list[list[list[str]]]:
    """Every HTML table of the page as rows of cell texts (header first)."""
    return [content for body in html_bodies(app) for _, content in blocks(body) if isinstance(content, list)]
