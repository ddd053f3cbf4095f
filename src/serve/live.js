// ictreport live reload: reloads the page after a good rebuild, shows the build's errors
// over the page after a failed one (the last good page stays underneath). The overlay is
// opaque, in the site's language (the server sends its words), and links each error to
// the preview's page of its file at its line.
(function () {
  "use strict";
  var version = null;
  var overlay = null;
  function showErrors(state) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "ictreport-errors";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:#141414;color:#fff;font:14px/1.5 ui-monospace,monospace;padding:2rem";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    overlay.lang = state.overlay.lang;
    var h = document.createElement("h2");
    h.textContent = state.overlay.heading;
    h.style.cssText = "color:#ffb4a9;font:bold 18px system-ui,sans-serif;margin:0 0 .5rem";
    overlay.appendChild(h);
    var note = document.createElement("p");
    note.textContent = state.overlay.note;
    note.style.cssText = "font:15px system-ui,sans-serif;margin:0 0 1rem";
    overlay.appendChild(note);
    state.errors.forEach(function (error) {
      if (error.link) {
        var a = document.createElement("a");
        a.href = error.link.href;
        a.textContent = error.link.text;
        a.target = "_blank";
        a.style.cssText = "color:#9ecaff;font:15px system-ui,sans-serif";
        overlay.appendChild(a);
      }
      var pre = document.createElement("pre");
      pre.lang = "en";
      pre.style.cssText = "white-space:pre-wrap;margin:.25rem 0 1.5rem";
      pre.textContent = error.text;
      overlay.appendChild(pre);
    });
  }
  var source = new EventSource(document.currentScript.dataset.events);
  source.addEventListener("state", function (e) {
    var state = JSON.parse(e.data);
    // For tests and curious editors: the build this page has seen.
    window.__ictreportState = state;
    if (state.errors && state.errors.length) {
      showErrors(state);
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
