// ictreport live reload: reloads the page after a good rebuild, shows the build's errors
// over the page after a failed one (the last good page stays underneath).
(function () {
  "use strict";
  var version = null;
  var overlay = null;
  function showErrors(lines) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "ictreport-errors";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);color:#fff;font:14px/1.5 ui-monospace,monospace;padding:2rem";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    var h = document.createElement("h2");
    h.textContent = "ictreport: the last edit broke the build";
    h.style.cssText = "color:#ffb4a9;font:bold 18px system-ui,sans-serif;margin:0 0 1rem";
    overlay.appendChild(h);
    var pre = document.createElement("pre");
    pre.style.whiteSpace = "pre-wrap";
    pre.textContent = lines.join("\n\n");
    overlay.appendChild(pre);
  }
  var source = new EventSource(document.currentScript.dataset.events);
  source.addEventListener("state", function (e) {
    var state = JSON.parse(e.data);
    // For tests and curious editors: the build this page has seen.
    window.__ictreportState = state;
    if (state.errors && state.errors.length) {
      showErrors(state.errors);
      return;
    }
    if (version !== null && state.version !== version) {
      location.reload();
      return;
    }
    version = state.version;
    if (overlay) { overlay.remove(); overlay = null; }
  });
})();
