/**
 * `npm run models [-- <id>… | --all] [--allow-missing]`
 *
 * Puts each model under public/models/<id>/. For every model, in order:
 *   1. already complete (every shard present with the size its manifest states): keep it;
 *   2. CAM_MODELS_DIR names a folder holding <id>/model.json: copy from there;
 *   3. otherwise download the official files (model.json, then the shards it names),
 *      showing progress and verifying sizes.
 * Generated models are built here. Locally provided models (origin 'local', e.g. DenseNet-121:
 * no official TensorFlow.js copy exists) are only ever copied from CAM_MODELS_DIR (from its
 * folder <localFolder>); without it a plain run skips them and says why (the page then shows
 * them as not installed), and naming one fails. Idempotent: a second run does nothing.
 * --allow-missing (used by `npm run dev`) warns instead of failing, so the page can
 * start and explain what is missing.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installAdvice, MODELS, type ModelSpec } from '../src/models/registry';
import { groupBytes, incompleteReason, readManifest, type WeightsManifestGroup } from '../tools/node/modelFiles';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outRoot = join(root, 'public', 'models');

const args = process.argv.slice(2);
const allowMissing = args.includes('--allow-missing');
const requested = args.filter((a) => !a.startsWith('--'));
const wanted: ModelSpec[] = args.includes('--all')
  ? [...MODELS]
  : requested.length > 0
    ? requested.map((id) => {
        const m = MODELS.find((s) => s.id === id);
        if (!m) throw new Error(`unknown model "${id}"; known: ${MODELS.map((s) => s.id).join(', ')}`);
        return m;
      })
    : MODELS.filter((m) => m.fetchByDefault);

const localSource = process.env.CAM_MODELS_DIR ? resolve(process.env.CAM_MODELS_DIR) : null;

function copyFromLocal(spec: ModelSpec, from: string, to: string): void {
  const manifest = readManifest(join(from, 'model.json'));
  for (const file of ['model.json', ...manifest.flatMap((g) => g.paths)]) {
    copyFileSync(join(from, file), join(to, file));
  }
  console.log(`  ${spec.id}: copied from ${from}`);
}

/** URL of a file the model.json names, keeping the model URL's query (TF-Hub needs ?tfjs-format=file). */
function siblingUrl(modelUrl: string, file: string): string {
  const u = new URL(file, modelUrl);
  u.search = new URL(modelUrl).search;
  return u.toString();
}

async function fetchBytes(url: string, onChunk: (n: number) => void): Promise<Buffer> {
  const res = await fetch(url, { redirect: 'follow' });
  if (!res.ok || !res.body) throw new Error(`${url}: HTTP ${res.status}`);
  const chunks: Buffer[] = [];
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(Buffer.from(value));
    onChunk(value.byteLength);
  }
  const body = Buffer.concat(chunks);
  const declared = Number(res.headers.get('content-length'));
  if (declared && !res.headers.get('content-encoding') && declared !== body.length) {
    throw new Error(`${url}: got ${body.length} bytes, server announced ${declared}`);
  }
  return body;
}

async function download(spec: ModelSpec, url: string, to: string): Promise<void> {
  const modelJson = await fetchBytes(url, () => {});
  const manifest = (JSON.parse(modelJson.toString('utf8')) as { weightsManifest: WeightsManifestGroup[] })
    .weightsManifest;
  const total = manifest.reduce((s, g) => s + groupBytes(g), 0);
  let done = 0;
  let lastShown = -1;
  const show = () => {
    const pct = Math.floor((100 * done) / total);
    if (process.stdout.isTTY) process.stdout.write(`\r  ${spec.id}: downloading ${pct}% of ${(total / 1e6).toFixed(1)} MB`);
    else if (pct >= lastShown + 25) console.log(`  ${spec.id}: ${pct}% of ${(total / 1e6).toFixed(1)} MB`);
    if (pct >= lastShown + 25 || process.stdout.isTTY) lastShown = pct;
  };
  for (const group of manifest) {
    let groupDone = 0;
    for (const p of group.paths) {
      const bytes = await fetchBytes(siblingUrl(url, p), (n) => {
        done += n;
        show();
      });
      groupDone += bytes.length;
      writeFileSync(join(to, p), bytes);
    }
    if (groupDone !== groupBytes(group)) {
      throw new Error(`shards ${group.paths.join(', ')}: ${groupDone} bytes, manifest says ${groupBytes(group)}`);
    }
  }
  writeFileSync(join(to, 'model.json'), modelJson);
  if (process.stdout.isTTY) process.stdout.write('\n');
  console.log(`  ${spec.id}: downloaded ${(total / 1e6).toFixed(1)} MB from ${new URL(url).host}`);
}

async function generate(spec: ModelSpec, to: string): Promise<void> {
  // Loaded only when needed: it pulls in TensorFlow.js.
  const { buildSyntheticRgbModel } = await import('../tools/node/syntheticRgbModel');
  const { saveLayersModelToDir } = await import('../tools/node/nodeModelIO');
  if (spec.id !== 'synthetic_rgb') throw new Error(`no generator for ${spec.id}`);
  const model = buildSyntheticRgbModel();
  await saveLayersModelToDir(model, to);
  model.dispose();
  console.log(`  ${spec.id}: generated`);
}

/** A locally provided model has no download: why it cannot be installed here (null: it can). */
function notDownloadable(spec: ModelSpec): string | null {
  if (spec.origin !== 'local') return null;
  const where = localSource && join(localSource, spec.localFolder ?? spec.id);
  if (where && existsSync(join(where, 'model.json'))) return null;
  return `not downloadable (no official TensorFlow.js copy exists)${where ? `, and ${where} has no model.json` : ', and CAM_MODELS_DIR is not set'}. To install it: ${installAdvice(spec)}`;
}

/** Installs one model; returns a reason it was skipped (locally provided, no source), or null. */
async function ensure(spec: ModelSpec, named: boolean): Promise<string | null> {
  const dest = join(outRoot, spec.id);
  if (incompleteReason(dest) === null) {
    console.log(`  ${spec.id}: present`);
    return null;
  }
  const skip = notDownloadable(spec);
  if (skip && !named) return skip;
  if (skip) throw new Error(skip);
  // Build in a temporary folder and move it in whole, so an interrupted run never
  // leaves a half-written model that looks complete.
  const tmp = `${dest}.partial`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    const local = localSource && join(localSource, spec.localFolder ?? spec.id);
    if (spec.origin === 'generated') await generate(spec, tmp);
    else if (local && existsSync(join(local, 'model.json'))) copyFromLocal(spec, local, tmp);
    else if (spec.downloadUrl) await download(spec, spec.downloadUrl, tmp);
    else throw new Error(`${spec.id}: no download and no local copy`);
    const reason = incompleteReason(tmp);
    if (reason) throw new Error(`result is incomplete: ${reason}`);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  rmSync(dest, { recursive: true, force: true });
  renameSync(tmp, dest);
  return null;
}

async function main(): Promise<void> {
  console.log(
    `models → public/models (${localSource ? `local source CAM_MODELS_DIR=${localSource}` : 'no CAM_MODELS_DIR: missing models are downloaded'})`,
  );
  const failed: string[] = [];
  for (const spec of wanted) {
    try {
      const skipped = await ensure(spec, requested.includes(spec.id));
      if (skipped) console.log(`  ${spec.id}: skipped, locally provided only — ${skipped}`);
    } catch (e) {
      failed.push(spec.id);
      const cause = (e as Error & { cause?: Error }).cause?.message;
      console.error(`\n  ${spec.id}: FAILED — ${(e as Error).message}${cause ? ` (${cause})` : ''}`);
    }
  }
  if (failed.length === 0) return;
  console.error(
    [
      '',
      `Could not get: ${failed.join(', ')}.`,
      'Either connect to the internet (the official files come from Google\'s public TensorFlow.js model storage),',
      'or point CAM_MODELS_DIR at a folder that holds <model id>/model.json and its shards, e.g.',
      '  CAM_MODELS_DIR=../shared/models npm run models',
      '',
    ].join('\n'),
  );
  if (!allowMissing) process.exit(1);
  console.error('Continuing without them (--allow-missing): the page will say which model is missing.\n');
}

await main();
