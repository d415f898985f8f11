// Finishes each built bundle where Trunk stops: minifies its wasm-bindgen JS glue, and joins its
// stylesheets into one, rewriting the Subresource Integrity hashes Trunk put in its index.html.
//
// - Trunk's own minifier fails on wasm-bindgen's glue (`RequiredTokenNotFound … KeywordDefault`
//   on `export … as default`) and ships it as written; terser reads it. Only names terser may
//   rename are renamed: the glue's exports and the wasm imports' property names stay (a quarter
//   of the glue's brotli bytes, docs/bundle-size.md).
// - Trunk writes one file per `<link data-trunk rel="css">`; brotli compresses them apart, and a
//   phone fetches each. Joined in their order (the cascade is unchanged) they compress better
//   and come in one request (docs/bundle-size.md). The joined file is named by its
//   content's hash, so it is cached as immutable like Trunk's own.
//
// usage: node scripts/finish-bundles.mjs dist dist/v dist/report …
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync, readdirSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { minify } from "terser";

const sri = (bytes) => "sha384-" + createHash("sha384").update(bytes).digest("base64");

async function minifyGlue(dir, html) {
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
  if (!html.includes(before)) throw new Error(`${dir}/index.html has no integrity ${before} for ${glue[0]}`);
  const result = await minify(source.toString("utf8"), { module: true, compress: true, mangle: true });
  writeFileSync(path, result.code);
  console.log(`${path}: ${source.length} → ${Buffer.byteLength(result.code)} bytes`);
  return html.split(before).join(sri(Buffer.from(result.code, "utf8")));
}

function joinStyles(dir, html) {
  // Trunk writes `<link href=/prefix/name-hash.css integrity=sha384-… rel=stylesheet>`.
  const links = [...html.matchAll(/<link href=(\S+\.css) integrity=(\S+) rel=stylesheet>/g)];
  if (links.length < 2) return html;
  const names = links.map(([, href]) => href.slice(href.lastIndexOf("/") + 1));
  const joined = Buffer.concat(names.map((name) => readFileSync(join(dir, name))));
  const hash = createHash("sha256").update(joined).digest("hex").slice(0, 16);
  const name = `styles-${hash}.css`;
  writeFileSync(join(dir, name), joined);
  const href = links[0][1].slice(0, links[0][1].lastIndexOf("/") + 1) + name;
  // The first link becomes the joined file's; the others go.
  html = html.replace(links[0][0], `<link href=${href} integrity=${sri(joined)} rel=stylesheet>`);
  for (const [tag] of links.slice(1)) html = html.replace(tag, "");
  for (const old of names) unlinkSync(join(dir, old));
  console.log(`${join(dir, name)}: ${names.join(" + ")}`);
  return html;
}

for (const dir of process.argv.slice(2)) {
  const htmlPath = join(dir, "index.html");
  let html = readFileSync(htmlPath, "utf8");
  html = await minifyGlue(dir, html);
  html = joinStyles(dir, html);
  writeFileSync(htmlPath, html);
}
