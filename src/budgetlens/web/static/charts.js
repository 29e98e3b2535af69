// Draws the charts of a page with the vendored ECharts (static/vendor/echarts.min.js). The figures
// come from the page itself: a JSON block (<script type="application/json" id="chart-data">), which
// is data, not a script, so the Content-Security-Policy stays strict.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var block = document.getElementById("chart-data");
  if (!block || typeof echarts === "undefined") { return; }
  var charts = JSON.parse(block.textContent);
  var palette = ["#1f3a5f", "#c0504d", "#d39b2a", "#4f8a5b", "#7a5c99", "#3d8fb8", "#8c6d46", "#9aa3af", "#d4779c"];
  charts.forEach(function (c) {
    var box = document.getElementById(c.id);
    if (!box) { return; }
    var chart = echarts.init(box, null, { renderer: "canvas" });
    var unit = c.unit;
    chart.setOption({
      animation: false,
      color: palette,
      title: { text: c.heading, left: 0, textStyle: { fontSize: 14 } },
      tooltip: { trigger: "axis", renderMode: "richText", axisPointer: { type: "shadow" } },
      legend: { bottom: 0, left: 0, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 11 } },
      grid: { left: 10, right: 20, top: 44, bottom: 64, containLabel: true },
      xAxis: { type: "category", data: c.categories, axisLabel: { interval: 0, width: 140, overflow: "break" } },
      yAxis: { type: "value" },
      series: c.series.map(function (s) {
        return {
          name: s.name, type: "bar", data: s.data, stack: c.stacked ? "total" : undefined, barMaxWidth: 48,
          label: { show: !c.stacked, position: "top", formatter: function (p) {
            return p.value === null || p.value === undefined ? "" : p.value + (unit === "%" ? "%" : ""); } }
        };
      })
    });
    box.setAttribute("data-drawn", "1");
    window.addEventListener("resize", function () { chart.resize(); });
  });
});
