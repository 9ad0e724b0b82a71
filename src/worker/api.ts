/** The whole worker API the page calls through Comlink: CAM, Teach, the explainer, stored models and import. */
import type { ExplainApi } from './explainProtocol';
import type { CamViewApi } from './protocol';
import type { StorageWorkerApi } from './storageService';
import type { TeachWorkerApi } from './teachProtocol';
import type { ImportApi } from './importProtocol';
import type { PresetApi } from './presetProtocol';

export interface CamWorkerApi extends CamViewApi, TeachWorkerApi, ExplainApi, StorageWorkerApi, ImportApi, PresetApi {}
