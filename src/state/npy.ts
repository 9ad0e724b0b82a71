/**
 * A float32 array as a NumPy .npy file (format 1.0): the magic string, a header dict padded
 * with spaces to a multiple of 64 bytes, then the values, little-endian, row-major.
 * `np.load("map.npy")` reads it back.
 */
export function encodeNpy(values: Float32Array, shape: readonly number[]): Uint8Array {
  if (shape.reduce((a, b) => a * b, 1) !== values.length) throw new Error(`shape [${shape}] does not hold ${values.length} values`);
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const prefix = 10; // magic (6) + version (2) + header length (2)
  const padded = Math.ceil((prefix + dict.length + 1) / 64) * 64;
  const header = `${dict}${' '.repeat(padded - prefix - dict.length - 1)}\n`;
  const out = new Uint8Array(padded + values.length * 4);
  out.set([0x93, ...Array.from('NUMPY', (c) => c.charCodeAt(0)), 1, 0, header.length & 0xff, header.length >> 8]);
  for (let i = 0; i < header.length; i++) out[prefix + i] = header.charCodeAt(i);
  const view = new DataView(out.buffer, padded);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return out;
}

/** Reads a float32 .npy file written by encodeNpy (or NumPy, C order). */
export function decodeNpy(bytes: Uint8Array): { shape: number[]; values: Float32Array } {
  const magic = String.fromCharCode(...bytes.subarray(1, 6));
  if (bytes[0] !== 0x93 || magic !== 'NUMPY') throw new Error('not a .npy file');
  const headerLength = bytes[8] | (bytes[9] << 8);
  const header = String.fromCharCode(...bytes.subarray(10, 10 + headerLength));
  if (!header.includes("'<f4'") || header.includes("'fortran_order': True")) throw new Error('only little-endian float32 in C order');
  const shape = (/'shape': \(([^)]*)\)/.exec(header)?.[1] ?? '').split(',').map((v) => v.trim()).filter(Boolean).map(Number);
  const start = 10 + headerLength;
  const n = shape.reduce((a, b) => a * b, 1);
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, n * 4);
  return { shape, values: Float32Array.from({ length: n }, (_, i) => view.getFloat32(i * 4, true)) };
}
