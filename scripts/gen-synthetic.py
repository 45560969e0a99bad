#!/usr/bin/env python3
"""Writes a compose project of N services to standard output, for benchmarks.

Every service is of one realistic shape: an image from a private registry, ten
environment variables, two named volumes, one network, a healthcheck, labels, replicas
and resource limits and reservations. One service in five is an entry point that
publishes three ports; the others are reached over their networks, as in real projects
(three ports on every service would take 5,000 services past swarm's 10,000 published
ports, which swarmc refuses with SW034). N/10 networks and N/10 volumes (at least one
each) are shared round-robin. The output depends on N and the options only.

usage: gen-synthetic.py N [--version V] [--interp] > compose.yaml
  --version V  write a top-level `version: "V"`
  --interp     write the image tag and two environment values as ${VAR:-default}
"""
import sys

SERVICE = """\
  {name}:
    image: "registry.example.com/team/app{app:02d}:{tag}"
    environment:
{environment}{ports}    volumes:
      - "vol{data:04d}:/data"
      - "vol{cache:04d}:/cache:ro"
    networks:
      - net{network:04d}
    healthcheck:
      test: ["CMD-SHELL", "wget -qO- http://localhost:8000/health || exit 1"]
      interval: 30s
      timeout: 5s
      retries: 3
      start_period: 10s
    labels:
      com.example.service: "{name}"
      com.example.tier: "tier{tier}"
      com.example.owner: "team-a"
    deploy:
      replicas: {replicas}
      labels:
        com.example.stack.service: "{name}"
        com.example.stack.managed: "true"
      resources:
        limits:
          cpus: '0.50'
          memory: 256M
        reservations:
          cpus: '0.10'
          memory: 64M
"""


def environment(i, interp):
    lines = []
    for k in range(10):
        value = f"value-{i}-{k}"
        if interp and k < 2:
            value = "${ENV_%d:-%s}" % (k, value)
        lines.append(f'      VAR_{k}: "{value}"\n')
    return "".join(lines)


def ports(i):
    if i % 5:
        return ""
    published = (f'      - "{10000 + 3 * i + k}:{8000 + k}"\n' for k in range(3))
    return "    ports:\n" + "".join(published)


def project(n, version=None, interp=False):
    networks = volumes = max(1, n // 10)
    parts = [f'version: "{version}"\n'] if version else []
    parts.append("services:\n")
    for i in range(n):
        parts.append(SERVICE.format(
            name=f"svc{i:05d}",
            app=i % 50,
            tag="${TAG:-1.25}" if interp else "1.25",
            environment=environment(i, interp),
            ports=ports(i),
            data=i % volumes,
            cache=(i + 1) % volumes,
            network=i % networks,
            tier=i % 3,
            replicas=1 + i % 3,
        ))
    parts.append("networks:\n")
    parts.extend(f"  net{j:04d}:\n    driver: overlay\n    attachable: true\n" for j in range(networks))
    parts.append("volumes:\n")
    parts.extend(f"  vol{j:04d}:\n    driver: local\n" for j in range(volumes))
    return "".join(parts)


def main(args):
    if not args or args[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if args else 2
    version = args[args.index("--version") + 1] if "--version" in args else None
    sys.stdout.write(project(int(args[0]), version, "--interp" in args))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
