"""A protocol-level Streamlit session: what a browser tab says on ``/_stcore/stream``, without the browser.

It sends ``rerun_script`` BackMsgs (the query string, the page and every shown widget's state, as the
frontend does) and reads the ForwardMsgs of each run: the elements drawn, the query string the script
sets, and how the run ended. Widgets are found by their type and label, as a test finds them by role.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

WIDGET_TYPES = ("radio", "button", "checkbox", "text_area", "selectbox")
"""The element types the questionnaire draws that carry a widget state."""
RUN_TIMEOUT_SECONDS = 60
RERUN_INTERRUPTED = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
T = TypeVar("T")


class ProtocolError(AssertionError):
    """The page does not show what a respondent looks for (a widget, an option)."""


@dataclass
class Run:
    """What one script run drew, in order, keyed by each element's delta path."""

    elements: dict[tuple[int, ...], Element] = field(default_factory=dict)

    def of_type(self, kind: str) -> Iterator[Element]:
        """The elements of one type (``radio``, ``button``, ``alert``, ...), in drawing order."""
        for path in sorted(self.elements):
            element = self.elements[path]
            if element.WhichOneof("type") == kind:
                yield element

    def widget(self, kind: str, label: str) -> Any:
        """The widget proto of this type and label; ProtocolError when the page does not show it."""
        for element in self.of_type(kind):
            proto = getattr(element, kind)
            if proto.label == label:
                return proto
        shown = [getattr(e, kind).label for e in self.of_type(kind)]
        raise ProtocolError(f"no {kind} labelled {label!r} on the page; it shows {shown}")

    def alerts(self, format_name: str) -> list[str]:
        """The bodies of the alerts of one format (``SUCCESS``, ``ERROR``, ``INFO``, ``WARNING``)."""
        wanted = Alert.Format.Value(format_name)
        return [element.alert.body for element in self.of_type("alert") if element.alert.format == wanted]

    def texts(self) -> list[str]:
        """The page's markdown, alert and exception texts (to tell what a run said)."""
        found = []
        for path in sorted(self.elements):
            element = self.elements[path]
            kind = element.WhichOneof("type")
            if kind in ("markdown", "alert"):
                found.append(getattr(element, kind).body)
            elif kind == "exception":
                found.append(f"{element.exception.type}: {element.exception.message}")
        return found


class ProtocolSession:
    """One browser tab's websocket session on a Streamlit server (use ``async with``)."""

    def __init__(self, base_url: str, path_and_query: str) -> None:
        parts = urlsplit(f"{base_url}/{path_and_query}")
        self._stream = f"ws://{parts.netloc}/_stcore/stream"
        self._page_name = parts.path.strip("/")
        self.query_string = parts.query
        self._page_hash = ""
        self._values: dict[str, WidgetState] = {}
        self._socket: ClientConnection | None = None
        self.last = Run()

    async def __aenter__(self) -> ProtocolSession:
        self._socket = await connect(self._stream, subprotocols=[Subprotocol("streamlit")], max_size=None)
        await self.rerun()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._socket is not None:
            await self._socket.close()

    async def rerun(self, *changes: WidgetState, wait: bool = True) -> Run:
        """Send a rerun with the page's widget states plus ``changes`` (as a click or a choice does),
        and (unless ``wait`` is false) read the run to its end."""
        states = dict(self._values)
        states.update({change.id: change for change in changes})
        message = BackMsg()
        client = message.rerun_script
        client.query_string = self.query_string
        client.page_script_hash = self._page_hash
        client.page_name = "" if self._page_hash else self._page_name
        client.widget_states.widgets.extend(states.values())
        for change in changes:  # values are kept, triggers fire once
            if change.WhichOneof("value") != "trigger_value":
                self._values[change.id] = change
        assert self._socket is not None
        await self._socket.send(message.SerializeToString())
        return await self.read_run() if wait else self.last

    async def read_run(self) -> Run:
        """Read ForwardMsgs until a script run ends, skipping runs cut short by a newer rerun."""
        assert self._socket is not None
        run = Run()
        while True:
            message = ForwardMsg()
            async with asyncio.timeout(RUN_TIMEOUT_SECONDS):
                message.ParseFromString(await self._socket.recv())
            kind = message.WhichOneof("type")
            if kind == "new_session":
                run = Run()
            elif kind == "navigation":  # the page that runs (new_session names the pages directory's)
                self._page_hash = message.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = message.page_info_changed.query_string
            elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                run.elements[tuple(message.metadata.delta_path)] = message.delta.new_element
            elif kind == "script_finished":
                if message.script_finished == RERUN_INTERRUPTED:
                    continue
                self._keep_widget_values(run)
                self.last = run
                return run

    def _keep_widget_values(self, run: Run) -> None:
        """Keep the states of the widgets shown now, as the frontend does (values the server set win)."""
        shown: dict[str, WidgetState] = {}
        for path in sorted(run.elements):
            element = run.elements[path]
            kind = element.WhichOneof("type")
            if kind not in WIDGET_TYPES or kind == "button":
                continue
            proto = getattr(element, kind)
            state = self._values.get(proto.id)
            if getattr(proto, "set_value", False) or state is None:
                state = _server_value(kind, proto)
            if state is not None:
                shown[proto.id] = state
        self._values = shown


def _server_value(kind: str, proto: Any) -> WidgetState | None:
    """A widget's state as drawn by the server (its set value, else its default), None when empty."""
    state = WidgetState(id=proto.id)
    if kind == "checkbox":
        state.bool_value = proto.value if proto.set_value else proto.default
    elif kind in ("radio", "selectbox"):
        if proto.set_value and proto.HasField("raw_value"):
            state.string_value = proto.raw_value
        elif proto.HasField("default"):
            state.string_value = proto.options[proto.default]
        else:
            return None
    elif kind == "text_area":
        if not proto.HasField("value"):
            return None
        state.string_value = proto.value
    return state


def choice(widget: Any, option: str) -> WidgetState:
    """The state of a radio (or select box) with ``option`` (a shown label) chosen."""
    if option not in widget.options:
        raise ProtocolError(f"{widget.label!r} has no option {option!r}: {list(widget.options)}")
    return WidgetState(id=widget.id, string_value=option)


def click(button: Any) -> WidgetState:
    """The state of a button being pressed (a trigger, true for one run)."""
    return WidgetState(id=button.id, trigger_value=True)


def run_sessions(sessions: Coroutine[Any, Any, T]) -> T:
    """Run ``sessions`` on an event loop of their own, in a thread: a test session may already run
    one in the main thread (Playwright's sync API does), and asyncio.run refuses to nest."""
    with ThreadPoolExecutor(max_workers=1) as runner:
        return runner.submit(asyncio.run, sessions).result()
