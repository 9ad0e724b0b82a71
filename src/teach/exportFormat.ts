import type { StoredExample, StoredHead, StoredProject } from './persistence';
import type { Backbone } from './types';

/**
 * The export file: versioned JSON that names the backbone its features come from.
 * Features are numbers of one particular network layer; on any other backbone they mean
 * nothing, so an import is refused unless every field of `backbone` matches.
 * Typed arrays travel as base64 of their little-endian bytes; thumbnails as data URLs.
 */
export const EXPORT_FORMAT = 'cam-studio-teach';
export const EXPORT_VERSION = 1;

export interface ExportFile {
  format: typeof EXPORT_FORMAT;
  version: number;
  exportedAt: string;
  backbone: Backbone;
  flip: boolean;
  headMode: StoredProject['headMode'];
  classes: StoredProject['classes'];
  examples: {
    id: string;
    classId: string;
    thumbnail: string;
    pooled: string;
    flipped: string;
    map: string;
    mapScale: number;
    grid: { h: number; w: number };
  }[];
  head: (Omit<StoredHead, 'weights' | 'bias'> & { weights: string; bias: string }) | null;
}

export class ImportError extends Error {
  override name = 'ImportError';
}

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

function fromBase64(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

const floatsToBase64 = (a: Float32Array) => toBase64(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

function floatsFromBase64(text: string, length: number, what: string): Float32Array {
  const bytes = fromBase64(text);
  if (bytes.length !== length * 4) throw new ImportError(`The file is damaged: ${what} holds ${bytes.length / 4} numbers, expected ${length}.`);
  return new Float32Array(bytes.buffer, bytes.byteOffset, length);
}

async function blobToDataUrl(blob: Blob): Promise<string> {
  return `data:${blob.type || 'image/jpeg'};base64,${toBase64(new Uint8Array(await blob.arrayBuffer()))}`;
}

function dataUrlToBlob(url: string): Blob {
  const m = /^data:([^;,]+);base64,(.*)$/.exec(url);
  if (!m) throw new ImportError('The file is damaged: a thumbnail is not a data URL.');
  return new Blob([fromBase64(m[2]) as Uint8Array<ArrayBuffer>], { type: m[1] });
}

export async function exportProject(project: StoredProject, examples: readonly StoredExample[]): Promise<ExportFile> {
  const head = project.head && {
    ...project.head,
    weights: floatsToBase64(project.head.weights),
    bias: floatsToBase64(project.head.bias),
  };
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: new Date().toISOString(),
    backbone: project.backbone,
    flip: project.flip,
    headMode: project.headMode,
    classes: project.classes,
    examples: await Promise.all(
      examples.map(async (e) => ({
        id: e.id,
        classId: e.classId,
        thumbnail: await blobToDataUrl(e.thumbnail),
        pooled: floatsToBase64(e.pooled),
        flipped: floatsToBase64(e.flipped),
        map: toBase64(e.map),
        mapScale: e.mapScale,
        grid: e.grid,
      })),
    ),
    head,
  };
}

const describe = (b: Backbone) =>
  `${b.model} (${b.featureChannels} features from ${b.featureLayer} at ${b.inputSize}×${b.inputSize}, ${b.pooling} pooling)`;

/**
 * Reads an export made by exportProject for the backbone running now. Throws ImportError
 * with a message for the user: not our file, a newer version, another backbone, damage.
 */
export function importProject(text: string, running: Backbone): { project: Omit<StoredProject, 'model'>; examples: Omit<StoredExample, 'model' | 'addedAt'>[] } {
  let json: ExportFile;
  try {
    json = JSON.parse(text) as ExportFile;
  } catch {
    throw new ImportError('This file is not a CAM Studio class export (it is not JSON).');
  }
  if (json?.format !== EXPORT_FORMAT) throw new ImportError('This file is not a CAM Studio class export.');
  if (!Number.isInteger(json.version) || json.version > EXPORT_VERSION) {
    throw new ImportError(`This file is in version ${json.version} of the format; this CAM Studio reads version ${EXPORT_VERSION}. Update CAM Studio to import it.`);
  }
  const b = json.backbone;
  const same = b && (Object.keys(running) as (keyof Backbone)[]).every((key) => b[key] === running[key]);
  if (!same) {
    throw new ImportError(
      `These classes were taught on another backbone: ${b ? describe(b) : 'unknown'}. CAM Studio is running ${describe(running)}. ` +
        `Features of one network mean nothing to another: switch to ${b?.model ?? 'that model'} and import again, or teach the classes anew.`,
    );
  }
  const k = running.featureChannels;
  const classIds = new Set(json.classes.map((c) => c.id));
  const examples = json.examples.map((e) => {
    if (!classIds.has(e.classId)) throw new ImportError('The file is damaged: an example belongs to no class.');
    const map = fromBase64(e.map);
    if (map.length !== e.grid.h * e.grid.w * k) throw new ImportError('The file is damaged: a feature map has the wrong size.');
    return {
      id: e.id,
      classId: e.classId,
      thumbnail: dataUrlToBlob(e.thumbnail),
      pooled: floatsFromBase64(e.pooled, k, 'an example'),
      flipped: floatsFromBase64(e.flipped, k, 'an example'),
      map,
      mapScale: e.mapScale,
      grid: e.grid,
    };
  });
  const head: StoredHead | null = json.head && {
    ...json.head,
    weights: floatsFromBase64(json.head.weights, k * json.head.numClasses, 'the head'),
    bias: floatsFromBase64(json.head.bias, json.head.numClasses, 'the head'),
  };
  if (head && head.classIds.some((id) => !classIds.has(id))) throw new ImportError('The file is damaged: the head names a class it does not hold.');
  return {
    project: { backbone: running, classes: json.classes, flip: json.flip !== false, headMode: head ? json.headMode : 'imagenet', head },
    examples,
  };
}
