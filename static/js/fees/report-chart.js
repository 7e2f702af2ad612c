// Collection rate: due and collected per building as bars, the rate as a line. The figures
// come from the page's json_script block (#collection-chart-data).
(function () {
  "use strict";
  const canvas = document.getElementById("collection-chart");
  const source = document.getElementById("collection-chart-data");
  if (!canvas || !source || !window.Chart) return;
  const data = JSON.parse(source.textContent);
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        {label: data.names.billed, data: data.billed, backgroundColor: "rgba(108, 117, 125, 0.5)", yAxisID: "y"},
        {label: data.names.collected, data: data.collected, backgroundColor: "rgba(13, 110, 253, 0.7)", yAxisID: "y"},
        {label: data.names.rate, data: data.rate, type: "line", borderColor: "#198754", backgroundColor: "#198754", yAxisID: "rate"},
      ],
    },
    options: {
      maintainAspectRatio: false,
      scales: {
        y: {beginAtZero: true, position: "left"},
        rate: {beginAtZero: true, max: 100, position: "right", grid: {drawOnChartArea: false}},
      },
    },
  });
})();
