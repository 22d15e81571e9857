// The small two-guest scenario the CLI tests run: quick, and with both busy and bursty VPs.
export const SMALL = `
name: small
duration: 1s
seed: 3
modes: [classic]
host: { cores: 2 }
partitions:
  - { name: a, kind: guest, vps: 2, workload: busy }
  - { name: b, kind: guest, vps: 2, weight: 300, workload: { type: poisson, interval: 2ms, work: 500us } }
`;
