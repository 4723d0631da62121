#!/usr/bin/env bash
# `npm run evidence:browser`: proves the HTML evidence pack is what the issue asks for, in a real
# browser. Writes the pack of examples/models/fraud-planted (EU AI Act), opens it in headless
# Chromium (Debian's package, installed here when missing and running as root), takes a
# screenshot and prints it to PDF, and checks both are real images/documents of some size.
# Not part of `npm test`: it needs a browser and takes seconds, CI stays fast.
set -euo pipefail
cd "$(dirname "$0")/.."

out="${EVIDENCE_BROWSER_OUT:-${TMPDIR:-/tmp}/modelgate-evidence-browser}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "evidence-browser: installing Debian's chromium" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    browser="$(command -v chromium)"
  else
    echo "evidence-browser: needs chromium (apt-get install chromium, as root)" >&2
    exit 2
  fi
fi

model=examples/models/fraud-planted
# A fixed date, so two runs give the same document.
node --import tsx src/adapters/cli/main.ts evidence "$model" --framework eu-ai-act --today 2026-12-06 --out "$out/fraud-planted.html"
node --import tsx src/adapters/cli/main.ts evidence "$model" --framework eu-ai-act --today 2026-12-06 --out "$out/fraud-planted.md"

# --no-sandbox: root in a container has no user namespace for the sandbox. The file:// page loads
# nothing else (its CSP forbids it), so no network is involved.
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --disable-extensions)
"$browser" "${flags[@]}" --window-size=1200,2400 --screenshot="$out/fraud-planted.png" "file://$out/fraud-planted.html" 2>/dev/null
"$browser" "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$out/fraud-planted.pdf" "file://$out/fraud-planted.html" 2>/dev/null

fail() { echo "evidence-browser: $*" >&2; exit 1; }
size() { wc -c <"$1" | tr -d ' '; }
[ -s "$out/fraud-planted.png" ] || fail "no screenshot"
[ -s "$out/fraud-planted.pdf" ] || fail "no PDF"
[ "$(head -c 8 "$out/fraud-planted.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "the screenshot is not a PNG"
[ "$(head -c 5 "$out/fraud-planted.pdf")" = "%PDF-" ] || fail "the PDF is not a PDF"
# A blank page compresses to a few kilobytes; the pack's first screen is tables, badges and text.
[ "$(size "$out/fraud-planted.png")" -gt 50000 ] || fail "the screenshot is suspiciously small ($(size "$out/fraud-planted.png") bytes)"
[ "$(size "$out/fraud-planted.pdf")" -gt 20000 ] || fail "the PDF is suspiciously small ($(size "$out/fraud-planted.pdf") bytes)"
pages="$(grep -a -c '/Type /Page$\|/Type /Page[^s]' "$out/fraud-planted.pdf" || true)"
[ "$pages" -ge 2 ] || fail "the PDF has $pages pages; expected the whole pack over several"

echo "evidence-browser: $("$browser" --version 2>/dev/null | head -1)"
echo "evidence-browser: screenshot $out/fraud-planted.png ($(size "$out/fraud-planted.png") bytes)"
echo "evidence-browser: PDF $out/fraud-planted.pdf ($(size "$out/fraud-planted.pdf") bytes, $pages pages)"
echo "evidence-browser: Markdown $out/fraud-planted.md and its chart $out/fraud-planted.metrics.svg"
