#!/bin/bash
# Builds gophercloud/main.go (the Manila CSI driver's controller calls, replayed with
# gophercloud) against Debian's gophercloud sources and runs it.
#
#   SHARESNAP_URL=http://127.0.0.1:8786 src/test/clients/gophercloud-workflow.sh
#
# Environment: SHARESNAP_URL, PROJECT, USER_NAME, SHARE_TYPE, POLL_TIMEOUT (see main.go).
# Build: GOPATH mode (GO111MODULE=off) with GOPATH=/usr/share/gocode, where
# golang-github-gophercloud-gophercloud-dev puts github.com/gophercloud/gophercloud
# (0.12.0). GOPROXY=off and GOFLAGS=-mod=... are irrelevant in GOPATH mode but keep any
# network module download impossible. The binary goes to a temporary directory.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
GOCODE="${GOCODE:-/usr/share/gocode}"

command -v go >/dev/null || { echo "FAIL: 'go' not found (run install-clients.sh)" >&2; exit 2; }
[ -d "$GOCODE/src/github.com/gophercloud/gophercloud" ] \
  || { echo "FAIL: gophercloud sources missing in $GOCODE (run install-clients.sh)" >&2; exit 2; }

TMP="$(mktemp -d "${TMPDIR:-/tmp}/gophercloud-workflow.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

# Reuse the user's build cache when there is one (faster re-runs), else a throw-away one.
if [ -z "${GOCACHE:-}" ]; then
  GOCACHE="$(go env GOCACHE 2>/dev/null || true)"
  if [ -z "$GOCACHE" ] || ! mkdir -p "$GOCACHE" 2>/dev/null || [ ! -w "$GOCACHE" ]; then
    GOCACHE="$TMP/gocache"
  fi
fi

t0=$(date +%s%N)
env GO111MODULE=off GOPATH="$GOCODE" GOPROXY=off GOFLAGS= GOCACHE="$GOCACHE" CGO_ENABLED=0 \
  go build -o "$TMP/gophercloud-workflow" "$HERE/gophercloud/main.go" \
  || { echo "FAIL: go build of $HERE/gophercloud/main.go failed" >&2; exit 2; }
echo "gophercloud-workflow: built with $(go version | awk '{print $3}') and gophercloud from $GOCODE in $(( ($(date +%s%N) - t0) / 1000000 )) ms"

"$TMP/gophercloud-workflow"
