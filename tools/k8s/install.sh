#!/usr/bin/env bash
# Builds the tools that check deploy/k8s offline, from the Go module proxy into a per-user
# cache, once each; prints the two binaries' paths, one a line (kustomize, then kubectl-validate).
# Progress and errors go to stderr. `npm test` runs it (through tools/bootstrap.mjs), and
# test/deploy/manifests.test.ts runs what it built.
#   - kustomize, which renders the base and overlays (Debian has no package of it).
#   - kubectl-validate (kubernetes-sigs), which validates the rendered objects against the
#     Kubernetes schemas it embeds (v0.0.4: 1.23 to 1.30), strictly (unknown fields, types,
#     formats) and with the apiserver's object metadata checks (names, labels), with no cluster
#     and no network when run with --version 1.30 (test/deploy/k8s-tools.ts says how). It does
#     not run the native per-field rules (a port name's length): test/deploy asserts what matters.
# Neither depends on a kubectl or a cluster on this machine.
# Exit status 3: Go is not installed.
set -euo pipefail

KUSTOMIZE_VERSION="v5.8.1"
VALIDATE_VERSION="v0.0.4"
ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/telepulse"

if ! command -v go >/dev/null; then
  echo "kustomize and kubectl-validate, which check the Kubernetes manifests offline, are not built yet, and building them needs Go, which is not on PATH." >&2
  exit 3
fi

# install <name> <version> <package>: builds <package>@<version> into $ROOT/<name>-<version>/<name> unless it is there.
install() {
  local name=$1 version=$2 package=$3
  local dir="$ROOT/$name-$version" bin="$ROOT/$name-$version/$name"
  if [ ! -x "$bin" ]; then
    echo "building $name $version from Go modules, to check the Kubernetes manifests offline (once; minutes on a fresh machine)…" >&2
    local work started=$SECONDS
    work=$(mktemp -d)
    # Both modules are free of replace directives at these versions, so `go install pkg@version` builds them as released.
    GOBIN="$work" go install -trimpath "$package@$version" >&2 || { rm -rf "$work"; return 1; }
    mkdir -p "$dir"
    # Moved into place whole, so an interrupted build is never taken for a finished one.
    mv "$work/$name" "$bin"
    rm -rf "$work"
    echo "built $name $version in $((SECONDS - started)) s: $bin" >&2
  fi
  echo "$bin"
}

install kustomize "$KUSTOMIZE_VERSION" sigs.k8s.io/kustomize/kustomize/v5
install kubectl-validate "$VALIDATE_VERSION" sigs.k8s.io/kubectl-validate
