import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DETECT_PRESETS, evidenceText, indistinguishable, rankPresets, verdictOf, type PresetScores } from '../src/cam/presetPick';
import { tryPresets } from '../src/cam/presetTrial';
import { SAMPLE_PHOTOS } from '../src/models/samples';
import { engineFor, readPng, ROOT } from './helpers';

// Detect preprocessing: the picking rule on made-up scores, then a real trial.

/** A preset's scores from a list of true-class probabilities, right where marked with "+". */
const scores = (preset: PresetScores['preset'], ...photos: string[]): PresetScores => ({
  preset,
  photos: photos.map((p) => ({ correct: p.startsWith('+'), trueProbability: Number(p.replace('+', '')) })),
});

describe('picking a preset', () => {
  it('the most right top-1 answers win, whatever the confidence', () => {
    const ranked = rankPresets([scores('tf', '+0.3', '+0.2', '0.9'), scores('torch', '+0.9', '0.9', '0.9'), scores('raw', '0', '0', '0')]);
    expect(ranked.map((t) => t.preset)).toEqual(['tf', 'torch', 'raw']);
    expect(ranked[0]).toEqual({ preset: 'tf', correct: 2, total: 3, meanTrueProbability: expect.closeTo(0.5 / 3 + 0.3, 6) });
  });

  it('a tie in right answers goes to the higher mean probability of the true class; a full tie to the first listed', () => {
    expect(rankPresets([scores('tf', '+0.5', '+0.6'), scores('torch', '+0.9', '+0.8'), scores('unit', '+0.1', '0.2')]).map((t) => t.preset)).toEqual(['torch', 'tf', 'unit']);
    expect(rankPresets([scores('unit', '+0.5'), scores('tf', '+0.5')]).map((t) => t.preset)).toEqual(['unit', 'tf']);
  });

  it('writes the evidence best first, and names the presets the photos cannot tell apart', () => {
    const ranked = rankPresets([scores('tf', '+0.78', '+0.80'), scores('torch', '+0.81', '+0.81'), scores('raw', '0', '0')]);
    expect(evidenceText(ranked)).toBe('torch: 2/2 correct, mean 0.81; tf: 2/2 correct, mean 0.79; raw: 0/2 correct, mean 0.00');
    expect(indistinguishable(ranked)).toEqual(['tf']);
    expect(verdictOf(ranked, 'raw')).toEqual({ chosen: 'torch', text: expect.stringMatching(/^torch chosen \(2\/2 right.*in place of raw\. The samples cannot tell it from tf/) });
    const clear = rankPresets([scores('torch', '+0.9', '+0.9'), scores('tf', '+0.5', '+0.6')]);
    expect(indistinguishable(clear)).toEqual([]);
    expect(verdictOf(clear, 'torch').text).toBe('torch chosen (2/2 right, the most confident): it was already in use.');
  });

  it('chooses nothing when no preset gets a sample right', () => {
    expect(verdictOf(rankPresets([scores('tf', '0.1'), scores('raw', '0.2')]), 'raw')).toEqual({ chosen: null, text: 'No preset classifies the samples right: raw is kept.' });
  });
});

describe('trying the presets on a real model', () => {
  it('MobileNet v1 0.25 on the samples of known class: one pass per photo per preset; caffe and raw get none right', async () => {
    const engine = await engineFor('mobilenet_v1_0.25_224');
    const known = SAMPLE_PHOTOS.filter((p) => p.imagenet);
    const photos = known.map((p) => ({ name: p.file, pixels: readPng(join(ROOT, 'public', 'samples', p.file)), classes: p.imagenet! }));
    try {
      const trials = await tryPresets(engine, photos, DETECT_PRESETS);
      expect(engine.forwardPasses).toBe(known.length * DETECT_PRESETS.length);
      const byPreset = Object.fromEntries(rankPresets(trials).map((t) => [t.preset, t]));
      expect(byPreset.tf.correct).toBeGreaterThan(0);
      expect(byPreset.raw.correct).toBe(0);
      expect(byPreset.caffe.correct).toBe(0);
      expect(rankPresets(trials)[0].preset).not.toMatch(/raw|caffe/);
    } finally {
      tf.dispose(photos.map((p) => p.pixels));
      engine.dispose();
    }
  }, 120_000);
});
