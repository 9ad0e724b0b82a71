/**
 * The bundled sample photos (public/samples, see its ATTRIBUTION.md), as the page offers
 * them, with their ImageNet classes where one fits without doubt: *Detect* preprocessing
 * scores presets on those. The astronaut has no ImageNet class; the rocket launch's nearest
 * (missile, projectile, space shuttle) is no sure answer: MobileNet and DenseNet call it an
 * obelisk, a drilling platform or a pole depending on the preset (docs/preprocessing.md).
 */
export interface SamplePhoto {
  file: string;
  title: string;
  /** ImageNet classes any of which is a right top-1 answer; null: not used to score presets. */
  imagenet: readonly number[] | null;
}

/** ImageNet's cat classes, 281–287 (tabby … Egyptian cat … lynx). */
const CATS = [281, 282, 283, 284, 285, 286, 287];
const ESPRESSO = 967;

export const SAMPLE_PHOTOS: readonly SamplePhoto[] = [
  { file: 'chelsea.png', title: 'Cat', imagenet: CATS },
  { file: 'coffee.png', title: 'Espresso', imagenet: [ESPRESSO] },
  { file: 'astronaut.png', title: 'Astronaut', imagenet: null },
  { file: 'rocket.jpg', title: 'Rocket', imagenet: null },
];
