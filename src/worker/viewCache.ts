import { locateWithMode, viewClass, type ClassView, type MapMaker } from '../cam/analysis';
import type { CamEngine } from '../cam/camEngine';
import type { ClassScore } from '../cam/classifierHead';
import type { Size } from '../cam/geometry';
import type { AnalysisSettings } from '../cam/settings';
import { canonicalMethod } from '../methods';

/** Views of the current image kept for re-showing (a compare pane, a method switched back to), newest last. */
const KEPT_VIEWS = 8;
const viewKey = (method: string, classIndex: number) => `${method}#${classIndex}`;
/** Whether two settings find boxes alike (the map itself depends only on the image's pass). */
const sameBoxes = (a: AnalysisSettings, b: AnalysisSettings) => a.rule === b.rule && a.threshold === b.threshold && a.boxMode === b.boxMode;

/**
 * The current image of the worker: its size, its predictions, the view it shows, and the
 * views made for it (by method and class), so that a compare pane or a method switched
 * back to is not made twice, and a kept view under new box settings is only re-boxed.
 */
export class ViewCache {
  private readonly views = new Map<string, ClassView>();

  constructor(
    readonly original: Size,
    readonly predictions: ClassScore[],
    /** The view shown (what rebox, a class switch and the sweep work on). */
    public shown: ClassView,
  ) {
    this.keep(shown);
  }

  /**
   * `maker`'s view of a class: the kept one when its box settings match, re-boxed when
   * they differ, else made (at the shown view's pass, with these box settings) and kept.
   */
  async view(engine: CamEngine, maker: MapMaker, classIndex: number, settings: AnalysisSettings): Promise<{ view: ClassView; cached: boolean }> {
    const kept = this.views.get(viewKey(maker.method, classIndex));
    if (kept && sameBoxes(kept.settings, settings)) return { view: kept, cached: true };
    if (kept) return { view: await this.rebox(kept, maker, settings), cached: true };
    const { rule, threshold, boxMode } = settings;
    const view = await viewClass(engine, classIndex, this.original, { ...this.shown.settings, rule, threshold, boxMode }, this.predictions, maker);
    this.keep(view);
    return { view, cached: false };
  }

  /**
   * A view's map boxed again under new settings (its map stays: it depends only on the
   * image's pass), kept in its place. ILSVRC's boxes make maps of their own: their passes
   * become the view's cost.
   */
  async rebox(view: ClassView, maker: MapMaker, settings: AnalysisSettings): Promise<ClassView> {
    const { cost, ...located } = await locateWithMode(maker, view.map, this.original, view.classIndex, settings, this.predictions);
    const reboxed = { ...view, ...located, settings, cost: settings.boxMode === 'ilsvrc' ? cost : view.cost };
    this.keep(reboxed);
    return reboxed;
  }

  /** Whether a method's view of a class is kept (showing it again runs no pass). */
  has(method: string, classIndex: number): boolean {
    return this.views.has(viewKey(method, classIndex));
  }

  /** The shown view, or `method`'s view of the shown class. */
  named(method?: string): ClassView {
    if (!method) return this.shown;
    const name = canonicalMethod(method) ?? method;
    const view = this.views.get(viewKey(name, this.shown.classIndex));
    if (!view) throw new Error(`No ${name} map of the shown class has been made.`);
    return view;
  }

  /** Keeps a view (the newest KEPT_VIEWS). */
  private keep(view: ClassView): void {
    const key = viewKey(view.method, view.classIndex);
    this.views.delete(key);
    this.views.set(key, view);
    while (this.views.size > KEPT_VIEWS) this.views.delete(this.views.keys().next().value!);
  }
}
