#!/usr/bin/env sh
# Makes the browser tests' video, resources/org/dvbcss/tv/web/test-clip.webm: FFmpeg's built-in
# test pattern (with its frame counter), 160x90 at 25 frames per second, 30 s, VP8 in WebM, no
# audio, a key frame every 2 s (so a seek decodes at most 50 frames), encoded on one thread with
# bit-exact flags and no metadata, so that one FFmpeg version always makes the same bytes
# (Debian 12's FFmpeg 5.1 makes those whose md5 is in test-clip.webm.md5). The clip is committed:
# the build does not run this; run it only to remake the clip (apt-get install ffmpeg).
set -eu
out="$(dirname "$0")/resources/org/dvbcss/tv/web/test-clip.webm"
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc=size=160x90:rate=25:duration=30" \
  -c:v libvpx -threads 1 -deadline good -cpu-used 4 -crf 40 -b:v 30k -g 50 -auto-alt-ref 0 -an \
  -fflags +bitexact -flags:v +bitexact -map_metadata -1 "$out"
md5sum "$out"
