// The workbench's behaviour: filters, keyboard, and the writes (JSON to /api/…, with the
// session token in a header; a conflict or a refusal is shown, never swallowed).
(function () {
  "use strict";
  var token = document.querySelector('meta[name="triglot-token"]').content;
  var banner = document.getElementById("banner");
  function say(text, ok) {
    banner.textContent = text; banner.className = ok ? "ok" : "error"; banner.hidden = false;
    clearTimeout(say.timer); say.timer = setTimeout(function () { banner.hidden = true; }, ok ? 2500 : 8000);
  }
  function post(url, body) {
    return fetch(url, {method: "POST", credentials: "same-origin",
                       headers: {"Content-Type": "application/json", "X-Triglot-Token": token},
                       body: JSON.stringify(body || {})})
      .then(function (r) {
        return r.json().catch(function () { return {ok: false, error: r.statusText}; }).then(function (data) {
          if (!r.ok || !data.ok) { throw new Error(data.error || r.statusText); }
          return data;
        });
      });
  }
  window.triglot = {post: post, say: say};
  // a message that outlives the reload an edit makes
  var kept = sessionStorage.getItem("triglot-said");
  if (kept) { sessionStorage.removeItem("triglot-said"); say(kept, true); }
  function reloadSaying(text) { sessionStorage.setItem("triglot-said", text); location.reload(); }
  document.querySelectorAll("form#filters, form#new-rule, form#bulk").forEach(function (f) {
    f.addEventListener("submit", function (ev) { ev.preventDefault(); });
  });

  // ---------------------------------------------------------------- a document
  var doc = document.getElementById("doc");
  if (doc) {
    var docId = doc.dataset.doc, base = "/api/doc/" + encodeURIComponent(docId);
    var units = document.getElementById("units");
    units.addEventListener("click", function (ev) {
      var button = ev.target.closest("button");
      if (!button) { return; }
      if (button.classList.contains("op")) { edit(button); }
      if (button.classList.contains("decision")) { decide(button.closest("li.flag"), button.dataset.status); }
    });
    units.addEventListener("change", function (ev) {
      if (ev.target.classList.contains("comment")) {
        decide(ev.target.closest("li.flag"), null, ev.target.value);
      }
    });
    function edit(button) {
      var tr = button.closest("tr.unit"), sent = button.closest("li.sent");
      var body = {op: button.dataset.op, unit: parseInt(tr.dataset.unit, 10),
                  revision: parseInt(doc.dataset.revision, 10)};
      if (sent) { body.lang = sent.dataset.lang; body.sentence = parseInt(sent.dataset.id, 10); }
      if (button.dataset.to) { body.to = button.dataset.to; }
      busy(true);
      post(base + "/edit", body).then(function (data) {
        reloadSaying(data.done + " — reports and TMX rewritten");
      }).catch(function (err) { busy(false); say(err.message, false); });
    }
    function busy(on) {
      document.querySelectorAll("button.op, #undo").forEach(function (b) { b.disabled = on; });
      document.body.classList.toggle("busy", on);
      if (on) { banner.textContent = "Applying the edit: checks rerun, reports and TMX rewritten…"; banner.className = "ok"; banner.hidden = false; }
    }
    // Decisions on one flag go out one after the other, each with the revision the previous
    // answer gave (a comment saved on blur and a click right after would otherwise race).
    function decide(li, status, comment) {
      li.queue = (li.queue || Promise.resolve()).then(function () { return send(li, status, comment); });
      return li.queue;
    }
    function send(li, status, comment) {
      // a comment on a flag a rule silenced makes it dismissed by the reviewer, with the reason
      var now = status || (li.dataset.status === "ignored" ? "dismissed" : li.dataset.status);
      var body = {key: li.dataset.key, status: now, revision: parseInt(li.dataset.revision, 10),
                  kind: li.dataset.kind, unit: parseInt(li.dataset.unit, 10), message: li.dataset.message,
                  comment: comment !== undefined ? comment : li.querySelector("input.comment").value};
      return post(base + "/flag", body).then(function (data) {
        li.dataset.revision = data.revision;
        li.dataset.status = data.status;
        li.className = "flag st-" + data.status + (li.classList.contains("current") ? " current" : "");
        li.querySelector(".status").textContent = data.status;
        say(li.dataset.kind + ": " + data.status, true);
        recount();
        apply();  // a dismissed flag leaves the view while the filters hide dismissed ones
      }).catch(function (err) { say(err.message, false); });
    }
    function recount() {
      var counts = {};
      document.querySelectorAll("li.flag").forEach(function (li) { counts[li.dataset.status] = (counts[li.dataset.status] || 0) + 1; });
      document.querySelectorAll("[id^=count-]").forEach(function (el) { el.textContent = counts[el.id.slice(6)] || 0; });
    }
    var undo = document.getElementById("undo");
    if (undo) {
      undo.addEventListener("click", function () {
        busy(true);
        post(base + "/undo", {revision: parseInt(doc.dataset.revision, 10)})
          .then(function (data) { reloadSaying(data.done + " — reports and TMX rewritten"); })
          .catch(function (err) { busy(false); say(err.message, false); });
      });
    }
    document.getElementById("rewrite").addEventListener("click", function (ev) {
      ev.target.disabled = true;
      post(base + "/rewrite").then(function (data) { say("rewritten: " + data.written.length + " files", true); })
        .catch(function (err) { say(err.message, false); }).then(function () { ev.target.disabled = false; });
    });
    // filters
    function checked(cls) {
      var out = {};
      document.querySelectorAll("input." + cls).forEach(function (b) { out[b.value] = b.checked; });
      return out;
    }
    function apply() {
      var kinds = checked("f-kind"), sts = checked("f-status"), sevs = checked("f-sev");
      var unflagged = document.getElementById("show-unflagged").checked;
      var text = document.getElementById("filter-text").value.trim().toLowerCase();
      document.querySelectorAll("tr.unit").forEach(function (tr) {
        var shown = 0, all = tr.querySelectorAll("li.flag");
        all.forEach(function (li) {
          var on = kinds[li.dataset.kind] !== false && sts[li.dataset.status] !== false && sevs[li.dataset.severity] !== false;
          li.hidden = !on; if (on) { shown += 1; }
        });
        var visible = all.length ? shown > 0 : unflagged;
        if (text && tr.textContent.toLowerCase().indexOf(text) < 0) { visible = false; }
        tr.hidden = !visible;
      });
    }
    document.querySelectorAll("#filters input").forEach(function (b) {
      b.addEventListener("change", apply); b.addEventListener("input", apply);
    });
    apply();
    // keyboard
    var current = null;
    function visibleFlags() { return Array.prototype.filter.call(document.querySelectorAll("li.flag"), function (li) { return !li.hidden && !li.closest("tr").hidden; }); }
    function visibleUnits() { return Array.prototype.filter.call(document.querySelectorAll("tr.unit"), function (tr) { return !tr.hidden; }); }
    function focus(el) {
      document.querySelectorAll(".current").forEach(function (c) { c.classList.remove("current"); });
      if (!el) { return; }
      el.classList.add("current"); current = el;
      el.scrollIntoView({block: "center"});
    }
    // The next (dir 1) or previous (-1) element of ``list`` from the current one in document
    // order, even when the current one has just left the view (a flag dismissed under the cursor).
    function step(list, dir) {
      if (!list.length) { return; }
      if (!current) { focus(list[dir > 0 ? 0 : list.length - 1]); return; }
      var i = list.indexOf(current);
      if (i >= 0) { focus(list[Math.max(0, Math.min(list.length - 1, i + dir))]); return; }
      var after = list.filter(function (el) {
        var pos = current.compareDocumentPosition(el);
        return dir > 0 ? (pos & Node.DOCUMENT_POSITION_FOLLOWING) && !(pos & Node.DOCUMENT_POSITION_CONTAINED_BY)
                       : (pos & Node.DOCUMENT_POSITION_PRECEDING) && !(pos & Node.DOCUMENT_POSITION_CONTAINS);
      });
      if (after.length) { focus(dir > 0 ? after[0] : after[after.length - 1]); }
    }
    document.addEventListener("keydown", function (ev) {
      if (ev.target.matches("input, textarea, select") || ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
      var k = ev.key;
      if (k === "j") { step(visibleFlags(), 1); }
      else if (k === "k") { step(visibleFlags(), -1); }
      else if (k === "n") { step(visibleUnits(), 1); }
      else if (k === "p") { step(visibleUnits(), -1); }
      else if (k === "/") { ev.preventDefault(); document.getElementById("filter-text").focus(); }
      else if (current && current.matches("li.flag") && (k === "d" || k === "c" || k === "o")) {
        decide(current, {d: "dismissed", c: "confirmed", o: "open"}[k]);
      } else { return; }
      ev.preventDefault();
    });
    // ignore rules
    document.getElementById("rule-add").addEventListener("click", function () {
      post("/api/rules", {pattern: document.getElementById("rule-pattern").value, kind: document.getElementById("rule-kind").value,
                          regex: document.getElementById("rule-regex").checked, note: document.getElementById("rule-note").value})
        .then(function () { reloadSaying("ignore rule added"); }).catch(function (err) { say(err.message, false); });
    });
    document.getElementById("rules").addEventListener("click", function (ev) {
      if (!ev.target.classList.contains("rule-delete")) { return; }
      post("/api/rules/" + ev.target.closest("li").dataset.rule + "/delete").then(function () { reloadSaying("ignore rule removed"); })
        .catch(function (err) { say(err.message, false); });
    });
  }

  // ---------------------------------------------------------------- the termbase
  var terms = document.getElementById("terms");
  if (terms) {
    function setStatus(ids, status) {
      return post("/api/terms/status", {ids: ids, status: status}).then(function (data) {
        ids.forEach(function (id) {
          var tr = document.getElementById("term-" + id);
          tr.dataset.status = status; tr.className = "term st-" + status;
          tr.querySelector("td.status").textContent = status;
        });
        say(data.changed + " entr" + (data.changed === 1 ? "y " : "ies ") + status + "; glossary.tbx rewritten", true);
      }).catch(function (err) { say(err.message, false); });
    }
    terms.addEventListener("click", function (ev) {
      var tr = ev.target.closest("tr.term");
      if (!tr || ev.target.tagName !== "BUTTON") { return; }
      if (ev.target.classList.contains("approve")) { setStatus([tr.dataset.id], "approved"); }
      if (ev.target.classList.contains("reject")) { setStatus([tr.dataset.id], "rejected"); }
      if (ev.target.classList.contains("save")) {
        var forms = {};
        tr.querySelectorAll("input.form").forEach(function (i) { forms[i.dataset.lang] = i.value; });
        post("/api/terms/" + encodeURIComponent(tr.dataset.id), {terms: forms, note: tr.querySelector("textarea.note").value,
                                                                   definition: tr.querySelector("textarea.definition").value,
                                                                   domain: tr.querySelector("input.domain").value})
          .then(function () { say("saved; glossary.tbx rewritten", true); }).catch(function (err) { say(err.message, false); });
      }
    });
    function picked() { return Array.prototype.map.call(terms.querySelectorAll("input.pick:checked"), function (b) { return b.closest("tr").dataset.id; }); }
    document.getElementById("approve-selected").addEventListener("click", function () { setStatus(picked(), "approved"); });
    document.getElementById("reject-selected").addEventListener("click", function () { setStatus(picked(), "rejected"); });
    document.getElementById("bulk-approve").addEventListener("click", function () {
      post("/api/terms/status", {min_confidence: parseFloat(document.getElementById("bulk-confidence").value), status: "approved"})
        .then(function (data) { reloadSaying(data.changed + " entries approved; glossary.tbx rewritten"); })
        .catch(function (err) { say(err.message, false); });
    });
  }
})();
