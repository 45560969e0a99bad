#!/usr/bin/env bash
# Times the optimised swarmc binary (the `dist` profile) against `docker stack config` on the same generated
# compose files and prints the ratio. Peak memory comes from /usr/bin/time -v.
#
# usage: scripts/bench-vs-docker.sh [SIZE...]     (default: 20 1000 5000)
# Needs: python3 and ../shared/tools/gen-synthetic.py (or GEN=path); docker is optional
# (without it only swarmc is timed); hyperfine is used when present, else a loop.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
gen=${GEN:-$root/../shared/tools/gen-synthetic.py}
[[ -f $gen ]] || gen=/work/shared/tools/gen-synthetic.py
swarmc=${SWARMC:-${CARGO_TARGET_DIR:-$root/target}/dist/swarmc}
runs=${RUNS:-10}
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(20 1000 5000)

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

# Peak resident memory of one run, in MB.
peak_mb() {
  /usr/bin/time -v bash -c "exec $1 >/dev/null 2>&1" 2>&1 >/dev/null |
    awk -F: '/Maximum resident/ { printf "%.1f\n", $2 / 1024 }'
}

printf '%-9s %12s %10s %12s %10s %8s\n' services swarmc_ms swarmc_MB docker_ms docker_MB ratio
for n in "${sizes[@]}"; do
  python3 "$gen" "$n" > "$work/compose.yaml"
  ours="$swarmc compile -f $work/compose.yaml -o $work/stack.yml"
  ours_ms=$(mean_ms "$ours")
  ours_mb=$(peak_mb "$ours")
  if $have_docker; then
    theirs="docker stack config -c $work/compose.yaml"
    theirs_ms=$(mean_ms "$theirs")
    theirs_mb=$(peak_mb "$theirs")
    ratio=$(python3 -c "print('%.2f' % ($theirs_ms / $ours_ms))")
  else
    theirs_ms=- theirs_mb=- ratio=-
  fi
  printf '%-9s %12s %10s %12s %10s %8s\n' "$n" "$ours_ms" "$ours_mb" "$theirs_ms" "$theirs_mb" "$ratio"
done
echo "ratio: docker stack config time / swarmc time (above 1: swarmc is faster)"
