import { describe, expect, it } from 'vitest';
import { trainBlocker } from '../src/teach/trainBlocker';

const cls = (name: string, examples: number) => ({ name, examples });

describe('why Train is disabled, in plain words', () => {
  it('names what is missing: classes, then the classes without photos', () => {
    expect(trainBlocker({ classes: [], modelReady: true })).toBe('Add 2 classes, with photos in each.');
    expect(trainBlocker({ classes: [cls('mug', 0)], modelReady: true })).toBe('Add photos to “mug” and add a second class.');
    expect(trainBlocker({ classes: [cls('mug', 3)], modelReady: true })).toBe('Add a second class, with photos in it.');
    expect(trainBlocker({ classes: [cls('mug', 3), cls('dog', 0)], modelReady: true })).toBe('Add photos to “dog”.');
    expect(trainBlocker({ classes: [cls('a', 0), cls('b', 0), cls('c', 2)], modelReady: true })).toBe('Add photos to “a” and “b”.');
    expect(trainBlocker({ classes: [cls('a', 0), cls('b', 0), cls('c', 0)], modelReady: true })).toBe('Add photos to “a”, “b” and “c”.');
  });

  it('says nothing when training can start', () => {
    expect(trainBlocker({ classes: [cls('mug', 1), cls('dog', 1)], modelReady: true })).toBeNull();
  });

  it('says what to wait for: the model, work under way, a recording', () => {
    const ok = [cls('mug', 1), cls('dog', 1)];
    expect(trainBlocker({ classes: ok, modelReady: false })).toBe('Wait for the model to load.');
    expect(trainBlocker({ classes: ok, modelReady: true, busyLabel: 'Adding examples… 2/5' })).toBe('Wait: adding examples.');
    expect(trainBlocker({ classes: ok, modelReady: true, busyLabel: 'Importing mine.json…' })).toBe('Wait: importing mine.json.');
    expect(trainBlocker({ classes: ok, modelReady: true, recording: 'mug' })).toBe('Release the record button of “mug” first.');
  });
});
