// Generates the scanner's fixtures before any browser starts, because the fake camera reads its
// file at launch: a Y4M clip and a PNG photo of a printed plate (crates/qr-decode plate-fixtures).
import { execFileSync } from "node:child_process";
import { FIXTURES, SERVER } from "./playwright.config";

export default function globalSetup() {
  execFileSync("cargo", ["run", "--release", "--locked", "-q", "-p", "qr-decode", "--bin", "plate-fixtures", "--", FIXTURES, `${SERVER}/c/1101120110000001`], {
    cwd: "../..",
    stdio: "inherit",
  });
}
