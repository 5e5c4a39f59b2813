#!/usr/bin/env bash
# Builds FerretDB (SQLite backend), the MongoDB-compatible server for tests and local runs,
# from the Go module proxy into a per-user cache, once; prints the binary's path. Progress and
# errors go to stderr. `npm start` and `npm test` run it (through tools/bootstrap.mjs).
# Exit status 3: Go is not installed (the caller can offer an alternative, such as MONGODB_URI).
#
# Why not `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2`: behind a proxy that
# refuses the module's version list, `go install ...@version` fails on its deprecation lookup,
# and a binary built as a tool of another module panics at start because
# build/version/version.txt is empty outside FerretDB's own build. So we download the exact
# module, write that file, and build its main package inside the module itself.
set -euo pipefail

VERSION="v1.24.2"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/telepulse/ferretdb-$VERSION"
BIN="$CACHE/ferretdb"

if [ -x "$BIN" ] && "$BIN" --version >/dev/null 2>&1; then
  echo "$BIN"
  exit 0
fi

if ! command -v go >/dev/null; then
  echo "FerretDB $VERSION, the MongoDB-compatible server for local runs and tests, is not built yet, and building it needs Go, which is not on PATH." >&2
  exit 3
fi

echo "building FerretDB $VERSION from Go modules, the MongoDB-compatible server for local runs and tests (once, about a minute)…" >&2
dir=$(go mod download -json "github.com/FerretDB/FerretDB@$VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -n "$dir" ] || { echo "go mod download gave no directory for FerretDB $VERSION" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$dir" "$work/src"
chmod -R u+w "$work/src"
echo "$VERSION" > "$work/src/build/version/version.txt"
mkdir -p "$CACHE"
(cd "$work/src" && go build -trimpath -o "$work/ferretdb" ./cmd/ferretdb) >&2
mv "$work/ferretdb" "$BIN"
echo "built FerretDB $VERSION in ${SECONDS} s: $BIN" >&2
echo "$BIN"
