// Return-visit KPIs: the visit rate and the on-time rate of the twelve months as lines. The
// figures come from the page's json_script block (#kpi-chart-data).
(function () {
  "use strict";
  const canvas = document.getElementById("kpi-chart");
  const source = document.getElementById("kpi-chart-data");
  if (!canvas || !source || !window.Chart) return;
  const data = JSON.parse(source.textContent);
  new window.Chart(canvas, {
    type: "line",
    data: {
      labels: data.labels,
      datasets: [
        {label: data.names.visit_rate, data: data.visit_rate, borderColor: "#0d6efd", backgroundColor: "#0d6efd", spanGaps: true},
        {label: data.names.on_time_rate, data: data.on_time_rate, borderColor: "#198754", backgroundColor: "#198754", spanGaps: true},
      ],
    },
    options: {
      maintainAspectRatio: false,
      scales: {y: {beginAtZero: true, max: 100}},
    },
  });
})();
