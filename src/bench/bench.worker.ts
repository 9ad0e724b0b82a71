// The benchmark's worker: the app's CAM service plus the alternatives it is compared with.
import * as Comlink from 'comlink';
import { BenchService } from './benchService';

Comlink.expose(new BenchService());
