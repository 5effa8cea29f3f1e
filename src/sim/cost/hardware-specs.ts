/**
 * GPU specs (BLIS `hardware_config.json`, Apache-2.0) plus host-link bandwidth for swapping.
 * Peak dense BF16 FLOP/s, HBM bandwidth, memory, and effective PCIe bandwidth
 * (PCIe 4.0 x16 about 25 GB/s, 5.0 about 50 GB/s; cost-models.md).
 */
export interface GpuSpec {
  readonly name: string;
  readonly peakFlops: number;
  readonly hbmBytesPerSecond: number;
  readonly memoryBytes: number;
  readonly pcieBytesPerSecond: number;
  /** Compute efficiency assumed for prefill (BLIS mfuPrefill). */
  readonly mfuPrefill: number;
}

const GiB = 1024 ** 3;

export const gpuSpecs = {
  h100: {
    name: 'h100',
    peakFlops: 989.5e12,
    hbmBytesPerSecond: 3.35e12,
    memoryBytes: 80 * GiB,
    pcieBytesPerSecond: 50e9,
    mfuPrefill: 0.45,
  },
  a100: {
    name: 'a100',
    peakFlops: 312e12,
    hbmBytesPerSecond: 2.039e12,
    memoryBytes: 80 * GiB,
    pcieBytesPerSecond: 25e9,
    mfuPrefill: 0.38,
  },
  l40s: {
    name: 'l40s',
    peakFlops: 362.05e12,
    hbmBytesPerSecond: 0.864e12,
    memoryBytes: 48 * GiB,
    pcieBytesPerSecond: 25e9,
    mfuPrefill: 0.32,
  },
} as const satisfies Record<string, GpuSpec>;

export type GpuName = keyof typeof gpuSpecs;
export const gpuNames = Object.keys(gpuSpecs) as GpuName[];
export const isGpuName = (name: string): name is GpuName => Object.hasOwn(gpuSpecs, name);
