#!/usr/bin/env bash
# The libraries export exactly the 1.4 API: every function listed in the ABI facts, under the right
# library name, and nothing else (libk4a adds two private symbols: k4a4j_internal_log, that libk4arecord logs
# through, and k4a4j_internal_add_virtual_device, through which the Java layer adds virtual devices;
# libk4arecord two: k4a4j_internal_playback_set_decode_threads and k4a4j_internal_playback_set_decode_end, behind
# the Java layer's Playback.setDecodeThreads and Playback.setDecodeEnd);
# libk4arecord depends on libk4a, and both on the operating system's own libraries only.
# ELF (Linux: libk4a.so.1.4, soname, NEEDED libc/libm/libpthread/libdl) or PE (Windows: k4a.dll, its export table's
# name, imports from KERNEL32/msvcrt/UCRT only), by the files' format.
# Usage: exports_test.sh libk4a.so.1.4|k4a.dll libk4arecord.so.1.4|k4arecord.dll abi.md
set -u
k4a=$1 k4arecord=$2 abi=$3
status=0
if objdump -f "$k4a" 2>/dev/null | grep -q 'file format elf'; then
  format=elf OBJDUMP=objdump k4a_name=libk4a.so.1.4 k4arecord_name=libk4arecord.so.1.4
  system='^(libc\.so\.6|libm\.so\.6|libpthread\.so\.0|libdl\.so\.2|ld-linux.*)$'
else
  format=pe OBJDUMP=x86_64-w64-mingw32-objdump k4a_name=k4a.dll k4arecord_name=k4arecord.dll
  system='^(KERNEL32\.dll|msvcrt\.dll|api-ms-win-crt-.*\.dll|ucrtbase\.dll)$'
fi
expected() { # the functions of one header section of abi.md
  awk -v section="$1" '/^#/{on = /^### / && index($0, section) > 0} on && /^- `k4a_/{gsub(/[`:]/, "", $2); print $2}' "$abi" | sort
}
exported() {
  if [ $format = elf ]; then
    nm -D --defined-only "$1" | awk '$2 == "T" || $2 == "W" {print $3}' | sort
  else # the names of the export table
    $OBJDUMP -p "$1" | awk '/^\[Ordinal\/Name Pointer\] Table/ {on = 1; next} on && NF == 0 {on = 0} on {print $NF}' | sort
  fi
}
own_name() {
  if [ $format = elf ]; then $OBJDUMP -p "$1" | awk '/SONAME/ {print $2}'
  else $OBJDUMP -p "$1" | awk '/^Name / && $NF ~ /\.dll$/ {print $NF; exit}'; fi
}
needed() {
  if [ $format = elf ]; then $OBJDUMP -p "$1" | awk '/NEEDED/ {print $2}'
  else $OBJDUMP -p "$1" | awk '/DLL Name:/ {print $3}'; fi
}
check() { # name, library, library name, expected list, allowed extras
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
  local name
  name=$(own_name "$2")
  if [ "$name" != "$3" ]; then echo "FAIL $1: named $name, expected $3"; status=1; else echo "ok   $1 named $name"; fi
  local others
  others=$(needed "$2" | grep -v -E "$system" | grep -v -x "$k4a_name")
  if [ -n "$others" ]; then echo "FAIL $1 depends on more than the system:" $others; status=1
  else echo "ok   $1 depends on the system only:" $(needed "$2"); fi
}
if [ ! -f "$abi" ]; then echo "FAIL: $abi not found (../shared beside the checkout)"; exit 1; fi
check libk4a "$k4a" $k4a_name "$(expected k4a/k4a.h)" "k4a4j_internal_log k4a4j_internal_add_virtual_device"
check libk4arecord "$k4arecord" $k4arecord_name "$(printf '%s\n' "$(expected k4arecord/playback.h)" "$(expected k4arecord/record.h)")" \
  "k4a4j_internal_playback_set_decode_threads k4a4j_internal_playback_set_decode_end"
if ! needed "$k4arecord" | grep -q -x "$k4a_name"; then
  echo "FAIL libk4arecord does not depend on $k4a_name"; status=1
else
  echo "ok   libk4arecord depends on $k4a_name"
fi
exit $status
