// Worker entry: owns TensorFlow.js; the main thread never imports it.
import * as Comlink from 'comlink';
import { TeachingCamService } from './teachService';

Comlink.expose(new TeachingCamService());
