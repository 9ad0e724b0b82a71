/** The whole worker API the page calls through Comlink: the CAM half, the Teach half and the explainer. */
import type { ExplainApi } from './explainProtocol';
import type { CamViewApi } from './protocol';
import type { StorageWorkerApi } from './storageService';
import type { TeachWorkerApi } from './teachProtocol';

export interface CamWorkerApi extends CamViewApi, TeachWorkerApi, ExplainApi, StorageWorkerApi {}
