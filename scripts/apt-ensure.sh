#!/usr/bin/env bash
# Install the given Debian packages when missing: directly as root, otherwise print the command.
set -u
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Cài gói Debian: ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Thiếu gói Debian: ${missing[*]}. Hãy chạy: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
