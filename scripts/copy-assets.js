// Copy the front-end assets from node_modules into static/vendor (served by Django/whitenoise).
const fs = require("fs");
const path = require("path");

const root = path.join(__dirname, "..");
const vendor = path.join(root, "static", "vendor");
const files = {
  "bootstrap/dist/css/bootstrap.min.css": "bootstrap/bootstrap.min.css",
  "bootstrap/dist/js/bootstrap.bundle.min.js": "bootstrap/bootstrap.bundle.min.js",
  "bootstrap-icons/font/bootstrap-icons.min.css": "bootstrap-icons/bootstrap-icons.min.css",
  "bootstrap-icons/font/fonts/bootstrap-icons.woff2": "bootstrap-icons/fonts/bootstrap-icons.woff2",
  "bootstrap-icons/font/fonts/bootstrap-icons.woff": "bootstrap-icons/fonts/bootstrap-icons.woff",
  "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
  // The UMD build bundles its one dependency (@kurkle/color) and defines window.Chart.
  "chart.js/dist/chart.umd.min.js": "chart.js/chart.umd.min.js",
};
for (const [from, to] of Object.entries(files)) {
  const target = path.join(vendor, to);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(path.join(root, "node_modules", from), target);
}
console.log(`copied ${Object.keys(files).length} assets into static/vendor`);
