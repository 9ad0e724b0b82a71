/**
 * The Teach panel's half of the worker protocol (worker/api.ts joins it with the CAM half): classes,
 * examples, training, the head in use, the examples' own maps, export and import.
 */
import type { ClassScore } from '../cam/classifierHead';
import type { ImportClash } from '../teach/importClash';
import type { ExampleInfo, ExampleMap, HeadMode, TeachProjectView, TrainReport } from '../teach/types';
import type { ClassViewResult, HeadSummary } from './protocol';

export type { ExampleInfo, ExampleMap, HeadMode, TeachProjectView, TrainReport };

/** The current image scored again under another head: no forward pass. */
export interface Rescored {
  head: HeadSummary;
  predictions: ClassScore[];
  view: ClassViewResult;
}

export interface TeachWorkerApi {
  /** The project kept for the loaded model (empty at first). */
  teachProject(): Promise<TeachProjectView>;
  teachAddClass(name: string): Promise<TeachProjectView>;
  teachRenameClass(classId: string, name: string): Promise<TeachProjectView>;
  teachRemoveClass(classId: string): Promise<{ project: TeachProjectView; rescored: Rescored | null }>;
  /** One forward pass (the image and its mirror image as a batch of two); the bitmap is transferred. */
  teachAddExample(classId: string, bitmap: ImageBitmap): Promise<ExampleInfo>;
  teachRemoveExample(exampleId: string): Promise<TeachProjectView>;
  teachSetFlip(flip: boolean): Promise<TeachProjectView>;
  /** Trains the head on the cached features, reporting progress (0–1); puts it in use. */
  teachTrain(onProgress: (fraction: number) => void): Promise<{ project: TeachProjectView; rescored: Rescored | null }>;
  /** Sets the classifier the engine uses; the current image, if any, is scored again. */
  setHeadMode(mode: HeadMode): Promise<{ project: TeachProjectView; rescored: Rescored | null }>;
  /** Each example of a class with its own map of that class (the head in use must have it). */
  teachExampleMaps(classId: string): Promise<ExampleMap[]>;
  /** The project as versioned JSON text. */
  teachExport(): Promise<string>;
  /** Names of the file's classes already taken here (the import then asks: merge or rename). */
  teachImportClashes(file: Blob): Promise<string[]>;
  /** Reads an export (refused, with a message, when made for another backbone). */
  teachImport(file: Blob, clash?: ImportClash): Promise<{ project: TeachProjectView; rescored: Rescored | null }>;
}
