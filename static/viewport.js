// The browser window's inner size, for presenter slides that fit the screen. Reported on mount when it
// differs from what the server already knows (data), and again after a resize settles.
export default function ({ data, setStateValue }) {
  let timer;
  const report = () => {
    const size = { width: window.innerWidth, height: window.innerHeight };
    if (!data || data.width !== size.width || data.height !== size.height) setStateValue("size", size);
  };
  const onResize = () => {
    clearTimeout(timer);
    timer = setTimeout(report, 250);
  };
  report();
  window.addEventListener("resize", onResize);
  return () => {
    clearTimeout(timer);
    window.removeEventListener("resize", onResize);
  };
}
