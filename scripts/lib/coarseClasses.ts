/**
 * Coarse "new" classes for the few-shot evaluation of taught heads, made of ImageNet-1k
 * classes grouped by their WordNet ancestors. ImageNet numbers its animal classes (0–397)
 * in WordNet order, so an ancestor's hyponyms are index ranges there; other groups list
 * their classes. Each range was checked against the labels:
 *   dog            n02084071 dog, domestic dog: 151 Chihuahua … 268 Mexican hairless
 *   bird           n01503061 bird: 7 cock … 24 great grey owl, 80 black grouse … 100 black swan,
 *                  127 white stork … 146 albatross
 *   reptile & amphibian  n01661091 reptile + n01627424 amphibian: 25 fire salamander … 68 sidewinder
 *   invertebrate   n01905661 invertebrate: 69 trilobite … 79 centipede, 107 jellyfish … 126 isopod,
 *                  300 tiger beetle … 329 sea cucumber
 *   other mammal   n01861778 mammal but dogs: 101 tusker … 106 wombat, 147 grey whale … 150 sea lion,
 *                  269 timber wolf … 299 meerkat, 330 wood rabbit … 388 giant panda
 *   wheeled vehicle  n04576211 wheeled vehicle: the 43 classes listed below (cars, trucks, buses,
 *                  bicycles, carts, trains' cars, tractors…)
 *   food           n00021265 food, nutrient: 923 plate … 967 espresso and 969 eggnog, without
 *                  958 hay (fodder) — dishes, bread, vegetables, fruit, drinks
 */
export interface CoarseClass {
  name: string;
  classes: ReadonlySet<number>;
}

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const group = (name: string, indices: number[]): CoarseClass => ({ name, classes: new Set(indices) });

const WHEELED_VEHICLES = [
  407, 428, 436, 444, 468, 547, 555, 561, 565, 569, 573, 575, 595, 603, 609, 612, 627, 654, 656, 661, 665, 670, 675, 690, 705,
  717, 734, 751, 757, 779, 791, 802, 817, 820, 829, 847, 856, 864, 866, 867, 870, 874, 880,
];

export const COARSE = {
  dog: group('dog', range(151, 268)),
  bird: group('bird', [...range(7, 24), ...range(80, 100), ...range(127, 146)]),
  reptile: group('reptile & amphibian', range(25, 68)),
  invertebrate: group('invertebrate', [...range(69, 79), ...range(107, 126), ...range(300, 329)]),
  mammal: group('other mammal', [...range(101, 106), ...range(147, 150), ...range(269, 299), ...range(330, 388)]),
  vehicle: group('wheeled vehicle', WHEELED_VEHICLES),
  food: group('food', [...range(923, 967).filter((i) => i !== 958), 969]),
};

/** The few-shot tasks: each trains one head on its coarse classes. */
export const TEACH_TASKS: { name: string; classes: CoarseClass[] }[] = [
  { name: 'dog · bird · wheeled vehicle · food', classes: [COARSE.dog, COARSE.bird, COARSE.vehicle, COARSE.food] },
  {
    name: 'dog · other mammal · bird · reptile & amphibian · invertebrate',
    classes: [COARSE.dog, COARSE.mammal, COARSE.bird, COARSE.reptile, COARSE.invertebrate],
  },
];

/** Index of the coarse class (within `classes`) an ImageNet class belongs to, or −1. */
export function coarseOf(classes: readonly CoarseClass[], imagenetClass: number): number {
  return classes.findIndex((c) => c.classes.has(imagenetClass));
}
