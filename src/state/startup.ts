import { COLORMAPS, type ColormapName } from '../cam/colormaps';
import { settingsFromQuery } from '../cam/settings';
import { DEFAULT_COMPARE, MAX_PANES, MIN_PANES, methodLabel } from '../methods/spec';
import { DEFAULT_MODEL_ID, findModel, linkedModelId } from '../models/registry';
import { followView, openCompare } from './compareActions';
import { initBackendRequest } from './backendPreference';
import { checkInstalledModels } from './installedModels';
import { restoreImportedModels } from './importedModels';
import { afterWorkerRestart } from './photoActions';
import { useCamStore } from './store';
import { initOffline } from './offlineActions';
import { initTeach } from './teachActions';
import { photoMemory } from './session';
import { classFromQuery, layersFromQuery, linkMethodsNotice, methodsFromQuery, writeModelToUrl, writeViewToUrl } from './urlState';
import { initWebcamLifecycle } from './webcamActions';
import { camWorker, loadModel, onWorkerRestarted } from './workerConnection';

/** Start-up: the view the link asks for, the model it names (or the default), and the listeners. */

const set = useCamStore.setState;

/** Starts the app: the model named in the URL (?model=…), or the default. */
export function start(): void {
  restoreImportedModels(); // before the link's ?model= is looked up
  followView(); // first: the compare view a link opens follows the view from the start
  const query = new URLSearchParams(location.search);
  const colormap = query.get('colormap');
  const opacity = Number(query.get('opacity'));
  const inLink = methodsFromQuery(query, MAX_PANES);
  const { method, compare } = inLink;
  if (query.get('thresholds') === 'shared') set({ paneThresholds: 'shared' });
  set({
    settings: settingsFromQuery(query),
    ...(colormap && colormap in COLORMAPS ? { colormap: colormap as ColormapName } : {}),
    ...(query.has('opacity') && opacity >= 0 && opacity <= 1 ? { opacity } : {}),
    ...(method ? { method } : {}),
    ...layersFromQuery(query),
  });
  photoMemory.linkClass = classFromQuery(query);
  const backendNotice = initBackendRequest(query);
  const linkNotice = [linkMethodsNotice(inLink, MIN_PANES, MAX_PANES, DEFAULT_COMPARE.map(methodLabel)), backendNotice].filter(Boolean).join(' ') || null;
  if (linkNotice) set({ notice: linkNotice });
  if (compare && compare.length >= MIN_PANES) openCompare(compare);
  else if (compare) openCompare();
  // The URL now says what the page shows (what was left out of the link is gone from it).
  if (linkNotice) writeViewToUrl();
  let id = linkedModelId(query);
  if (!findModel(id)) {
    const noModel = `There is no model “${id}” (from the link). CAM Studio uses ${findModel(DEFAULT_MODEL_ID)!.title}, the default, instead.`;
    set({ notice: [noModel, linkNotice].filter(Boolean).join(' ') });
    id = DEFAULT_MODEL_ID;
    writeModelToUrl(id);
  }
  void loadModel(id);
  onWorkerRestarted(afterWorkerRestart);
  void checkInstalledModels();
  initWebcamLifecycle();
  initTeach();
  initOffline(camWorker);
}
