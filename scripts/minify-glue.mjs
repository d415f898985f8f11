// Minifies the wasm-bindgen JS glue of each built bundle and rewrites the Subresource Integrity
// hashes that Trunk put in the bundle's index.html for it.
//
// Trunk's own minifier fails on wasm-bindgen's glue (`RequiredTokenNotFound … KeywordDefault`
// on `export … as default`) and ships it as written; terser reads it. Measured on the vote
// bundle's glue: 6,673 → 5,023 bytes brotli (2026-12-05). Only names terser may rename are
// renamed: the glue's exports and the wasm imports' property names stay as they are.
//
// usage: node scripts/minify-glue.mjs dist dist/v dist/report …
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { minify } from "terser";

const sri = (bytes) => "sha384-" + createHash("sha384").update(bytes).digest("base64");

for (const dir of process.argv.slice(2)) {
  const htmlPath = join(dir, "index.html");
  let html = readFileSync(htmlPath, "utf8");
  // The glue is the one .js next to its _bg.wasm that the page loads; the decoder worker's glue
  // (fetched by the scanner, not named in index.html) is left alone.
  const files = readdirSync(dir);
  const glue = files.filter(
    (name) => name.endsWith(".js") && files.includes(name.replace(/\.js$/, "_bg.wasm")) && html.includes(name),
  );
  if (glue.length !== 1) throw new Error(`${dir}: expected one wasm-bindgen glue file, found ${glue}`);
  const path = join(dir, glue[0]);
  const source = readFileSync(path);
  const before = sri(source);
  if (!html.includes(before)) throw new Error(`${htmlPath} has no integrity ${before} for ${glue[0]}`);
  const result = await minify(source.toString("utf8"), { module: true, compress: true, mangle: true });
  writeFileSync(path, result.code);
  html = html.split(before).join(sri(Buffer.from(result.code, "utf8")));
  writeFileSync(htmlPath, html);
  console.log(`${path}: ${source.length} → ${Buffer.byteLength(result.code)} bytes`);
}
