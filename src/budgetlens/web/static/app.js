// Lists the files chosen for upload before they are sent (no other script runs on the pages).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var input = document.querySelector("#upload-form input[type=file]");
  var list = document.getElementById("chosen");
  if (!input || !list) { return; }
  input.addEventListener("change", function () {
    list.textContent = "";
    Array.prototype.forEach.call(input.files, function (f) {
      var li = document.createElement("li");
      li.textContent = f.name + " (" + Math.ceil(f.size / 1024) + " KB)";
      list.appendChild(li);
    });
  });
});
