import { findModel } from '../../models/registry';
import { setHeadMode } from '../../state/teachActions';
import { useCamStore } from '../../state/store';
import { useTeachStore } from '../../state/teachStore';
import type { HeadMode } from '../../worker/teachProtocol';

/** Which classifier the maps and predictions come from, once a head is trained. */
export function HeadSwitch() {
  const { head, headMode, busy } = useTeachStore();
  const working = useCamStore((s) => s.phase === 'working');
  const model = useCamStore((s) => s.model);
  if (!head) return null;
  const imagenet = findModel(model.id)?.labels === 'imagenet';
  const classes = model.info?.numClasses;
  // "Both" needs the model's own classifier as weights over the pooled features (see ownHeadRefusal in the worker).
  const bothRefused = model.info !== null && model.info.head !== 'linear';
  const modes: { mode: HeadMode; label: string; title: string; refused?: boolean }[] = [
    { mode: 'imagenet', label: imagenet ? 'ImageNet' : 'The model’s', title: classes ? `The model’s own ${classes} classes` : 'The model’s own classes' },
    { mode: 'mine', label: 'My classes', title: 'Only the classes you taught' },
    {
      mode: 'imagenet+mine',
      label: 'Both',
      title: bothRefused ? 'Not for this model: its own head is not linear, so its classes cannot share one softmax with yours' : `${imagenet ? 'ImageNet' : 'The model’s classes'} + my classes, in one softmax`,
      refused: bothRefused,
    },
  ];
  // A project kept from before may ask for "Both" where it cannot be: the worker uses "My classes".
  const shown = headMode === 'imagenet+mine' && bothRefused ? 'mine' : headMode;
  return (
    <div className="segmented head-switch" role="group" aria-label="Classes to predict">
      {modes.map((m) => (
        <button key={m.mode} aria-pressed={shown === m.mode} title={m.title} disabled={busy !== null || working || m.refused} onClick={() => shown !== m.mode && void setHeadMode(m.mode)}>
          {m.label}
        </button>
      ))}
    </div>
  );
}
