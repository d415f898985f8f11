// The wasm half of scripts/bench-decoder.sh: loads the scanner module as shipped (dist/, both
// builds: qr-worker-simd*, which Chromium and every engine with wasm SIMD loads, and the plain
// qr-worker* for engines without it) and jsQR into a headless Chromium page, then decodes every
// photograph at four rotations with both, timing each call (every frame, read or not). Frames
// are drawn once per rotation and handed to both decoders as the same RGBA pixels (from
// getImageData, as the scanner gets them). Ours is `decode_rgba`: the scanner's own RGBA → luma
// step (Rust, in the module) plus the decode, including the copy of the pixels into wasm memory;
// jsQR runs with its default options (inversionAttempts "attemptBoth": it also tries the
// inverted image, as ours does), its own greyscale step included. Files are served from disk
// through Playwright's router: no network.
//
// Each page first decodes every frame once with both decoders untimed, then times PASSES more
// passes (default 3, LINLI_BENCH_PASSES) and keeps each frame's best time for each decoder: a
// scanner decodes frame after frame, so the steady state is what a resident waits for, and the
// best of a few runs leaves out what other work on a shared machine adds to one of them (the same
// rule for both decoders). The first call's one-off costs (compiling, building tables) are
// printed on their own line.
// The page is cross-origin isolated, so times are not rounded to 0.1 ms; how the bench changed
// over time is in docs/benchmarks.md.
import { chromium } from "@playwright/test";
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join, resolve, extname } from "node:path";

const root = resolve(import.meta.dirname, "..");
const data = resolve(root, process.argv[2] ?? "../shared/data/qr");
// localhost is a secure context (needed for cross-origin isolation); nothing listens on the port:
// every request is answered by the router below.
const ORIGIN = "http://localhost:9";

const cases = [];
for (const folder of readdirSync(data).filter((f) => f.startsWith("qrcode-")).sort((a, b) => num(a) - num(b))) {
  const files = readdirSync(join(data, folder)).filter((f) => /^\d+\.(png|jpe?g)$/.test(f)).sort((a, b) => num(a) - num(b));
  for (const file of files) {
    const stem = join(data, folder, file.replace(/\.[^.]+$/, ""));
    const expected = existsSync(`${stem}.txt`)
      ? readFileSync(`${stem}.txt`, "utf8")
      : String.fromCharCode(...readFileSync(`${stem}.bin`));
    cases.push({ folder, url: `${ORIGIN}/data/${folder}/${file}`, expected });
  }
}
function num(name) {
  return Number(name.replace(/\D/g, ""));
}

// LINLI_QR_WORKER_DIR times other builds of the worker (default: the shipped ones in dist/).
const worker = resolve(root, process.env.LINLI_QR_WORKER_DIR ?? "dist");
const BUILDS = [
  { name: "qr-worker-simd", label: "wasm" },
  { name: "qr-worker", label: "plain module (no SIMD)" },
];
const files = { "/jsQR.js": join(root, "node_modules/jsqr/dist/jsQR.js") };
for (const { name } of BUILDS) {
  for (const file of [`${name}.js`, `${name}_bg.wasm`]) files[`/${file}`] = join(worker, file);
}
const PASSES = Number(process.env.LINLI_BENCH_PASSES ?? 3);
const types = { ".js": "text/javascript", ".wasm": "application/wasm", ".png": "image/png", ".jpg": "image/jpeg" };

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking"],
});
async function bench(build) {
  const page = await browser.newPage();
  await page.route(`${ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    const file = path.startsWith("/data/") ? join(data, path.slice(6)) : files[path];
    // Cross-origin isolated (COOP + COEP), so that performance.now() ticks in 5 µs rather than
    // Chromium's coarsened 100 µs: a median frame takes a few tenths of a millisecond.
    const headers = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" };
    if (path === "/") {
      return route.fulfill({ contentType: "text/html", headers, body: "<!doctype html><title>bench</title>" });
    }
    if (!file || !existsSync(file)) return route.fulfill({ status: 404, headers, body: "" });
    return route.fulfill({ contentType: types[extname(file)] ?? "application/octet-stream", headers, body: readFileSync(file) });
  });
  await page.goto(`${ORIGIN}/`);
  if (!(await page.evaluate(() => crossOriginIsolated))) throw new Error("the bench page is not cross-origin isolated");
  await page.addScriptTag({ url: `${ORIGIN}/jsQR.js` });
  await page.addScriptTag({ url: `${ORIGIN}/${build}.js` });
  await page.evaluate(async (wasm) => { await wasm_bindgen(wasm); }, `${ORIGIN}/${build}_bg.wasm`);

  const run = await page.evaluate(async ({ cases, passes }) => {
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d", { willReadFrequently: true });
    const bitmaps = [];
    for (const { url } of cases) bitmaps.push(await createImageBitmap(await (await fetch(url)).blob()));
    const frame = (bitmap, turn) => {
      const swap = turn % 2 === 1;
      const [w, h] = swap ? [bitmap.height, bitmap.width] : [bitmap.width, bitmap.height];
      canvas.width = w;
      canvas.height = h;
      context.setTransform(1, 0, 0, 1, 0, 0);
      context.translate(w / 2, h / 2);
      context.rotate((turn * Math.PI) / 2);
      context.drawImage(bitmap, -bitmap.width / 2, -bitmap.height / 2);
      return { rgba: context.getImageData(0, 0, w, h).data, w, h };
    };
    const time = (decode) => {
      const started = performance.now();
      const text = decode();
      return [text, performance.now() - started];
    };
    const out = [];
    let first = null;
    for (let pass = 0; pass <= passes; pass++) {
      cases.forEach(({ folder, expected }, i) => {
        for (let turn = 0; turn < 4; turn++) {
          const { rgba, w, h } = frame(bitmaps[i], turn);
          const [ours, oursMs] = time(() => wasm_bindgen.decode_rgba(rgba, w, h) ?? null);
          const [theirs, jsqrMs] = time(() => jsQR(rgba, w, h)?.data ?? null);
          first ??= { oursMs, jsqrMs };
          if (pass === 0) continue;
          const result = { folder, turn, ours: ours === expected, jsqr: theirs === expected, oursMs, jsqrMs };
          const index = 4 * i + turn;
          if (pass === 1) out[index] = { ...result, oursOnceMs: oursMs, jsqrOnceMs: jsqrMs };
          // A decoder that read a frame once must read it every time: both are deterministic.
          else if (out[index].ours !== result.ours || out[index].jsqr !== result.jsqr) throw new Error(`${folder}: a different answer on pass ${pass}`);
          else {
            out[index].oursMs = Math.min(out[index].oursMs, oursMs);
            out[index].jsqrMs = Math.min(out[index].jsqrMs, jsqrMs);
          }
        }
      });
    }
    return { results: out, first };
  }, { cases, passes: PASSES });
  await page.close();
  return run;
}

const runs = [];
for (const { name, label } of BUILDS) runs.push({ label, ...(await bench(name)) });
await browser.close();

const { results } = runs[0];
const folders = [...new Set(results.map((r) => r.folder))];
const pad = (s, n) => String(s).padStart(n);
console.log(`${"folder".padEnd(10)} ${["0°", "90°", "180°", "270°"].map((r) => pad(r, 8)).join(" ")} ${pad("all", 9)} ${pad("jsQR", 9)}`);
for (const folder of folders) {
  const rows = results.filter((r) => r.folder === folder);
  const n = rows.length / 4;
  const cells = [0, 1, 2, 3].map((t) => pad(`${rows.filter((r) => r.turn === t && r.ours).length}/${n}`, 8));
  const all = rows.filter((r) => r.ours).length;
  const js = rows.filter((r) => r.jsqr).length;
  console.log(`${folder.padEnd(10)} ${cells.join(" ")} ${pad(`${all}/${rows.length}`, 9)} ${pad(`${js}/${rows.length}`, 9)}`);
}
// The SIMD build's lines keep the names scripts/bench.sh reads; the plain build's follow.
for (const { label, results, first } of runs) {
  const prefix = label === "wasm" ? "" : `${label}: `;
  const ours = results.filter((r) => r.ours).length;
  const theirs = results.filter((r) => r.jsqr).length;
  const mean = (key) => results.reduce((s, r) => s + r[key], 0) / results.length;
  const median = (key) => results.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(results.length / 2)];
  const pct = (k) => ((100 * k) / results.length).toFixed(1);
  console.log(`${prefix || "wasm: "}${ours}/${results.length} decodes (${pct(ours)}%); jsQR ${theirs}/${results.length} (${pct(theirs)}%)`);
  console.log(
    `${prefix}time per frame: wasm mean ${mean("oursMs").toFixed(2)} ms (median ${median("oursMs").toFixed(2)}), ` +
      `jsQR mean ${mean("jsqrMs").toFixed(2)} ms (median ${median("jsqrMs").toFixed(2)})`,
  );
  console.log(`${prefix}jsQR / wasm: ${(mean("jsqrMs") / mean("oursMs")).toFixed(1)}× (means), ${(median("jsqrMs") / median("oursMs")).toFixed(1)}× (medians)`);
  const once = median("jsqrOnceMs") / median("oursOnceMs");
  console.log(`${prefix}one timed pass alone: ${(mean("jsqrOnceMs") / mean("oursOnceMs")).toFixed(1)}× (means), ${once.toFixed(1)}× (medians)`);
  console.log(`${prefix}first call on a fresh page (untimed pass): wasm ${first.oursMs.toFixed(1)} ms, jsQR ${first.jsqrMs.toFixed(1)} ms`);
}
