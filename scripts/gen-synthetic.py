#!/usr/bin/env python3
"""Emit a synthetic, swarm-valid compose file with N services.

Each service has: image, environment (10 vars), 2 named volumes, 1 network, a
healthcheck, deploy.resources (limits + reservations), deploy.labels and service
labels; one service in five (the first, the sixth, ...) is an entry point that
publishes 3 ports, as in a real project, where most services are reached over their
networks. (Publishing 3 ports from every service would take 5,000 services past
swarm's 10,000 published ports, and swarmc refuses such a stack with SW034 before
writing it.) The file also declares max(1, N//10) networks and max(1, N//10) volumes.
Output is deterministic for a given N (no randomness), plain block-style YAML, written by
hand (no PyYAML needed).

usage: gen-synthetic.py N [--version 3.9] [--interp] > compose.yml
  --version V  add a top-level `version: "V"` (default: none -> CLI uses schema 3.13)
  --interp     use ${VAR:-default} interpolation in image tags and two env values
"""
import sys


def gen(n, version=None, interp=False):
    nnet = max(1, n // 10)
    nvol = max(1, n // 10)
    out = []
    w = out.append
    if version:
        w(f'version: "{version}"')
    w('services:')
    for i in range(n):
        s = f'svc{i:05d}'
        tag = '${TAG:-1.25}' if interp else '1.25'
        w(f'  {s}:')
        w(f'    image: "registry.example.com/team/app{i % 50:02d}:{tag}"')
        w('    environment:')
        for k in range(10):
            if interp and k < 2:
                w(f'      VAR_{k}: "${{ENV_{k}:-value-{i}-{k}}}"')
            else:
                w(f'      VAR_{k}: "value-{i}-{k}"')
        if i % 5 == 0:
            w('    ports:')
            for k in range(3):
                w(f'      - "{10000 + 3 * i + k}:{8000 + k}"')
        w('    volumes:')
        w(f'      - "vol{i % nvol:04d}:/data"')
        w(f'      - "vol{(i + 1) % nvol:04d}:/cache:ro"')
        w('    networks:')
        w(f'      - net{i % nnet:04d}')
        w('    healthcheck:')
        w('      test: ["CMD-SHELL", "wget -qO- http://localhost:8000/health || exit 1"]')
        w('      interval: 30s')
        w('      timeout: 5s')
        w('      retries: 3')
        w('      start_period: 10s')
        w('    labels:')
        w(f'      com.example.service: "{s}"')
        w(f'      com.example.tier: "tier{i % 3}"')
        w('      com.example.owner: "team-a"')
        w('    deploy:')
        w(f'      replicas: {1 + i % 3}')
        w('      labels:')
        w(f'        com.example.stack.service: "{s}"')
        w('        com.example.stack.managed: "true"')
        w('      resources:')
        w('        limits:')
        w("          cpus: '0.50'")
        w('          memory: 256M')
        w('        reservations:')
        w("          cpus: '0.10'")
        w('          memory: 64M')
    w('networks:')
    for j in range(nnet):
        w(f'  net{j:04d}:')
        w('    driver: overlay')
        w('    attachable: true')
    w('volumes:')
    for j in range(nvol):
        w(f'  vol{j:04d}:')
        w('    driver: local')
    return '\n'.join(out) + '\n'


def main(argv):
    if not argv or argv[0] in ('-h', '--help'):
        print(__doc__)
        return 0
    n = int(argv[0])
    version = None
    interp = '--interp' in argv
    if '--version' in argv:
        version = argv[argv.index('--version') + 1]
    sys.stdout.write(gen(n, version, interp))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
