// The upload page: files chosen or dropped (several, or zip archives) are listed, sent as a job
// (/upload/jobs), and each file's progress is shown while it is uploaded, read and checked (the
// job is polled). Without this script the form still posts to /upload and the page answers when
// everything is done. No other script runs on the pages except the charts (charts.js).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("upload-form");
  if (!form) { return; }
  var input = form.querySelector("input[type=file]");
  var list = document.getElementById("chosen");
  var drop = document.getElementById("drop");
  var errorBox = document.getElementById("upload-error");
  var t = form.dataset;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }

  function listChosen() {
    list.textContent = "";
    Array.prototype.forEach.call(input.files, function (f) {
      list.appendChild(el("li", f.name + " (" + Math.ceil(f.size / 1024) + " KB)"));
    });
  }
  input.addEventListener("change", listChosen);

  ["dragenter", "dragover"].forEach(function (name) {
    drop.addEventListener(name, function (e) { e.preventDefault(); drop.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    drop.addEventListener(name, function (e) { e.preventDefault(); drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (e) {
    if (e.dataTransfer && e.dataTransfer.files.length) {
      input.files = e.dataTransfer.files;
      listChosen();
    }
  });

  function results() {
    var old = document.getElementById("results");
    if (old) { old.parentNode.removeChild(old); }
    var section = el("section");
    section.id = "results";
    section.appendChild(el("h2", t.tResult));
    var table = el("table", null, "grid");
    var head = el("tr");
    [t.tFile, t.tStatus, t.tProgress, t.tFindings, ""].forEach(function (h) { head.appendChild(el("th", h)); });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    table.appendChild(el("tbody"));
    section.appendChild(table);
    form.parentNode.appendChild(section);
    return section;
  }

  function bar(fraction) {
    var p = el("progress");
    p.max = 1;
    if (fraction !== null) { p.value = fraction; }
    return p;
  }

  function row(name, status, progress, findings, cell, cls) {
    var tr = el("tr", null, cls || "");
    tr.appendChild(el("td", name));
    tr.appendChild(el("td", status));
    var td = el("td");
    if (progress !== undefined) { td.appendChild(bar(progress)); }
    tr.appendChild(td);
    tr.appendChild(el("td", findings));
    tr.appendChild(cell || el("td"));
    return tr;
  }

  function outcome(r) {
    var td = el("td");
    if (r.document) {
      var a = el("a", t.tDocument + " #" + r.document);
      a.href = "/documents/" + r.document;
      td.appendChild(a);
    }
    if (r.status === "unreadable" || r.status === "refused" || r.unreadable) {
      if (r.explained) { td.appendChild(el("span", r.explained, "why")); td.appendChild(el("br")); }
      td.appendChild(el("span", r.message, "small"));
    }
    return td;
  }

  function show(section, job) {
    var body = section.querySelector("tbody");
    body.textContent = "";
    job.files.forEach(function (f) {
      if (f.status !== "done") {
        body.appendChild(row(f.name, f.label, f.status === "working" ? null : 0, "", null, "st-" + f.status));
        return;
      }
      f.results.forEach(function (r) {
        body.appendChild(row(r.path, r.label, 1, r.findings ? String(r.findings) : "", outcome(r), "st-" + r.status));
      });
    });
    if (job.done) { section.setAttribute("data-done", "1"); }
  }

  function poll(section, id) {
    var xhr = new XMLHttpRequest();
    xhr.open("GET", "/upload/jobs/" + encodeURIComponent(id));
    xhr.onload = function () {
      if (xhr.status !== 200) { fail(t.tFailed + " (" + xhr.status + ")"); return; }
      var job = JSON.parse(xhr.responseText);
      show(section, job);
      if (!job.done) { window.setTimeout(function () { poll(section, id); }, 600); }
    };
    xhr.onerror = function () { fail(t.tFailed); };
    xhr.send();
  }

  function fail(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
  }

  form.addEventListener("submit", function (e) {
    if (!window.FormData || !input.files.length) { return; }
    e.preventDefault();
    errorBox.hidden = true;
    var files = Array.prototype.slice.call(input.files);
    var total = files.reduce(function (n, f) { return n + f.size; }, 0);
    if (total > Number(t.limit)) { fail(t.tTooLarge); return; }
    var data = new FormData();
    var region = form.querySelector("input[name=region]");
    if (region && region.value) { data.append("region", region.value); }
    files.forEach(function (f) { data.append("files", f, f.name); });
    var section = results();
    var body = section.querySelector("tbody");
    var bars = files.map(function (f) {
      var tr = row(f.name, t.tUploading, 0, "", null, "st-uploading");
      body.appendChild(tr);
      return tr.querySelector("progress");
    });
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.dataset.jobs);
    xhr.upload.onprogress = function (ev) {
      if (!ev.lengthComputable) { return; }
      var sent = ev.loaded / ev.total * total, start = 0;  // each file's share of the bytes sent
      files.forEach(function (f, i) {
        bars[i].value = f.size ? Math.max(0, Math.min(1, (sent - start) / f.size)) : 1;
        start += f.size;
      });
    };
    xhr.onload = function () {
      var answer = null;
      try { answer = JSON.parse(xhr.responseText); } catch (err) { answer = null; }
      if (xhr.status !== 202 || !answer) {
        fail((answer && answer.error) || (t.tFailed + " (" + xhr.status + ")"));
        return;
      }
      show(section, answer);
      poll(section, answer.job);
    };
    xhr.onerror = function () { fail(t.tFailed); };
    xhr.send(data);
  });
});
