#!/usr/bin/env bash
# Times swarmc against `docker stack config` on the same generated compose files and
# prints the ratio, then (with valgrind) the instructions each stage of swarmc executes.
#
# usage: scripts/bench-vs-docker.sh [SIZE...]     (default: 20 100 1000 5000)
#
# Wall time is the mean of RUNS runs (hyperfine when installed, else a loop); peak
# memory comes from /usr/bin/time -v. `compile` writes the stack; `check` compiles and
# runs the pre-deploy checks. Instruction counts come from valgrind's callgrind, so they
# do not depend on the load of a shared machine: the whole process, and each stage by
# the inclusive count of the function that runs it. Stage names need a binary with
# symbols that keeps those functions (cargo's `release` profile with
# CARGO_PROFILE_RELEASE_DEBUG=line-tables-only; fat LTO may inline some away, shown
# as `-`).
#
# Environment: SWARMC (binary; default target/dist/swarmc, built if absent), GEN
# (default scripts/gen-synthetic.py), RUNS (default 10), STAGES=0 to skip callgrind.
# Needs python3; docker and valgrind are optional.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
gen=${GEN:-$root/scripts/gen-synthetic.py}
swarmc=${SWARMC:-${CARGO_TARGET_DIR:-$root/target}/dist/swarmc}
runs=${RUNS:-10}
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(20 100 1000 5000)

if [[ ! -x $swarmc ]]; then
  (cd "$root" && cargo build --profile dist --quiet)
fi
have_docker=false
if command -v docker >/dev/null && docker stack config --help >/dev/null 2>&1; then
  have_docker=true
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Mean wall time of a command in milliseconds.
mean_ms() {
  if command -v hyperfine >/dev/null; then
    hyperfine --runs "$runs" --warmup 1 --export-json "$work/h.json" --style none -- "$1" >/dev/null
    python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["mean"]*1000))' "$work/h.json"
  else
    local start end
    bash -c "$1" >/dev/null 2>&1 || true
    start=$(date +%s%N)
    for ((i = 0; i < runs; i++)); do bash -c "$1" >/dev/null 2>&1 || true; done
    end=$(date +%s%N)
    python3 -c "print('%.1f' % (($end - $start) / 1e6 / $runs))"
  fi
}

# Peak resident memory of one run, in MB (whatever its exit status: `check` exits 1
# when it has findings).
peak_mb() {
  { /usr/bin/time -v bash -c "exec $1 >/dev/null 2>&1" 2>&1 >/dev/null || true; } |
    awk -F: '/Maximum resident/ { printf "%.1f\n", $2 / 1024 }'
}

echo "machine: $(nproc) CPUs, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "swarmc: $swarmc"
printf '%-9s %10s %10s %10s %10s %12s %10s %8s\n' \
  services compile_ms compile_MB check_ms check_MB docker_ms docker_MB ratio
for n in "${sizes[@]}"; do
  python3 "$gen" "$n" > "$work/compose.yaml"
  ours="$swarmc compile -f $work/compose.yaml -o $work/stack.yml"
  checked="$swarmc check -f $work/compose.yaml"
  ours_ms=$(mean_ms "$ours")
  ours_mb=$(peak_mb "$ours")
  check_ms=$(mean_ms "$checked")
  check_mb=$(peak_mb "$checked")
  if $have_docker; then
    theirs="docker stack config -c $work/compose.yaml"
    theirs_ms=$(mean_ms "$theirs")
    theirs_mb=$(peak_mb "$theirs")
    ratio=$(python3 -c "print('%.1f' % ($theirs_ms / $ours_ms))")
  else
    theirs_ms=- theirs_mb=- ratio=-
  fi
  printf '%-9s %10s %10s %10s %10s %12s %10s %8s\n' \
    "$n" "$ours_ms" "$ours_mb" "$check_ms" "$check_mb" "$theirs_ms" "$theirs_mb" "$ratio"
done
echo "ratio: docker stack config time / swarmc compile time (above 1: swarmc is faster)"

if [[ ${STAGES:-1} == 0 ]] || ! command -v valgrind >/dev/null; then
  exit 0
fi
echo
echo "instructions (millions), callgrind; stages inclusive of what they call"
stage_table() {
  # $1: callgrind output, $2: size
  callgrind_annotate --inclusive=yes --threshold=100 "$1" 2>/dev/null | python3 -c '
import re, sys
size = sys.argv[1]
stages = [
    ("total", "PROGRAM TOTALS"),
    ("yaml", ":swarmc::yaml::parse::parse ["),
    ("saphyr", ":saphyr_parser::parser::Parser<T>::next_event ["),
    ("load", ":swarmc::load::load ["),
    ("lower", ":swarmc::compile::lower_project ["),
    ("translate", ":swarmc::translate::translate ["),
    ("emit", ":swarmc::emit::write_run ["),
    ("check", ":swarmc::check::check ["),
]
found = {}
for line in sys.stdin:
    m = re.match(r"\s*([\d,]+)", line)
    if not m:
        continue
    count = int(m.group(1).replace(",", ""))
    for name, needle in stages:
        if needle in line and name not in found:
            found[name] = count
print("%-9s" % size + "".join(
    "%11s" % ("%.1f" % (found[name] / 1e6) if name in found else "-") for name, _ in stages))
' "$2"
}
printf '%-9s%11s%11s%11s%11s%11s%11s%11s%11s\n' \
  services total yaml saphyr load lower translate emit check
for n in "${sizes[@]}"; do
  python3 "$gen" "$n" > "$work/compose.yaml"
  valgrind --tool=callgrind --callgrind-out-file="$work/compile.cg" \
    "$swarmc" compile -f "$work/compose.yaml" -o "$work/stack.yml" >/dev/null 2>&1 || true
  stage_table "$work/compile.cg" "$n"
  valgrind --tool=callgrind --callgrind-out-file="$work/check.cg" \
    "$swarmc" check -f "$work/compose.yaml" >/dev/null 2>&1 || true
  stage_table "$work/check.cg" "$n check"
done
echo "yaml: reading every file into trees (saphyr: the reference parser's share of it, - when the fast path took every file)"
