import { describe, expect, it } from 'vitest';
import { methodForModel } from '../src/state/methodForModel';
import type { ModelInfo } from '../src/worker/protocol';

const info = (over: Partial<ModelInfo>): ModelInfo =>
  ({ innerLayers: [], featureLayer: 'out_relu', featureShape: [7, 7, 1280], head: 'nonlinear', ...over }) as ModelInfo;

describe('the method kept when a model loads', () => {
  it('a model without CAM starts at Grad-CAM at its last 4-D layer', () => {
    const none = info({ head: 'none', featureLayer: 'feat', innerLayers: ['early', 'feat'] });
    expect(methodForModel('cam', none)).toBe('gradcam@feat');
    expect(methodForModel('smoothgrad:16', none)).toBe('smoothgrad:16');
    expect(methodForModel('gradcam@early', none)).toBe('gradcam@early');
  });

  it('a layer the new model lacks falls back; a layer it has (or its block name) is kept', () => {
    const tm = info({ innerLayers: ['block_16_project_BN', 'conv_pw_11_relu'] });
    expect(methodForModel('gradcam@block_16_project_BN', tm)).toBe('gradcam@block_16_project_BN');
    expect(methodForModel('gradcam@conv_pw_11', tm)).toBe('gradcam@conv_pw_11');
    expect(methodForModel('gradcampp@nowhere', tm)).toBe('cam');
    expect(methodForModel('cam', tm)).toBe('cam');
  });
});
