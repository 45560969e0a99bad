#!/usr/bin/env bash
# Runs swarmc's fuzz targets the one way they are meant to run: every input must be
# refused or compiled within 2 seconds and 512 MB (`-timeout=2 -rss_limit_mb=512`),
# so an input that takes longer or more is a finding, as a crash is. The inputs
# libFuzzer makes are a few kilobytes; only a walk that grows faster than its input
# comes near either budget.
#
# Usage: fuzz/run.sh [TARGET...]            (default: every target, one after another)
#        FUZZ_SECONDS=60 fuzz/run.sh compile (seconds per target; default 600)
#        fuzz/run.sh compile fuzz/artifacts/compile/crash-...   (one input again, within
#                                            the same budget)
# Needs a nightly toolchain and cargo-fuzz (docs/FUZZING.md). The corpus grows in
# fuzz/corpus/TARGET and findings go to fuzz/artifacts/TARGET/, both ignored by git.
set -euo pipefail
# One input to run again, named relative to where the script was started.
again=
if [ $# -eq 2 ] && [ -f "$2" ]; then again=$(realpath "$2"); fi
fuzz=$(cd "$(dirname "$0")" && pwd)
cd "$fuzz/.."

budget=(-timeout=2 -rss_limit_mb=512)

if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "cargo-fuzz on a nightly toolchain is needed:" >&2
    echo "  rustup toolchain install nightly && cargo install cargo-fuzz" >&2
    exit 2
fi

# -s none: swarmc forbids `unsafe`, so AddressSanitizer finds nothing a panic would not,
# at a third of the speed.
build=(-s none -O)

if [ -n "$again" ]; then
    exec cargo +nightly fuzz run "${build[@]}" "$1" "$again" -- "${budget[@]}"
fi

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cargo +nightly fuzz list)
fi

for target in "${targets[@]}"; do
    seeds=$fuzz/seeds/$target
    # The differential target reads the same YAML as the interpolation target.
    [ -d "$seeds" ] || seeds=$fuzz/seeds/yaml_interpolate
    mkdir -p "$fuzz/corpus/$target"
    echo "== $target (${FUZZ_SECONDS:-600} s)"
    nice -n 19 cargo +nightly fuzz run "${build[@]}" "$target" "$fuzz/corpus/$target" "$seeds" -- \
        "${budget[@]}" -max_total_time="${FUZZ_SECONDS:-600}"
done
