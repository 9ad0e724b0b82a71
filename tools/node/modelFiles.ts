import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of a tfjs model.json that say which files hold the weights. */
export interface WeightsManifestGroup {
  paths: string[];
  weights: { name: string; shape: number[]; dtype: string; quantization?: { dtype: string } }[];
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

/** Bytes a manifest group's shards must hold together, from the shapes and dtypes it states. */
export function groupBytes(group: WeightsManifestGroup): number {
  return group.weights.reduce((sum, w) => {
    const dtype = w.quantization?.dtype ?? w.dtype;
    const size = BYTES[dtype];
    if (!size) throw new Error(`weight ${w.name}: unknown dtype ${dtype}`);
    return sum + size * w.shape.reduce((a, b) => a * b, 1);
  }, 0);
}

export function readManifest(modelJsonPath: string): WeightsManifestGroup[] {
  const json = JSON.parse(readFileSync(modelJsonPath, 'utf8')) as { weightsManifest?: WeightsManifestGroup[] };
  if (!Array.isArray(json.weightsManifest)) throw new Error(`${modelJsonPath} has no weightsManifest`);
  return json.weightsManifest;
}

/**
 * Why a model folder is not complete (model.json missing or unreadable, a shard
 * missing, or shards whose sizes do not add up to what the manifest states),
 * or null when it is.
 */
export function incompleteReason(dir: string): string | null {
  const modelJson = join(dir, 'model.json');
  if (!existsSync(modelJson)) return 'no model.json';
  let manifest: WeightsManifestGroup[];
  try {
    manifest = readManifest(modelJson);
  } catch (e) {
    return (e as Error).message;
  }
  for (const group of manifest) {
    let bytes = 0;
    for (const p of group.paths) {
      const file = join(dir, p);
      if (!existsSync(file)) return `missing shard ${p}`;
      bytes += statSync(file).size;
    }
    const expected = groupBytes(group);
    if (bytes !== expected) return `shards ${group.paths.join(', ')} hold ${bytes} bytes, manifest says ${expected}`;
  }
  return null;
}
