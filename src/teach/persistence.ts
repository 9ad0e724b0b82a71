import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ExampleFeatures } from './exampleFeatures';
import type { TrainedHead } from './trainHead';
import type { Backbone, HeadMode, TeachClassInfo, TrainReport } from './types';

/** A taught project as kept: one per model, since features only fit their own backbone. */
export interface StoredProject {
  model: string;
  backbone: Backbone;
  classes: TeachClassInfo[];
  flip: boolean;
  headMode: HeadMode;
  head: StoredHead | null;
}

export interface StoredHead extends TrainedHead {
  /** Class ids in head order. */
  classIds: string[];
  /** The examples there were when it was trained (to tell when it is out of date). */
  exampleIds: string[];
  /** Added to the taught logits in "ImageNet + my classes" (see heads.combinedOffset). */
  combinedOffset: number;
  report: TrainReport;
  trainedAt: number;
}

export interface StoredExample extends ExampleFeatures {
  id: string;
  model: string;
  classId: string;
  thumbnail: Blob;
  addedAt: number;
}

/** Where the worker keeps projects: IndexedDB in the browser, a Map in tests. */
export interface TeachStorage {
  project(model: string): Promise<StoredProject | undefined>;
  putProject(p: StoredProject): Promise<void>;
  examples(model: string): Promise<StoredExample[]>;
  putExamples(e: readonly StoredExample[]): Promise<void>;
  deleteExamples(ids: readonly string[]): Promise<void>;
}

interface TeachDb extends DBSchema {
  projects: { key: string; value: StoredProject };
  examples: { key: string; value: StoredExample; indexes: { model: string } };
}

/** IndexedDB through `idb`: thumbnails (Blobs), features (typed arrays) and the head, structured-cloned. */
export class IndexedDbStorage implements TeachStorage {
  private db: Promise<IDBPDatabase<TeachDb>>;

  constructor(name = 'cam-studio-teach') {
    this.db = openDB<TeachDb>(name, 1, {
      upgrade(db) {
        db.createObjectStore('projects', { keyPath: 'model' });
        db.createObjectStore('examples', { keyPath: 'id' }).createIndex('model', 'model');
      },
    });
  }

  async project(model: string) {
    return (await this.db).get('projects', model);
  }

  async putProject(p: StoredProject) {
    await (await this.db).put('projects', p);
  }

  async examples(model: string) {
    const all = await (await this.db).getAllFromIndex('examples', 'model', model);
    return all.sort((a, b) => a.addedAt - b.addedAt);
  }

  async putExamples(examples: readonly StoredExample[]) {
    const tx = (await this.db).transaction('examples', 'readwrite');
    await Promise.all([...examples.map((e) => tx.store.put(e)), tx.done]);
  }

  async deleteExamples(ids: readonly string[]) {
    const tx = (await this.db).transaction('examples', 'readwrite');
    await Promise.all([...ids.map((id) => tx.store.delete(id)), tx.done]);
  }
}

/** The same interface in memory (tests, and browsers where IndexedDB is unavailable). */
export class MemoryStorage implements TeachStorage {
  private projects = new Map<string, StoredProject>();
  private stored = new Map<string, StoredExample>();
  async project(model: string) {
    return this.projects.get(model);
  }
  async putProject(p: StoredProject) {
    this.projects.set(p.model, p);
  }
  async examples(model: string) {
    return [...this.stored.values()].filter((e) => e.model === model).sort((a, b) => a.addedAt - b.addedAt);
  }
  async putExamples(examples: readonly StoredExample[]) {
    for (const e of examples) this.stored.set(e.id, e);
  }
  async deleteExamples(ids: readonly string[]) {
    for (const id of ids) this.stored.delete(id);
  }
}
