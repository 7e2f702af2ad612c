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
// A bundle naming its source map (`sourceMappingURL=`) takes the map along: collectstatic's
// manifest storage refuses a bundle whose map is missing, and then no page renders.
let copied = 0;
for (const [from, to] of Object.entries(files)) {
  const source = path.join(root, "node_modules", from);
  const target = path.join(vendor, to);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(source, target);
  copied += 1;
  const named = /\.(js|css)$/.test(from)
    ? fs.readFileSync(source, "utf8").match(/sourceMappingURL=([^\s*]+)/)
    : null;
  if (named && !named[1].startsWith("data:")) {
    const map = path.join(path.dirname(source), named[1]);
    fs.copyFileSync(map, path.join(path.dirname(target), path.basename(named[1])));
    copied += 1;
  }
}
console.log(`copied ${copied} assets into static/vendor`);
