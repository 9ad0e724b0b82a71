/** A bundled sample photo (public/samples) as a Blob. */
export async function fetchSample(file: string): Promise<Blob> {
  const res = await fetch(`${import.meta.env.BASE_URL}samples/${file}`);
  if (!res.ok) throw new Error(`the server answered HTTP ${res.status}`);
  return res.blob();
}
