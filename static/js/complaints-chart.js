// Complaints of the month by cause, as bars. The figures come from the page's json_script
// block (#complaints-chart-data).
(function () {
  "use strict";
  const canvas = document.getElementById("complaints-chart");
  const source = document.getElementById("complaints-chart-data");
  if (!canvas || !source || !window.Chart) return;
  const data = JSON.parse(source.textContent);
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [{label: data.name, data: data.counts, backgroundColor: "rgba(13, 110, 253, 0.7)"}],
    },
    options: {maintainAspectRatio: false, scales: {y: {beginAtZero: true, ticks: {precision: 0}}}},
  });
})();
