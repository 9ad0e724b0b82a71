/** The whole worker API the page calls through Comlink: the CAM half and the Teach half. */
import type { CamViewApi } from './protocol';
import type { StorageWorkerApi } from './storageService';
import type { TeachWorkerApi } from './teachProtocol';

export interface CamWorkerApi extends CamViewApi, TeachWorkerApi, StorageWorkerApi {}
