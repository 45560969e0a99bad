#!/usr/bin/env bash
# Checks that swarmc's work grows linearly with its input: each shape of input that
# once took quadratic or exponential time (port ranges, single ports, repeated
# includes, extra_hosts, site nodes under check and plan, a document on one line, a
# long flow sequence, one value of many `${...}`, a host-mode range in check, services
# extending one base, one mistake repeated, many mistakes on one line, many services
# reading env files beside a large `.env`) is generated at
# size n and 4n, and the
# instructions swarmc executes on each (counted by valgrind's callgrind, so the measure
# is the same on a loaded machine) must grow less than 6 times: 4 for linear work, with
# room for n log n sorting and fixed start-up costs, but not for 16 (quadratic).
#
# Usage: scripts/linear-growth.sh [path/to/swarmc]   (default: target/release/swarmc)
#        SHAPES="hostports extends" scripts/linear-growth.sh ...   (only those shapes)
set -euo pipefail

swarmc=$(realpath "${1:-target/release/swarmc}")
command -v valgrind >/dev/null || { echo "valgrind is needed" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# generate SHAPE N DIR: writes the project (and site.yaml where needed) into DIR.
generate() {
    python3 - "$1" "$2" "$3" <<'EOF'
import sys, os
shape, n, d = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.makedirs(d, exist_ok=True)
def write(name, text):
    with open(os.path.join(d, name), "w") as f:
        f.write(text)
if shape == "ranges":
    # n published ports as ranges of 10 onto one container port each.
    ports = "".join(f'      - "{20000 + 10 * i}-{20009 + 10 * i}:80"\n' for i in range(n // 10))
    write("compose.yaml", f"services:\n  web:\n    image: nginx:1\n    ports:\n{ports}")
elif shape == "includes":
    # n files in a chain, each including the next twice.
    for i in range(n):
        name = "compose.yaml" if i == 0 else f"d{i}.yaml"
        write(name, f"include: [d{i+1}.yaml, ./d{i+1}.yaml]\nservices:\n  s{i}: {{image: nginx:1}}\n")
    write(f"d{n}.yaml", "services:\n  last: {image: nginx:1}\n")
elif shape == "ports":
    # n single ports, each published on its own.
    ports = "".join(f'      - "{20000 + i}:80"\n' for i in range(n))
    write("compose.yaml", f"services:\n  web:\n    image: nginx:1\n    ports:\n{ports}")
elif shape == "hosts":
    hosts = "".join(f'      - "h{i}.example:10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}"\n' for i in range(n))
    write("compose.yaml", f"services:\n  web:\n    image: nginx:1\n    extra_hosts:\n{hosts}")
elif shape in ("nodes", "plan-nodes"):
    nodes = "".join(
        f"  - {{hostname: n{i}, role: {'manager' if i < 3 else 'worker'}, cpus: 4, memory: 8GiB, labels: {{zone: z{i % 10}}}}}\n"
        for i in range(n))
    write("site.yaml", f"name: big\nnodes:\n{nodes}")
    services = "".join(
        f"  s{i}:\n    image: nginx:1\n    deploy:\n      replicas: 3\n      placement:\n        constraints: [node.labels.zone == z{i % 10}]\n"
        for i in range(20))
    write("compose.yaml", "services:\n" + services)
elif shape == "hostports":
    # A range of n ports published in host mode by more tasks than nodes (check).
    write("compose.yaml",
          "services:\n  web:\n    image: nginx:1\n    deploy: {replicas: 3}\n"
          f"    ports: [{{target: 80, published: \"20000-{20000 + n - 1}\", mode: host}}]\n")
elif shape == "extends":
    # n services extending one base of 50 variables.
    env = "".join(f"      K{i}: v\n" for i in range(50))
    services = "".join(f"  s{i}: {{extends: base}}\n" for i in range(n))
    write("compose.yaml", f"services:\n  base:\n    image: nginx:1\n    environment:\n{env}{services}")
elif shape == "diagnostics":
    # n unknown keys: all counted, a thousand kept.
    keys = "".join(f"    bogus{i}: 1\n" for i in range(n))
    write("compose.yaml", f"services:\n  web:\n    image: nginx:1\n{keys}")
elif shape == "flow-list":
    # One flow sequence of n items.
    items = ", ".join("a" for _ in range(n))
    write("compose.yaml", f"services:\n  web:\n    image: nginx:1\n    command: [{items}]\n")
elif shape == "interpolation":
    # One value of n references to a variable.
    write(".env", "A=x\n")
    write("compose.yaml", "services:\n  web:\n    image: nginx:1\n    environment:\n"
          f"      V: \"{'${A}' * n}\"\n")
elif shape == "duplicates":
    # n duplicate keys on one line: a diagnostic each, located and quoted on that line.
    env = ", ".join(f"K{i}: a, K{i}: b" for i in range(n))
    write("compose.yaml", f"services: {{web: {{image: nginx:1, environment: {{{env}}}}}}}\n")
elif shape == "env-files":
    # n variables in .env, and n / 10 services that each read an env file.
    write(".env", "".join(f"V{i}=x\n" for i in range(n)))
    write("s.env", "A=1\n")
    services = "".join(f"  s{i}: {{image: nginx:1, env_file: s.env}}\n" for i in range(n // 10))
    write("compose.yaml", "services:\n" + services)
elif shape == "one-line":
    services = ", ".join(f's{i}: {{image: "nginx:1", command: [a, b], environment: {{K: v}}}}' for i in range(n))
    write("compose.yaml", "{services: {" + services + "}}\n")
EOF
}

# instructions SHAPE N: what swarmc executes on the shape at size N (findings or not).
instructions() {
    local dir="$work/$1-$2"
    generate "$1" "$2" "$dir"
    local args=(compile)
    if [ "$1" = nodes ]; then args=(check --site site.yaml); fi
    if [ "$1" = plan-nodes ]; then args=(plan --site site.yaml); fi
    if [ "$1" = hostports ]; then args=(check); fi
    (cd "$dir" || exit
        valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        "$swarmc" "${args[@]}" 2>&1 >/dev/null || true) |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

status=0
for shape_size in ranges:2000 ports:2000 includes:7 hosts:2500 nodes:250 \
    plan-nodes:250 one-line:2000 flow-list:20000 interpolation:20000 hostports:2000 \
    extends:500 diagnostics:2000 duplicates:4000 env-files:5000; do
    shape=${shape_size%%:*}
    if [ -n "${SHAPES:-}" ] && [[ " $SHAPES " != *" $shape "* ]]; then continue; fi
    n=${shape_size##*:}
    small=$(instructions "$shape" "$n")
    large=$(instructions "$shape" $((4 * n)))
    ratio=$(python3 -c "print(f'{$large / $small:.2f}')")
    verdict=ok
    if python3 -c "import sys; sys.exit(0 if $large < 6 * $small else 1)"; then :; else
        verdict=SUPERLINEAR
        status=1
    fi
    printf '%-9s n=%-6s %14s -> 4n %14s instructions: x%s %s\n' \
        "$shape" "$n" "$small" "$large" "$ratio" "$verdict"
done
exit $status
