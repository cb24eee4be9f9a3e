#!/usr/bin/env bash
# Installs the system packages the browser tests need, or says exactly what to install.
set -euo pipefail
need=()
# CHROMIUM may name another Chromium-based browser (GitHub's runners ship Google Chrome).
if [ -n "${CHROMIUM:-}" ]; then
  [ -x "$CHROMIUM" ] || { echo "ERROR: CHROMIUM=$CHROMIUM is not an executable browser" >&2; exit 1; }
else
  [ -x /usr/bin/chromium ] || need+=(chromium)
fi
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
# Fonts so screenshots and PDFs show real text.
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
[ ${#need[@]} -eq 0 ] && exit 0
echo "Installing system packages: ${need[*]}"
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo"; else SUDO="none"; fi
  if [ "$SUDO" != "none" ]; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    exit 0
  fi
fi
echo "ERROR: the browser tests need these system packages: ${need[*]}" >&2
echo "Install them with your package manager, e.g.: sudo apt-get install ${need[*]}" >&2
exit 1
