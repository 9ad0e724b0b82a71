// Worker entry: owns TensorFlow.js; the main thread never imports it.
import * as Comlink from 'comlink';
import { CamService } from './camService';

Comlink.expose(new CamService());
