// Applies the remembered theme (or the system's) before the first paint; loaded as a file, so
// the page's CSP needs no inline script for it.
(() => {
  let choice = "system";
  try {
    choice = localStorage.getItem("faramesh-theme") || "system";
  } catch {}
  const dark =
    choice === "dark" ||
    (choice === "system" && matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
})();
