// Bundle CodeMirror 6 (entry.mjs) into one file, copy DataTables, and gather every
// bundled package's licence next to it. Run: npm ci && npm run build (in scripts/editor/).
import { build } from "esbuild";
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";

const out = "../../src/wco_kg/server/static/vendor";
const result = await build({
  entryPoints: ["entry.mjs"], bundle: true, minify: true, format: "iife", globalName: "CM",
  outfile: join(out, "codemirror", "codemirror.js"), metafile: true, legalComments: "none",
  target: ["es2020"],
});

// Every npm package that went into the bundle, with its version and licence text.
const packages = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (m) packages.add(m[1]);
}
let licences = "Licences of the npm packages bundled into codemirror.js (built by scripts/editor/build.mjs)\n";
const versions = {};
for (const name of [...packages].sort()) {
  const dir = join("node_modules", name);
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  versions[name] = pkg.version;
  const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  licences += `\n==== ${name} ${pkg.version} (${pkg.license}) ====\n\n` + (file ? readFileSync(join(dir, file), "utf8") : "(no licence file)\n");
}
writeFileSync(join(out, "codemirror", "LICENSE"), licences);
writeFileSync(join(out, "codemirror", "VERSIONS.json"), JSON.stringify(versions, null, 2) + "\n");

// DataTables (sorting, filtering, paging of the results table), as its authors ship it.
const dtOut = join(out, "datatables");
mkdirSync(dtOut, { recursive: true });
cpSync("node_modules/datatables.net/js/dataTables.min.js", join(dtOut, "dataTables.min.js"));
cpSync("node_modules/datatables.net-dt/css/dataTables.dataTables.min.css", join(dtOut, "dataTables.dataTables.min.css"));
cpSync("node_modules/datatables.net/License.txt", join(dtOut, "LICENSE"));
const v = JSON.parse(readFileSync("node_modules/datatables.net/package.json", "utf8")).version;
const vdt = JSON.parse(readFileSync("node_modules/datatables.net-dt/package.json", "utf8")).version;
writeFileSync(join(dtOut, "VERSIONS.json"), JSON.stringify({ "datatables.net": v, "datatables.net-dt": vdt }, null, 2) + "\n");
console.log("bundled:", Object.entries(versions).map(([k, v]) => `${k}@${v}`).join(", "), `datatables.net@${v}`);
