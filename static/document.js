// The page's language on its <html>: Streamlit's page always says lang="en", so screen readers would
// read Russian and Kazakh with English rules. Runs in the page itself (a components.v2 script).
export default function ({ data }) {
  document.documentElement.lang = data.lang;
}
