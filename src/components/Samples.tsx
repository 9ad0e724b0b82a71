import { analyseFile } from '../state/controller';

const SAMPLES = [
  { file: 'chelsea.png', title: 'Cat' },
  { file: 'coffee.png', title: 'Espresso' },
  { file: 'astronaut.png', title: 'Astronaut' },
  { file: 'rocket.jpg', title: 'Rocket' },
];

async function openSample(file: string): Promise<void> {
  const res = await fetch(`${import.meta.env.BASE_URL}samples/${file}`);
  await analyseFile(await res.blob(), file);
}

/** Bundled CC0 / public-domain photos (see public/samples/ATTRIBUTION.md). */
export function Samples() {
  return (
    <div className="samples">
      <span className="samples-label">Try a sample</span>
      {SAMPLES.map((s) => (
        <button key={s.file} className="sample" onClick={() => void openSample(s.file)} title={s.title}>
          <img src={`${import.meta.env.BASE_URL}samples/${s.file}`} alt={s.title} loading="lazy" />
          <span>{s.title}</span>
        </button>
      ))}
    </div>
  );
}
