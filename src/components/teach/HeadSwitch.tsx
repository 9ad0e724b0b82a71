import { setHeadMode } from '../../state/teachActions';
import { useCamStore } from '../../state/store';
import { useTeachStore } from '../../state/teachStore';
import type { HeadMode } from '../../worker/teachProtocol';

const MODES: { mode: HeadMode; label: string; title: string }[] = [
  { mode: 'imagenet', label: 'ImageNet', title: 'The model’s own 1000 classes' },
  { mode: 'mine', label: 'My classes', title: 'Only the classes you taught' },
  { mode: 'imagenet+mine', label: 'Both', title: 'ImageNet + my classes, in one softmax' },
];

/** Which classifier the maps and predictions come from, once a head is trained. */
export function HeadSwitch() {
  const { head, headMode, busy } = useTeachStore();
  const working = useCamStore((s) => s.phase === 'working');
  if (!head) return null;
  return (
    <div className="segmented head-switch" role="group" aria-label="Classes to predict">
      {MODES.map((m) => (
        <button key={m.mode} aria-pressed={headMode === m.mode} title={m.title} disabled={busy !== null || working} onClick={() => headMode !== m.mode && void setHeadMode(m.mode)}>
          {m.label}
        </button>
      ))}
    </div>
  );
}
