#!/usr/bin/env bash
# Installs the system libraries Grounded builds against, from Debian's packages. Idempotent:
# installs only what is missing. OpenBLAS becomes the libblas.so.3 provider (many times faster
# than the reference BLAS for matrix products).
set -euo pipefail
packages=(libblas-dev liblapacke-dev libsqlite3-dev libopenblas0-pthread pkg-config)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if ! command -v swift >/dev/null; then
  echo "error: swift is not on PATH; install Swift 6 (swift.org) first" >&2
  exit 1
fi
