#!/usr/bin/env bash
# Checks that swarmc's peak memory stays bounded by its input: each shape of input that
# once cost many times its size (one long flow list of one-letter words under `command`,
# a whole project written on one line, a long list under an `x-` field, and a project
# of many ordinary services) is generated at about SIZE bytes, compiled and checked by
# the release binary, and the peak resident memory (`/usr/bin/time`'s `%M`) divided by
# the input's size must stay under LIMIT bytes per input byte (40). The list under an
# `x-` field, which costs least, is measured at five times SIZE. The figure includes
# what the process holds whatever its input (the binary, the embedded schemas, the
# default site), about 12 MB, which is why the inputs are megabytes.
#
# Usage: scripts/memory-per-byte.sh [path/to/swarmc]   (default: target/release/swarmc)
#        SIZE=4000000 LIMIT=40 SHAPES="command one-line" scripts/memory-per-byte.sh
#        GEN=path/to/gen-synthetic.py (the many-services shape; default scripts/)
#        KEEP=dir: generate into dir and leave the inputs, stacks and reports there
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
swarmc=$(realpath "${1:-$root/target/release/swarmc}")
size=${SIZE:-2000000}
limit=${LIMIT:-40}
gen=${GEN:-$root/scripts/gen-synthetic.py}
[[ -x /usr/bin/time ]] || { echo "/usr/bin/time (GNU time) is needed" >&2; exit 2; }
[[ -f $gen ]] || { echo "gen-synthetic.py not found: set GEN" >&2; exit 2; }
work=${KEEP:-$(mktemp -d)}
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT

# generate SHAPE BYTES DIR: writes DIR/compose.yaml of about BYTES bytes.
generate() {
    local shape=$1 bytes=$2 dir=$3
    mkdir -p "$dir"
    if [ "$shape" = services ]; then
        # gen-synthetic's services are about 1,100 bytes each.
        python3 "$gen" $((bytes / 1100)) >"$dir/compose.yaml"
        return
    fi
    python3 - "$shape" "$bytes" "$dir/compose.yaml" <<'EOF'
import sys
shape, size, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if shape == "command":
    # One service whose command is a flow list of one-letter words.
    words = ", ".join(["a"] * (size // 3))
    text = f"services:\n  web:\n    image: nginx:1\n    command: [{words}]\n"
elif shape == "x-list":
    # The same list under an extension field, which compose ignores.
    words = ", ".join(["a"] * (size // 3))
    text = f"x-words: [{words}]\nservices:\n  web:\n    image: nginx:1\n"
elif shape == "one-line":
    # gen-synthetic's project (services of a dozen keys, networks, volumes) written in
    # flow style on one line.
    import json, re
    def flow(value):
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, dict):
            return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(flow(v) for v in value) + "]"
        if isinstance(value, int) or (re.fullmatch(r"[A-Za-z_][A-Za-z0-9_./-]*", value)
                                      and value not in ("true", "false", "null")):
            return str(value)
        return json.dumps(value)
    n = size // 880
    nets = max(1, n // 10)
    services = {}
    for i in range(n):
        s = f"svc{i:05d}"
        services[s] = {
            "image": f"registry.example.com/team/app{i % 50:02d}:1.25",
            "environment": {f"VAR_{k}": f"value-{i}-{k}" for k in range(10)},
            "ports": [f"{10000 + 3 * i + k}:{8000 + k}" for k in range(3)],
            "volumes": [f"vol{i % nets:04d}:/data", f"vol{(i + 1) % nets:04d}:/cache:ro"],
            "networks": [f"net{i % nets:04d}"],
            "healthcheck": {"test": ["CMD-SHELL", "wget -qO- http://localhost:8000/health || exit 1"],
                            "interval": "30s", "timeout": "5s", "retries": 3, "start_period": "10s"},
            "labels": {"com.example.service": s, "com.example.tier": f"tier{i % 3}",
                       "com.example.owner": "team-a"},
            "deploy": {"replicas": 1 + i % 3,
                       "labels": {"com.example.stack.service": s, "com.example.stack.managed": "true"},
                       "resources": {"limits": {"cpus": "0.50", "memory": "256M"},
                                     "reservations": {"cpus": "0.10", "memory": "64M"}}},
        }
    project = {
        "services": services,
        "networks": {f"net{j:04d}": {"driver": "overlay", "attachable": True} for j in range(nets)},
        "volumes": {f"vol{j:04d}": {"driver": "local"} for j in range(nets)},
    }
    text = flow(project) + "\n"
else:
    sys.exit(f"unknown shape {shape}")
with open(path, "w") as f:
    f.write(text)
EOF
}

# peak_kb DIR COMMAND: the peak resident memory of swarmc COMMAND on DIR, in kilobytes.
peak_kb() {
    local dir=$1 command=$2 args
    if [ "$command" = compile ]; then args=(compile -o "$dir/stack.yml"); else args=(check); fi
    # JSON diagnostics: the measure is of the pipeline, not of rendering excerpts.
    args+=(--output-format json)
    (cd "$dir" && /usr/bin/time -f '%M' -o "$dir/time" "$swarmc" "${args[@]}" \
        >/dev/null 2>"$dir/stderr") || true
    tail -n 1 "$dir/time"
}

status=0
printf '%-9s %10s %-8s %10s %12s\n' shape bytes command peak_KB bytes/byte
for shape in command one-line x-list services; do
    if [ -n "${SHAPES:-}" ] && [[ " $SHAPES " != *" $shape "* ]]; then continue; fi
    bytes=$size
    if [ "$shape" = x-list ]; then bytes=$((5 * size)); fi
    dir="$work/$shape"
    generate "$shape" "$bytes" "$dir"
    input=$(stat -c %s "$dir/compose.yaml")
    for command in compile check; do
        kb=$(peak_kb "$dir" "$command")
        per=$(python3 -c "print(f'{$kb * 1024 / $input:.1f}')")
        verdict=ok
        if python3 -c "import sys; sys.exit(0 if $kb * 1024 <= $limit * $input else 1)"; then :; else
            verdict="OVER $limit"
            status=1
        fi
        printf '%-9s %10s %-8s %10s %12s %s\n' "$shape" "$input" "$command" "$kb" "$per" "$verdict"
    done
done
exit $status
