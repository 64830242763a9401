#!/bin/bash
# Installs what start-keystone.sh needs: Debian 12's Keystone (python3-keystone, Zed) and uWSGI with its
# python3 plugin. Not the `keystone` package: its postinst asks debconf questions and starts a system
# Keystone on port 5000. Idempotent: does nothing when all three are installed; `apt-get update` only when a
# missing package has no install candidate. ~30-80 s on a fresh Debian 12 with 2 cores. Run as root.
set -euo pipefail
PKGS=(python3-keystone uwsgi-core uwsgi-plugin-python3)
# (no `| grep -q` under pipefail: grep exiting early can fail the pipeline with SIGPIPE)
installed() { [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == *"install ok installed"* ]]; }
missing=()
for p in "${PKGS[@]}"; do installed "$p" || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=()
[ "$(id -u)" = 0 ] || SUDO=(sudo)
for p in "${missing[@]}"; do
  c="$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ && c == "" {c = $2} END {print c}')"
  if [ -z "$c" ] || [ "$c" = "(none)" ]; then "${SUDO[@]}" apt-get update -q; break; fi
done
T0=$(date +%s)
DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -q -o DPkg::Lock::Timeout=300 \
  --no-install-recommends "${missing[@]}" >/dev/null
echo "install-keystone: installed ${missing[*]} in $(( $(date +%s) - T0 )) s"
