// Presenter mode's keys: a clicker sends these. Keys typed in a form field are left alone.
const ACTIONS = {
  ArrowRight: "next", PageDown: "next", " ": "next",
  ArrowLeft: "previous", PageUp: "previous",
  Escape: "exit",
};

function typing(target) {
  return target instanceof Element
    && (target.closest("input, textarea, select, [contenteditable]:not([contenteditable='false'])") !== null);
}

export default function ({ setTriggerValue }) {
  const actionOf = (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return undefined;
    return ACTIONS[event.key];
  };
  const onKeyDown = (event) => {
    const action = actionOf(event);
    if (action === undefined) return;
    event.preventDefault();  // no page scroll, and no second press of a focused button
    if (!event.repeat) setTriggerValue("action", action);
  };
  const onKeyUp = (event) => {
    if (actionOf(event) !== undefined) event.preventDefault();  // some browsers click a focused button on Space's keyup
  };
  document.addEventListener("keydown", onKeyDown, true);
  document.addEventListener("keyup", onKeyUp, true);
  document.documentElement.dataset.presenterKeys = "on";  // the keys work from now (tests wait for it)
  return () => {
    delete document.documentElement.dataset.presenterKeys;
    document.removeEventListener("keydown", onKeyDown, true);
    document.removeEventListener("keyup", onKeyUp, true);
  };
}
