#!/usr/bin/env bash
# npm run p4:compile: compiles p4/v1model/main.p4 with p4c-bm2-ss into build/p4/ (bmv2 JSON
# and P4Info) and fails if the P4Info p4c writes differs in any byte from the committed
# p4/v1model/main.p4info.txt (the diff is printed). For users who have p4c; CI runs the
# p4c-free npm run p4:check instead.
#
#   npm run p4:compile                      # p4c-bm2-ss from PATH
#   P4C_BM2_SS=/opt/p4c/bin/p4c-bm2-ss npm run p4:compile
#   npm run p4:compile -- -DCPU_PORT=192    # extra arguments go to p4c (a size override
#                                           # changes the P4Info: expect a diff then)
set -euo pipefail
cd "$(dirname "$0")/../.."

entry=p4/v1model/main.p4
committed=p4/v1model/main.p4info.txt
out=build/p4
# The version that wrote the committed P4Info; others may format it differently.
expected_version=1.2.4.17

p4c="${P4C_BM2_SS:-$(command -v p4c-bm2-ss || true)}"
if [[ -z "$p4c" || ! -x "$p4c" ]]; then
  cat >&2 <<EOF
p4:compile: p4c-bm2-ss not found${P4C_BM2_SS:+ (P4C_BM2_SS=$P4C_BM2_SS is not an executable)}.
Install p4c, the P4_16 reference compiler with its bmv2 back end (p4c-bm2-ss), version
$expected_version (the one that wrote $committed):
  - Ubuntu/Debian: the p4lang-p4c package from the p4lang repository on
    download.opensuse.org (home:p4lang), as p4c's README ("Installing packaged versions
    of p4c") describes; its version may differ from $expected_version,
  - or from source, https://github.com/p4lang/p4c at tag v$expected_version (the binary is
    build/backends/bmv2/p4c-bm2-ss),
then put p4c-bm2-ss on PATH or set P4C_BM2_SS=/path/to/p4c-bm2-ss.
Without p4c, npm run p4:check compares the source with the committed P4Info.
EOF
  exit 2
fi

version=$("$p4c" --version 2>&1 | sed -n 's/^Version \([^ ]*\).*/\1/p' | head -n 1 || true)
echo "p4:compile: $p4c (version ${version:-unknown})"
if [[ "$version" != "$expected_version" ]]; then
  echo "p4:compile: note: $committed was written by p4c $expected_version; another version may differ in format" >&2
fi

mkdir -p "$out"
# p4c warns that the .txt suffix is deprecated (use .txtpb); the content is the same format.
"$p4c" --arch v1model --p4runtime-files "$out/main.p4info.txt" -o "$out/main.json" "$@" "$entry"

if ! diff -u "$committed" "$out/main.p4info.txt"; then
  echo "p4:compile: $out/main.p4info.txt (p4c) differs from $committed (committed): see the diff above" >&2
  exit 1
fi
echo "p4:compile: $out/main.p4info.txt is identical to $committed; bmv2 JSON in $out/main.json"
