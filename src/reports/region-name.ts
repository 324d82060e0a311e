// A country's name in a language, from the runtime's own CLDR data (Intl), for what the core prints:
// the same names as the interface's value set, without bundling its tables into the main process.
export function regionName(code: string, lng: string): string | undefined {
  try {
    const name = new Intl.DisplayNames([lng === 'sr-Latn' ? 'sr-Latn' : lng], { type: 'region', fallback: 'none' }).of(code);
    return name ?? undefined;
  } catch {
    return undefined;
  }
}
