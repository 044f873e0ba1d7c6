#!/usr/bin/env bash
# The libraries export exactly the 1.4 API: every function listed in the ABI facts, under the right
# soname, and nothing else (libk4a adds two private symbols: k4a4j_internal_log, that libk4arecord logs
# through, and k4a4j_internal_add_virtual_device, through which the Java layer adds virtual devices). Usage: exports_test.sh libk4a.so.1.4 libk4arecord.so.1.4 abi.md
set -u
k4a=$1 k4arecord=$2 abi=$3
status=0
expected() { # the functions of one header section of abi.md
  awk -v section="$1" '/^#/{on = /^### / && index($0, section) > 0} on && /^- `k4a_/{gsub(/[`:]/, "", $2); print $2}' "$abi" | sort
}
exported() {
  nm -D --defined-only "$1" | awk '$2 == "T" || $2 == "W" {print $3}' | sort
}
check() { # name, library, soname, expected list, allowed extras
  local want have
  want=$(printf '%s\n' "$4" $5 | sort)
  have=$(exported "$2")
  if [ "$want" != "$have" ]; then
    echo "FAIL $1: exported symbols differ from the ABI (< missing, > extra):"
    diff <(echo "$want") <(echo "$have") | grep '^[<>]'
    status=1
  else
    echo "ok   $1 exports $(echo "$have" | wc -l) symbols"
  fi
  local soname
  soname=$(objdump -p "$2" | awk '/SONAME/ {print $2}')
  if [ "$soname" != "$3" ]; then echo "FAIL $1: soname $soname, expected $3"; status=1; else echo "ok   $1 soname $soname"; fi
}
if [ ! -f "$abi" ]; then echo "FAIL: $abi not found (../shared beside the checkout)"; exit 1; fi
check libk4a "$k4a" libk4a.so.1.4 "$(expected k4a/k4a.h)" "k4a4j_internal_log k4a4j_internal_add_virtual_device"
check libk4arecord "$k4arecord" libk4arecord.so.1.4 "$(printf '%s\n' "$(expected k4arecord/playback.h)" "$(expected k4arecord/record.h)")" ""
if ! objdump -p "$k4arecord" | grep -q 'NEEDED *libk4a.so.1.4'; then
  echo "FAIL libk4arecord does not depend on libk4a.so.1.4"; status=1
else
  echo "ok   libk4arecord depends on libk4a.so.1.4"
fi
exit $status
