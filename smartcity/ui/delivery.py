"""Delivery of a run's output: what a user waits for goes to the browser before the rest of the run.

Streamlit sends a run's elements from its event-loop thread, which needs the GIL that the script's thread
holds while it works, so elements drawn in quick succession reach the browser together. The browser redraws
the whole app for each batch it receives: new numbers that arrive with a column of seven sliders wait for
all of them to be redrawn. A short pause after the numbers sends them alone; the sliders follow.
"""

import time

PAUSE_S = 0.005
"""Long enough for the event loop to send the queued elements, and the browser to start drawing them.
Measured side by side on the what-if page (live server, headless Chromium, 50 moves each): slider -> numbers
~36 ms with no pause, ~32 ms with 2 ms, 28-30 ms with 4-8 ms, 31 ms with 10 ms. A run is that much longer."""


def send_now() -> None:
    """Let Streamlit send what this run has drawn so far, before the run goes on."""
    time.sleep(PAUSE_S)
