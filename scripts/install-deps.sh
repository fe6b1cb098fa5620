#!/usr/bin/env bash
# Installs the system packages Busbar builds against, when they are missing (Debian/Ubuntu).
set -euo pipefail
packages=(libssl-dev libsqlite3-dev libglpk-dev zlib1g-dev)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}"
fi
command -v swift >/dev/null 2>&1 || { echo "swift is not on PATH: install the Swift 6.2+ toolchain first" >&2; exit 1; }
