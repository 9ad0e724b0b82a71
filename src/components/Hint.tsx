import type { ReactNode } from 'react';

/**
 * A control's plain explanation: one line always shown (touch screens have no hover, so
 * never a title alone), the details on demand. `id` lets the control point at it
 * (aria-describedby).
 */
export function Hint({ id, line, children }: { id: string; line: string; children: ReactNode }) {
  return (
    <details className="hint" data-testid="hint">
      <summary id={id}>{line}</summary>
      <p>{children}</p>
    </details>
  );
}
