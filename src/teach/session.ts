import type { ExampleFeatures } from './exampleFeatures';
import { exportProject, importProject, ImportError } from './exportFormat';
import { combinedOffset } from './heads';
import type { StoredExample, StoredHead, StoredProject, TeachStorage } from './persistence';
import { confusionOf, DEFAULT_TRAINING, heldOutMask, trainSoftmaxHead, type TrainingOptions } from './trainHead';
import type { GapNetwork } from '../cam/gapNetwork';
import type { Backbone, HeadMode, TeachProjectView } from './types';
import { freeName, sameName, type ImportClash } from './importClash';

const newId = () => crypto.randomUUID();

/**
 * The taught project of one model, in the worker: classes, examples with their cached
 * features, and the trained head. Every change is written to storage at once, so a
 * reload finds it as it was. Tensor-free but for training; the engine side (putting the
 * head in place) is the service's job.
 */
export class TeachSession {
  private constructor(
    private readonly storage: TeachStorage,
    private project: StoredProject,
    private examples: StoredExample[],
  ) {}

  /**
   * The stored project of the backbone's model, or a new empty one. A stored project whose
   * backbone differs only in its pass (`keepsPass`: the engine can still run it, e.g. taught at
   * stride 32 before the model ran at 16) is kept with its own pass, so its examples and the new
   * ones are seen alike: a changed default must not empty a user's classes.
   */
  static async open(storage: TeachStorage, backbone: Backbone, keepsPass: (pass: Pick<Backbone, 'inputSize' | 'stride'>) => boolean = () => false): Promise<TeachSession> {
    const stored = await storage.project(backbone.model);
    const samePass = (b: Backbone) => b.inputSize === backbone.inputSize && b.stride === backbone.stride;
    const sameNetwork = (b: Backbone) => b.model === backbone.model && b.featureLayer === backbone.featureLayer && b.featureChannels === backbone.featureChannels && b.pooling === backbone.pooling;
    const fits = stored && sameNetwork(stored.backbone) && (samePass(stored.backbone) || keepsPass(stored.backbone));
    const project: StoredProject = fits ? stored : { model: backbone.model, backbone, classes: [], flip: true, headMode: 'imagenet', head: null };
    return new TeachSession(storage, project, fits ? await storage.examples(backbone.model) : []);
  }

  get backbone(): Backbone {
    return this.project.backbone;
  }

  get head(): StoredHead | null {
    return this.project.head;
  }

  get headMode(): HeadMode {
    return this.project.head ? this.project.headMode : 'imagenet';
  }

  /** The names of the head's classes, in head order. */
  get headLabels(): string[] {
    return (this.project.head?.classIds ?? []).map((id) => this.project.classes.find((c) => c.id === id)?.name ?? '?');
  }

  view(): TeachProjectView {
    const { classes, flip, head } = this.project;
    const ids = this.examples.map((e) => e.id);
    return {
      backbone: this.project.backbone,
      classes: classes.map((c) => ({ ...c })),
      examples: this.examples.map((e) => ({ id: e.id, classId: e.classId, thumbnail: e.thumbnail })),
      flip,
      headMode: this.headMode,
      head: head && {
        classIds: head.classIds,
        report: { ...head.report, classes: this.headLabels },
        trainedAt: head.trainedAt,
        stale:
          head.classIds.join() !== classes.map((c) => c.id).join() ||
          head.exampleIds.length !== ids.length ||
          head.exampleIds.some((id, i) => id !== ids[i]),
      },
    };
  }

  example(id: string): StoredExample | undefined {
    return this.examples.find((e) => e.id === id);
  }

  examplesOf(classId: string): StoredExample[] {
    return this.examples.filter((e) => e.classId === classId);
  }

  private save(): Promise<void> {
    return this.storage.putProject(this.project);
  }

  async addClass(name: string): Promise<string> {
    const id = newId();
    this.project.classes.push({ id, name });
    await this.save();
    return id;
  }

  async renameClass(id: string, name: string): Promise<void> {
    const c = this.requireClass(id);
    c.name = name;
    await this.save();
  }

  /** Removes a class and its examples; a head that had the class is dropped with it. */
  async removeClass(id: string): Promise<void> {
    this.requireClass(id);
    const gone = this.examplesOf(id).map((e) => e.id);
    this.project.classes = this.project.classes.filter((c) => c.id !== id);
    this.examples = this.examples.filter((e) => e.classId !== id);
    if (this.project.head?.classIds.includes(id)) {
      this.project.head = null;
      this.project.headMode = 'imagenet';
    }
    await this.storage.deleteExamples(gone);
    await this.save();
  }

  async addExample(classId: string, features: ExampleFeatures, thumbnail: Blob): Promise<StoredExample> {
    this.requireClass(classId);
    const example: StoredExample = { ...features, id: newId(), model: this.project.model, classId, thumbnail, addedAt: Date.now() };
    this.examples.push(example);
    await this.storage.putExamples([example]);
    return example;
  }

  async removeExample(id: string): Promise<void> {
    this.examples = this.examples.filter((e) => e.id !== id);
    await this.storage.deleteExamples([id]);
  }

  async setFlip(flip: boolean): Promise<void> {
    this.project.flip = flip;
    await this.save();
  }

  async setHeadMode(mode: HeadMode): Promise<void> {
    if (mode !== 'imagenet' && !this.project.head) throw new Error('Train the classes first.');
    this.project.headMode = mode;
    await this.save();
  }

  /**
   * Trains the head on every class's examples but the held-back ones (about one in five,
   * see heldOutMask), with their mirror images when flip is on, and measures it on both.
   * The head measured is the head used.
   */
  async train(net: GapNetwork, classOffset: number, options: TrainingOptions = DEFAULT_TRAINING): Promise<StoredHead> {
    const classes = this.project.classes;
    if (classes.length < 2) throw new Error('Add at least two classes to train.');
    const empty = classes.find((c) => this.examplesOf(c.id).length === 0);
    if (empty) throw new Error(`“${empty.name}” has no examples yet.`);
    const examples = this.examples.filter((e) => classes.some((c) => c.id === e.classId));
    const label = (e: StoredExample) => classes.findIndex((c) => c.id === e.classId);
    const held = heldOutMask(examples.map((e) => e.classId));
    const train = examples.filter((_, i) => !held[i]).map((e) => ({ features: e.pooled, label: label(e) }));
    const heldOut = examples.filter((_, i) => held[i]).map((e) => ({ features: e.pooled, label: label(e) }));
    const flipped = this.project.flip ? examples.filter((_, i) => !held[i]).map((e) => ({ features: e.flipped, label: label(e) })) : [];
    const set = [...train, ...flipped];
    const k = this.project.backbone.featureChannels;
    const x = new Float32Array(set.length * k);
    set.forEach((e, i) => x.set(e.features, i * k));
    const t0 = performance.now();
    const trained = await trainSoftmaxHead(x, set.map((e) => e.label), classes.length, options);
    const trainMs = performance.now() - t0;
    const onTrain = confusionOf(trained, train);
    const onHeld = confusionOf(trained, heldOut);
    const head: StoredHead = {
      ...trained,
      classIds: classes.map((c) => c.id),
      exampleIds: this.examples.map((e) => e.id),
      combinedOffset: await combinedOffset(trained, net, classOffset, train),
      trainedAt: Date.now(),
      report: {
        classes: classes.map((c) => c.name),
        trainCount: train.length,
        heldOutCount: heldOut.length,
        trainAccuracy: onTrain.accuracy ?? 0,
        heldOutAccuracy: onHeld.accuracy,
        confusion: heldOut.length ? onHeld.confusion : onTrain.confusion,
        confusionOn: heldOut.length ? 'held-out' : 'training',
        epochs: trained.epochs,
        finalLoss: trained.finalLoss,
        trainMs,
        flip: this.project.flip,
      },
    };
    this.project.head = head;
    if (this.project.headMode === 'imagenet') this.project.headMode = 'mine';
    await this.save();
    return head;
  }

  /** The project as a versioned JSON export (see exportFormat). */
  async exportJson(): Promise<string> {
    return JSON.stringify(await exportProject(this.project, this.examples));
  }

  /**
   * Imports an export made for this backbone. Into an empty project it comes whole, head
   * included; otherwise its classes are added beside the ones there (new ids), and the
   * head in use stays until the next training. An imported class named like one already
   * here (see importClashes) is merged into it, or added renamed ("mug (2)"): never a
   * silent duplicate.
   */
  async importJson(text: string, clash: ImportClash = 'rename'): Promise<void> {
    const imported = importProject(text, this.project.backbone);
    if (imported.project.classes.length === 0) throw new ImportError('The file holds no classes.');
    const model = this.project.model;
    const now = Date.now();
    let examples: StoredExample[];
    if (this.project.classes.length === 0) {
      this.project = { ...imported.project, model };
      examples = imported.examples.map((e, i) => ({ ...e, model, addedAt: now + i }));
    } else {
      const ids = new Map<string, string>();
      for (const c of imported.project.classes) {
        const same = this.project.classes.find((x) => sameName(x.name, c.name));
        if (same && clash === 'merge') {
          ids.set(c.id, same.id);
          continue;
        }
        const id = newId();
        ids.set(c.id, id);
        this.project.classes.push({ id, name: same ? freeName(c.name, this.project.classes.map((x) => x.name)) : c.name });
      }
      examples = imported.examples.map((e, i) => ({ ...e, id: newId(), classId: ids.get(e.classId)!, model, addedAt: now + i }));
    }
    this.examples.push(...examples);
    await this.storage.putExamples(examples);
    await this.save();
  }

  /** Names of the file's classes that a class here already has (compared without case). */
  importClashes(text: string): string[] {
    const imported = importProject(text, this.project.backbone);
    return imported.project.classes.filter((c) => this.project.classes.some((x) => sameName(x.name, c.name))).map((c) => c.name);
  }

  private requireClass(id: string) {
    const c = this.project.classes.find((x) => x.id === id);
    if (!c) throw new Error('That class no longer exists.');
    return c;
  }
}
