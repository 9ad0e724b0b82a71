import { SAMPLE_PHOTOS as SAMPLES } from '../models/samples';
import { analyseFile } from '../state/photoActions';
import { fetchSample } from '../state/samples';

/** Queued at the click (not when the fetch ends), so the last sample clicked is the one shown. */
export function openSample(file: string): void {
  analyseFile(fetchSample(file), file);
}

/** Bundled CC0 / public-domain photos (see public/samples/ATTRIBUTION.md). */
export function Samples() {
  return (
    <div className="samples">
      <span className="samples-label">Try a sample</span>
      {SAMPLES.map((s) => (
        <button key={s.file} className="sample" onClick={() => openSample(s.file)}>
          {/* Decorative: the button's name is its text (an alt here made it "Cat Cat"). */}
          <img src={`${import.meta.env.BASE_URL}samples/${s.file}`} alt="" loading="lazy" />
          <span>{s.title}</span>
        </button>
      ))}
    </div>
  );
}
