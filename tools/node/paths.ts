import { join, resolve } from 'node:path';

/** The repository's root (this file is two levels down). */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

/** The machine's shared folder beside the checkout: photos, labelled sets (not committed). */
export const SHARED_DIR = resolve(REPO_ROOT, '..', 'shared');

/** ImageNet-like photos with labels.csv, used by bench, eval and the teach studies when present. */
export const IMAGENET_DEV_DIR = join(SHARED_DIR, 'images', 'imagenet-dev');

/** Where `npm run models` puts a registry model's files. */
export const modelDir = (id: string) => join(REPO_ROOT, 'public', 'models', id);
