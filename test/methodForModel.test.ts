import { describe, expect, it } from 'vitest';
import { comparePanesFor, methodForModel } from '../src/state/methodForModel';
import type { ModelInfo } from '../src/worker/protocol';

const info = (over: Partial<ModelInfo>): ModelInfo =>
  ({ innerLayers: [], featureLayer: 'out_relu', featureShape: [7, 7, 1280], head: 'nonlinear', ...over }) as ModelInfo;

describe('the method kept when a model loads', () => {
  it('a model without CAM starts at Grad-CAM at its last 4-D layer (from CAM, or a layer it lacks)', () => {
    const none = info({ head: 'none', featureLayer: 'feat', innerLayers: ['early', 'feat'] });
    expect(methodForModel('cam', none)).toBe('gradcam@feat');
    expect(methodForModel('gradcampp@block_16_project_BN', none)).toBe('gradcam@feat');
    expect(methodForModel('smoothgrad:16', none)).toBe('smoothgrad:16');
    expect(methodForModel('gradcam@early', none)).toBe('gradcam@early');
  });

  it('any other model keeps the method as picked (one it cannot make is shown as CAM with a notice)', () => {
    const tm = info({ innerLayers: ['block_16_project_BN'] });
    expect(methodForModel('gradcam@block_16_project_BN', tm)).toBe('gradcam@block_16_project_BN');
    expect(methodForModel('gradcampp@nowhere', tm)).toBe('gradcampp@nowhere');
    expect(methodForModel('cam', tm)).toBe('cam');
  });
});

describe("the compare view's default panes for a model", () => {
  const defaults = ['cam', 'backprop', 'gradcam@conv_pw_11'];
  it('MobileNet keeps CAM, Backprop and Grad-CAM at conv_pw_11', () => {
    const mobilenet = info({ head: 'linear', featureLayer: 'conv_pw_13_relu', innerLayers: ['conv_pw_11_relu', 'conv_pw_12_relu'] });
    expect(comparePanesFor(defaults, mobilenet)).toEqual(defaults);
    expect(comparePanesFor(defaults, null)).toEqual(defaults);
  });
  it('a model without CAM opens no CAM pane, and nothing twice', () => {
    const none = info({ head: 'none', featureLayer: 'feat', innerLayers: ['early', 'feat'] });
    const panes = comparePanesFor(defaults, none);
    expect(panes).toHaveLength(3);
    expect(panes.some((p) => p.startsWith('cam'))).toBe(false);
    expect(new Set(panes).size).toBe(3);
    expect(panes).toEqual(['gradcam@feat', 'backprop', 'gradcampp']);
  });
  it("an imported model gets Grad-CAM at its own feature layer, not at MobileNet's conv_pw_11", () => {
    expect(comparePanesFor(defaults, info({ head: 'nonlinear', innerLayers: ['block_16_project_BN'] }))).toEqual(['cam', 'backprop', 'gradcam']);
  });
});
