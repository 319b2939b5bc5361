// Draws the refusals chart from the table under it, so that both always show the same numbers:
// one group of two bars (today, this week) per reason, with uPlot.
(function () {
  "use strict";
  var holder = document.getElementById("refusal-chart");
  var table = document.getElementById("refusal-table");
  if (!holder || !table || typeof uPlot === "undefined") {
    return;
  }
  var rows = table.querySelectorAll("tbody tr[data-reason]");
  var labels = [];
  var xs = [];
  var today = [];
  var week = [];
  rows.forEach(function (row, i) {
    xs.push(i);
    labels.push(row.getAttribute("data-label"));
    today.push(Number(row.getAttribute("data-today")));
    week.push(Number(row.getAttribute("data-week")));
  });
  var most = Math.max.apply(null, week.concat([1]));
  var bars = function (align) {
    return uPlot.paths.bars({ size: [0.35, 80], align: align, gap: 2 });
  };
  var width = function () {
    return Math.max(320, holder.clientWidth || 640);
  };
  var opts = {
    width: width(),
    height: 300,
    legend: { show: true, live: false },
    cursor: { show: false },
    scales: {
      x: { time: false, range: [-0.5, xs.length - 0.5] },
      y: { range: [0, Math.ceil(most * 1.15)] },
    },
    axes: [
      {
        splits: function () { return xs; },
        values: function (u, splits) {
          return splits.map(function (i) { return labels[i] || ""; });
        },
        size: 60,
        gap: 6,
      },
      {
        splits: function (u, axisIdx, min, max) {
          var step = Math.max(1, Math.ceil(max / 5));
          var out = [];
          for (var v = 0; v <= max; v += step) {
            out.push(v);
          }
          return out;
        },
        values: function (u, splits) { return splits.map(String); },
      },
    ],
    series: [
      { label: holder.getAttribute("data-reasons") },
      {
        label: holder.getAttribute("data-today"),
        fill: "#1f6f8b",
        stroke: "#1f6f8b",
        paths: bars(-1),
        points: { show: false },
      },
      {
        label: holder.getAttribute("data-week"),
        fill: "#f0a04b",
        stroke: "#c97a22",
        paths: bars(1),
        points: { show: false },
      },
    ],
  };
  var chart = new uPlot(opts, [xs, today, week], holder);
  holder.setAttribute("data-drawn", "true");
  window.addEventListener("resize", function () {
    chart.setSize({ width: width(), height: 300 });
  });
})();
