#!/bin/sh
# Builds the native CSS-WC transport (dvbcss-wc-mmsg.c) into the module's classes, where
# MmsgSocket loads it from. Called by Maven (dvbcss-net/pom.xml) with the JDK home and the classes
# folder. Linux x86-64 with gcc only: elsewhere it says why and builds nothing, and the server
# falls back to the blocking transport (WallClockServerConfig.Transport.AUTO).
set -eu
java_home="$1"
classes="$2"
here="$(cd "$(dirname "$0")" && pwd)"
out="$classes/org/dvbcss/net/wc/lib/linux-x86_64"
if [ "$(uname -s)" != Linux ] || [ "$(uname -m)" != x86_64 ]; then
  echo "dvbcss-wc-mmsg: not Linux x86-64; the native CSS-WC transport is not built"
  exit 0
fi
if ! command -v gcc >/dev/null 2>&1; then
  echo "dvbcss-wc-mmsg: gcc not found; the native CSS-WC transport is not built"
  exit 0
fi
mkdir -p "$out"
if [ -f "$out/libdvbcss-wc.so" ] && [ "$out/libdvbcss-wc.so" -nt "$here/dvbcss-wc-mmsg.c" ]; then
  exit 0
fi
gcc -O2 -Wall -Wextra -Werror -shared -fPIC -std=c11 \
  -I"$java_home/include" -I"$java_home/include/linux" \
  -o "$out/libdvbcss-wc.so" "$here/dvbcss-wc-mmsg.c"
echo "dvbcss-wc-mmsg: built $out/libdvbcss-wc.so"
