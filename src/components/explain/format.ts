/** Numbers as the explainer writes them: scores with a sign, shares as whole percentages. */
export const signed = (v: number, digits = 2) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(digits)}`;
export const share = (part: number, whole: number) => (whole !== 0 ? `${Math.round((100 * part) / whole)}%` : '—');
