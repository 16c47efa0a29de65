// The session's link in the address bar after a fragment's run (smartcity/ui/address.py): replaced in
// place, so neither Streamlit's app-wide redraw nor a history entry per slider move.
export default function ({ data }) {
  const wanted = data.query ? "?" + data.query : "";
  if (window.location.search !== wanted) {
    const address = window.location.pathname + wanted + window.location.hash;
    window.history.replaceState(window.history.state, "", address);
  }
}
