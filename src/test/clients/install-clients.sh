#!/bin/bash
# Installs the real OpenStack Manila clients that the client workflow scripts drive:
#   python3-manilaclient        -> `manila` CLI (python-manilaclient 4.1.1 on Debian 12)
#   python3-openstackclient     -> `openstack share ...` (OSC 6.0.0 + manilaclient's OSC plugin)
#   golang-go + gophercloud-dev -> the CSI-driver-like Go program (gophercloud 0.12, GOPATH mode)
#   jq, curl                    -> parsing JSON output / small probes
# Idempotent: installs only what dpkg-query does not already report as installed, and runs
# `apt-get update` only when a missing package has no install candidate in the local lists.
# Run as root (or via sudo) on Debian 12 (bookworm).
set -euo pipefail

PKGS=(
  python3-manilaclient
  python3-openstackclient
  golang-go
  golang-github-gophercloud-gophercloud-dev
  jq
  curl
  ca-certificates
)

SUDO=()
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "install-clients: must run as root (no sudo found)" >&2; exit 1; }
  SUDO=(sudo)
fi

# (no `| grep -q` under pipefail: grep exiting early can fail the pipeline with SIGPIPE)
installed() { [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == *"install ok installed"* ]]; }
has_candidate() {
  local c
  c="$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ && c == "" {c = $2} END {print c}')"
  [ -n "$c" ] && [ "$c" != "(none)" ]
}

missing=()
for p in "${PKGS[@]}"; do
  installed "$p" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-clients: all packages already installed (${PKGS[*]})"
  exit 0
fi

need_update=0
for p in "${missing[@]}"; do
  has_candidate "$p" || { need_update=1; break; }
done
if [ "$need_update" = 1 ]; then
  echo "install-clients: apt-get update (package lists lack: ${missing[*]})"
  "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=600 update
fi

echo "install-clients: installing ${missing[*]}"
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
  install -y --no-install-recommends "${missing[@]}"

# Sanity: the tools the workflow scripts call must now exist.
for t in manila openstack go jq curl; do
  command -v "$t" >/dev/null || { echo "install-clients: '$t' missing after install" >&2; exit 1; }
done
[ -d /usr/share/gocode/src/github.com/gophercloud/gophercloud ] \
  || { echo "install-clients: gophercloud sources missing under /usr/share/gocode" >&2; exit 1; }
echo "install-clients: done"
