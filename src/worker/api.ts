/** The whole worker API the page calls through Comlink: the CAM half and the Teach half. */
import type { CamViewApi } from './protocol';
import type { TeachWorkerApi } from './teachProtocol';
import type { ImportApi } from './importProtocol';

export interface CamWorkerApi extends CamViewApi, TeachWorkerApi, ImportApi {}
